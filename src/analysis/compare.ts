import type { PerPathTable } from '../results/per-path-table.js';
import type { PointResult, SignalSummary } from '../results/types.js';
import { wilsonInterval } from '../results/wilson-interval.js';
import { pairedDifference, unpairedDifference, type ProbabilityDifference } from './paired-difference.js';

/** One run (or sweep point) in a comparison, with what identifies it. */
export interface ComparedRun {
  /** `ID` or `ID/K`, as the user can type it again. */
  ref: string;
  scenario: string;
  label: string;
  point: PointResult;
  /** Its per-path event days, when it kept a per-path table. */
  eventDays: PerPathTable['eventDays'] | null;
}

/** An event across the runs: each run's probability and each later run's difference from the first. */
export interface EventComparison {
  event: string;
  description: string;
  runs: ({ probability: number; paths: number; ci: { lo: number; hi: number } } | null)[];
  /** runs[k] − runs[0] for k ≥ 1 (index 0 is null), with its interval and how it was made. */
  differences: ((ProbabilityDifference & { why?: string }) | null)[];
}

/** What `cascade compare` shows. */
export interface Comparison {
  runs: { ref: string; scenario: string; label: string; seed: number; paths: number; startDate: string; steps: number; stepDays: number }[];
  events: EventComparison[];
  /** Signals recorded by every run with the same unit and dates: each run's summary. */
  signals: { signal: string; unit: string; model: string; series: SignalSummary[] }[];
}

/**
 * Why two runs cannot be paired path by path, or null if they can: a paired interval needs the
 * same paths (same seed, path count, start and steps: common random numbers) and both runs'
 * per-path event days.
 */
export function whyUnpaired(a: ComparedRun, b: ComparedRun, event: string): string | null {
  const ma = a.point.manifest;
  const mb = b.point.manifest;
  if (ma.seed !== mb.seed) return `different seeds (${ma.seed}, ${mb.seed}): independent samples`;
  if (ma.paths !== mb.paths) return `different path counts (${ma.paths}, ${mb.paths})`;
  if (!a.eventDays?.[event] || !b.eventDays?.[event]) return 'no per-path table in both runs (run them with --per-path for a paired interval)';
  return null;
}

/** Compares runs: events side by side with differences from the first run, and the signals they share. */
export function compareRuns(runs: ComparedRun[]): Comparison {
  const first = runs[0];
  const names: string[] = [];
  for (const r of runs) for (const e of Object.keys(r.point.events)) if (!names.includes(e)) names.push(e);
  const events = names.map((event): EventComparison => {
    const summary = runs.map((r) => r.point.events[event] ?? null);
    const description = summary.find((s) => s)?.description ?? '';
    return {
      event,
      description,
      runs: runs.map((r, k) => (summary[k] ? { probability: summary[k]!.probability, paths: summary[k]!.paths, ci: wilsonInterval(summary[k]!.paths, r.point.manifest.paths) } : null)),
      differences: runs.map((r, k) => {
        if (k === 0 || !summary[0] || !summary[k]) return null;
        const why = whyUnpaired(first, r, event);
        if (why) return { ...unpairedDifference(summary[0].paths, first.point.manifest.paths, summary[k]!.paths, r.point.manifest.paths), why };
        return pairedDifference(flags(first.eventDays![event]), flags(r.eventDays![event]));
      }),
    };
  });
  const signals: Comparison['signals'] = [];
  for (const [signal, s0] of Object.entries(first.point.signals)) {
    const series = runs.map((r) => r.point.signals[signal]);
    if (series.some((s) => !s || s.unit !== s0.unit || s.t.join() !== s0.t.join())) continue;
    signals.push({ signal, unit: s0.unit, model: s0.model, series });
  }
  return {
    runs: runs.map((r) => {
      const m = r.point.manifest;
      return { ref: r.ref, scenario: r.scenario, label: r.label, seed: m.seed, paths: m.paths, startDate: m.startDate, steps: m.steps, stepDays: m.stepDays };
    }),
    events,
    signals,
  };
}

/** A shared signal whose figures on the horizon differ between the runs. */
export interface DifferingSignal {
  signal: Comparison['signals'][number];
  /** The largest gap of a run's median from A's, in units of A's 5–95% band on the horizon (NaN last). */
  gap: number;
}

/**
 * The shared signals whose 5%, 50% or 95% on the horizon (A's last step) differ between runs,
 * the largest gap of medians first (in units of A's 5–95% band, so that signals of any unit
 * rank together).
 */
export function differingSignals(c: Comparison): DifferingSignal[] {
  if (!c.runs.length) return [];
  const last = c.runs[0].steps;
  const out: DifferingSignal[] = [];
  for (const s of c.signals) {
    const a = s.series[0];
    if (!s.series.some((x) => x.p05[last] !== a.p05[last] || x.p50[last] !== a.p50[last] || x.p95[last] !== a.p95[last])) continue;
    const gap = Math.max(...s.series.map((x) => Math.abs(x.p50[last] - a.p50[last]) / (Math.abs(a.p95[last] - a.p05[last]) || 1)));
    out.push({ signal: s, gap });
  }
  return out.sort((x, y) => (y.gap || 0) - (x.gap || 0));
}

/** 1 where the event happened (a day), 0 where it did not (NaN). */
function flags(days: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(days.length);
  for (let i = 0; i < days.length; i++) out[i] = days[i] === days[i] ? 1 : 0;
  return out;
}
