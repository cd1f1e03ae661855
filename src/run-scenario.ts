import type { WorkerPool } from './engine/worker-pool.js';
import path from 'node:path';
import { defaultThreads, runPlan, type RunOptions, type RunOutcome } from './engine/run.js';
import type { RunRecord } from './engine/recorder/run-record.js';
import { registry, registryUrl } from './models/index.js';
import { analyseRun } from './analysis/run-analyses.js';
import { sensitivityTable } from './results/sensitivity.js';
import { summarize } from './results/summarize.js';
import type { Manifest, PointResult, ScenarioResult } from './results/types.js';
import { loadScenario, type LoadedScenario, type ScenarioOverrides, type ScenarioPoint } from './scenario/plan.js';
import { BUILTIN_DIR } from './scenario/load.js';
import { VERSION } from './version.js';

/** The built-in scenario that `cascade run` and `npm start` use when no file is given. */
export const FLAGSHIP_SCENARIO = path.join(BUILTIN_DIR, 'flagship.yaml');

/** The result types (defined with the results, src/results/types.ts), for importers of this module. */
export type { Manifest, PointResult, ScenarioResult } from './results/types.js';

/** Options of {@link runScenario}. */
export interface RunScenarioOptions extends ScenarioOverrides {
  /** Worker threads (default: all cores, one for a small run: `autoThreads`). Results do not depend on it. */
  threads?: number;
  /** Progress over all points, in paths. */
  onProgress?: (pathsDone: number, pathsTotal: number) => void;
  /**
   * Optional: a stored result for a point (same resolved scenario, seed and version), used
   * instead of running it. The run store supplies it for `cascade run --reuse`.
   */
  reuse?: (point: ScenarioPoint) => Promise<PointResult | null>;
  /** Cancels the run (see {@link RunOptions.signal}). */
  signal?: AbortSignal;
  /** Always on worker threads, leaving this thread free (see {@link RunOptions.inWorkers}). */
  inWorkers?: boolean;
  /** Warm worker threads to take instead of starting new ones (see {@link RunOptions.pool}). */
  pool?: WorkerPool;
  /** Live partial records of the point being computed, by its index (see {@link RunOptions.partial}). */
  partial?: { signals: string[]; onPartial: (point: number, record: RunRecord) => void; everyMs?: number };
  /**
   * Optional: computes point k somewhere else (a cluster, src/cluster/) instead of this
   * machine's threads; it must give the record `runPlan` would. `onProgress` takes paths done
   * over the whole run.
   */
  runPoint?: (k: number, point: ScenarioPoint, onProgress: (pathsDone: number) => void) => Promise<RunOutcome>;
}

/**
 * Loads, validates and runs a scenario file (default: the flagship), returning statistics per
 * sweep point. Throws ScenarioError (with every problem, file:line:col) on a bad scenario.
 */
export async function runScenario(file: string = FLAGSHIP_SCENARIO, options: RunScenarioOptions = {}): Promise<ScenarioResult> {
  return runLoadedScenario(loadScenario(file, registry, options), options);
}

/** Runs an already loaded scenario (see {@link runScenario}); points that `options.reuse` supplies are not run. */
export async function runLoadedScenario(loaded: LoadedScenario, options: RunScenarioOptions = {}): Promise<ScenarioResult> {
  const file = loaded.file;
  // undefined: each point's run picks (every core, but a small run stays in this thread)
  const threads = options.threads;
  const reused: (PointResult | null)[] = [];
  for (const p of loaded.points) reused.push((await options.reuse?.(p)) ?? null);
  const total = loaded.points.reduce((a, p, k) => a + (reused[k] ? 0 : p.plan.paths), 0);
  let before = 0;
  const points: PointResult[] = [];
  for (const [k, point] of loaded.points.entries()) {
    const stored = reused[k];
    if (stored) {
      // a stored point keeps the numbers; its role (a tornado side, a design row) is this run's
      const { sensitivityRun: _side, designRun: _row, sensitivity: _table, ...numbers } = stored;
      points.push({
        ...numbers,
        ...(point.sensitivity ? { sensitivityRun: { name: point.sensitivity.name, side: point.sensitivity.side, value: point.sensitivity.value } } : {}),
        ...(point.design ? { designRun: point.design } : {}),
      });
      continue;
    }
    const outcome = options.runPoint
      ? await options.runPoint(k, point, (done) => options.onProgress?.(done, total))
      : await runPlan(point.plan, {
          registryUrl,
          threads,
          onProgress: (done) => options.onProgress?.(before + done, total),
          signal: options.signal,
          inWorkers: options.inWorkers,
          pool: options.pool,
          partial: options.partial && { signals: options.partial.signals, everyMs: options.partial.everyMs, onPartial: (record) => options.partial!.onPartial(k, record) },
        });
    before += point.plan.paths;
    const manifest: Manifest = {
      cascadeVersion: VERSION,
      scenario: point.plan.scenarioName,
      file: path.relative(process.cwd(), path.resolve(file)) || file,
      scenarioHash: point.hash,
      seed: point.plan.seed,
      paths: point.plan.paths,
      steps: point.plan.steps,
      stepDays: point.plan.stepDays,
      startDate: point.plan.startDate,
      threads: outcome.threads,
      elapsedMs: Math.round(outcome.elapsedMs),
      point: point.label,
      sweepValues: point.values,
      ...(point.resolved.set ? { set: point.resolved.set as Record<string, unknown> } : {}),
    };
    const result: PointResult = { manifest, resolved: point.resolved, ...summarize(outcome) };
    if (point.sensitivity) result.sensitivityRun = { name: point.sensitivity.name, side: point.sensitivity.side, value: point.sensitivity.value };
    if (point.design) result.designRun = point.design;
    points.push(result);
  }
  const s = loaded.valid.scenario;
  const analyses = analyseRun(loaded, points);
  if (!s.sensitivity || s.sensitivity.method !== 'tornado') return { file, name: s.name, description: s.description, points, ...analyses };
  const table = sensitivityTable(s.sensitivity, loaded.points.map((point, k) => ({ point, summary: points[k] })));
  points[0].sensitivity = table;
  return { file, name: s.name, description: s.description, points, sensitivity: table, ...analyses };
}
