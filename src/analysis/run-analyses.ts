import { sensitivityOutput } from '../results/sensitivity.js';
import type { PointResult } from '../results/types.js';
import type { LoadedScenario } from '../scenario/plan.js';
import { globalSensitivityResult, type GlobalSensitivityResult } from './global-sensitivity.js';
import { prim, type PrimResult } from './prim.js';

/** PRIM's answer for one event on one point's per-path table. */
export interface DiscoveryResult extends PrimResult {
  event: string;
  description: string;
  /** The point (0-based) whose paths were searched. */
  point: number;
}

/** The analyses a scenario's blocks ask for, computed from its points' results. */
export interface RunAnalyses {
  globalSensitivity?: GlobalSensitivityResult;
  discovery?: DiscoveryResult;
}

/**
 * Runs the global sensitivity measures (over the design's points, 2…) and the discovery block
 * (PRIM on the first point's per-path table) of a loaded scenario whose points have run.
 */
export function analyseRun(loaded: LoadedScenario, points: PointResult[]): RunAnalyses {
  const s = loaded.valid.scenario;
  const out: RunAnalyses = {};
  if (s.sensitivity && loaded.design) {
    const outputs = points.slice(1).map((p) => sensitivityOutput(s.sensitivity!, p).value);
    out.globalSensitivity = globalSensitivityResult(s.sensitivity, loaded.design, outputs, sensitivityOutput(s.sensitivity, points[0]), s.seed);
  }
  if (s.discovery) out.discovery = discover(points[0], s.discovery, 0);
  return out;
}

/** PRIM on a point's per-path table: the drawn inputs against whether the event happened on each path. */
export function discover(p: PointResult, opts: { event: string; alpha?: number; minSupport?: number; minCoverage?: number }, point: number): DiscoveryResult {
  const table = p.perPath;
  if (!table) throw new Error(`discovery needs the per-path table of point ${point + 1} (output.perPath), which it did not keep`);
  const inputs = Object.keys(table.inputs);
  const n = table.paths;
  const d = inputs.length;
  const x = new Float64Array(n * d);
  inputs.forEach((name, j) => {
    const col = table.inputs[name];
    for (let i = 0; i < n; i++) x[i * d + j] = col[i];
  });
  const days = table.eventDays[opts.event];
  const hit = new Uint8Array(n);
  for (let i = 0; i < n; i++) hit[i] = days[i] === days[i] ? 1 : 0;
  const r = prim(inputs, x, hit, opts);
  return { ...r, event: opts.event, description: p.events[opts.event]?.description ?? '', point };
}
