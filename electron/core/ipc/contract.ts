/**
 * The one typed contract between the renderer and the main side: request channels (invoke →
 * Promise), event channels (main → renderer) and the `Api` the preload exposes. Pure types: it
 * imports neither electron nor vue, so main, preload, renderer and the e2e bridge share it.
 */
import type { LoadedInfo, RunEvent, SampleJob } from '../job/protocol';
import type { ModelCard, Precision } from '../model/card';
import type { Preset } from '../sampler/presets';
import type { AppSettings } from '../settings/app-settings';
import type { PackageName } from '../training/python-probe';
import type { ProgressMessage } from '../training/protocol';
import type { TrainForm, TrainingView, TrainPreview } from '../training/session';

/** A file the user opened (dialog, recent list or a bundled sample): raw bytes, decoded by the renderer. */
export interface OpenedFile {
  name: string;
  /** Null for bundled samples, which are not added to the recent list. */
  path: string | null;
  bytes: Uint8Array;
}

/**
 * Where a model comes from: shipped with the app (read-only), the user's models folder in user
 * data (training results: the app renames and deletes them), or a folder the user added from
 * anywhere (the app forgets it, never deletes it).
 */
export type ModelSource = 'bundled' | 'user' | 'added';

export interface ModelEntry {
  /** The folder's name, which is the card's id. Two sources may share one: requests name `dir`. */
  id: string;
  /** The model folder, absolute: the key requests use, and the base fine-tuning takes (TrainingRequest.base, `train --base`). */
  dir: string;
  source: ModelSource;
  card: ModelCard;
  /** File names of the bundled samples that exist (card.samples ∩ resources/samples). */
  samples: string[];
}

/** A model folder that does not load, with the loader's reason (listed, never silently dropped, not selectable). */
export interface BrokenModel {
  id: string;
  dir: string;
  source: ModelSource;
  problem: string;
}

export interface ModelList {
  models: ModelEntry[];
  broken: BrokenModel[];
  /** The user's models folder (in user data), where training results go. */
  userRoot: string;
  /** What the user must know about the list of added folders (damaged and kept aside, unreadable), or null. */
  problem: string | null;
}

/** What removing a model did: a user model's folder deleted, or an added folder forgotten (left on disk). */
export type ModelRemoval = 'deleted' | 'forgotten';

/** One Python the app tried for training, and what became of it ("ready", "not found", "lacks torch"…). */
export interface PythonTried {
  command: string;
  from: '$PYTHON' | 'setting' | 'PATH';
  outcome: string;
}

/**
 * Which Python trains ($PYTHON, then the setting, then python3 and python on the PATH) and what
 * it has; when none is ready, the best one's gaps and the exact lines that install them.
 */
export interface TrainingEnvironment {
  /** A Python with every package was found: `python` trains. */
  ready: boolean;
  /** The Python that trains; when not ready, the first new-enough one that ran; null when none ran. */
  python: string | null;
  /** Its version ("3.11.2"). */
  version: string | null;
  /** Each required package's version; null where it does not import (empty when no Python ran). */
  packages: Partial<Record<PackageName, string | null>>;
  /** What torch can train on, in words ("CPU only", "2 CUDA GPUs"); null when not ready. */
  devices: string | null;
  missing: PackageName[];
  /** The lines that install what is missing into `python` (pip) or the system (Debian). */
  install: { pip: string; debian: string } | null;
  /** One paragraph for the user when not ready: what was tried, what is missing, how to install it. */
  problem: string | null;
  tried: PythonTried[];
  /** The Python set in the app (null: none); $PYTHON, when set, is tried before it. */
  setting: string | null;
  /** What is wrong with the setting's file (damaged and kept aside, unreadable), or null. */
  settingProblem: string | null;
}

/**
 * The user's presets as main holds them, after a load or a change. `problem` says what the user
 * must know about the file: damaged or too long and kept aside as a backup (and where), fields
 * this version does not know (kept), or why it cannot be read.
 */
