import { mergePerPath, newPerPathRecord, type PerPathRecord } from '../per-path.js';
import type { RunPlan } from '../run-plan.js';
import { ExactSums } from './exact-sums.js';
import { QuantileCell } from './quantile-cell.js';
import type { SharedCells } from './shared-cells.js';
import { TerminalValues } from './terminal-values.js';

/** Per step statistics of one recorded signal. */
export interface SignalRecord {
  /** Step t's exact sum of the finite values (`sums.value(t)`), for the mean (every step 0..steps). */
  sums: ExactSums;
  /** finite[t]: how many finite values step t summed (the mean's divisor). */
  finite: Float64Array;
  /** cells[k]: the distribution at step `RunRecord.quantileSteps[k]` (quantiles). */
  cells: QuantileCell[];
  /** NaN or infinite values seen (they are left out of sketches and sums): a model bug. */
  nonFinite: number;
  /**
   * This signal's index among the record's shared cells (shared-cells.ts), whose quantiles the
   * run's threads add into together: `cells` then stay empty until {@link RunRecord.adoptSharedCells}.
   * -1: the cells are this record's own.
   */
  readonly sharedAt: number;
  /**
   * Final value of every path of the run (global index; NaN where this record ran no block), when
   * the plan keeps terminal values: a column of the record's {@link TerminalValues}.
   */
  readonly terminal: Float64Array | null;
}

/** First-passage counts of one event. */
export interface EventRecord {
  /** hits[t]: paths whose first passage was at step t. */
  hits: Float64Array;
}

/** A full path kept for plots. */
export interface SampledPath {
  path: number;
  /** Signal name → value per step 0..steps. */
  values: Record<string, Float64Array>;
}

/**
 * The steps of a plan that keep quantiles, ascending (see {@link QuantileDays}): every step
 * when the plan does not say.
 */
export function quantileStepsOf(plan: Pick<RunPlan, 'steps' | 'stepDays' | 'quantileDays'>): number[] {
  const { steps, stepDays } = plan;
  const q = plan.quantileDays;
  if (!q) return Array.from({ length: steps + 1 }, (_, t) => t);
  const keep = new Uint8Array(steps + 1);
  keep[0] = 1;
  keep[steps] = 1;
  const every = Math.max(1, Math.round(q.everyDays / stepDays));
  for (let t = 1; t < steps; t++) if (t * stepDays <= q.dailyDays || t % every === 0) keep[t] = 1;
  for (const d of q.days) keep[Math.max(0, Math.min(steps, Math.round(d / stepDays)))] = 1;
  const out: number[] = [];
  for (let t = 0; t <= steps; t++) if (keep[t]) out.push(t);
  return out;
}

/**
 * What a run records, accumulated over blocks. Merging two records is addition (exact for
 * counts and sums, placement for per-path arrays), so the result is the same whatever order
 * and however the blocks were split among threads, shards or machines. Between threads and
 * machines a record travels packed in one typed array (pack.ts).
 */
export class RunRecord {
  /** Paths accumulated so far. */
  paths = 0;
  readonly signals = new Map<string, SignalRecord>();
  readonly events = new Map<string, EventRecord>();
  readonly samples: SampledPath[] = [];
  /** The steps with quantiles, ascending (step 0 and the last among them). */
  readonly quantileSteps: number[];
  /** cellAt[t]: the index of step t in `quantileSteps`, or -1. */
  readonly cellAt: Int32Array;
  /** The per-path table, when the plan asks for it (`plan.perPath`). */
  perPath: PerPathRecord | null;
  /** Final values of the recorded signals on the paths run, when the plan keeps them (`plan.keepTerminal`). */
  readonly terminal: TerminalValues | null;

  /**
   * @param plan what the run records
   * @param shared the run's shared cells, when its threads add the quantiles of some signals
   *   (`shared.buffers.signals`) into one set: this record then keeps their sums, counts and
   *   per-path values, and the main thread takes their cells at the end (adoptSharedCells)
   */
  constructor(
    readonly plan: RunPlan,
    readonly shared: SharedCells | null = null,
  ) {
    this.perPath = plan.perPath ? newPerPathRecord(plan) : null;
    const n = plan.steps + 1;
    this.quantileSteps = quantileStepsOf(plan);
    this.cellAt = new Int32Array(n).fill(-1);
    this.quantileSteps.forEach((t, k) => (this.cellAt[t] = k));
    const terminal = plan.keepTerminal ? new TerminalValues(plan.record.length, plan.paths) : null;
    this.terminal = terminal;
    plan.record.forEach((s, k) => {
      this.signals.set(s, {
        sums: new ExactSums(n),
        finite: new Float64Array(n),
        cells: this.quantileSteps.map(() => new QuantileCell(plan.sketchAlpha)),
        nonFinite: 0,
        sharedAt: shared ? shared.buffers.signals.indexOf(s) : -1,
        get terminal() {
          return terminal ? terminal.column(k) : null;
        },
      });
    });
    for (const e of plan.events) this.events.set(e.name, { hits: new Float64Array(n) });
  }

  /** The mean of a signal's finite values at step t (NaN when there are none). */
  mean(signal: string, t: number): number {
    const s = this.signals.get(signal)!;
    return s.finite[t] ? s.sums.value(t) / s.finite[t] : NaN;
  }

  /**
   * Adds another record of the same plan (disjoint paths). A record of a plan that records
   * fewer signals (a live partial view, engine/partial.ts) takes only the signals it has.
   */
  merge(other: RunRecord): void {
    this.paths += other.paths;
    for (const [name, theirs] of other.signals) {
      const ours = this.signals.get(name);
      if (!ours) continue;
      ours.sums.merge(theirs.sums);
      addInto(ours.finite, theirs.finite);
      for (let k = 0; k < theirs.cells.length; k++) ours.cells[k].merge(theirs.cells[k]);
      ours.nonFinite += theirs.nonFinite;
    }
    if (this.terminal && other.terminal) this.terminal.merge(other.terminal);
    for (const [name, theirs] of other.events) addInto(this.events.get(name)!.hits, theirs.hits);
    if (this.plan.samplePaths > 0) this.addSamples(other.samples);
    if (this.perPath && other.perPath) mergePerPath(this.perPath, other.perPath);
  }

  /**
   * Takes the shared signals' cells from the shared record (once every thread has finished): each
   * becomes an ordinary cell viewing the shared memory. Cells added into this record meanwhile
   * (a merge of another record's) are merged in.
   */
  adoptSharedCells(): void {
    const shared = this.shared;
    if (!shared) return;
    for (const s of this.signals.values()) {
      if (s.sharedAt < 0) continue;
      for (let k = 0; k < s.cells.length; k++) {
        const own = s.cells[k];
        s.cells[k] = shared.cell(s.sharedAt, k);
        if (own.count > 0) s.cells[k].merge(own);
      }
    }
  }

  /** Adds sampled paths (of other blocks), kept in path order. */
  addSamples(samples: SampledPath[]): void {
    this.samples.push(...samples);
    this.samples.sort((x, y) => x.path - y.path);
  }

  /** Bytes of sketch bucket counts held (the record's bulk; constants and sums aside). */
  storeBytes(): number {
    let bytes = 0;
    for (const s of this.signals.values()) for (const c of s.cells) bytes += c.storeBytes();
    return bytes;
  }
}

/** ours[k] += theirs[from + k]. */
export function addInto(ours: Float64Array, theirs: ArrayLike<number>, from = 0): void {
  for (let k = 0; k < ours.length; k++) ours[k] += theirs[from + k];
}
