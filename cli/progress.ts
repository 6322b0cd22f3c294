// A progress line for long operations. Silent unless stderr is a terminal and the operation has
// run for more than a second, so pipes, logs and fast runs never see it; redrawn at most ten
// times a second, and erased when the operation ends so it never mixes with the result.

const SHOW_AFTER_MS = 1000;
const REDRAW_MS = 100;
// Reading the clock on every file would cost more than a header read; every 256th is enough.
const CLOCK_SHIFT = 8;

export class Progress {
  private count = 0;
  private shown = false;
  private lastDraw = 0;
  private readonly start = performance.now();

  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  /** Counts `files` more files done. */
  tick(files = 1): void {
    const before = this.count;
    this.count += files;
    if (before >>> CLOCK_SHIFT === this.count >>> CLOCK_SHIFT || !this.stream.isTTY) return;
    const now = performance.now();
    if (now - this.start < SHOW_AFTER_MS || now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    this.shown = true;
    this.stream.write(`\r${this.label}: ${this.count.toLocaleString('en-US')} files…\x1b[K`);
  }

  /** Erases the line, if it was ever drawn. */
  done(): void {
    if (this.shown) this.stream.write('\r\x1b[K');
    this.shown = false;
  }
}
