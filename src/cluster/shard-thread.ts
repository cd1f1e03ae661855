import { parentPort, workerData } from 'node:worker_threads';
import type { ModelRegistry } from '../engine/model.js';
import { preparePlan, type PreparedPlan } from '../engine/prepare.js';
import { packRecord } from '../engine/recorder/pack.js';
import { runPreparedBlocks } from '../engine/run-blocks.js';
import { encodeRecord, shardPerPath } from './record-codec.js';
import type { ShardTask, ShardThreadMessage } from './thread-pool.js';

// One thread of a cluster worker: runs the blocks of a shard and posts the encoded record.
// The plan of the last (run, point) is kept prepared: consecutive shards of one point are
// the common case.
const port = parentPort!;
const { registryUrl } = workerData as { registryUrl: string };
const { registry } = (await import(registryUrl)) as { registry: ModelRegistry };
let last: { key: string; prepared: PreparedPlan } | null = null;

port.on('message', (task: ShardTask) => {
  let reply: ShardThreadMessage;
  const transfer: ArrayBuffer[] = [];
  try {
    if (last?.key !== task.planKey) last = { key: task.planKey, prepared: preparePlan(task.plan, registry) };
    let next = task.firstBlock;
    const record = runPreparedBlocks(last.prepared, () => (next < task.endBlock ? next++ : -1));
    const firstPath = task.firstBlock * task.plan.blockSize;
    const perPath = record.perPath ? shardPerPath(record.perPath, firstPath, record.paths) : undefined;
    const bytes = encodeRecord({ packed: packRecord(record), perPath });
    // a copy that owns its whole buffer, so it can be transferred rather than cloned
    const owned = new Uint8Array(bytes.byteLength);
    owned.set(bytes);
    transfer.push(owned.buffer);
    reply = { id: task.id, ok: true, bytes: owned, paths: record.paths };
  } catch (err) {
    const e = err as Error;
    reply = { id: task.id, ok: false, message: e?.message ?? String(err) };
  }
  port.postMessage(reply, transfer);
});
