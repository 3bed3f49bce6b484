/// <reference lib="webworker" />
/** Packs project files off the UI thread (keeping what it packed, for the next autosave) and decodes opened ones. */
import { decodeProject, type OpenedProject } from '../../../electron/core/project/format';
import { PackCache, type SentPiece } from './pack-cache';

export type ProjectJob = { type: 'pack'; pieces: SentPiece[] } | { type: 'decode'; bytes: Uint8Array };
export type ProjectReply =
  | { type: 'packed'; bytes: Uint8Array; held: string[] }
  | { type: 'decoded'; opened: OpenedProject }
  | { type: 'error'; message: string; lost: boolean };

const scope = self as unknown as DedicatedWorkerGlobalScope;
const cache = new PackCache();

scope.onmessage = ({ data }: MessageEvent<ProjectJob>) => {
  try {
    if (data.type === 'pack') {
      const { bytes, held } = cache.pack(data.pieces);
      scope.postMessage({ type: 'packed', bytes, held } satisfies ProjectReply, [bytes.buffer]);
    } else scope.postMessage({ type: 'decoded', opened: decodeProject(data.bytes) } satisfies ProjectReply);
  } catch (error) {
    scope.postMessage({ type: 'error', message: (error as Error).message, lost: (error as Error).name === 'LostEntry' } satisfies ProjectReply);
  }
};
