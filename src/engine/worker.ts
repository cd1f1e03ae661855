import { parentPort, workerData } from 'node:worker_threads';
import type { ModelRegistry } from './model.js';
import { partialCopy, partialGate, partialPlan } from './partial.js';
import { packedBuffers, packRecord } from './recorder/pack.js';
import { SharedCells } from './recorder/shared-cells.js';
import { blockCount, runBlocks, sharedDispenser } from './run-blocks.js';
import type { PoolWorkerData, WorkerInput, WorkerMessage } from './worker-protocol.js';

// A worker thread of runPlan: either one run given as workerData (then the thread ends), or,
// pooled (worker-pool.ts), one run per message for as long as the pool lives.
const port = parentPort!;
const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

/** Runs the blocks of one run that this thread takes, posting progress, partials and the packed record. */
function runTask(input: WorkerInput, registry: ModelRegistry): void {
  try {
    const take = sharedDispenser(new Int32Array(input.nextBlock), blockCount(input.plan));
    const stop = input.stop ? new Int32Array(input.stop) : null;
    const profile = input.profile ? new Float64Array(input.plan.models.length + 2) : undefined;
    const pplan = input.partialSignals ? partialPlan(input.plan, input.partialSignals) : null;
    const due = partialGate(input.partialEveryMs ?? 0);
    const shared = input.sharedCells ? new SharedCells(input.sharedCells, stop) : null;
    const record = runBlocks(
      input.plan,
      registry,
      () => (stop !== null && Atomics.load(stop, 0) !== 0 ? -1 : take()),
      (paths, sofar) => {
        if (pplan && due()) {
          const packed = packRecord(partialCopy(sofar, pplan));
          post({ type: 'partial', packed }, packedBuffers(packed));
        }
        post({ type: 'progress', paths });
      },
      profile,
      shared,
    );
    if (stop !== null && Atomics.load(stop, 0) !== 0) {
      post({ type: 'stopped' });
      return;
    }
    const packed = packRecord(record);
    // the per-path table travels beside the packed record (its typed arrays cloned once, at the end)
    post({ type: 'result', packed, profile, perPath: record.perPath ?? undefined }, packedBuffers(packed));
  } catch (err) {
    const e = err as Error;
    post({ type: 'error', message: e.message ?? String(err), stack: e.stack });
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
