/** An in-memory `Api` for store tests: presets kept in an array, a sampler whose events the test emits. */
import type { Api, EventChannel, Events, Handlers, ModelList, PresetChange, RequestChannel, RequestOf, ResponseOf, SamplerFrameEvent } from '../../../electron/core/ipc/contract';
import type { Preset } from '../../../electron/core/sampler/presets';
import type { AppSettings } from '../../../electron/core/settings/app-settings';
import type { HoleMaps } from '../../../electron/core/sampler/maps';
import type { SampleJob } from '../../../electron/core/job/protocol';

export interface FakeApi extends Api {
  saved: Preset[];
  /** Set to make presets:change fail. */
  failSaves: boolean;
  /** What presets:change reports it found on disk and moved aside (null: nothing). */
  damagedOnSave: string | null;
  /** What models:list answers; model:load loads any of its usable models by folder. */
  modelList: ModelList;
  /** What model:load was asked, in order. */
  loads: { dir: string; precision: 'fp32' | 'int8' }[];
  started: { runId: number; seed: number; steps: number | null; job: SampleJob }[];
  /** What file:save was given, in order; it answers with a path under /saved. */
  savedFiles: { name: string; bytes: Uint8Array }[];
  cancelled: number[];
  /** The settings file's content as main would load it; what settings:save wrote last. */
  settings: AppSettings | null;
  settingsProblem: string | null;
  /** Paths recent:forget was asked to drop, in order. */
  forgotten: string[];
  /** What project:save was given, in order; a null path (Save As) answers /saved/<suggested name>, or null when `cancelSaveDialog`. */
  projectSaves: { path: string | null; bytes: Uint8Array; backup: string | null }[];
  cancelSaveDialog: boolean;
  /** The autosave main holds (null: none), and the dirty state it was last told. */
  autosave: { name: string; path: string | null; savedAt: string; bytes: Uint8Array } | null;
  dirty: boolean;
  windowClosed: number;
  /** Runs inside sampler:start before it replies: lets a test send frames that beat the reply. */
  beforeReply: ((runId: number) => void) | null;
  emit(event: SamplerFrameEvent): void;
  /** The id the sampler gives its next run (a restarted app's sampler counts from 1 again). */
  nextRunIs(id: number): void;
  /** Sends a payload on any event channel, as main would. */
  emitOn<E extends EventChannel>(channel: E, payload: Events[E]): void;
}

/** The file's side of a change, without the file (presets-file.ts has the real one). */
function applyChange(saved: Preset[], change: PresetChange): Preset[] {
  if (change.op === 'add') return [...saved, ...change.presets];
  if (change.op === 'delete') return saved.filter((p) => p.id !== change.id);
  return saved.map((p) => (p.id === change.id ? { ...p, name: change.name } : p));
}

const emptyList = (): ModelList => ({ models: [], broken: [], userRoot: '/user-data/models', problem: null });

const listeners = new Map<EventChannel, Set<(payload: never) => void>>();
let nextRun = 1;

