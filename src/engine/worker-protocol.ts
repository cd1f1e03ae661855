import type { MessagePort } from 'node:worker_threads';
import type { PerPathRecord } from './per-path.js';
import type { PackedRecord } from './recorder/pack.js';
import type { TerminalBlock } from './recorder/terminal-values.js';
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
  /**
   * Int32Array view over a SharedArrayBuffer: [0] set to 1 stops the run before its next block
   * (a pooled worker is stopped this way and kept, where a one-run worker is terminated).
   */
  stop?: SharedArrayBuffer;
  /** Where the merging thread gives the buffers of merged hand-overs back (hand-over-buffers.ts); one per worker. */
  returns?: MessagePort;
}

/** What a pooled worker (engine/worker-pool.ts) starts with; its runs then arrive as messages. */
export interface PoolWorkerData {
  pooled: true;
  registryUrl: string;
}

/** Messages a worker posts to the pool. */
export type WorkerMessage =
  /** One step of the block being run: its sums and, on a quantile step, its cells (recorder/step-pack.ts), transferred. */
  | { type: 'step'; packed: PackedRecord }
  /** A finished block: its paths, the rest of its record (recorder/pack.ts; its sums and cells, handed over by step, empty) and its final values, transferred. */
  | { type: 'block'; paths: number; packed: PackedRecord; terminal: TerminalBlock[] }
  /** Every block taken is handed over; the per-path table (the whole run's) travels here, cloned once. */
  | { type: 'result'; profile?: Float64Array; perPath?: PerPathRecord }
  | { type: 'error'; message: string; stack?: string }
  /** A pooled worker's run stopped through `stop`: it posts nothing more for it and is free. */
  | { type: 'stopped' };
