/**
 * A project file: one zip (see docs/project-format.md) of small JSON pieces — the manifest, the
 * document, the undo history, one per run — and the binary data they point at, each its own
 * entry. Writing builds the pieces from plain data; reading checks every piece alone, so damage
 * costs only the pieces it touches, and says which.
 */
import * as v from 'valibot';
import { crc32 } from '../image/png-chunks';
import type { HoleMaps } from '../sampler/maps';
import { chunksOf, packFrames, unpackFrames } from './frames-pack';
import { DocumentPieceSchema, HistorySchema, ManifestSchema, SavedRunSchema, type ProjectHistory, type ProjectRecords, type SavedRun } from './schema';
import { packEntry, readZip, writeZip, type PackedEntry } from './zip';

export const PROJECT_FORMAT = 'gibbs-inpaint-project';
/** Bumped when a reader of the previous version would misread a file; additions that old readers skip keep it. */
export const PROJECT_VERSION = 1;
export const PROJECT_EXTENSION = 'gibbs';
/** Undo steps a file keeps (the newest); older ones are dropped at save. */
export const MAX_SAVED_UNDO_STEPS = 100;

/** A run: its frames and, parallel to them, each frame's uncertainty and change maps. */
export type ProjectRun = Omit<SavedRun, 'frameChunks'> & { frames: Uint8Array[]; maps: HoleMaps[] };
export interface Project {
  records: ProjectRecords;
  history: ProjectHistory;
  runs: ProjectRun[];
  activeRunId: number | null;
}

/** Readonly lists are welcome on the way in: saving never changes what it is given. */
type Loosen<T> = T extends readonly (infer E)[] ? readonly Loosen<E>[] : T extends Uint8Array | Uint16Array ? T : T extends object ? { readonly [K in keyof T]: Loosen<T[K]> } : T;
export type ProjectInput = Loosen<Project>;

export class ProjectError extends Error {
  override name = 'ProjectError';
}

type Binary = Uint8Array | Uint16Array;
/** The binary data a project's pieces point at, named once per array, so a shared array is stored once. */
export class BinaryNames {
  private readonly names = new WeakMap<Binary, string>();
  private next = 1;
  nameOf(data: Binary): string {
    let name = this.names.get(data);
    if (!name) this.names.set(data, (name = `data/${this.next++}`));
    return name;
  }
}

/**
 * What a save writes, in file order: each JSON piece followed by the arrays it is first to point
 * at and its frame chunks (packed by the writer), so a file cut short keeps the pieces before the cut.
 */
export type Piece = { kind: 'json'; name: string; data: Uint8Array } | { kind: 'binary'; name: string; data: Binary } | { kind: 'chunk'; name: string; frames: readonly Uint8Array[] };

const encoder = new TextEncoder();

/** Keeps the newest `max` undo steps (cut at a step's start) and the nearest `max` redo steps. */
export function boundHistory(history: Loosen<ProjectHistory>, max = MAX_SAVED_UNDO_STEPS): Loosen<ProjectHistory> {
  const stops = (list: typeof history.undos) => list.flatMap((e, i) => (e.type === 'stop' ? [i] : []));
  const undoStops = stops(history.undos);
  const undos = undoStops.length > max ? history.undos.slice(undoStops.at(-max)) : history.undos;
  const redoStops = stops(history.redos); // the redo stack's top is its end: keep the end
  const redos = redoStops.length > max ? history.redos.slice(redoStops.at(-max)) : history.redos;
  return { undos, redos };
}

