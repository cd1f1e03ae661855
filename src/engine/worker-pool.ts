import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { PoolWorkerData } from './worker-protocol.js';

/**
 * A worker thread's start: its entry, and a young generation of 4 MB instead of V8's default (a
 * worker allocates little per step: its workspace and record are long-lived typed arrays). Measured
 * on the flagship on 2 threads: peak memory 20–45 MB lower (221/224 → 197/194 MB at 10,240 × 10;
 * 278–307 → 251–262 MB at 4,096 × 180), CPU time within the run-to-run spread.
 */
export function startWorker(workerData: unknown): Worker {
  const options: WorkerOptions = { workerData, resourceLimits: { maxYoungGenerationSizeMb: 4 } };
  return new Worker(workerUrl(), options);
}

/** Where a worker thread's entry is: compiled JS, or the tsx shim when running from source. */
export function workerUrl(): URL {
  const fromSource = import.meta.url.endsWith('.ts');
  return new URL(fromSource ? './worker-shim.mjs' : './worker.js', import.meta.url);
}

/**
 * Worker threads kept alive between runs (RunOptions.pool), for a process that runs many:
 * `cascade serve`. A new worker costs its start-up (~0.4 s: the models' modules) and its first
 * block runs on cold code (~3× a warm block's time); a pooled worker pays both once, so a run's
 * first partial arrives after one warm block. Workers run one run at a time; runPlan takes them,
 * stops them through shared memory on cancel (a pooled worker is never terminated mid-run), and
 * gives them back.
 */
export class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly waiting: ((w: Worker) => void)[] = [];
  private readonly all = new Set<Worker>();
  private closed = false;

  /**
   * @param size the threads kept (a run uses at most this many)
   * @param registryUrl URL of the module whose `registry` export lists the models (as RunOptions.registryUrl)
   */
  constructor(
    readonly size: number,
    readonly registryUrl: string,
  ) {
    for (let k = 0; k < size; k++) this.idle.push(this.spawn());
  }

  private spawn(): Worker {
    const w = startWorker({ pooled: true, registryUrl: this.registryUrl } satisfies PoolWorkerData);
    this.all.add(w);
    // an idle worker that dies is replaced when next taken; one in a run fails that run (run.ts)
    w.on('error', () => undefined);
    w.on('exit', () => this.all.delete(w));
    return w;
  }

  /** Takes `n` workers (at most the pool's size), waiting for runs that hold them to give them back. */
  async take(n: number): Promise<Worker[]> {
    if (this.closed) throw new Error('the worker pool is closed');
    const taken: Worker[] = [];
    for (let k = 0; k < Math.min(n, this.size); k++) {
      const w = this.idle.pop() ?? (await new Promise<Worker>((resolve) => this.waiting.push(resolve)));
      taken.push(this.all.has(w) ? w : this.spawn());
    }
    return taken;
  }

  /** Gives a worker back; `healthy: false` (it failed outside a run's own error) replaces it. */
  give(w: Worker, healthy = true): void {
    if (this.closed) return void w.terminate();
    let next = w;
    if (!healthy || !this.all.has(w)) {
      void w.terminate();
      next = this.spawn();
    }
    const waiter = this.waiting.shift();
    if (waiter) waiter(next);
    else this.idle.push(next);
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.all].map((w) => w.terminate()));
  }
}
