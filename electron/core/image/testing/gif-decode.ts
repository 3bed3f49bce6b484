/** Test-only GIF reader: enough of GIF89a (no interlace) to check what encodeGif wrote, byte by byte. */

export interface GifFrame {
  delayCs: number;
  hasLocalTable: boolean;
  /** RGBA through the global colour table, alpha always 255. */
  rgba: Uint8Array;
}

export interface DecodedGif {
  width: number;
  height: number;
  globalTable: number[][];
  /** The Netscape loop count, or null when the block is absent (play once). */
  loops: number | null;
  frames: GifFrame[];
}

class Reader {
  at = 0;
  constructor(readonly bytes: Uint8Array) {}
  byte(): number {
    if (this.at >= this.bytes.length) throw new Error('GIF is truncated');
    return this.bytes[this.at++]!;
  }
  u16(): number {
    return this.byte() | (this.byte() << 8);
  }
  take(n: number): Uint8Array {
    if (this.at + n > this.bytes.length) throw new Error('GIF is truncated');
    return this.bytes.subarray(this.at, (this.at += n));
  }
  /** Concatenated data sub-blocks up to the zero terminator. */
  subBlocks(): Uint8Array {
    const parts: number[] = [];
    for (let size = this.byte(); size > 0; size = this.byte()) parts.push(...this.take(size));
    return Uint8Array.from(parts);
  }
  colourTable(flags: number): number[][] {
    const size = 2 << (flags & 7);
    return Array.from({ length: size }, () => [...this.take(3)]);
  }
}

/** GIF's variable-width LZW: codes read LSB first, width growing with the table up to 12 bits. */
export function lzwDecode(minCodeSize: number, data: Uint8Array, pixelCount: number): Uint8Array {
  const clear = 1 << minCodeSize;
  const end = clear + 1;
  const prefix = new Int16Array(4096).fill(-1);
  const suffix = new Uint8Array(4096);
  const length = new Uint16Array(4096);
  for (let i = 0; i < clear; i++) [suffix[i], length[i]] = [i, 1];
  const out = new Uint8Array(pixelCount);
  let [pos, bit, next, codeSize, prev] = [0, 0, end + 1, minCodeSize + 1, -1];
  const firstOf = (code: number): number => {
    while (prefix[code]! !== -1) code = prefix[code]!;
    return suffix[code]!;
  };
  const write = (code: number): void => {
    const len = length[code]!;
    if (pos + len > pixelCount) throw new Error('LZW data runs past the image');
    for (let i = len - 1, c = code; i >= 0; i--, c = prefix[c]!) out[pos + i] = suffix[c]!;
    pos += len;
  };
  const add = (p: number, ch: number): void => {
    if (next >= 4096) return; // table full: the encoder must send a clear code
    [prefix[next], suffix[next], length[next]] = [p, ch, length[p]! + 1];
    next++;
  };
  while (bit + codeSize <= data.length * 8) {
    let code = 0;
    for (let i = 0; i < codeSize; i++, bit++) code |= ((data[bit >> 3]! >> (bit & 7)) & 1) << i;
    if (code === clear) {
      [next, codeSize, prev] = [end + 1, minCodeSize + 1, -1];
      continue;
    }
    if (code === end) break;
    if (prev === -1) write(code);
    else if (code < next) {
      write(code);
      add(prev, firstOf(code));
    } else if (code === next) {
      add(prev, firstOf(prev));
      write(code);
    } else throw new Error(`LZW code ${code} is past the table (${next})`);
    if (next === 1 << codeSize && codeSize < 12) codeSize++;
    prev = code;
  }
  if (pos !== pixelCount) throw new Error(`LZW gave ${pos} pixels, expected ${pixelCount}`);
  return out;
}

function readImage(r: Reader, globalTable: number[][], delayCs: number): GifFrame {
  r.take(4); // left, top
  const [width, height, flags] = [r.u16(), r.u16(), r.byte()];
  if (flags & 0x40) throw new Error('interlaced GIFs are not supported here');
  const hasLocalTable = (flags & 0x80) !== 0;
  const table = hasLocalTable ? r.colourTable(flags) : globalTable;
  const minCodeSize = r.byte();
  const indices = lzwDecode(minCodeSize, r.subBlocks(), width * height);
  const rgba = new Uint8Array(width * height * 4);
  indices.forEach((index, i) => rgba.set([...table[index]!, 255], i * 4));
  return { delayCs, hasLocalTable, rgba };
}

export function decodeGif(bytes: Uint8Array): DecodedGif {
  const r = new Reader(bytes);
  if (String.fromCharCode(...r.take(6)) !== 'GIF89a') throw new Error('not a GIF89a file');
  const [width, height, flags] = [r.u16(), r.u16(), r.byte()];
  r.take(2); // background index, aspect ratio
  const globalTable = flags & 0x80 ? r.colourTable(flags) : [];
  const gif: DecodedGif = { width, height, globalTable, loops: null, frames: [] };
  let delayCs = 0;
  for (;;) {
    const introducer = r.byte();
    if (introducer === 0x3b) return gif; // trailer
    if (introducer === 0x2c) gif.frames.push(readImage(r, globalTable, delayCs));
    else if (introducer === 0x21) {
      const label = r.byte();
      const body = r.subBlocks();
      if (label === 0xf9) delayCs = body[1]! | (body[2]! << 8); // graphic control
      const isNetscape = label === 0xff && String.fromCharCode(...body.subarray(0, 11)) === 'NETSCAPE2.0';
      if (isNetscape) gif.loops = body[12]! | (body[13]! << 8);
    } else throw new Error(`unknown GIF block 0x${introducer.toString(16)} at byte ${r.at - 1}`);
  }
}
