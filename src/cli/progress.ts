// Progress of a long run on standard error: a bar on a terminal
// (cli-progress), otherwise one plain line every few seconds.
import cliProgress from 'cli-progress';

export interface ProgressCounts {
  done: number;
  detail: string;
}

export class Progress {
  readonly #label: string;
  readonly #total: number;
  readonly #counts: () => ProgressCounts;
  readonly #bar: cliProgress.SingleBar | undefined;
  readonly #timer: NodeJS.Timeout;
  readonly #started = performance.now();

  constructor(label: string, total: number, counts: () => ProgressCounts, intervalMs = 5000) {
    this.#label = label;
    this.#total = total;
    this.#counts = counts;
    if (process.stderr.isTTY) {
      this.#bar = new cliProgress.SingleBar({
        stream: process.stderr,
        format: `${label} [{bar}] {percentage}% {value}/{total} rows | {detail} | {rate} rows/s | ETA {eta}s`,
        hideCursor: true,
        etaBuffer: 200,
      }, cliProgress.Presets.shades_classic);
      this.#bar.start(total, 0, { detail: '', rate: '0' });
      this.#timer = setInterval(() => this.#update(), 200);
    } else {
      this.#timer = setInterval(() => this.#line(), intervalMs);
    }
    this.#timer.unref();
  }

  #rate(done: number): string {
    const s = (performance.now() - this.#started) / 1000;
    return s > 0 ? (done / s).toFixed(0) : '0';
  }

  #update(): void {
    const c = this.#counts();
    this.#bar?.update(c.done, { detail: c.detail, rate: this.#rate(c.done) });
  }

  #line(): void {
    const c = this.#counts();
    process.stderr.write(`${this.#label}: ${c.done}/${this.#total} rows (${c.detail}) ${this.#rate(c.done)} rows/s\n`);
  }

  stop(): void {
    clearInterval(this.#timer);
    if (this.#bar) {
      this.#update();
      this.#bar.stop();
    }
  }
}
