import type { RunRecord } from '../engine/recorder/run-record.js';
import { summarize } from '../results/summarize.js';
import type { PointResult, RunSummary, SignalSummary } from '../results/types.js';
import { wilsonInterval } from '../results/wilson-interval.js';

/** How many fans a live view carries at most. */
export const MAX_HEADLINE_FANS = 4;

/** One event as the live view shows it: probability so far with its 95% interval (Wilson). */
export interface LiveEvent {
  name: string;
  description: string;
  probability: number;
  lo: number;
  hi: number;
  /** Paths on which it happened, of `paths` so far. */
  hits: number;
  /** Declared by the scenario (`events:`) rather than offered by a model. */
  fromScenario: boolean;
}

/** What the workbench draws of one point of a run, partial (blocks so far) or final. */
export interface LiveView {
  /** The sweep point (0-based) and its label. */
  point: number;
  label: string;
  /** Paths summarised, and the point's planned paths. */
  paths: number;
  pathsTotal: number;
  final: boolean;
  events: LiveEvent[];
  /** Per-step quantiles of the headline signals (the report's fan charts draw them). */
  fans: Record<string, SignalSummary>;
}

/**
 * The headline signals of a run: those its events watch (`events`: name → signal), the
 * scenario's own events first, then the BTC price, then the models' events' (recorded signals only), at most
 * {@link MAX_HEADLINE_FANS}.
 */
export function headlineSignals(events: readonly { name: string; signal: string }[], recorded: readonly string[], scenarioEvents: readonly string[]): string[] {
  const own = new Set(scenarioEvents);
  const ordered = [...events.filter((e) => own.has(e.name)), ...events.filter((e) => !own.has(e.name))];
  const isRecorded = new Set(recorded);
  const out: string[] = [];
  // the price leads when no event of the scenario's own names a signal (model events watch state flags)
  const signals = [...ordered.filter((e) => own.has(e.name)).map((e) => e.signal), 'btc.price', ...ordered.map((e) => e.signal)];
  for (const s of signals) if (isRecorded.has(s) && !out.includes(s)) out.push(s);
  return out.slice(0, MAX_HEADLINE_FANS);
}

/** The live view of a summary over `paths` paths (a partial one, or a point's final result). */
export function viewOfSummary(s: Pick<RunSummary, 'events' | 'signals'>, at: { point: number; label: string; paths: number; pathsTotal: number; final: boolean }, headline: readonly string[], scenarioEvents: readonly string[]): LiveView {
  const own = new Set(scenarioEvents);
  const events = Object.entries(s.events).map(([name, e]) => {
    const ci = wilsonInterval(e.paths, at.paths);
    return { name, description: e.description, probability: at.paths ? e.paths / at.paths : 0, lo: ci.lo, hi: ci.hi, hits: e.paths, fromScenario: own.has(name) };
  });
  const fans: Record<string, SignalSummary> = {};
  for (const name of headline) if (s.signals[name]) fans[name] = s.signals[name];
  return { ...at, events, fans };
}

/** The live view of a partial record (events and the headline signals over the blocks done so far). */
export function viewOfPartial(record: RunRecord, units: Map<string, string>, owners: Map<string, string>, at: { point: number; label: string; pathsTotal: number }, scenarioEvents: readonly string[]): LiveView {
  const plan = { ...record.plan, paths: record.paths }; // probabilities over the paths done
  const summary = summarize({ plan, record, units, owners, threads: 0, elapsedMs: 0 });
  return viewOfSummary(summary, { ...at, paths: record.paths, final: false }, record.plan.record, scenarioEvents);
}

/** The final view of a stored point: its events, and the fans of its headline signals. */
export function viewOfPoint(p: PointResult, k: number): LiveView {
  const own = ((p.resolved.events as { name: string }[] | undefined) ?? []).map((e) => e.name);
  const events = Object.keys(p.events).flatMap((name) => (p.conditions[name] ? [{ name, signal: p.conditions[name].signal }] : []));
  const headline = headlineSignals(events, Object.keys(p.signals), own);
  return viewOfSummary(p, { point: k, label: p.manifest.point, paths: p.manifest.paths, pathsTotal: p.manifest.paths, final: true }, headline, own);
}
