import type { ModelRegistry } from '../engine/model.js';
import { preparePlan } from '../engine/prepare.js';
import type { RunOutcome } from '../engine/run.js';
import { addDays } from './format.js';

/** The quantiles reported for every signal and step. */
export const QUANTILES = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99] as const;
const Q_KEYS = ['p01', 'p05', 'p25', 'p50', 'p75', 'p95', 'p99'] as const;
type QKey = (typeof Q_KEYS)[number];

/**
 * Per-step statistics of one signal; arrays have one value per step 0..steps (t[0] = start).
 * `model` is the model that writes it (for a flow signal: the model named by its prefix if
 * enabled, else its first contributor), so reports can group signals without knowing names.
 */
export type SignalSummary = { unit: string; model: string; t: string[]; mean: number[]; nonFinite: number } & Record<QKey, number[]>;

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

/** The numbers of one run (or one sweep point). */
export interface RunSummary {
  signals: Record<string, SignalSummary>;
  events: Record<string, EventSummary>;
  terminal: Record<string, TerminalSummary>;
  samples: { path: number; values: Record<string, number[]> }[];
}

/** Turns a merged run record into plain, JSON-ready statistics. */
export function summarize(outcome: RunOutcome, registry: ModelRegistry): RunSummary {
  const { plan, record } = outcome;
  const prepared = preparePlan(plan, registry);
  const units = prepared.units;
  const owner = signalOwners(prepared.models.map((m) => ({ name: m.def.name, io: m.io })));
  const t = Array.from({ length: plan.steps + 1 }, (_, k) => addDays(plan.startDate, k * plan.stepDays));
  const signals: Record<string, SignalSummary> = {};
  const terminal: Record<string, TerminalSummary> = {};
  for (const [name, rec] of record.signals) {
    const s = { unit: units.get(name) ?? '', model: owner.get(name) ?? name.split('.')[0], t, mean: [] as number[], nonFinite: rec.nonFinite } as SignalSummary;
    for (const k of Q_KEYS) s[k] = [];
    for (let step = 0; step <= plan.steps; step++) {
      const sketch = rec.sketches[step];
      s.mean.push(sketch.count ? rec.sums[step].value() / sketch.count : NaN);
      QUANTILES.forEach((q, j) => s[Q_KEYS[j]].push(sketch.quantile(q)));
    }
    signals[name] = s;
    if (rec.terminal) terminal[name] = summarizeTerminal(rec.terminal, units.get(name) ?? '');
  }
  const events: Record<string, EventSummary> = {};
  for (const ev of plan.events) {
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
      description: ev.description || `${ev.signal} ${ev.op} ${ev.value}`,
      probability: total / plan.paths,
      paths: total,
      day,
      date: day ? { p05: addDays(plan.startDate, day.p05), p50: addDays(plan.startDate, day.p50), p95: addDays(plan.startDate, day.p95) } : null,
      hitsByStep: Array.from(hits),
    };
  }
  const samples = record.samples.map((s) => ({ path: s.path, values: Object.fromEntries(Object.entries(s.values).map(([k, v]) => [k, Array.from(v)])) }));
  return { signals, events, terminal, samples };
}

/** Signal → the model it belongs to: its writer; for flows, the model its prefix names, else the first adder. */
export function signalOwners(models: { name: string; io: { writes: string[]; adds?: string[] } }[]): Map<string, string> {
  const owner = new Map<string, string>();
  const names = new Set(models.map((m) => m.name));
  for (const m of models) for (const s of m.io.writes) owner.set(s, m.name);
  for (const m of models) {
    for (const s of m.io.adds ?? []) {
      if (owner.has(s)) continue;
      const prefix = s.split('.')[0];
      owner.set(s, names.has(prefix) ? prefix : m.name);
    }
  }
  return owner;
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
