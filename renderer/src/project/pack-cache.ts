/** The project writer's memory of packed entries: one per writer (the worker's, or the page's where there are no workers). */
import { packPieces, type Piece } from '../../../electron/core/project/format';
import { writeZip, type PackedEntry } from '../../../electron/core/project/zip';

/** A piece as sent to the writer: arrays and chunks it already holds come by name only. */
export type SentPiece = Piece | { kind: 'known'; name: string };

export class PackCache {
  private readonly entries = new Map<string, PackedEntry>();

  /** The zip of these pieces, and the names the writer now holds; throws if a piece sent by name is not held. */
  pack(pieces: readonly SentPiece[]): { bytes: Uint8Array; held: string[] } {
    const full = pieces.map((p): Piece => {
      if (p.kind !== 'known') return p;
      if (!this.entries.has(p.name)) throw new LostEntry(p.name);
      return { kind: 'binary', name: p.name, data: new Uint8Array(0) }; // packPieces takes the held entry by its name
    });
    // level 1: a save of a large photo stays quick; the frames' XOR deltas compress well at any level
    const bytes = writeZip(packPieces(full, this.entries, 1));
    return { bytes, held: [...this.entries.keys()] };
  }
}

export class LostEntry extends Error {
  override name = 'LostEntry';
  constructor(entry: string) {
    super(`the project writer no longer holds ${entry}`);
  }
}