/** The pieces of `project`, naming arrays through `names` (keep one across autosaves to reuse their entries). */
export function projectPieces(project: ProjectInput, names: BinaryNames, savedAt: string): Piece[] {
  const pieces: Piece[] = [];
  const placed = new Set<string>();
  const add = (name: string, value: unknown) => {
    const binaries: Piece[] = [];
    const text = JSON.stringify(value, (_key, v: unknown) => {
      if (!(v instanceof Uint8Array || v instanceof Uint16Array)) return v;
      const data = names.nameOf(v);
      if (!placed.has(data)) binaries.push({ kind: 'binary', name: data, data: v });
      placed.add(data);
      return { $data: data, type: v instanceof Uint16Array ? 'u16' : 'u8' };
    });
    pieces.push({ kind: 'json', name, data: encoder.encode(text) }, ...binaries);
  };
  add('manifest.json', { format: PROJECT_FORMAT, version: PROJECT_VERSION, savedAt });
  add('document.json', { records: project.records, activeRunId: project.activeRunId, runIds: project.runs.map((r) => r.id) });
  add('history.json', boundHistory(project.history));
  for (const { frames, maps, ...run } of project.runs) {
    const chunk = (kind: string, list: readonly Binary[]) => {
      const ids = list.map((f) => names.nameOf(f)).join(',');
      return { kind: 'chunk' as const, name: `${kind}/${run.id}-${list.length}-${crc32(encoder.encode(ids)).toString(16)}`, frames: list.map(asBytes) };
    };
    const chunks = chunksOf(frames.map((frame, i) => ({ frame, maps: maps[i]! }))).map((list) => ({
      frames: chunk('frames', list.map((f) => f.frame)),
      entropy: chunk('entropy', list.map((f) => f.maps.entropy)),
      changes: chunk('changes', list.map((f) => f.maps.changes)),
    }));
    const frameChunks = chunks.map((c) => ({ entry: c.frames.name, count: c.frames.frames.length, entropy: c.entropy.name, changes: c.changes.name }));
    add(`runs/${run.id}.json`, { ...run, frameChunks });
    pieces.push(...chunks.flatMap((c) => [c.frames, c.entropy, c.changes]));
  }
  return pieces;
}

/** Packs what `pieces` need, taking unchanged entries from `cache` (by name) and leaving it holding exactly these. */
export function packPieces(pieces: readonly Piece[], cache = new Map<string, PackedEntry>(), level: 1 | 6 = 6): PackedEntry[] {
  const wanted = new Set<string>();
  const out = pieces.map((piece) => {
    if (piece.kind === 'json') return packEntry(piece, level);
    wanted.add(piece.name);
    let packed = cache.get(piece.name);
    if (!packed) {
      const data = piece.kind === 'binary' ? asBytes(piece.data) : packFrames(piece.frames);
      cache.set(piece.name, (packed = packEntry({ name: piece.name, data }, level)));
    }
    return packed;
  });
  for (const name of cache.keys()) if (!wanted.has(name)) cache.delete(name);
  return out;
}

export const encodeProject = (project: ProjectInput, savedAt = new Date().toISOString()): Uint8Array =>
  writeZip(packPieces(projectPieces(project, new BinaryNames(), savedAt)));

/** Little-endian bytes of an array (every platform Electron runs on is little-endian). */
const asBytes = (data: Binary): Uint8Array => new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

export interface OpenedProject {
  project: Project;
  /** What could not be read, one short phrase each ("run 3", "the undo history"); empty when whole. */
  lost: string[];
}

