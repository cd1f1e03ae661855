import type { ScenarioPoint } from '../scenario/plan.js';
import type { Scenario } from '../scenario/schema.js';
import type { RunSummary } from './types.js';

/** One item of a one-at-a-time sensitivity: the output at the item's low and high values. */
export interface SensitivityRow {
  name: string;
  low: number;
  high: number;
  /** The output with the item at its low value, and at its high value. */
  outputLow: number;
  outputHigh: number;
  /** |outputHigh − outputLow|: the bar's length in a tornado chart. */
  swing: number;
}

/** A tornado table: the base output and one row per item, largest swing first. */
export interface SensitivityTable {
  output: string;
  unit: string;
  statistic: 'mean' | 'p50' | 'total' | 'probability';
  /** The date of the output (mean, p50), or null for a total over the horizon. */
  at: string | null;
  base: number;
  rows: SensitivityRow[];
}

type Spec = NonNullable<Scenario['sensitivity']>;

/** The output statistic of one run: the signal's mean or median on the date, or the sum of its means over the steps. */
export function sensitivityOutput(spec: Spec, summary: RunSummary): { value: number; at: string | null; unit: string } {
  if (spec.statistic === 'probability') return eventOutput(spec, summary);
  const s = summary.signals[spec.output];
  if (!s) throw new Error(`sensitivity: the output ${spec.output} was not recorded (add it to record:)`);
  if (spec.statistic === 'total') {
    let sum = 0;
    for (let k = 1; k < s.mean.length; k++) sum += s.mean[k];
    return { value: sum, at: null, unit: s.unit };
  }
  const step = spec.at === undefined ? s.t.length - 1 : s.t.indexOf(spec.at);
  if (step < 0) throw new Error(`sensitivity: no step of the run ends on ${spec.at}`);
  return { value: spec.statistic === 'mean' ? s.mean[step] : s.p50[step], at: s.t[step], unit: s.unit };
}

/**
 * Builds the tornado table from the base run and the low/high runs a `sensitivity` block
 * expanded into (src/scenario/plan.ts): for each item, the output at its low and high value,
 * sorted by swing, largest first.
 */
export function sensitivityTable(spec: Spec, runs: { point: ScenarioPoint; summary: RunSummary }[]): SensitivityTable {
  const base = runs.find((r) => !r.point.sensitivity);
  if (!base) throw new Error('sensitivity: no base run');
  const out = sensitivityOutput(spec, base.summary);
  const rows: SensitivityRow[] = spec.vary.map((v, k) => {
    const side = (s: 'low' | 'high') => {
      const run = runs.find((r) => r.point.sensitivity?.vary === k && r.point.sensitivity.side === s);
      if (!run) throw new Error(`sensitivity: no ${s} run for item ${k}`);
      return { name: run.point.sensitivity!.name, value: sensitivityOutput(spec, run.summary).value };
    };
    const lo = side('low');
    const hi = side('high');
    return { name: lo.name, low: v.low, high: v.high, outputLow: lo.value, outputHigh: hi.value, swing: Math.abs(hi.value - lo.value) };
  });
  rows.sort((a, b) => b.swing - a.swing);
  return { output: spec.output, unit: out.unit, statistic: spec.statistic, at: out.at, base: out.value, rows };
}

/** An event's probability by `at` (default: the horizon end): the share of paths on which it happened on or before that step. */
function eventOutput(spec: Spec, summary: RunSummary): { value: number; at: string | null; unit: string } {
  const ev = summary.events[spec.output];
  if (!ev) throw new Error(`sensitivity: the run has no event ${spec.output}`);
  const last = ev.hitsByStep.length - 1;
  const t = Object.values(summary.signals)[0]?.t;
  const step = spec.at === undefined ? last : (t?.indexOf(spec.at) ?? -1);
  if (step < 0) throw new Error(`sensitivity: no step of the run ends on ${spec.at}`);
  let hits = 0;
  for (let k = 0; k <= step; k++) hits += ev.hitsByStep[k];
  // paths run = paths hit / probability (exact to rounding for any hit; no hit at all is probability 0)
  const value = ev.paths > 0 ? hits / Math.round(ev.paths / ev.probability) : 0;
  return { value, at: t ? t[step] : null, unit: 'probability' };
}
