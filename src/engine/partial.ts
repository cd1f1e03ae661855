import { mergePacked, type PackedRecord } from './recorder/pack.js';
import { RunRecord } from './recorder/run-record.js';
import type { RunPlan } from './run-plan.js';

/**
 * The plan of a partial record: the events and the chosen recorded signals only, without
 * terminal values, sampled paths or a per-path table (what a live view needs, small enough to
 * send per block).
 */
export function partialPlan(plan: RunPlan, signals: readonly string[]): RunPlan {
  const wanted = new Set(signals);
  return { ...plan, record: plan.record.filter((s) => wanted.has(s)), keepTerminal: false, samplePaths: 0, perPath: false };
}

/**
 * A record of `pplan` ({@link partialPlan}) holding what `record` holds of it: event counts, and
 * the sums and quantile cells of the chosen signals. Merging such copies is exact, like
 * merging records.
 */
export function partialCopy(record: RunRecord, pplan: RunPlan): RunRecord {
  const copy = new RunRecord(pplan);
  copy.merge(record);
  return copy;
}

/** The exact merge of partial records (one per thread, each its blocks so far), packed by the threads that ran them. */
export function mergePartials(pplan: RunPlan, parts: Iterable<PackedRecord>): RunRecord {
  const merged = new RunRecord(pplan);
  for (const p of parts) mergePacked(merged, p);
  return merged;
}
