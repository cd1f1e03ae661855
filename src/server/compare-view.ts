import { compareRuns, differingSignals, type ComparedRun, type Comparison } from '../analysis/compare.js';
import type { SignalSummary } from '../results/types.js';
import { viewOfPoint } from './live-view.js';

/** A signal on the horizon in each run: its 5%, median and 95%, and B's median minus A's. */
export interface HorizonSignal {
  signal: string;
  unit: string;
  model: string;
  /** The horizon date (A's last step). */
  date: string;
  runs: { p05: number; p50: number; p95: number }[];
  /** Median of B − median of A, in the signal's unit. */
  medianDifference: number;
  /** That gap in units of A's 5–95% band (how signals of any unit are ranked). */
  gap: number;
}

/** What GET /runs/:a/compare/:b answers: `cascade compare A B`, as JSON, for the workbench. */
export interface ComparisonView {
  runs: Comparison['runs'];
  /** Every event of either run: each run's probability with its interval, and B − A with its interval (paired when the runs share their paths). */
  events: Comparison['events'];
  /** Signals both runs record on the same dates. */
  sharedSignals: number;
  /** Those whose horizon figures differ, the largest gap first. */
  signals: HorizonSignal[];
  /** A's headline signals (those its events watch) that B records too: both runs' fans. */
  headline: { signal: string; unit: string; series: SignalSummary[] }[];
}

/**
 * Why two runs cannot be compared, or null: a comparison needs an event or a recorded signal
 * (on the same dates, in the same unit) that both runs have.
 */
export function whyIncomparable(c: Comparison): string | null {
  const shared = c.events.filter((e) => e.runs.every(Boolean)).length;
  if (shared || c.signals.length) return null;
  const [a, b] = c.runs;
  return `runs ${a.ref} (${a.scenario}, ${a.steps} steps of ${a.stepDays} day(s) from ${a.startDate}) and ${b.ref} (${b.scenario}, ${b.steps} steps of ${b.stepDays} day(s) from ${b.startDate}) share no event and no signal recorded on the same dates: there is nothing to compare`;
}

/** The comparison of two runs (the CLI's compareRuns) as the workbench shows it. */
export function comparisonView(a: ComparedRun, b: ComparedRun): { view: ComparisonView; incomparable: string | null } {
  const c = compareRuns([a, b]);
  const last = c.runs[0].steps;
  const signals = differingSignals(c).map(({ signal: s, gap }): HorizonSignal => ({
    signal: s.signal,
    unit: s.unit,
    model: s.model,
    date: s.series[0].t[last],
    runs: s.series.map((x) => ({ p05: x.p05[last], p50: x.p50[last], p95: x.p95[last] })),
    medianDifference: s.series[1].p50[last] - s.series[0].p50[last],
    gap,
  }));
  const shared = new Map(c.signals.map((s) => [s.signal, s]));
  const headline = Object.keys(viewOfPoint(a.point, 0).fans).flatMap((name) => {
    const s = shared.get(name);
    return s ? [{ signal: name, unit: s.unit, series: s.series }] : [];
  });
  return { view: { runs: c.runs, events: c.events, sharedSignals: c.signals.length, signals, headline }, incomparable: whyIncomparable(c) };
}
