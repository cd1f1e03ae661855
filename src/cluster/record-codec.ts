import { Packr } from 'msgpackr';
import type { PerPathRecord } from '../engine/per-path.js';
import type { PackedRecord } from '../engine/recorder/pack.js';
import type { RunPlan } from '../engine/run-plan.js';

// moreTypes: typed arrays travel as typed arrays (their bytes), so every double — NaN, −0,
// infinities included — comes back bit for bit; no JSON of numbers (JSON would also turn an
// Infinity in a plan's settings into null).
const packr = new Packr({ moreTypes: true, useRecords: false });

/**
 * What a shard sends back: its record packed (engine/recorder/pack.ts) and, when the plan keeps
 * a per-path table, the table's values for the shard's own paths [firstPath, firstPath + n).
 */
export interface ShardRecord {
  packed: PackedRecord;
  perPath?: { firstPath: number; inputs: Record<string, Float64Array>; firstStep: Record<string, Int32Array> };
}

/** The shard's record as binary: its typed arrays' bytes. */
export function encodeRecord(shard: ShardRecord): Buffer {
  return packr.pack(shard);
}

/** The shard's record from {@link encodeRecord}'s bytes. */
export function decodeRecord(bytes: Uint8Array): ShardRecord {
  return packr.unpack(bytes) as ShardRecord;
}

/** The shard's part of a per-path table: each column sliced to paths [firstPath, firstPath + paths). */
export function shardPerPath(table: PerPathRecord, firstPath: number, paths: number): NonNullable<ShardRecord['perPath']> {
  const slice = <T extends Float64Array | Int32Array>(m: Map<string, T>) => Object.fromEntries([...m].map(([k, v]) => [k, v.slice(firstPath, firstPath + paths)])) as Record<string, T>;
  return { firstPath, inputs: slice(table.inputs), firstStep: slice(table.firstStep) };
}

/** Places a shard's part of the per-path table into the whole table. */
export function placePerPath(table: PerPathRecord, part: NonNullable<ShardRecord['perPath']>): void {
  for (const [k, v] of Object.entries(part.inputs)) table.inputs.get(k)?.set(v, part.firstPath);
  for (const [k, v] of Object.entries(part.firstStep)) table.firstStep.get(k)?.set(v, part.firstPath);
}

/** A plan as binary, the same way (a plan is plain data: run-plan.ts). */
export function encodePlan(plan: RunPlan): Buffer {
  return packr.pack(plan);
}

export function decodePlan(bytes: Uint8Array): RunPlan {
  return packr.unpack(bytes) as RunPlan;
}
