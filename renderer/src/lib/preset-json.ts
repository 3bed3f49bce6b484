import * as v from 'valibot';
import { PresetListSchema, PresetSchema } from '../../../electron/core/ipc/schemas';
import type { Preset } from '../../../electron/core/sampler/presets';

const ImportSchema = v.union([v.strictObject({ format: v.literal(1), presets: PresetListSchema }), PresetListSchema, PresetSchema]);

/** Presets from an exported file (our format, a bare array or one preset); throws with the first problem. */
export function parsePresetJson(text: string): Preset[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`not JSON: ${(error as Error).message}`);
  }
  const result = v.safeParse(ImportSchema, json);
  if (!result.success) throw new Error(`not a presets file: ${result.issues[0].message}`);
  const out = result.output;
  return Array.isArray(out) ? out : 'presets' in out ? out.presets : [out];
}

export function presetsToJson(presets: readonly Preset[]): string {
  return `${JSON.stringify({ format: 1, presets }, null, 2)}\n`;
}

export const newPresetId = (): string => `user-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