export interface PresetsState {
  presets: Preset[];
  problem: string | null;
}

/**
 * One change to the user's presets, by id. Main applies it to the file's current content, so a
 * change never writes back a list the renderer loaded earlier (which may be empty or stale).
 */
export type PresetChange =
  | { op: 'add'; presets: Preset[] }
  | { op: 'rename'; id: string; name: string }
  | { op: 'delete'; id: string };

/** The settings file as main found it; `problem` is one line for the user, or null. */
export interface SettingsState {
  settings: AppSettings | null;
  problem: string | null;
}

export type SaveKind = 'png' | 'gif' | 'apng' | 'json' | 'project';
export type OpenKind = 'image' | 'json' | 'project';

/** The autosaved document found at start: what the app did not close cleanly on. */
export interface Autosaved {
  name: string;
  /** The project file it belongs to, or null if it was never saved. */
  path: string | null;
  savedAt: string;
  bytes: Uint8Array;
}

/** Request channels: what the renderer may ask, and what it gets back. */
export interface Requests {
  'models:list': (req: void) => Promise<ModelList>;
  /** Loads a listed model folder (ModelEntry.dir) into the sampler; `precision` 'int8' asks for the card's int8 graph (fp32 by default). */
  'model:load': (req: { dir: string; precision?: Precision }) => Promise<LoadedInfo>;
  /** Shows a folder dialog and adds the folder picked to the library; null when the user cancels; refused, with the loader's reason, when it does not load. */
  'models:add': (req: void) => Promise<ModelEntry | null>;
  /** Renames one of the user's models (folder and card id); bundled and added models are refused. */
  'models:rename': (req: { dir: string; name: string }) => Promise<{ id: string; dir: string }>;
  /** Deletes one of the user's models (the renderer has asked the user) or forgets an added folder; bundled models are refused. */
  'models:remove': (req: { dir: string }) => Promise<{ removed: ModelRemoval }>;
  /** Shows a listed model folder (or the user's models folder) in the file manager. */
  'models:reveal': (req: { dir: string }) => Promise<void>;
  /** Which Python trains; kept from the last probe (it imports torch: seconds) unless `recheck`. */
  'training:environment': (req: { recheck: boolean }) => Promise<TrainingEnvironment>;
  /** Sets the Python path setting (null clears it), saves it, and probes again. */
  'training:python': (req: { python: string | null }) => Promise<TrainingEnvironment>;
  'sample:read': (req: { name: string }) => Promise<OpenedFile>;
  /** Shows the open dialog; null when the user cancels. */
  'file:open': (req: { kind: OpenKind }) => Promise<OpenedFile | null>;
  /** The image the app was launched with (command line, OS file association), once; null if none. */
  'file:launched': (req: void) => Promise<OpenedFile | null>;
  'recent:list': (req: void) => Promise<string[]>;
  'recent:open': (req: { path: string }) => Promise<OpenedFile>;
  'presets:load': (req: void) => Promise<PresetsState>;
  /** Applies one change to the presets file; answers the presets it then holds. */
  'presets:change': (req: PresetChange) => Promise<PresetsState>;
  /** The app's general settings (null: none saved yet, or unusable: `problem` says why). */
  'settings:load': (req: void) => Promise<SettingsState>;
  'settings:save': (req: AppSettings) => Promise<void>;
  /** Drops a path from the recent list (an image that turned out not to open). */
  'recent:forget': (req: { path: string }) => Promise<void>;
  /** Shows the save dialog and writes the bytes atomically; null when the user cancels. */
  'file:save': (req: { kind: SaveKind; suggestedName: string; bytes: Uint8Array }) => Promise<{ path: string } | null>;
  /**
   * Writes a project atomically: to `path` (one the user opened or saved this session), or where the
   * save dialog says when `path` is null (null: cancelled). `backup` names a damaged project the
   * document was opened from: a save that lands on it keeps the old file aside first.
   */
  'project:save': (req: { path: string | null; suggestedName: string; bytes: Uint8Array; backup: string | null }) => Promise<{ path: string } | null>;
  /** Whether the open document has unsaved changes: main asks before the window closes. */
  'project:dirty': (req: { dirty: boolean; name: string }) => Promise<void>;
  'autosave:write': (req: { name: string; path: string | null; bytes: Uint8Array }) => Promise<void>;
  'autosave:read': (req: void) => Promise<Autosaved | null>;
  'autosave:clear': (req: void) => Promise<void>;
  /** Closes the window now, after the renderer saved (or the user chose not to). */
  'window:close': (req: void) => Promise<void>;
  'sampler:start': (req: { job: SampleJob }) => Promise<{ runId: number }>;
  'sampler:cancel': (req: { runId: number }) => Promise<void>;
  /** The Train panel (docs/training.md): the current or resumable run, null if none. */
  'training:state': (req: void) => Promise<TrainingView | null>;
  /** Shows the folder dialog; null when the user cancels. */
  'training:pick-folder': (req: void) => Promise<{ path: string } | null>;
  'training:preview': (req: TrainForm) => Promise<TrainPreview>;
  'training:start': (req: TrainForm) => Promise<TrainingView>;
  /** Stops the run at a checkpoint; Resume continues it exactly. */
  'training:pause': (req: void) => Promise<void>;
  'training:resume': (req: void) => Promise<TrainingView>;
  /** A paused run's best checkpoint exported as the model; the run is then finished. */
  'training:save-best': (req: void) => Promise<TrainingView>;
  /** Forgets a paused, failed or finished run (a paused run's checkpoints are deleted). */
  'training:discard': (req: void) => Promise<void>;
  /** The newest sample sheet (PNG) of the run, null before the first. */
  'training:sheet': (req: void) => Promise<Uint8Array | null>;
}

