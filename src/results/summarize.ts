import { addDays } from '../engine/calendar.js';
import type { RunOutcome } from '../engine/run.js';
import { QUANTILE_KEYS, QUANTILES } from './quantiles.js';
import type { EventSummary, RunSummary, SignalSummary, TerminalSummary } from './types.js';

/** The summary types, for importers of this module (src/index.ts exports them from ./types.js). */
export type { EventSummary, RunSummary, SignalSummary, TerminalSummary } from './types.js';

/**
 * Turns a merged run record into plain, JSON-ready statistics. Units, owners and events come
 * with the outcome (what the engine worked out).
 */
export function summarize(outcome: RunOutcome): RunSummary {
  const { plan, record, units, owners } = outcome;
  const t = Array.from({ length: plan.steps + 1 }, (_, k) => addDays(plan.startDate, k * plan.stepDays));
  const signals: Record<string, SignalSummary> = {};
  const terminal: Record<string, TerminalSummary> = {};
  for (const [name, rec] of record.signals) {
    const s = { unit: units.get(name) ?? '', model: owners.get(name) ?? name.split('.')[0], t, mean: [] as number[], nonFinite: rec.nonFinite } as SignalSummary;
    for (const k of QUANTILE_KEYS) s[k] = [];
    for (let step = 0; step <= plan.steps; step++) {
      const sketch = rec.sketches[step];
      s.mean.push(sketch.count ? rec.sums[step].value() / sketch.count : NaN);
      QUANTILES.forEach((q, j) => s[QUANTILE_KEYS[j]].push(sketch.quantile(q)));
    }
    signals[name] = s;
    if (rec.terminal) terminal[name] = summarizeTerminal(rec.terminal, units.get(name) ?? '');
  }
  const events: Record<string, EventSummary> = {};
  const conditions: RunSummary['conditions'] = {};
  for (const ev of plan.events) {
    if (!ev.logic) conditions[ev.name] = { signal: ev.signal, op: ev.op, value: ev.value };
    const hits = record.events.get(ev.name)!.hits;
    const total = hits.reduce((a, b) => a + b, 0);
    const quantileStep = (q: number) => {
      const rank = q * (total - 1);
      let seen = 0;
      for (let k = 0; k < hits.length; k++) {
        seen += hits[k];
        if (seen > rank) return k;
      }
      return hits.length - 1;
    };
    const day = total ? { p05: quantileStep(0.05) * plan.stepDays, p50: quantileStep(0.5) * plan.stepDays, p95: quantileStep(0.95) * plan.stepDays } : null;
    events[ev.name] = {
      description: ev.description || (ev.logic ? ev.logic.condition.text : `${ev.signal} ${ev.op} ${ev.value}`),
      probability: total / plan.paths,
      paths: total,
      day,
      date: day ? { p05: addDays(plan.startDate, day.p05), p50: addDays(plan.startDate, day.p50), p95: addDays(plan.startDate, day.p95) } : null,
      hitsByStep: Array.from(hits),
    };
  }
  const samples = record.samples.map((s) => ({ path: s.path, values: Object.fromEntries(Object.entries(s.values).map(([k, v]) => [k, Array.from(v)])) }));
  return { signals, events, terminal, samples, conditions };
}

function summarizeTerminal(values: Float64Array, unit: string): TerminalSummary {
  const sorted = Float64Array.from(values.filter((v) => Number.isFinite(v))).sort();
  const n = sorted.length;
  const at = (q: number) => (n ? sorted[Math.min(n - 1, Math.floor(q * (n - 1)))] : NaN);
  const tail = Math.max(1, Math.floor(0.05 * n));
  let low = 0;
  let high = 0;
  for (let k = 0; k < tail; k++) {
    low += sorted[k];
    high += sorted[n - 1 - k];
  }
  let sum = 0;
  for (const v of sorted) sum += v;
  return { unit, mean: sum / n, p01: at(0.01), p05: at(0.05), p50: at(0.5), p95: at(0.95), p99: at(0.99), es05: low / tail, es95: high / tail };
}
