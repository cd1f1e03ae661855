import { defaultMaxBuckets } from '../engine/recorder/ddsketch.js';
import { DEFAULT_BLOCK_SIZE } from '../engine/run-plan.js';

/** Default memory budget of a run (MB = 2^20 bytes), `limits.maxMemoryMB` / `--max-memory`. */
export const DEFAULT_MAX_MEMORY_MB = 4096;

/** Default bound on the points of a sweep (or of a sensitivity block), `limits.maxPoints` / `--max-points`. */
export const DEFAULT_MAX_POINTS = 10_000;

const MB = 1024 * 1024;

/**
 * What a run allocates, in bytes per item, measured (peak RSS) on Node 20, the JavaScript heap's
 * headroom included. The recorder keeps, per recorded signal and step, a quantile sketch (its
 * objects and exact sum, plus 8 bytes a bucket over the span the values cover) for the whole
 * run; a worker thread keeps its own record, and hands it over as plain arrays that are copied
 * once more. Storing a point builds a row per signal and step and per sampled value, and DuckDB
 * holds every point's rows until the run's one transaction commits. Peak RSS measured against
 * the estimate (GB = 2^30 bytes), the flagship on one thread at 20 paths over 3,650 days (632k
 * signal-steps): 1.98 without samples or store (estimate 2.60), 3.15 stored with --json (3.34);
 * over 5,500 days 4.71 (4.95); at 10,000 paths over 180 days 0.34 (0.43), on two threads 1.00
 * (1.36).
 */
const COST = {
  /** Node, the models, DuckDB: what a run costs before it records anything. */
  base: 160 * MB,
  /** A worker thread: its isolate and block workspace. */
  thread: 48 * MB,
  /** One sketch and exact sum, without its buckets. */
  sketch: 1100,
  /** One sketch bucket (a Uint32 count). */
  bucket: 4,
  /** One signal × step of a point's summary (mean and 7 quantiles as JS numbers), kept for the whole command. */
  summaryCell: 100,
  /** One signal × step while a point is written into the store (its row in JavaScript). */
  storeCell: 570,
  /** One row (a signal × step, or a sampled value) of every point, held by DuckDB until the run's transaction commits. */
  storeKept: 130,
  /** One sampled value's row while a point is written into the store. */
  sampleRow: 100,
  /** One sampled value's row of every point, held by DuckDB until the commit. */
  sampleKept: 40,
  /** A point's plan, resolved scenario, manifest and bookkeeping. */
  point: 96 * 1024,
  /** A double (terminal values, sampled paths, event counts). */
  double: 8,
  /** One value of a per-path table while its point is stored (a JS list value, DuckDB's vector): an assumption, 10× a double. */
  perPathStored: 80,
} as const;

/** The shape of a run: what its memory depends on. */
export interface RunShape {
  paths: number;
  /** Steps after step 0 (steps + 1 are recorded). */
  steps: number;
  /** Steps that keep quantiles (a sketch per signal; RunPlan.quantileDays); default every step. */
  quantileSteps?: number;
  /** Recorded signals. */
  signals: number;
  events: number;
  samplePaths: number;
  keepTerminal: boolean;
  sketchAccuracy: number;
  /** Points of the sweep or sensitivity block (1 without). */
  points: number;
  /** Paths per block (threads beyond the block count are not started); default DEFAULT_BLOCK_SIZE. */
  blockSize?: number;
  /** With a per-path table (output.perPath): the drawn inputs it keeps beside final values and event days. */
  perPathInputs?: number;
}

/** One part of an estimate, and the scenario field that drives it (for the message). */
export interface MemoryPart {
  what: string;
  bytes: number;
  field: 'paths' | 'horizonDays' | 'sweep' | 'sensitivity' | 'record' | 'output';
}

/** A run's estimated peak memory, by part. */
export interface MemoryEstimate {
  bytes: number;
  threads: number;
  parts: MemoryPart[];
}

/**
 * The buckets a sketch typically spans: what the values of a step cover (a few hundred buckets
 * at the default accuracy, growing slowly with the paths as tails reach further), in buckets of
 * the requested accuracy, and never more than the sketch keeps.
 */
export function typicalBuckets(paths: number, sketchAccuracy: number): number {
  const ln = (a: number) => 2 * Math.log1p(a);
  const scale = Math.max(1, ln(0.005) / ln(sketchAccuracy));
  const buckets = (256 + 64 * Math.log2(1 + paths / 64)) * scale;
  return Math.min(2 * defaultMaxBuckets(sketchAccuracy), Math.ceil(buckets));
}

/**
 * Estimates a run's peak memory on `threads` worker threads (1: in the main thread), before
 * anything is allocated: the recorder's sketches (signals × recorded steps), terminal values,
 * sampled paths and event counts, each copied once per worker and again as it is handed over;
 * every point's summary, kept until the command ends; the rows of the point being stored. The
 * JSON document is written piece by piece and needs no room of its own. Calibrated on the
 * flagship (5–35% above the measured peaks); the figures are in {@link COST}.
 */
