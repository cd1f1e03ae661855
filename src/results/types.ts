import type { PlannedEvent } from '../engine/run-plan.js';
import type { QuantileKey } from './quantiles.js';
import type { SensitivityTable } from './sensitivity.js';

/**
 * The shape of results: what `runScenario` returns, `cascade run --json` prints, the store
 * keeps and the report reads. Plain, JSON-ready data.
 */

/**
 * Per-step statistics of one signal; arrays have one value per step 0..steps (t[0] = start).
 * `model` is the model that writes it (for a flow signal: the model named by its prefix if
 * enabled, else its first contributor), so reports can group signals without knowing names.
 */
export type SignalSummary = { unit: string; model: string; t: string[]; mean: number[]; nonFinite: number } & Record<QuantileKey, number[]>;

/** Statistics of a signal's final values over all paths (exact, from every path). */
export interface TerminalSummary {
  unit: string;
  mean: number;
  p01: number;
  p05: number;
  p50: number;
  p95: number;
  p99: number;
  /** Mean of the worst (lowest) 5% of paths: expected shortfall at 95%. */
  es05: number;
  /** Mean of the highest 5% of paths. */
  es95: number;
}

/** When an event happens: its probability and, among paths where it happens, its day. */
export interface EventSummary {
  description: string;
  /** Share of paths on which it happened within the horizon. */
  probability: number;
  paths: number;
  /** Days after the start (0 = at the start), among paths where it happened; null if never. */
  day: { p05: number; p50: number; p95: number } | null;
  /** date[k]: ISO date of day quantile k, for reading. */
  date: { p05: string; p50: string; p95: string } | null;
  /** hitsByStep[k]: paths whose first passage is at step k (0..steps): the event-day histogram. */
  hitsByStep: number[];
}

/** An event's condition as the engine watched it: `signal op value` (e.g. btc.price < 60000). */
export type EventCondition = Pick<PlannedEvent, 'signal' | 'op' | 'value'>;

/** The numbers of one run (or one sweep point). */
export interface RunSummary {
  signals: Record<string, SignalSummary>;
  events: Record<string, EventSummary>;
  terminal: Record<string, TerminalSummary>;
  samples: { path: number; values: Record<string, number[]> }[];
  /**
   * Each event's condition, by event name, so that readers (the report's threshold lines)
   * parse nothing. Beside `events` rather than in them, so that `events` (the `--json`
   * document's) stays as it was; the `--json` document leaves it out.
   */
  conditions: Record<string, EventCondition>;
}

/** How a result was produced: enough to reproduce it. */
export interface Manifest {
  cascadeVersion: string;
  scenario: string;
  file: string;
  /** SHA-256 of the fully resolved scenario (defaults filled, sweep point applied). */
  scenarioHash: string;
  seed: number;
  paths: number;
  steps: number;
  stepDays: number;
  startDate: string;
  threads: number;
  elapsedMs: number;
  /** Sweep point label (`base` without a sweep) and its values. */
  point: string;
  sweepValues: Record<string, unknown>;
  /** `--set path=value` overrides of the file, by path (absent without any). */
  set?: Record<string, unknown>;
}

/** One parameter point's result. */
export interface PointResult extends RunSummary {
  manifest: Manifest;
  /** The resolved scenario the hash covers. */
  resolved: Record<string, unknown>;
  /** A run of a `sensitivity` block: the item it varies, the side and the value. */
  sensitivityRun?: { name: string; side: 'low' | 'high'; value: number };
  /** On the base point of a scenario with a `sensitivity` block: the tornado table. */
  sensitivity?: SensitivityTable;
}

/** The result of a scenario: one point, or one per sweep point. */
export interface ScenarioResult {
  file: string;
  name: string;
  description: string;
  points: PointResult[];
  /** The tornado table of a scenario with a `sensitivity` block (also on its base point). */
  sensitivity?: SensitivityTable;
}