export type RequestChannel = keyof Requests;
export type RequestOf<C extends RequestChannel> = Parameters<Requests[C]>[0];
export type ResponseOf<C extends RequestChannel> = Awaited<ReturnType<Requests[C]>>;

/** What the main side implements: one handler per request channel. */
export type Handlers = { [C in RequestChannel]: (req: RequestOf<C>) => Promise<ResponseOf<C>> };

/** Sampler events as the renderer sees them; in Electron they stream over a MessagePort, never through main. */
export type SamplerFrameEvent = RunEvent;

export const MENU_COMMANDS = [
  'open',
  'save-png',
  'export-gif',
  'export-apng',
  'undo',
  'redo',
  'inpaint',
  'cancel',
  'zoom-fit',
  'zoom-100',
  'zoom-in',
  'zoom-out',
  'toggle-mask',
  'toggle-before-after',
  'shortcuts',
  'open-project',
  'save-project',
  'save-project-as',
  /** Main asked "save changes?" and the user chose Save: save, then close the window. */
  'save-then-close',
] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/** A run's changes: a progress message (applied by the same reducer on both sides) or a whole new view. */
export type TrainingEvent = { type: 'view'; view: TrainingView | null } | { type: 'progress'; message: ProgressMessage };

/** Event channels: main → renderer. */
export interface Events {
  menu: MenuCommand;
  'recent:changed': string[];
  /** Opened from the menu's recent list or the OS (file association). */
  'file:opened': OpenedFile;
  sampler: SamplerFrameEvent;
  /** The sampler process died: every run it had in flight is lost (the next request starts a fresh one). */
  'sampler:crashed': { message: string };
  /** A file main failed to open on the user's behalf (the OS, a second launch, Open Recent). */
  'file:open-failed': { path: string; message: string };
  training: TrainingEvent;
}
export type EventChannel = keyof Events;

/** The one object the preload exposes as `window.api`. */
export interface Api {
  invoke<C extends RequestChannel>(channel: C, req: RequestOf<C>): Promise<ResponseOf<C>>;
  /** Subscribes to an event channel; returns the unsubscribe function. */
  on<E extends EventChannel>(channel: E, listener: (payload: Events[E]) => void): () => void;
}
