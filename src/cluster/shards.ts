import { blockCount } from '../engine/run-blocks.js';
import type { RunPlan } from '../engine/run-plan.js';

/** One shard: blocks [firstBlock, endBlock) of a plan. */
export interface ShardRange {
  firstBlock: number;
  endBlock: number;
}

/**
 * Path-steps per job when nothing says otherwise: about 3 s of one core at the flagship's
 * ~10 µs per path-step (bench/), long enough that the ~10 ms a job costs in Redis round trips
 * is noise, short enough that a lost worker costs seconds and progress moves often.
 */
export const DEFAULT_PATH_STEPS_PER_JOB = 300_000;

/** Blocks per job for a plan: whole blocks making about {@link DEFAULT_PATH_STEPS_PER_JOB} path-steps, at least one. */
export function defaultBlocksPerJob(plan: RunPlan): number {
  return Math.max(1, Math.floor(DEFAULT_PATH_STEPS_PER_JOB / (plan.blockSize * Math.max(1, plan.steps))));
}

/**
 * The plan's blocks cut into shards of `blocksPerJob` (the last may be shorter). Shards are
 * named by their first block, so the same plan and job size always give the same shards —
 * what makes a resumed run find the shards it already has.
 */
export function shardRanges(plan: RunPlan, blocksPerJob: number): ShardRange[] {
  const blocks = blockCount(plan);
  const out: ShardRange[] = [];
  for (let b = 0; b < blocks; b += blocksPerJob) out.push({ firstBlock: b, endBlock: Math.min(blocks, b + blocksPerJob) });
  return out;
}
