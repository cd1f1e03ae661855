import type { PerPathRecord } from './per-path.js';
import type { PackedRecord } from './recorder/pack.js';
import type { SharedCellsBuffers } from './recorder/shared-cells.js';
import type { RunPlan } from './run-plan.js';

/** Data a pool worker starts with. */
export interface WorkerInput {
  plan: RunPlan;
  /** URL of the module whose `registry` export lists the models. */
  registryUrl: string;
  /** Int32Array view over a SharedArrayBuffer: [0] is the next block to take. */
  nextBlock: SharedArrayBuffer;
  /** Time each model's step and the recording (RunOptions.profile). */
  profile: boolean;
  /** When set, post a `partial` message after each block: events and these signals so far. */
  partialSignals?: string[];
  /** Least milliseconds between two `partial` messages (PartialOptions.everyMs; default 0). */
  partialEveryMs?: number;
  /**
   * Int32Array view over a SharedArrayBuffer: [0] set to 1 stops the run before its next block
   * (a pooled worker is stopped this way and kept, where a one-run worker is terminated).
   */
  stop?: SharedArrayBuffer;
  /** The run's shared quantile cells (recorder/shared-cells.ts): the worker adds those signals' quantiles there. */
  sharedCells?: SharedCellsBuffers;
}

/** What a pooled worker (engine/worker-pool.ts) starts with; its runs then arrive as messages. */
export interface PoolWorkerData {
  pooled: true;
  registryUrl: string;
}

/** Messages a worker posts to the pool. */
export type WorkerMessage =
  | { type: 'progress'; paths: number }
  /** The worker's record packed (recorder/pack.ts), its buffer transferred, not cloned. */
  | { type: 'result'; packed: PackedRecord; profile?: Float64Array; perPath?: PerPathRecord }
  /** The worker's blocks so far, restricted to the partial plan (engine/partial.ts), packed. */
  | { type: 'partial'; packed: PackedRecord }
  | { type: 'error'; message: string; stack?: string }
  /** A pooled worker's run stopped through `stop`: it posts nothing more for it and is free. */
  | { type: 'stopped' };
