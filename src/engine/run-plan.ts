import type { EventLogic } from '../events/evaluate.js';
import type { DistributionSpec, NumberOrDistribution } from './distributions.js';

/** One enabled model and its settings (every parameter present, defaults filled in). */
export interface PlannedModel {
  name: string;
  settings: Record<string, unknown>;
}

/** A parameter change at a step: from then on, `model.param` takes `value` (drawn per path if a distribution). */
export interface PlannedSet {
  model: string;
  param: string;
  value: unknown;
}

/** A shock to a signal at a step: signal ← signal × multiply + add. */
export interface PlannedShock {
  signal: string;
  multiply?: NumberOrDistribution;
  add?: NumberOrDistribution;
}

export interface PlannedScheduleEntry {
  /** The step at whose start it applies (1..steps). */
  step: number;
  /** The ISO date it was scheduled for. */
  date: string;
  set: PlannedSet[];
  shocks: PlannedShock[];
}

/**
 * A first-passage event: the first step at which `signal op value` holds on a path, or, when
 * `logic` is given, the first step at which that condition (with its window, duration and
 * count) is met; `signal`, `op` and `value` are then unused (`signal` is '').
 */
export interface PlannedEvent {
  name: string;
  signal: string;
  op: '<' | '<=' | '>' | '>=';
  value: number;
  description: string;
  /** A condition with logic (events/evaluate.ts); absent for the simple `signal op value` form. */
  logic?: EventLogic;
}

/**
 * A signal written from a dated series instead of by a model (the scenario's `replay:`): the
 * same value on every path, one per step. The engine writes it before any model steps; no
 * enabled model may write it too.
 */
export interface PlannedReplay {
  /** The signal, e.g. `btc.price`. */
  signal: string;
  /** Where the values come from, for messages and the report (e.g. `data/btc_price_daily_usd_bitstamp.csv`). */
  source: string;
  /** Value at steps 0, 1, …, steps (length steps + 1). */
  values: number[];
}

/**
 * Everything the engine needs to run one parameter point: plain data, so it can be sent to
 * worker threads or other machines unchanged. Built by `scenario/` from a scenario file.
 */
export interface RunPlan {
  scenarioName: string;
  seed: number;
  paths: number;
  steps: number;
  stepDays: number;
  /** ISO date of step 0. */
  startDate: string;
  /**
   * Paths per block, the unit of work: a multiple of {@link SUM_GRANULE} (or at least the
   * paths, one block). Means are summed per granule, not per block, so the block size changes
   * no result: it trades the time to a first partial result against per-block overhead.
   */
  blockSize: number;
  models: PlannedModel[];
  schedule: PlannedScheduleEntry[];
  events: PlannedEvent[];
  /** Signals to record; empty records none (events still count). */
  record: string[];
  /** How many full paths to keep for plots, spread evenly over the path range. */
  samplePaths: number;
  /** Whether to keep every path's final value of each recorded signal (for tail metrics). */
  keepTerminal: boolean;
  /** Relative accuracy of the quantile sketches. */
  sketchAlpha: number;
  /**
   * Whether to keep the per-path table: each path's drawn inputs and each event's first step
   * (engine/per-path.ts); final values are the terminal values, which it implies.
   */
  perPath?: boolean;
  /** Signals replayed from dated series (absent or empty: none). */
  replay?: PlannedReplay[];
  /**
   * At which steps quantiles are kept (means are kept at every step); omitted: every step.
   * Scenarios set it from their output block (daily for the first weeks and on the summary
   * days, then weekly).
   */
  quantileDays?: QuantileDays;
}

/**
 * The steps whose distribution across paths is kept as a quantile sketch: step 0, the last
 * step, every step up to `dailyDays`, then every `everyDays` days, and the step of each of
 * `days` (days after the start, rounded to the nearest step).
 */
export interface QuantileDays {
  /** Days from the start with a sketch at every step (days). */
  dailyDays: number;
  /** Days between sketches after those (days; 1 keeps every step). */
  everyDays: number;
  /** Further days with a sketch: the summary's and a sensitivity's date (days after the start). */
  days: number[];
}

export type { DistributionSpec };

/**
 * Paths per partial sum of a step's values: each granule of consecutive paths is summed in path
 * order into one double, and the granules' sums are added exactly (ExactSums). Fixed here, not by
 * the block size, threads or shards, so every split of the paths gives bit-identical means.
 */
export const SUM_GRANULE = 128;

/**
 * Paths per block, the unit of work of a scenario's plan (it changes no result, so it is not
 * part of a run's hash). Two costs pull against each other: recording costs per block and per
 * recorded step (a sketch's add, a quantile cell's check), so larger blocks record cheaper (~22%
 * of the flagship's thread time at 128 against ~11% at 1,024); the models sweep their per-path
 * state every step (~17 KB a path in the flagship), which stays in cache better in smaller
 * blocks — and two threads share the 32 MB L3 of the 2-core machine, which two 1,024-path
 * blocks (~18 MB each) overflow. Measured (bench/README.md, "Block size, terminal values by block"):
 * 512 ran the flagship faster than 1,024 on one thread (16.8/17.3 against 19.2/18.5 µs a
 * path-step in alternating processes) and 1.82× on two (1,024: 1.60–1.98×; 256 slower on one
 * thread). A live run chooses smaller blocks for an early first partial (the server's
 * LIVE_BLOCK_SIZE).
 */
export const DEFAULT_BLOCK_SIZE = 512;
