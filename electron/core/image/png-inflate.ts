import { Inflate } from 'pako';
import { ImageError } from './image-error';

/**
 * Inflates IDAT data as it arrives and hands each 64 KiB of output on at once: the sink refuses
 * a byte past what the header allows, so a bomb stops at its first excess chunk. Data after the
 * zlib stream's end is refused too (pako would read it as a second stream).
 */
export class IdatInflater {
  private readonly inflate = new Inflate({ chunkSize: 64 * 1024 });

  constructor(
    private readonly sink: (bytes: Uint8Array) => void,
    private readonly name: string,
  ) {
    this.inflate.onData = sink;
  }

  get ended(): boolean {
    return this.inflate.ended;
  }

  push(data: Uint8Array): void {
    if (data.length === 0) return;
    if (this.inflate.ended || !this.inflate.push(data, false)) {
      const why = this.inflate.err ? `zlib: ${this.inflate.msg || `error ${this.inflate.err}`}` : 'data after the end of its compressed stream';
      throw new ImageError(`${this.name}: PNG pixel data is corrupt (${why})`);
    }
    if (this.inflate.ended && this.inflate.strm.avail_in > 0) throw new ImageError(`${this.name}: PNG pixel data is corrupt (data after the end of its compressed stream)`);
  }

  /** At the last IDAT of a stream that has not ended: hands on the output pako holds back until a chunk fills, so a message can count every row there was. */
  flushUnended(): void {
    const { output, next_out } = this.inflate.strm;
    if (!this.inflate.ended && output && next_out > 0) this.sink(output.subarray(0, next_out));
  }
}
