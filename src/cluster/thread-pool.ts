import { Worker } from 'node:worker_threads';
import type { RunPlan } from '../engine/run-plan.js';

/** A shard for a pool thread. */
export interface ShardTask {
  id: number;
  /** Identifies the plan (run and point), so a thread prepares each plan once. */
  planKey: string;
  plan: RunPlan;
  firstBlock: number;
  endBlock: number;
}

/** A pool thread's answer: the encoded record, or why it failed. */
export type ShardThreadMessage = { id: number; ok: true; bytes: Uint8Array; paths: number } | { id: number; ok: false; message: string };

function threadUrl(): URL {
  const fromSource = import.meta.url.endsWith('.ts');
  return new URL(fromSource ? './shard-thread-shim.mjs' : './shard-thread.js', import.meta.url);
}

/**
 * A fixed set of threads that run shards, one at a time each. The cluster worker's main
 * thread stays free for Redis: BullMQ renews job locks from it, and a main thread busy with
 * a shard for longer than the lock would have its jobs taken for stalled.
 */
export class ShardThreadPool {
  private readonly idle: Worker[] = [];
  private readonly waiting: { task: Omit<ShardTask, 'id'>; resolve: (m: ShardThreadMessage) => void; reject: (e: Error) => void }[] = [];
  private readonly inFlight = new Map<number, { resolve: (m: ShardThreadMessage) => void; reject: (e: Error) => void; worker: Worker }>();
  private nextId = 1;
  private readonly workers: Worker[] = [];

  constructor(
    readonly size: number,
    registryUrl: string,
  ) {
    for (let k = 0; k < size; k++) this.spawn(registryUrl);
  }

  private spawn(registryUrl: string): void {
    const w = new Worker(threadUrl(), { workerData: { registryUrl } });
    this.workers.push(w);
    w.on('message', (m: ShardThreadMessage) => {
      const job = this.inFlight.get(m.id);
      this.inFlight.delete(m.id);
      job?.resolve(m);
      this.release(w);
    });
    w.on('error', (err) => {
      for (const [id, job] of this.inFlight) if (job.worker === w) (this.inFlight.delete(id), job.reject(err));
    });
    this.idle.push(w);
  }

  private release(w: Worker): void {
    const next = this.waiting.shift();
    if (next) this.dispatch(w, next.task, next.resolve, next.reject);
    else this.idle.push(w);
  }

  private dispatch(w: Worker, task: Omit<ShardTask, 'id'>, resolve: (m: ShardThreadMessage) => void, reject: (e: Error) => void): void {
    const id = this.nextId++;
    this.inFlight.set(id, { resolve, reject, worker: w });
    w.postMessage({ ...task, id } satisfies ShardTask);
  }

  /** Runs a shard on the next free thread. */
  run(task: Omit<ShardTask, 'id'>): Promise<ShardThreadMessage> {
    return new Promise((resolve, reject) => {
      const w = this.idle.pop();
      if (w) this.dispatch(w, task, resolve, reject);
      else this.waiting.push({ task, resolve, reject });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
