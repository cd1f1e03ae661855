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

/**
 * A gate for partial records: open on its first call, then once `everyMs` have passed since it
 * last opened (0: always). Packing a partial costs a copy of its signals' cells, so with small
 * blocks a thread offers one every block and sends only as often as a view can use it.
 */
export function partialGate(everyMs: number): () => boolean {
  let last = -Infinity;
  return () => {
    const now = performance.now();
    if (now - last < everyMs) return false;
    last = now;
    return true;
  };
}
