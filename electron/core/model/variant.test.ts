import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ModelCard } from './card';
import { ModelCardError, ModelFolderError, ModelGraphError } from './errors';
import { fixtureCard, FIXTURE_DEFAULTS, modelOnnx, randomWeights, writeRandomModel, writeVariant } from './testing/fixture';
import { loadModelFolder, MAX_MODEL_FILE_BYTES } from './load';
import { graphBytes, variantSummary } from './variant';

let dir: string;
let card: ModelCard;
beforeEach(async () => {
  dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'variant-')), 'tiny');
  card = await writeVariant(dir, await writeRandomModel(dir));
});
const variantFile = () => path.join(dir, 'model.int8.onnx');

describe('graphBytes', () => {
  it('gives model.onnx for fp32 and the card’s file for int8', async () => {
    const model = await loadModelFolder(dir);
    expect(model.card.variants.int8?.file).toBe('model.int8.onnx');
    const fp32 = await graphBytes(model, 'fp32');
    expect(fp32).toMatchObject({ precision: 'fp32', file: path.join(dir, 'model.onnx') });
    expect(fp32.bytes).toBe(model.onnxBytes);
    const int8 = await graphBytes(model, 'int8');
    expect(int8.file).toBe(variantFile());
    expect(int8.bytes).toEqual(new Uint8Array(modelOnnx(card, randomWeights(card, 99))));
  });

  it('refuses int8 for a card without the variant, naming the field', async () => {
    const model = await loadModelFolder(dir);
    const plain = { ...model, card: { ...model.card, variants: {} } };
    await expect(graphBytes(plain, 'int8')).rejects.toThrow(ModelCardError);
    await expect(graphBytes(plain, 'int8')).rejects.toThrow(`${path.join(dir, 'card.json')}: "variants.int8" is missing: model "tiny" has no int8 graph`);
  });

  it('a broken variant never stops the folder loading: model.onnx does not need it', async () => {
    await rm(variantFile());
    await expect(loadModelFolder(dir)).resolves.toMatchObject({ card: { id: 'tiny' } });
  });

  it('refuses a missing variant file in one line', async () => {
    await rm(variantFile());
    const model = await loadModelFolder(dir);
    await expect(graphBytes(model, 'int8')).rejects.toThrow(new ModelFolderError(variantFile(), undefined, 'is missing'));
  });

  it('refuses a FIFO unread (reading one would block forever)', async () => {
    await rm(variantFile());
    execFileSync('mkfifo', [variantFile()]);
    const model = await loadModelFolder(dir);
    await expect(graphBytes(model, 'int8')).rejects.toThrow(`${variantFile()}: is not a regular file`);
  });

  it('refuses a file past the size limit unread', async () => {
    await truncate(variantFile(), MAX_MODEL_FILE_BYTES + 1); // sparse: no disk used
    const model = await loadModelFolder(dir);
    await expect(graphBytes(model, 'int8')).rejects.toThrow(`${variantFile()}: is ${MAX_MODEL_FILE_BYTES + 1} bytes, more than the 512 MiB`);
  });

  it('refuses a file that is not ONNX', async () => {
    await writeFile(variantFile(), 'not a graph');
    const model = await loadModelFolder(dir);
    await expect(graphBytes(model, 'int8')).rejects.toThrow(ModelGraphError);
    await expect(graphBytes(model, 'int8')).rejects.toThrow(`${variantFile()}: is not an ONNX model`);
  });

  it('refuses a graph whose logits are another model’s', async () => {
    const other = fixtureCard('tiny', { ...FIXTURE_DEFAULTS, levels: 4 });
    await writeFile(variantFile(), modelOnnx(other, randomWeights(other, 3)));
    const model = await loadModelFolder(dir);
    await expect(graphBytes(model, 'int8')).rejects.toThrow(`${variantFile()}: "x" has 4 channels, card says C·E = 1·2 from card.json "channels", "levels" and "input.encoding" = 2`);
  });
});

describe('variantSummary', () => {
  it('says what the int8 graph costs, or nothing without one', () => {
    expect(variantSummary(card)).toBe('int8: 1.5× faster, +0.50 % test NLL (test fixture)');
    expect(variantSummary({ ...card, variants: {} })).toBeNull();
  });
});
