import type { DistributionSpec } from './distributions.js';
import type { RunPlan } from './run-plan.js';

/**
 * The per-path table of a run (`output.perPath`): for every path, the numbers drawn from the
 * scenario's distributions (its inputs) and, beside it in the record, the first step of each
 * event. Final values come from the record's terminal values, which a per-path run keeps.
 * Arrays are indexed by global path; merging places them, so the table is the same whatever
 * the threads.
 */
export interface PerPathRecord {
  /** Input name → the value drawn on each path. */
  inputs: Map<string, Float64Array>;
  /** Event name → the first step at which it held on each path; −1 if never. */
  firstStep: Map<string, Int32Array>;
}

/** Where a per-path input comes from: a parameter drawn at the start, a scheduled set, or a shock. */
export type PerPathInput =
  | { name: string; kind: 'param'; model: string; param: string }
  | { name: string; kind: 'set'; entry: number; model: string; param: string }
  | { name: string; kind: 'shock'; entry: number; signal: string; field: 'multiply' | 'add' };

function isDistribution(v: unknown): v is DistributionSpec {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && typeof (v as { dist?: unknown }).dist === 'string';
}

/**
 * The inputs a per-path table records, in a fixed order: each number parameter given as a
 * distribution (`model.param`), each scheduled set of one (`model.param@DATE`), each shock's
 * drawn multiply or add (`signal.multiply@DATE`). Numbers drawn inside a model (a struct's
 * fields) are not among them: the engine does not see those draws.
 */
export function perPathInputs(plan: RunPlan): PerPathInput[] {
  const out: PerPathInput[] = [];
  const seen = new Set<string>();
  const unique = (name: string) => {
    let n = name;
    for (let k = 2; seen.has(n); k++) n = `${name}#${k}`;
    seen.add(n);
    return n;
  };
  for (const m of plan.models) {
    for (const [param, v] of Object.entries(m.settings)) if (isDistribution(v)) out.push({ name: unique(`${m.name}.${param}`), kind: 'param', model: m.name, param });
  }
  plan.schedule.forEach((e, entry) => {
    for (const s of e.set) if (isDistribution(s.value)) out.push({ name: unique(`${s.model}.${s.param}@${e.date}`), kind: 'set', entry, model: s.model, param: s.param });
    for (const s of e.shocks) {
      for (const field of ['multiply', 'add'] as const) if (isDistribution(s[field])) out.push({ name: unique(`${s.signal}.${field}@${e.date}`), kind: 'shock', entry, signal: s.signal, field });
    }
  });
  return out;
}

/** An empty per-path record for a plan: inputs NaN and first steps −2 until a block fills them. */
export function newPerPathRecord(plan: RunPlan): PerPathRecord {
  const inputs = new Map<string, Float64Array>();
  for (const i of perPathInputs(plan)) inputs.set(i.name, new Float64Array(plan.paths).fill(NaN));
  const firstStep = new Map<string, Int32Array>();
  for (const e of plan.events) firstStep.set(e.name, new Int32Array(plan.paths).fill(-2));
  return { inputs, firstStep };
}

/** Places another record's per-path values (disjoint paths) into `ours`. */
export function mergePerPath(ours: PerPathRecord, theirs: PerPathRecord): void {
  for (const [name, b] of theirs.inputs) {
    const a = ours.inputs.get(name)!;
    for (let i = 0; i < a.length; i++) if (b[i] === b[i]) a[i] = b[i];
  }
  for (const [name, b] of theirs.firstStep) {
    const a = ours.firstStep.get(name)!;
    for (let i = 0; i < a.length; i++) if (b[i] !== -2) a[i] = b[i];
  }
}
