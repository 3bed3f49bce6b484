/**
 * The smallest zip that `unzip`, Explorer and Finder read: local headers, one central directory,
 * entries stored or deflated (pako), every entry with its own CRC-32. The reader checks each
 * entry alone, so one damaged entry is reported and the others still open.
 */
import { deflateRaw, inflateRaw } from 'pako';
import { crc32 } from '../image/png-chunks';

export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

/** An entry ready to go in the archive: compressed once, so an unchanged entry can be reused. */
export interface PackedEntry {
  name: string;
  method: 0 | 8;
  crc: number;
  size: number;
  body: Uint8Array;
}

/** What the reader got out: the entries that check, and one reason per entry that did not. */
export interface ZipContents {
  entries: Map<string, Uint8Array>;
  damaged: Map<string, string>;
}

/** A zip holds at most 65535 entries and 4 GiB without zip64, which this writer does not do. */
export const MAX_ENTRIES = 0xffff;
const MAX_BYTES = 0xffffffff;
const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Deflates an entry unless that does not make it smaller (already-compressed bytes are stored). */
export function packEntry({ name, data }: ZipEntry, level: 1 | 6 = 6): PackedEntry {
  if (data.length > MAX_BYTES) throw new Error(`${name} is over 4 GiB`);
  const deflated = deflateRaw(data, { level });
  const stored = deflated.length >= data.length;
  return { name, method: stored ? 0 : 8, crc: crc32(data), size: data.length, body: stored ? data : deflated };
}

export function writeZip(entries: readonly PackedEntry[]): Uint8Array {
  if (entries.length > MAX_ENTRIES) throw new Error(`a project holds at most ${MAX_ENTRIES} pieces, not ${entries.length}`);
  const names = entries.map((e) => encoder.encode(e.name));
  const localSize = entries.reduce((n, e, i) => n + 30 + names[i]!.length + e.body.length, 0);
  const centralSize = entries.reduce((n, _e, i) => n + 46 + names[i]!.length, 0);
  if (localSize + centralSize > MAX_BYTES) throw new Error('a project file is limited to 4 GiB');
  const out = new Uint8Array(localSize + centralSize + 22);
  const view = new DataView(out.buffer);
  const offsets: number[] = [];
  let at = 0;
  entries.forEach((e, i) => {
    offsets.push(at);
    at = header(view, out, at, LOCAL, e, names[i]!);
    out.set(e.body, at);
    at += e.body.length;
  });
  const central = at;
  entries.forEach((e, i) => (at = header(view, out, at, CENTRAL, e, names[i]!, offsets[i]!)));
  view.setUint32(at, END, true);
  view.setUint16(at + 8, entries.length, true);
  view.setUint16(at + 10, entries.length, true);
  view.setUint32(at + 12, at - central, true);
  view.setUint32(at + 16, central, true);
  return out;
}

/** Writes a local (offset undefined) or central header; returns where the name ends. */
function header(view: DataView, out: Uint8Array, at: number, signature: number, e: PackedEntry, name: Uint8Array, offset?: number): number {
  const central = signature === CENTRAL;
  let p = at;
  const u16 = (v: number) => (view.setUint16(p, v, true), (p += 2));
  const u32 = (v: number) => (view.setUint32(p, v >>> 0, true), (p += 4));
  u32(signature);
  if (central) u16(20); // made by
  u16(20); // version needed
  u16(0x0800); // names are UTF-8
  u16(e.method);
  u32(0); // time and date: a project's own JSON says when it was saved
  u32(e.crc);
  u32(e.body.length);
  u32(e.size);
  u16(name.length);
  u16(0); // extra
  if (central) {
    u16(0); // comment
    u16(0); // disk
    u16(0); // internal attributes
    u32(0); // external attributes
    u32(offset!);
  }
  out.set(name, p);
  return p + name.length;
}

/**
 * Reads every entry it can. The central directory is the index; when it is missing or cut off,
 * the local headers are walked from the start instead, so a truncated file still gives up the
 * entries before the cut. Throws only when nothing in the bytes looks like a zip.
 */
export function readZip(bytes: Uint8Array): ZipContents {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const locals = centralOffsets(view) ?? scanLocals(view);
  if (locals.length === 0) throw new Error('it is not a project file (no zip entries found)');
  const contents: ZipContents = { entries: new Map(), damaged: new Map() };
  for (const at of locals) readLocal(bytes, view, at, contents);
  return contents;
}

function centralOffsets(view: DataView): number[] | null {
  const end = view.byteLength - 22;
  if (end < 0 || view.getUint32(end, true) !== END) return null; // writeZip never writes a comment
  const count = view.getUint16(end + 10, true);
  let p = view.getUint32(end + 16, true);
  const offsets: number[] = [];
  for (let i = 0; i < count; i++) {
    if (p + 46 > view.byteLength || view.getUint32(p, true) !== CENTRAL) return null;
    offsets.push(view.getUint32(p + 42, true));
    p += 46 + view.getUint16(p + 28, true) + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
  }
  return offsets;
}

function scanLocals(view: DataView): number[] {
  const offsets: number[] = [];
  let p = 0;
  while (p + 30 <= view.byteLength && view.getUint32(p, true) === LOCAL) {
    offsets.push(p);
    p += 30 + view.getUint16(p + 26, true) + view.getUint16(p + 28, true) + view.getUint32(p + 18, true);
  }
  return offsets;
}

function readLocal(bytes: Uint8Array, view: DataView, at: number, out: ZipContents): void {
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL) return void out.damaged.set(`entry at byte ${at}`, 'its header is missing');
  const method = view.getUint16(at + 8, true);
  const crc = view.getUint32(at + 14, true);
  const packed = view.getUint32(at + 18, true);
  const size = view.getUint32(at + 22, true);
  const nameEnd = at + 30 + view.getUint16(at + 26, true);
  const start = nameEnd + view.getUint16(at + 28, true);
  let name: string;
  try {
    name = decoder.decode(bytes.subarray(at + 30, nameEnd));
  } catch {
    return void out.damaged.set(`entry at byte ${at}`, 'its name is not text');
  }
  if (start + packed > bytes.length) return void out.damaged.set(name, 'it is cut off');
  const body = bytes.subarray(start, start + packed);
  let data: Uint8Array;
  try {
    data = method === 0 ? body : method === 8 ? inflateRaw(body) : failWith(`it uses compression method ${method}`);
  } catch (error) {
    // pako throws its reason as a bare string
    return void out.damaged.set(name, error instanceof Error && error.message.startsWith('it uses') ? error.message : 'its compressed data is damaged');
  }
  if (!(data instanceof Uint8Array)) return void out.damaged.set(name, 'its compressed data is cut short'); // pako answers undefined for a stream that just stops
  if (data.length !== size || crc32(data) !== crc) return void out.damaged.set(name, 'its checksum does not match');
  out.entries.set(name, data);
}

function failWith(message: string): never {
  throw new Error(message);
}
