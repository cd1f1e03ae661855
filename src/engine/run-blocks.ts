import { BlockWorkspace } from './block-runner.js';
import type { ModelRegistry } from './model.js';
import { preparePlan, type PreparedPlan } from './prepare.js';
import { RunRecord } from './recorder/run-record.js';
import type { SharedCells } from './recorder/shared-cells.js';
import type { RunPlan } from './run-plan.js';

/** Called after each block with its paths and the record of every block run so far here. */
export type BlockCallback = (paths: number, record: RunRecord) => void;

/** Number of blocks a plan is cut into. */
export function blockCount(plan: RunPlan): number {
  return Math.ceil(plan.paths / plan.blockSize);
}

/**
 * Runs blocks handed out by `takeBlock` (which returns -1 when none are left) into one
 * record. The same code serves one thread, each pool worker, and each cluster shard.
 */
export function runBlocks(plan: RunPlan, registry: ModelRegistry, takeBlock: () => number, onBlock?: BlockCallback, profile?: Float64Array, shared?: SharedCells | null): RunRecord {
  return runPreparedBlocks(preparePlan(plan, registry), takeBlock, onBlock, profile, shared);
}

/**
 * {@link runBlocks} of a plan already checked against the registry. With `profile` (one slot
 * per model in step order, then one for recording), the milliseconds of each are added to it.
 * With `shared`, the quantiles of the shared signals go into the run's shared cells
 * (shared-cells.ts), the rest into this thread's record.
 */
export function runPreparedBlocks(prepared: PreparedPlan, takeBlock: () => number, onBlock?: BlockCallback, profile?: Float64Array, shared?: SharedCells | null): RunRecord {
  const { plan } = prepared;
  const workspace = new BlockWorkspace(prepared);
  if (profile) workspace.profile = profile;
  const record = new RunRecord(plan, shared);
  for (let b = takeBlock(); b >= 0; b = takeBlock()) {
    const first = b * plan.blockSize;
    const paths = Math.min(plan.blockSize, plan.paths - first);
    workspace.run(first, paths, record);
    onBlock?.(paths, record);
  }
  return record;
}

/** How long {@link runPreparedBlocksYielding} computes before letting the event loop run (ms). */
const YIELD_EVERY_MS = 50;

/**
 * {@link runPreparedBlocks} that lets this thread's event loop run every ~50 ms (between
 * steps): the thread that runs blocks beside its workers, or alone, still takes Ctrl-C at
 * once, passes on the workers' progress and draws the progress bar. Same blocks, same order,
 * same record.
 */
export async function runPreparedBlocksYielding(prepared: PreparedPlan, takeBlock: () => number, onBlock?: BlockCallback, profile?: Float64Array, shared?: SharedCells | null): Promise<RunRecord> {
  const { plan } = prepared;
  const workspace = new BlockWorkspace(prepared);
  if (profile) workspace.profile = profile;
  const record = new RunRecord(plan, shared);
  let last = performance.now();
  for (let b = takeBlock(); b >= 0; b = takeBlock()) {
    const first = b * plan.blockSize;
    const paths = Math.min(plan.blockSize, plan.paths - first);
    workspace.begin(first, paths, record);
    for (let t = 1; t <= plan.steps; t++) {
      workspace.advance(t, record);
      if (performance.now() - last > YIELD_EVERY_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        last = performance.now();
      }
    }
    record.paths += paths;
    onBlock?.(paths, record);
  }
  return record;
}

/** Runs every block of a plan in this thread, in order. */
export function runAllBlocks(plan: RunPlan, registry: ModelRegistry, onBlock?: BlockCallback): RunRecord {
  return runAllPreparedBlocks(preparePlan(plan, registry), onBlock);
}

/** {@link runAllBlocks} of a plan already checked against the registry. */
export function runAllPreparedBlocks(prepared: PreparedPlan, onBlock?: BlockCallback, profile?: Float64Array): RunRecord {
  const blocks = blockCount(prepared.plan);
  let next = 0;
  return runPreparedBlocks(prepared, () => (next < blocks ? next++ : -1), onBlock, profile);
}

/** A block dispenser over an Int32Array counter shared between threads. */
export function sharedDispenser(counter: Int32Array, blocks: number): () => number {
  return () => {
    const b = Atomics.add(counter, 0, 1);
    return b < blocks ? b : -1;
  };
}