export function estimateRunMemory(shape: RunShape, threads = 1): MemoryEstimate {
  const blocks = Math.max(1, Math.ceil(shape.paths / (shape.blockSize ?? DEFAULT_BLOCK_SIZE)));
  const t = Math.max(1, Math.min(threads, blocks));
  const cells = (shape.steps + 1) * shape.signals;
  const sketches = (shape.quantileSteps ?? shape.steps + 1) * shape.signals;
  const recordCopies = t === 1 ? 1 : 1 + 2 * t;
  // the run's columns, and the workers' own paths twice (their record's blocks and the packed copy)
  const terminalCopies = t === 1 ? 1 : 1 + (2 * (t - 1)) / t;
  // the per-path table: every path's columns in each worker's record and in the run's
  const perPathCopies = t === 1 ? 1 : 1 + t;
  const sampled = Math.min(shape.samplePaths, shape.paths) * (shape.signals > 0 ? 1 : 0);
  const sketch = COST.sketch + COST.bucket * typicalBuckets(shape.paths, shape.sketchAccuracy);
  const parts: MemoryPart[] = [
    {
      what: `quantile sketches (${fmtCount(shape.signals)} signals × ${fmtCount(shape.quantileSteps ?? shape.steps + 1)} steps with quantiles${recordCopies > 1 ? `, ${recordCopies} copies on ${t} threads` : ''})`,
      bytes: sketches * sketch * recordCopies,
      field: 'horizonDays',
    },
    {
      what: `terminal values (${fmtCount(shape.signals)} signals × ${fmtCount(shape.paths)} paths${terminalCopies > 1 ? `, ${terminalCopies.toFixed(1)} copies` : ''}; output.keepTerminal: false drops them)`,
      bytes: shape.keepTerminal ? (shape.signals * shape.paths + 2 * shape.paths) * COST.double * terminalCopies : 0,
      field: 'paths',
    },
    {
      // kept by the recorder and in every point's summary, written as rows, and held by DuckDB until the commit
      what: `sampled paths (${sampled} × ${fmtCount(shape.signals)} signals × ${fmtCount(shape.steps + 1)} steps${shape.points > 1 ? ` × ${fmtCount(shape.points)} points` : ''}; output.samplePaths lowers it)`,
      bytes: sampled * cells * (COST.double * recordCopies + (COST.double + COST.sampleKept) * shape.points + COST.sampleRow),
      field: 'output',
    },
    {
      // the record's columns (once per worker and merged), the summary's, and a path's list while stored
      what: `per-path table (${fmtCount(shape.paths)} paths × ${(shape.perPathInputs ?? 0) + shape.events} drawn inputs and event days${shape.points > 1 ? ` × ${fmtCount(shape.points)} points` : ''}; output.perPath: false drops it)`,
      bytes: shape.perPathInputs === undefined ? 0 : shape.paths * (shape.perPathInputs + shape.events) * COST.double * (perPathCopies + shape.points) + shape.paths * (shape.perPathInputs + shape.events + shape.signals) * COST.perPathStored,
      field: 'output',
    },
    { what: `event counts (${shape.events} events)`, bytes: shape.events * (shape.steps + 1) * COST.double * (recordCopies + 2 * shape.points), field: 'horizonDays' },
    { what: `summaries of ${fmtCount(shape.points)} point(s)`, bytes: shape.points * (cells * COST.summaryCell + COST.point), field: shape.points > 1 ? 'sweep' : 'horizonDays' },
    { what: 'the rows of a point being stored', bytes: cells * COST.storeCell, field: 'horizonDays' },
    { what: `the store's transaction (${fmtCount(shape.points)} point(s) until it commits)`, bytes: shape.points * cells * COST.storeKept, field: shape.points > 1 ? 'sweep' : 'horizonDays' },
    { what: `Cascade itself and ${t} thread(s)`, bytes: COST.base + (t > 1 ? t * COST.thread : 0), field: 'paths' },
  ];
  return { bytes: parts.reduce((a, p) => a + p.bytes, 0), threads: t, parts };
}

/** The most threads (at most `wanted`) whose estimate fits `budgetBytes`; 1 if none does. */
export function threadsWithinBudget(shape: RunShape, wanted: number, budgetBytes: number): number {
  for (let t = Math.max(1, wanted); t > 1; t--) if (estimateRunMemory(shape, t).bytes <= budgetBytes) return t;
  return 1;
}

/** Bytes as "1.2 GB", "640 MB" (binary units, as the budget). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * MB) return `${(bytes / (1024 * MB)).toFixed(1)} GB`;
  return `${Math.max(1, Math.round(bytes / MB))} MB`;
}

function fmtCount(n: number): string {
  return n.toLocaleString('en-US');
}
