import { parentPort, workerData } from 'node:worker_threads';
import type { ModelRegistry } from './model.js';
import { partialCopy, partialGate, partialPlan } from './partial.js';
import { packedBuffers, packRecord } from './recorder/pack.js';
import { blockCount, runBlocks, sharedDispenser } from './run-blocks.js';
import type { WorkerInput, WorkerMessage } from './worker-protocol.js';

const input = workerData as WorkerInput;
const port = parentPort!;
const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

try {
  const { registry } = (await import(input.registryUrl)) as { registry: ModelRegistry };
  const take = sharedDispenser(new Int32Array(input.nextBlock), blockCount(input.plan));
  const profile = input.profile ? new Float64Array(input.plan.models.length + 2) : undefined;
  const pplan = input.partialSignals ? partialPlan(input.plan, input.partialSignals) : null;
  const due = partialGate(input.partialEveryMs ?? 0);
  const record = runBlocks(
    input.plan,
    registry,
    take,
    (paths, sofar) => {
      if (pplan && due()) {
        const packed = packRecord(partialCopy(sofar, pplan));
        post({ type: 'partial', packed }, packedBuffers(packed));
      }
      post({ type: 'progress', paths });
    },
    profile,
  );
  const packed = packRecord(record);
  // the per-path table travels beside the packed record (its typed arrays cloned once, at the end)
  post({ type: 'result', packed, profile, perPath: record.perPath ?? undefined }, packedBuffers(packed));
} catch (err) {
  const e = err as Error;
  post({ type: 'error', message: e.message ?? String(err), stack: e.stack });
}
