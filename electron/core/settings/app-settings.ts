/**
 * The app's general settings as its settings file holds them: the sampler panel's values, the
 * mask overlay and brush size, how a newly opened image is zoomed, and the last model. Every field is optional
 * (one a version did not write takes the app's default); each present one is checked by the same
 * rules the sampler and the panel use, so a file that passes can be applied as it is.
 */
import * as v from 'valibot';
import { PRECISIONS } from '../model/card';
import { alphaOrdered, APP_CHAINS_FIELD, DEFAULT_PARAMS, fieldSchema, paramEntries, paramSchema, PARAM_NAMES, type GibbsParams } from '../sampler/params';

export const SETTINGS_FILE = 'settings.json';
export const SETTINGS_FORMAT = 1;

/** The brush's diameter in image pixels: the panel's slider and the settings file share the range. */
export const MIN_BRUSH = 1;
export const MAX_BRUSH = 32;

/** How a newly opened image is shown: fitted to the window, or at 100 %. */
export const OPEN_ZOOMS = ['fit', 'actual'] as const;
export type OpenZoom = (typeof OPEN_ZOOMS)[number];

/**
 * The panel's parameters: one a version did not write takes its default, so an upgrade keeps the
 * rest. Every settings file names the sampler (the format came after the sampler knob), so a
 * missing one takes the default too; presets, which came before it, read a missing one as Gibbs.
 */
const SavedParamsSchema = v.pipe(
  v.object(paramEntries(PARAM_NAMES, (key) => v.optional(paramSchema(key), DEFAULT_PARAMS[key]))) as unknown as v.GenericSchema<unknown, GibbsParams>,
  alphaOrdered<GibbsParams>(),
);

/** Fields a newer version added are dropped, not refused: the file stays usable across versions. */
export const AppSettingsSchema = v.object({
  format: v.literal(SETTINGS_FORMAT, (issue) => `format: ${JSON.stringify(issue.input) ?? 'missing'}, this version reads format ${SETTINGS_FORMAT}`),
  params: v.optional(SavedParamsSchema),
  presetId: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(120)))),
  presetName: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(80))),
  chains: v.optional(fieldSchema('chains', APP_CHAINS_FIELD) as v.GenericSchema<unknown, number>),
  seedLocked: v.optional(v.boolean()),
  seed: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(0xffffffff))),
  overlayColour: v.optional(v.pipe(v.string(), v.regex(/^#[0-9a-f]{6}$/i, 'overlayColour must be a colour like #ff3d7f'))),
  overlayOpacity: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(1))),
  showMask: v.optional(v.boolean()),
  brushSize: v.optional(v.pipe(v.number(), v.integer(), v.minValue(MIN_BRUSH), v.maxValue(MAX_BRUSH))),
  openZoom: v.optional(v.picklist(OPEN_ZOOMS)),
  /** The last model's folder; the app selects it again only if the library still lists it. */
  lastModel: v.optional(v.nullable(v.pipe(v.string(), v.minLength(1), v.maxLength(4096)))),
  /** The graph to load where a model's card offers an int8 one ("Faster int8 graph"); fp32 otherwise. */
  precision: v.optional(v.picklist(PRECISIONS)),
});

export type AppSettings = v.InferOutput<typeof AppSettingsSchema>;

/** The settings in a file's text, or the first reason they cannot be used ("not valid JSON: …", "chains: …"). */
export function parseSettings(text: string): { ok: true; settings: AppSettings } | { ok: false; why: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, why: `not valid JSON (${(error as Error).message})` };
  }
  const result = v.safeParse(AppSettingsSchema, json);
  if (result.success) return { ok: true, settings: result.output };
  const issue = result.issues[0];
  const where = issue.path?.map((p) => String(p.key)).join('.');
  return { ok: false, why: where && !issue.message.startsWith(`${where}`) ? `${where}: ${issue.message}` : issue.message };
}
