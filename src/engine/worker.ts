import { parentPort, workerData } from 'node:worker_threads';
import type { ModelRegistry } from './model.js';
import { preparePlan } from './prepare.js';
import { packedBuffers } from './recorder/pack.js';
import { HandOverBuffers } from './hand-over-buffers.js';
import { runBlocksHandingOver } from './hand-over.js';
import { blockCount, sharedDispenser } from './run-blocks.js';
import type { PoolWorkerData, WorkerInput, WorkerMessage } from './worker-protocol.js';

// A worker thread of runPlan: either one run given as workerData (then the thread ends), or,
// pooled (worker-pool.ts), one run per message for as long as the pool lives.
const port = parentPort!;
const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

/**
 * Runs the blocks of one run that this thread takes, handing its record over as it goes (each
 * step's sums and cells, then each block's rest: run-blocks.ts `runBlocksHandingOver`), then
 * posts the result.
 */
function runTask(input: WorkerInput, registry: ModelRegistry): void {
  try {
    const take = sharedDispenser(new Int32Array(input.nextBlock), blockCount(input.plan));
    const stop = input.stop ? new Int32Array(input.stop) : null;
    const profile = input.profile ? new Float64Array(input.plan.models.length + 2) : undefined;
    const record = runBlocksHandingOver(
      preparePlan(input.plan, registry),
      () => (stop !== null && Atomics.load(stop, 0) !== 0 ? -1 : take()),
      {
        step: (packed) => post({ type: 'step', packed }, packedBuffers(packed)),
        block: (paths, packed, terminal) => post({ type: 'block', paths, packed, terminal }, [...packedBuffers(packed), ...terminal.map((b) => b.values.buffer as ArrayBuffer)]),
      },
      profile,
      new HandOverBuffers(input.returns ?? null).alloc,
    );
    if (stop !== null && Atomics.load(stop, 0) !== 0) {
      post({ type: 'stopped' });
      return;
    }
    // the per-path table travels with the result (its typed arrays cloned once, at the end)
    post({ type: 'result', profile, perPath: record.perPath ?? undefined });
  } catch (err) {
    const e = err as Error;
    post({ type: 'error', message: e.message ?? String(err), stack: e.stack });
  } finally {
    input.returns?.close();
  }
}

const data = workerData as WorkerInput | PoolWorkerData;
try {
  const { registry } = (await import(data.registryUrl)) as { registry: ModelRegistry };
  if ('pooled' in data) port.on('message', (input: WorkerInput) => runTask(input, registry));
  else runTask(data, registry);
} catch (err) {
  const e = err as Error;
  post({ type: 'error', message: e.message ?? String(err), stack: e.stack });
}
