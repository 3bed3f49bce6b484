/** A one-line progress bar on stderr: n/N, a note, a rate and the ETA. Silent when quiet or not a terminal. */
export class ProgressBar {
  private readonly started = performance.now();
  private lastDraw = 0;
  private readonly live: boolean;

  constructor(
    private readonly total: number,
    private readonly label: string,
    quiet: boolean,
    private readonly unit = 'steps',
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.live = !quiet && Boolean(stream.isTTY);
  }

  update(done: number, note: string): void {
    const now = performance.now();
    if (!this.live || (now - this.lastDraw < 50 && done < this.total)) return;
    this.lastDraw = now;
    const rate = done / ((now - this.started) / 1000);
    const eta = (this.total - done) / rate;
    const width = 24;
    const filled = Math.round((done / this.total) * width);
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
    this.stream.write(`\r${this.label} ${bar} ${done}/${this.total} ${note} ${rate.toFixed(rate < 10 ? 1 : 0)} ${this.unit}/s ETA ${eta.toFixed(1)}s `);
  }

  /** Clears the bar's line, so a message can be printed in its place. */
  clear(): void {
    if (this.live) this.stream.write('\r\x1b[2K');
  }

  finish(): void {
    const seconds = (performance.now() - this.started) / 1000;
    if (this.live) this.stream.write(`\r\x1b[2K${this.label}: ${this.total} ${this.unit} in ${seconds.toFixed(2)} s\n`);
  }
}
