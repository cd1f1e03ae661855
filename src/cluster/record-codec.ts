import { Packr } from 'msgpackr';
import type { RunRecordData } from '../engine/recorder/run-record.js';
import type { RunPlan } from '../engine/run-plan.js';

// moreTypes: typed arrays travel as typed arrays (their bytes), so every double — NaN, −0,
// infinities included — comes back bit for bit; no JSON of numbers (JSON would also turn an
// Infinity in a plan's settings into null).
const packr = new Packr({ moreTypes: true, useRecords: false });

/** The record of a shard as compact binary (MessagePack with typed-array extensions). */
export function encodeRecord(data: RunRecordData): Buffer {
  return packr.pack(data);
}

/** The record of a shard from {@link encodeRecord}'s bytes. */
export function decodeRecord(bytes: Uint8Array): RunRecordData {
  return packr.unpack(bytes) as RunRecordData;
}

/** A plan as binary, the same way (a plan is plain data: run-plan.ts). */
export function encodePlan(plan: RunPlan): Buffer {
  return packr.pack(plan);
}

export function decodePlan(bytes: Uint8Array): RunPlan {
  return packr.unpack(bytes) as RunPlan;
}
