declare module 'pako' {
  export function deflate(data: Uint8Array, options?: { level?: number }): Uint8Array;
  export function inflate(data: Uint8Array): Uint8Array;
  /** Raw deflate (no zlib header), as zip entries hold it. */
  export function deflateRaw(data: Uint8Array, options?: { level?: number }): Uint8Array;
  export function inflateRaw(data: Uint8Array): Uint8Array;
  /** Streaming inflate: `push` hands output to `onData` a `chunkSize` at a time; on failure `err`/`msg` say why. */
  export class Inflate {
    constructor(options?: { chunkSize?: number });
    push(data: Uint8Array, flushMode?: boolean | number): boolean;
    onData(chunk: Uint8Array): void;
    readonly err: number;
    readonly msg: string;
    readonly ended: boolean;
    /** zlib's stream state: input left over, and output not yet handed to `onData`. */
    readonly strm: { avail_in: number; output: Uint8Array | null; next_out: number };
  }
}
