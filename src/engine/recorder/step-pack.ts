import { cellCounts, cellNumbers, mergeCell, newPacked, putCell, windowMemo, type PackedRecord } from './pack.js';
import type { RunRecord } from './run-record.js';

/**
 * One step of a record, packed: each recorded signal's exact sum and, on a quantile step, its
 * quantile cell (as pack.ts packs a record's, the bucket counts in `counts`). What a worker
 * thread hands over after each step of a block, so that it never holds a run's sums and cells
 * (engine/hand-over.ts). Layout of `numbers`: MAGIC, VERSION, the step t, the recorded
 * signals, whether cells follow (1 or 0); per recorded signal (the plan's order) its sum's
 * partials (count, then each); then, if they follow, one cell per recorded signal.
 */
const MAGIC = 0x43535445; // "CSTE"
const VERSION = 1;
const HEADER = 5;

/**
 * Packs step t of a record (its sums and, on a quantile step, its cells) into arrays made by
 * `alloc`, and empties them (a record made `handingOver` reuses one sum and one cell per signal
 * for every step).
 */
export function takeStep(record: RunRecord, t: number, alloc = newPacked): PackedRecord {
  const k = record.cellAt[t];
  const signals = record.plan.record.map((name) => record.signals.get(name)!);
  const windowOf = windowMemo();
  let size = HEADER;
  let countsSize = 0;
  for (const s of signals) {
    size += 1 + s.sums[t].partials.length;
    if (k >= 0) {
      size += cellNumbers(s.cells[k]);
      countsSize += cellCounts(s.cells[k], windowOf);
    }
  }
  const { numbers, counts } = alloc(size, countsSize);
  numbers.set([MAGIC, VERSION, t, signals.length, k >= 0 ? 1 : 0]);
  let at = HEADER;
  for (const s of signals) {
    const { partials } = s.sums[t];
    numbers[at++] = partials.length;
    numbers.set(partials, at);
    at += partials.length;
    partials.length = 0;
  }
  let countsAt = 0;
  if (k >= 0) {
    for (const s of signals) {
      const c = s.cells[k];
      at = putCell(c, numbers, at, counts, countsAt, windowOf);
      countsAt += cellCounts(c, windowOf);
      c.reset();
    }
  }
  return { numbers, counts };
}

/** Adds a step packed by {@link takeStep} (a record of the same plan, disjoint paths) into `record`'s sums and cells of that step, in place. */
export function mergeStep(record: RunRecord, { numbers, counts }: PackedRecord): void {
  const t = numbers[2];
  const withCells = numbers[4] === 1;
  if (numbers[0] !== MAGIC || numbers[1] !== VERSION || numbers[3] !== record.plan.record.length || !(t >= 0 && t <= record.plan.steps) || withCells !== record.cellAt[t] >= 0) {
    throw new Error(`a packed step does not match the plan (step ${t}, ${numbers[3]} signals)`);
  }
  let at = HEADER;
  for (const name of record.plan.record) {
    const sum = record.signals.get(name)!.sums[t];
    const n = numbers[at++];
    for (let j = 0; j < n; j++) sum.add(numbers[at++]);
  }
  let countsAt = 0;
  if (withCells) {
    const k = record.cellAt[t];
    for (const name of record.plan.record) [at, countsAt] = mergeCell(record.signals.get(name)!.cells[k], name, numbers, at, counts, countsAt);
  }
  if (at !== numbers.length || countsAt !== counts.length) throw new Error(`a packed step: read ${at} of ${numbers.length} numbers, ${countsAt} of ${counts.length} counts`);
}