/** Reads a project file as far as it can; throws a ProjectError (one line) only when not even the image and mask can be read. */
export function decodeProject(bytes: Uint8Array): OpenedProject {
  let contents: ReturnType<typeof readZip>;
  try {
    contents = readZip(bytes);
  } catch (error) {
    throw new ProjectError((error as Error).message);
  }
  const lost: string[] = [];
  const arrays = new Map<string, Binary>();
  const entry = (name: string): Uint8Array => {
    const data = contents.entries.get(name);
    if (!data) throw new Error(`${name} is ${contents.damaged.has(name) ? `damaged (${contents.damaged.get(name)})` : 'missing'}`);
    return data;
  };
  const piece = <S extends v.GenericSchema>(name: string, schema: S): v.InferOutput<S> => {
    const json: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(entry(name)), (_key, value: unknown) => (isRef(value) ? binary(value) : value));
    const parsed = v.safeParse(schema, json);
    if (!parsed.success) throw new Error(`${name}: ${describeIssue(parsed.issues[0])}`);
    return parsed.output;
  };
  const binary = ({ $data, type }: { $data: string; type: 'u8' | 'u16' }): Binary => {
    const key = `${type}:${$data}`;
    let data = arrays.get(key);
    if (!data) {
      const bytes = entry($data);
      if (type === 'u16' && bytes.length % 2) throw new Error(`${$data} is cut off`);
      data = type === 'u8' ? bytes : new Uint16Array(bytes.slice().buffer);
      arrays.set(key, data);
    }
    return data;
  };

  try {
    const manifest = piece('manifest.json', ManifestSchema);
    if (manifest.version > PROJECT_VERSION) throw new ProjectError(`it was saved by a newer version of the app (project format ${manifest.version}; this one reads up to ${PROJECT_VERSION})`);
  } catch (error) {
    if (error instanceof ProjectError) throw error;
    lost.push('its manifest');
  }
  let document: v.InferOutput<typeof DocumentPieceSchema> & { runIds?: number[] };
  try {
    document = piece('document.json', v.object({ ...DocumentPieceSchema.entries, runIds: v.array(v.number()) }));
  } catch (error) {
    throw new ProjectError(`its image and mask cannot be read (${(error as Error).message})`);
  }
  let history: ProjectHistory = { undos: [], redos: [] };
  try {
    history = piece('history.json', HistorySchema);
  } catch {
    lost.push('the undo history');
  }
  const runs: ProjectRun[] = [];
  for (const id of document.runIds ?? []) {
    try {
      const { frameChunks, ...run } = piece(`runs/${id}.json`, SavedRunSchema);
      const { frames, maps } = framesOf(run, frameChunks, entry);
      if (frames.length < run.frameNumbers.length) lost.push(`run ${id}’s frames after frame ${run.frameNumbers[frames.length - 1] ?? 0}`);
      runs.push({ ...run, frames, maps, frameNumbers: run.frameNumbers.slice(0, frames.length) });
    } catch {
      lost.push(`run ${id}`);
    }
  }
  const activeRunId = runs.some((r) => r.id === document.activeRunId) ? document.activeRunId : (runs.at(-1)?.id ?? null);
  return { project: { records: document.records, history, runs, activeRunId }, lost };
}

/** The frames and maps of every chunk that reads whole, up to the first that does not. */
function framesOf(run: Omit<SavedRun, 'frameChunks'>, chunks: SavedRun['frameChunks'], entry: (name: string) => Uint8Array): { frames: Uint8Array[]; maps: HoleMaps[] } {
  const size = run.shape.width * run.shape.height * run.shape.channels * run.chains;
  const out = { frames: [] as Uint8Array[], maps: [] as HoleMaps[] };
  const each = (bytes: Uint8Array, count: number) => {
    if (bytes.length % count) throw new Error('maps of unequal size'); // a run's maps are the same size in every frame
    return unpackFrames(bytes, bytes.length / count, count);
  };
  for (const { entry: name, count, entropy, changes } of chunks) {
    try {
      const frames = unpackFrames(entry(name), size, count);
      const entropies = each(entry(entropy), count);
      const counts = each(entry(changes), count).map((bytes) => {
        if (bytes.length % 2) throw new Error(`${changes} is cut off`);
        return new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2);
      });
      out.frames.push(...frames);
      out.maps.push(...entropies.map((e, i) => ({ entropy: e, changes: counts[i]! })));
    } catch {
      break;
    }
  }
  return out;
}

const isRef = (value: unknown): value is { $data: string; type: 'u8' | 'u16' } =>
  typeof value === 'object' && value !== null && typeof (value as { $data?: unknown }).$data === 'string' && ((value as { type?: unknown }).type === 'u8' || (value as { type?: unknown }).type === 'u16');

function describeIssue(issue: v.BaseIssue<unknown>): string {
  const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  return path ? `${path}: ${issue.message}` : issue.message;
}
