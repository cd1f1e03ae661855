import path from 'node:path';
import { defaultThreads, runPlan } from './engine/run.js';
import { registry, registryUrl } from './models/index.js';
import { sensitivityTable, type SensitivityTable } from './results/sensitivity.js';
import { summarize, type RunSummary } from './results/summarize.js';
import { loadScenario, type LoadedScenario, type ScenarioOverrides, type ScenarioPoint } from './scenario/plan.js';
import { BUILTIN_DIR } from './scenario/load.js';
import { VERSION } from './version.js';

/** The built-in scenario that `cascade run` and `npm start` use when no file is given. */
export const FLAGSHIP_SCENARIO = path.join(BUILTIN_DIR, 'flagship.yaml');

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

/** Options of {@link runScenario}. */
export interface RunScenarioOptions extends ScenarioOverrides {
  /** Worker threads (default: all cores). Results do not depend on it. */
  threads?: number;
  /** Progress over all points, in paths. */
  onProgress?: (pathsDone: number, pathsTotal: number) => void;
  /**
   * Optional: a stored result for a point (same resolved scenario, seed and version), used
   * instead of running it. The run store supplies it for `cascade run --reuse`.
   */
  reuse?: (point: ScenarioPoint) => Promise<PointResult | null>;
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
  const threads = options.threads ?? defaultThreads();
  const reused: (PointResult | null)[] = [];
  for (const p of loaded.points) reused.push((await options.reuse?.(p)) ?? null);
  const total = loaded.points.reduce((a, p, k) => a + (reused[k] ? 0 : p.plan.paths), 0);
  let before = 0;
  const points: PointResult[] = [];
  for (const [k, point] of loaded.points.entries()) {
    const stored = reused[k];
    if (stored) {
      points.push(stored);
      continue;
    }
    const outcome = await runPlan(point.plan, {
      registryUrl,
      threads,
      onProgress: (done) => options.onProgress?.(before + done, total),
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
    };
    const result: PointResult = { manifest, resolved: point.resolved, ...summarize(outcome, registry) };
    if (point.sensitivity) result.sensitivityRun = { name: point.sensitivity.name, side: point.sensitivity.side, value: point.sensitivity.value };
    points.push(result);
  }
  const s = loaded.valid.scenario;
  if (!s.sensitivity) return { file, name: s.name, description: s.description, points };
  const table = sensitivityTable(s.sensitivity, loaded.points.map((point, k) => ({ point, summary: points[k] })));
  points[0].sensitivity = table;
  return { file, name: s.name, description: s.description, points, sensitivity: table };
}
