import * as v from 'valibot';
import { knownPresetFields, MAX_USER_PRESETS, StoredPresetSchema } from '../../../electron/core/ipc/schemas';
import type { Preset } from '../../../electron/core/sampler/presets';

// entries may carry fields a newer version wrote: the import takes the known ones (it makes copies)
const ListSchema = v.array(StoredPresetSchema);
const ImportSchema = v.union([
  v.pipe(v.looseObject({ format: v.literal(1), presets: ListSchema }), v.transform((file) => file.presets)),
  ListSchema,
  v.pipe(StoredPresetSchema, v.transform((preset) => [preset])),
]);

/**
 * Presets from an exported file (our format, a bare array or one preset), their known fields only;
 * throws with the first problem, or when the file holds more than the app keeps.
 */
export function parsePresetJson(text: string): Preset[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`not JSON: ${(error as Error).message}`);
  }
  const result = v.safeParse(ImportSchema, json);
  if (!result.success) throw new Error(`not a presets file: ${result.issues[0].message}`);
  const entries = result.output;
  if (entries.length > MAX_USER_PRESETS) throw new Error(`the file holds ${entries.length} presets; the app keeps at most ${MAX_USER_PRESETS}`);
  return entries.map(knownPresetFields);
}

export function presetsToJson(presets: readonly Preset[]): string {
  return `${JSON.stringify({ format: 1, presets }, null, 2)}\n`;
}

export const newPresetId = (): string => `user-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
