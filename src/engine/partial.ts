import { RunRecord, type RunRecordData } from './recorder/run-record.js';
import type { RunPlan } from './run-plan.js';

/**
 * The plan of a partial record: the events and the chosen recorded signals only, without
 * terminal values or sampled paths (what a live view needs, small enough to send per block).
 */
export function partialPlan(plan: RunPlan, signals: readonly string[]): RunPlan {
  const wanted = new Set(signals);
  return { ...plan, record: plan.record.filter((s) => wanted.has(s)), keepTerminal: false, samplePaths: 0 };
}

/**
 * A copy of the part of `record` that {@link partialPlan} keeps: event counts, and the sketches
 * and exact sums of the chosen signals. Merging such copies is exact, like merging records.
 */
export function partialRecordData(record: RunRecord, pplan: RunPlan): RunRecordData {
  const signals: RunRecordData['signals'] = {};
  for (const name of pplan.record) {
    const s = record.signals.get(name)!;
    signals[name] = { sketches: s.sketches.map((k) => k.toData()), sums: s.sums.map((k) => k.partials.slice()), nonFinite: s.nonFinite, terminal: null };
  }
  const events: RunRecordData['events'] = {};
  for (const [name, e] of record.events) events[name] = { hits: e.hits.slice() };
  return { paths: record.paths, signals, events, samples: [] };
}

/** The exact merge of partial copies (one per thread, each its blocks so far). */
export function mergePartials(pplan: RunPlan, parts: Iterable<RunRecordData>): RunRecord {
  const merged = new RunRecord(pplan);
  for (const d of parts) merged.merge(RunRecord.fromData(pplan, d));
  return merged;
}
