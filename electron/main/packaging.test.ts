/**
 * electron-builder never runs here (no Electron binary), so its configuration is checked the way
 * electron-builder itself checks it (its JSON schema), plus the paths main expects at runtime.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IMAGE_EXTENSIONS } from './launch-file';
import { PACKAGED_PYTHON_DIR } from './training/location';

const ROOT = path.resolve(import.meta.dirname, '../..');
// electron-builder's own YAML reader and validator, from its app-builder-lib
const builder = createRequire(createRequire(import.meta.url).resolve('app-builder-lib/package.json'));
const yaml = builder('js-yaml') as { load(text: string): unknown };
const { validateSchema } = builder('./out/util/config/schemaValidator.js') as { validateSchema(schema: object, config: unknown, options: { name: string }): void };

const { PlatformPackager } = builder('./out/index.js') as {
  PlatformPackager: { prototype: { generateFuseConfig(fuses: object): Promise<Record<string, unknown>> } };
};
const { FuseV1Options: Fuse } = builder('@electron/fuses') as { FuseV1Options: Record<string, number> };

interface BuilderConfig {
  electronFuses: object;
  files: string[];
  extraResources: { from: string; to: string; filter?: string[] }[];
  fileAssociations: { ext: string[] }[];
}

async function config(): Promise<BuilderConfig> {
  return yaml.load(await readFile(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
}

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema', async () => {
    const schema = JSON.parse(await readFile(builder.resolve('./scheme.json'), 'utf8')) as object;
    const c = await config();
    expect(() => validateSchema(schema, c, { name: 'electron-builder' })).not.toThrow();
    expect(() => validateSchema(schema, { ...c, bogusOption: 1 }, { name: 'electron-builder' })).toThrow(/bogusOption/);
  });

  it('ships models, samples and the trainer where main looks when packaged, and associates the images main opens', async () => {
    const c = await config();
    expect(c.extraResources.map((r) => r.to).sort()).toEqual(['models', `${PACKAGED_PYTHON_DIR}/models/training`, 'samples']);
    const trainer = c.extraResources.find((r) => r.from === 'models/training');
    expect(trainer?.filter).toEqual(['**/*.py', '!tests/**', '!runs/**', '!**/__pycache__/**']);
    // the bundled cards name an int8 variant: its file ships beside model.onnx
    expect(c.extraResources.find((r) => r.to === 'models')?.filter).toEqual(['*/card.json', '*/model.onnx', '*/model.int8.onnx']);
    expect(c.files).toContain('out/**');
    expect(c.fileAssociations[0]?.ext).toEqual([...IMAGE_EXTENSIONS]);
  });

  it('flips the fuses that close Node entry points and load only the checked app.asar', async () => {
    // electron-builder's own translation of the YAML into the fuse wire it writes into the binary
    const wire = await PlatformPackager.prototype.generateFuseConfig((await config()).electronFuses);
    expect(wire).toEqual({
      version: '1',
      resetAdHocDarwinSignature: undefined,
      [Fuse['RunAsNode']!]: false,
      [Fuse['EnableNodeOptionsEnvironmentVariable']!]: false,
      [Fuse['EnableNodeCliInspectArguments']!]: false,
      [Fuse['EnableCookieEncryption']!]: true,
      [Fuse['EnableEmbeddedAsarIntegrityValidation']!]: true,
      [Fuse['OnlyLoadAppFromAsar']!]: true,
      [Fuse['GrantFileProtocolExtraPrivileges']!]: false,
    });
  });
});
