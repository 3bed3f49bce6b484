/** What the handlers need from their host: Electron provides dialogs and a utilityProcess; the e2e bridge provides fakes and a worker thread. */
import type { OpenKind, SaveKind } from '../../core/ipc/contract';
import type { LoadedInfo, SampleJob } from '../../core/job/protocol';
import type { Precision } from '../../core/model/card';
import type { TrainingManager } from '../training/manager';
import type { Prober } from '../training/python';

export interface Dialogs {
  /** A path the user picked, or null when cancelled. */
  openFile(kind: OpenKind): Promise<string | null>;
  saveFile(kind: SaveKind, suggestedName: string): Promise<string | null>;
  /** A folder the user picked (`title` says what for), or null when cancelled. */
  openFolder(title: string): Promise<string | null>;
}

/** The sampler process as main sees it; frames go straight to the renderer, not through here. */
export interface SamplerHost {
  /** `precision`: the card's int8 graph where it has one and onnxruntime runs (LoadedInfo says what ran). */
  load(modelDir: string, precision: Precision): Promise<LoadedInfo>;
  start(job: SampleJob): number;
  cancel(runId: number): void;
}

export interface HandlerDeps {
  modelsRoot: string;
  samplesRoot: string;
  userData: string;
  dialogs: Dialogs;
  sampler: SamplerHost;
  /** Shows a file or folder in the file manager (Electron's shell.showItemInFolder). */
  revealInFolder(path: string): void;
  /** The environment training reads $PYTHON from (process.env unless a test gives one). */
  env?: NodeJS.ProcessEnv;
  /** Asks a Python what it has (a child process unless a test fakes it). */
  probePython?: Prober;
  /** Takes (and forgets) the image path the app was launched with, if any. */
  takeLaunchFile?: () => string | null;
  /** The Train panel's runs; without it the training channels answer that training is unavailable. */
  training?: TrainingManager;
  /** Told when the recent list changes, so the app menu and renderer can update. */
  onRecentChanged?: (paths: string[]) => void;
  /** Told whether the document has unsaved changes (main asks "save changes?" before closing). */
  onDirtyChanged?: (dirty: boolean, name: string) => void;
  /** Closes the window without asking (the renderer saved, or the user chose not to). */
  closeWindow?: () => void;
}
