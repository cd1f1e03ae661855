import cliProgress from 'cli-progress';
import { formatDuration } from '../report/format.js';
import { formatNumber } from '../results/format.js';

/** Seconds between the plain progress lines written when stderr is not a terminal (a pipe, CI). */
const PLAIN_EVERY_MS = 5000;

/** Where and how progress is shown. */
export interface ProgressOptions {
  /** False: show nothing (e.g. `--json`). */
  enabled?: boolean;
  /** Draw a redrawn bar (a terminal) or write plain lines (a pipe, a CI log); default: the stream's isTTY. */
  tty?: boolean;
  /** Milliseconds between plain lines (default 5000). */
  plainEveryMs?: number;
  /** The clock, for tests. */
  now?: () => number;
}

/**
 * The progress of a run on stderr. On a terminal: one line (cli-progress, cut to the terminal's
 * width rather than wrapped) drawn at once and redrawn as time passes, advanced per finished
 * block of paths; the time left is only estimated once a tenth of the paths are done (the first
 * blocks include the workers' start). Elsewhere: a plain line at the start and every few
 * seconds.
 */
export class Progress {
  private readonly started: number;
  private readonly now: () => number;
  private bar: cliProgress.SingleBar | null = null;
  private lastPlain = -Infinity;
  private readonly enabled: boolean;
  private readonly tty: boolean;
  private total = 0;
  private timer: NodeJS.Timeout | null = null;
  private pathsDone = 0;
  private readonly plainEvery: number;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly label: string,
    options: ProgressOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.started = this.now();
    this.enabled = options.enabled ?? true;
    this.tty = options.tty ?? stream.isTTY === true;
    this.plainEvery = options.plainEveryMs ?? PLAIN_EVERY_MS;
  }

  /** Shows the start right away: the total paths and what runs them. */
  start(totalPaths: number, what: string): void {
    if (!this.enabled) return;
    this.total = totalPaths;
    if (this.tty) {
      this.bar = new cliProgress.SingleBar(
        {
          stream: this.stream,
          format: `${this.label} {bar} {percentage}% · {paths} paths · {elapsedText} · {etaText}`,
          barsize: 20,
          barCompleteChar: '█',
          barIncompleteChar: '░',
          hideCursor: true,
          clearOnComplete: true,
          linewrap: false,
          fps: 4,
          forceRedraw: true,
        },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(totalPaths, 0, this.payload(0));
      // redraw the elapsed time while a block runs
      this.timer = setInterval(() => this.bar?.update(this.payload(this.pathsDone)), 500);
      this.timer.unref();
    } else {
      this.stream.write(`${this.label}: ${formatNumber(totalPaths)} paths (${what})\n`);
      this.lastPlain = this.now();
      // a line every few seconds even while one long block runs
      this.timer = setInterval(() => this.plainLine(false), Math.min(1000, this.plainEvery));
      this.timer.unref();
    }
  }

  /** The elapsed time and the estimate of what is left, in words. */
  private payload(done: number): { paths: string; elapsedText: string; etaText: string } {
    const elapsed = this.now() - this.started;
    const frac = this.total ? done / this.total : 1;
    const etaText = frac >= 1 ? 'done' : frac >= 0.1 ? `about ${formatDuration((elapsed / frac) * (1 - frac))} left` : 'estimating time left';
    return { paths: `${formatNumber(done)}/${formatNumber(this.total)}`, elapsedText: formatDuration(elapsed), etaText };
  }

  /** Paths done so far (called per finished block). */
  update(done: number, total: number): void {
    if (!this.enabled) return;
    if (total !== this.total) {
      if (!this.total) this.start(total, 'running');
      this.total = total;
      this.bar?.setTotal(total);
    }
    this.pathsDone = done;
    if (this.bar) this.bar.update(done, this.payload(done));
    else this.plainLine(done >= total);
  }

  /** A plain progress line, if a few seconds have passed since the last (or `force`). */
  private plainLine(force: boolean): void {
    if (!force && (this.now() - this.lastPlain < this.plainEvery || this.pathsDone >= this.total)) return;
    this.lastPlain = this.now();
    const p = this.payload(this.pathsDone);
    this.stream.write(`${this.label}: ${p.paths} paths (${Math.floor((this.pathsDone / (this.total || 1)) * 100)}%), ${p.elapsedText}, ${p.etaText}\n`);
  }

  /** Clears the bar (the summary follows). */
  finish(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.bar) {
      this.bar.stop();
      this.bar = null;
    }
  }
}
