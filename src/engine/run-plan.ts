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
   * Paths per block, the unit of work. Blocks are fixed by the plan, never by the number of
   * threads or shards, so per-block partial sums are the same wherever a block runs.
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
}

export type { DistributionSpec };