/** One fake per test file (the sampler event router subscribes once); `reset` clears its state. */
export function installFakeApi(): FakeApi & { reset(): void } {
  const fake = {
    saved: [] as Preset[],
    failSaves: false,
    damagedOnSave: null as string | null,
    modelList: emptyList(),
    loads: [] as FakeApi['loads'],
    started: [] as FakeApi['started'],
    savedFiles: [] as FakeApi['savedFiles'],
    cancelled: [] as number[],
    settings: null as AppSettings | null,
    settingsProblem: null as string | null,
    forgotten: [] as string[],
    beforeReply: null as FakeApi['beforeReply'],
    projectSaves: [] as FakeApi['projectSaves'],
    cancelSaveDialog: false,
    autosave: null as FakeApi['autosave'],
    dirty: false,
    windowClosed: 0,
    reset() {
      fake.projectSaves = [];
      fake.cancelSaveDialog = false;
      fake.autosave = null;
      fake.dirty = false;
      fake.windowClosed = 0;
      fake.beforeReply = null;
      fake.saved = [];
      fake.failSaves = false;
      fake.damagedOnSave = null;
      fake.modelList = emptyList();
      fake.loads = [];
      fake.started = [];
      fake.savedFiles = [];
      fake.cancelled = [];
      fake.settings = null;
      fake.settingsProblem = null;
      fake.forgotten = [];
    },
    nextRunIs(id: number) {
      nextRun = id;
    },
    emit(event: SamplerFrameEvent) {
      listeners.get('sampler')?.forEach((l) => l(event as never));
    },
    emitOn<E extends EventChannel>(channel: E, payload: Events[E]) {
      listeners.get(channel)?.forEach((l) => l(payload as never));
    },
    invoke<C extends RequestChannel>(channel: C, req: RequestOf<C>): Promise<ResponseOf<C>> {
      const handler = (handlers as unknown as Record<string, (r: unknown) => Promise<unknown>>)[channel];
      if (!handler) return Promise.reject(new Error(`fake api: ${channel} is not faked`));
      return handler(req) as Promise<ResponseOf<C>>;
    },
    on<E extends EventChannel>(channel: E, listener: (payload: Events[E]) => void) {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(listener as (payload: never) => void);
      return () => set.delete(listener as (payload: never) => void);
    },
  };
  const handlers: Partial<Handlers> = {
    'presets:load': async () => ({ presets: fake.saved, problem: null }),
    'presets:change': async (change) => {
      if (fake.failSaves) throw new Error('disk full');
      fake.saved = applyChange(fake.saved, change);
      return { presets: fake.saved, problem: fake.damagedOnSave };
    },
    'models:list': async () => fake.modelList,
    'model:load': async ({ dir, precision }) => {
      const entry = fake.modelList.models.find((m) => m.dir === dir);
      if (!entry) throw new Error(`${dir} is not a model folder in the library`);
      fake.loads.push({ dir, precision: precision ?? 'fp32' });
      // as the real sampler: the int8 graph runs on onnxruntime where the card has one
      if (precision === 'int8' && entry.card.variants.int8) return { backend: 'onnxruntime', reason: 'fake; int8 graph', card: entry.card, precision };
      return { backend: 'wasm', reason: 'fake', card: entry.card, precision: 'fp32' };
    },
    'models:rename': async ({ dir, name }) => {
      const to = `${dir.slice(0, dir.lastIndexOf('/'))}/${name}`;
      const rename = <T extends { id: string; dir: string }>(m: T): T => (m.dir === dir ? { ...m, id: name, dir: to } : m);
      fake.modelList = { ...fake.modelList, models: fake.modelList.models.map(rename), broken: fake.modelList.broken.map(rename) };
      return { id: name, dir: to };
    },
    'models:remove': async ({ dir }) => {
      fake.modelList = { ...fake.modelList, models: fake.modelList.models.filter((m) => m.dir !== dir), broken: fake.modelList.broken.filter((b) => b.dir !== dir) };
      return { removed: 'deleted' };
    },
    'sampler:start': async ({ job }) => {
      const runId = nextRun++;
      fake.started.push({ runId, seed: job.seed, steps: job.params.steps, job });
      fake.beforeReply?.(runId);
      return { runId };
    },
    'file:save': async ({ suggestedName, bytes }) => {
      fake.savedFiles.push({ name: suggestedName, bytes });
      return { path: `/saved/${suggestedName}` };
    },
    'settings:load': async () => ({ settings: fake.settings, problem: fake.settingsProblem }),
    'settings:save': async (values) => {
      fake.settings = values;
    },
    'recent:forget': async ({ path }) => {
      fake.forgotten.push(path);
    },
    'project:save': async ({ path, suggestedName, bytes, backup }) => {
      if (path === null && fake.cancelSaveDialog) return null;
      fake.projectSaves.push({ path, bytes, backup });
      return { path: path ?? `/saved/${suggestedName}` };
    },
    'project:dirty': async ({ dirty }) => void (fake.dirty = dirty),
    'autosave:write': async ({ name, path, bytes }) => void (fake.autosave = { name, path, bytes, savedAt: '2026-12-06T21:00:00.000Z' }),
    'autosave:read': async () => fake.autosave,
    'autosave:clear': async () => void (fake.autosave = null),
    'window:close': async () => void fake.windowClosed++,
    'sampler:cancel': async ({ runId }) => {
      fake.cancelled.push(runId);
    },
  };
  Object.defineProperty(globalThis, 'api', { value: fake, configurable: true });
  return fake;
}

/** Maps of an empty hole: for tests whose frames need no maps (they add no bytes to a run). */
export const noMaps = (): HoleMaps => ({ entropy: new Uint8Array(0), changes: new Uint16Array(0) });
