import type { Scenario } from '../scenario/schema.js';
import { latinHypercube } from './latin-hypercube.js';
import { morrisDesign, morrisMeasures, type MorrisDesign, type MorrisMeasures } from './morris.js';
import { saltelliDesign, sobolIndices, type SobolIndices } from './saltelli.js';
import { spearman } from './rank-correlation.js';

type Spec = NonNullable<Scenario['sensitivity']>;
type Item = Spec['vary'][number];

/** The global methods of a `sensitivity` block (everything but the one-at-a-time tornado). */
export type GlobalMethod = 'sobol' | 'morris' | 'lhs';

/** Defaults of the block's `samples` per method: base points, trajectories, points. */
const DEFAULT_SAMPLES: Record<GlobalMethod, number> = { sobol: 64, morris: 20, lhs: 64 };

/** The name of a varied item in tables: its label, its parameter, or its shock. */
export function itemName(v: Item): string {
  return v.label ?? v.param ?? `${v.shock!.signal} ${v.shock!.field} at ${v.shock!.at}`;
}

/** The runs a block makes: 1 + 2 per item (tornado), or 1 (the scenario as written) + the design's rows. */
export function sensitivityPointCount(spec: Spec): number {
  const d = spec.vary.length;
  const method = spec.method ?? 'tornado';
  if (method === 'tornado') return 1 + 2 * d;
  const n = spec.samples ?? DEFAULT_SAMPLES[method];
  return 1 + (method === 'sobol' ? n * (d + 2) : method === 'morris' ? n * (d + 1) : n);
}

/** A global design: one row of input values per run, in the items' units. */
export interface GlobalDesign {
  method: GlobalMethod;
  inputs: { name: string; low: number; high: number }[];
  /** Rows × inputs, each value low + u·(high − low). */
  values: Float64Array;
  rows: number;
  sobol?: { n: number; d: number };
  morris?: MorrisDesign;
}

/** The design of a global block, seeded by the scenario's seed (same scenario, same design). */
export function globalDesign(spec: Spec, seed: number): GlobalDesign {
  const method = spec.method as GlobalMethod;
  const d = spec.vary.length;
  const n = spec.samples ?? DEFAULT_SAMPLES[method];
  let unit: Float64Array;
  const design: Partial<GlobalDesign> = {};
  if (method === 'sobol') {
    const s = saltelliDesign(n, d);
    unit = s.unit;
    design.sobol = { n, d };
  } else if (method === 'morris') {
    const m = morrisDesign(d, n, seed, spec.levels ?? 4);
    unit = m.unit;
    design.morris = m;
  } else unit = latinHypercube(n, d, seed);
  const values = new Float64Array(unit.length);
  for (let k = 0; k < unit.length; k++) {
    const v = spec.vary[k % d];
    values[k] = v.low + unit[k] * (v.high - v.low);
  }
  return { ...design, method, inputs: spec.vary.map((v) => ({ name: itemName(v), low: v.low, high: v.high })), values, rows: unit.length / d };
}

/** What a global block found: the design's outputs and the method's measures. */
export interface GlobalSensitivityResult {
  method: GlobalMethod;
  /** The output measured at each run, as for the tornado: the signal's mean or median on `at`, or its total. */
  output: string;
  statistic: Spec['statistic'];
  at: string | null;
  unit: string;
  inputs: { name: string; low: number; high: number }[];
  /** Runs of the design (the scenario as written is run too, as point 1, and is not among them). */
  rows: number;
  /** The design's input values (rows × inputs) and the output of each run. */
  values: number[];
  outputs: number[];
  /** The output of the scenario as written. */
  base: number;
  sobol?: SobolIndices;
  morris?: MorrisMeasures[];
  /** lhs: Spearman's rank correlation of each input with the output. */
  rankCorrelation?: number[];
  /** Sobol' base points, Morris trajectories and levels, or LHS points; the seed of the design and bootstrap. */
  samples: number;
  levels?: number;
  seed: number;
  /** Why the measures are missing: the output was not a finite number at some run (a model's NaN). */
  note?: string;
}

/** Computes the block's measures from the output of every design row. */
export function globalSensitivityResult(
  spec: Spec,
  design: GlobalDesign,
  outputs: number[],
  base: { value: number; at: string | null; unit: string },
  seed: number,
): GlobalSensitivityResult {
  const opts = { resamples: spec.resamples ?? 1000, seed };
  const out: GlobalSensitivityResult = {
    method: design.method,
    output: spec.output,
    statistic: spec.statistic,
    at: base.at,
    unit: base.unit,
    inputs: design.inputs,
    rows: design.rows,
    values: Array.from(design.values),
    outputs,
    base: base.value,
    samples: design.sobol?.n ?? design.morris?.trajectories ?? design.rows,
    seed,
  };
  // a run whose output is NaN or infinite leaves no measure to compute; the runs are kept and said so
  const bad = outputs.flatMap((v, r) => (Number.isFinite(v) ? [] : [r + 2]));
  if (bad.length) {
    out.note = `the output is not a finite number at ${bad.length} run(s) (points ${bad.slice(0, 5).join(', ')}${bad.length > 5 ? ', …' : ''}): no indices`;
    return out;
  }
  if (design.sobol) out.sobol = sobolIndices(outputs, design.sobol, opts);
  if (design.morris) {
    out.morris = morrisMeasures(outputs, design.morris, opts);
    out.levels = design.morris.levels;
  }
  if (design.method === 'lhs') {
    const d = design.inputs.length;
    out.rankCorrelation = design.inputs.map((_, j) => spearman(Array.from({ length: design.rows }, (_, r) => design.values[r * d + j]), outputs));
  }
  return out;
}
