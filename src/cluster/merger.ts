import { mergePacked, packedPaths } from '../engine/recorder/pack.js';
import { RunRecord } from '../engine/recorder/run-record.js';
import type { RunPlan } from '../engine/run-plan.js';
import { placePerPath, type ShardRecord } from './record-codec.js';
import type { ShardRange } from './shards.js';

/**
 * Merges the shards of one point as they arrive, each exactly once: a shard delivered twice
 * (a job retried after its worker was presumed dead but had finished, a resumed coordinator
 * reading what it had) is recognised by its first block and ignored. Merging is exact
 * addition (run-record.ts), so the merged record does not depend on the order of arrival.
 */
export class ShardMerger {
  private readonly pending = new Map<number, ShardRange>();
  private readonly merged: RunRecord;
  /** Paths merged so far. */
  pathsDone = 0;

  constructor(
    readonly plan: RunPlan,
    shards: readonly ShardRange[],
  ) {
    for (const s of shards) this.pending.set(s.firstBlock, s);
    this.merged = new RunRecord(plan);
  }

  /** First blocks of the shards not merged yet. */
  missing(): number[] {
    return [...this.pending.keys()];
  }

  /** Whether the shard that starts at `firstBlock` is still to merge. */
  waitsFor(firstBlock: number): boolean {
    return this.pending.has(firstBlock);
  }

  get complete(): boolean {
    return this.pending.size === 0;
  }

  /**
   * Merges the record of the shard that starts at `firstBlock`; returns the paths it added, or
   * 0 if that shard was merged already (or is not one of this point's shards).
   */
  add(firstBlock: number, data: ShardRecord): number {
    const shard = this.pending.get(firstBlock);
    if (!shard) return 0;
    const expected = Math.min(this.plan.paths, shard.endBlock * this.plan.blockSize) - shard.firstBlock * this.plan.blockSize;
    const paths = packedPaths(data.packed);
    if (paths !== expected) throw new RangeError(`shard at block ${firstBlock} holds ${paths} paths, expected ${expected}`);
    if (this.merged.perPath && !data.perPath) throw new RangeError(`shard at block ${firstBlock} has no per-path table, which the plan keeps`);
    mergePacked(this.merged, data.packed);
    if (this.merged.perPath && data.perPath) placePerPath(this.merged.perPath, data.perPath);
    this.pending.delete(firstBlock);
    this.pathsDone += paths;
    return paths;
  }

  /** The merged record, once every shard is in. */
  record(): RunRecord {
    if (!this.complete) throw new Error(`${this.pending.size} shard(s) missing`);
    return this.merged;
  }
}
