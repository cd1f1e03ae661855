import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ModelRegistry } from './model.js';
import { mergePartials, partialPlan, partialRecordData } from './partial.js';
import { preparePlan } from './prepare.js';
import { RunRecord } from './recorder/run-record.js';
import { blockCount, runAllPreparedBlocks } from './run-blocks.js';
import type { RunPlan } from './run-plan.js';
import type { RunRecordData } from './recorder/run-record.js';
import type { WorkerInput, WorkerMessage } from './worker-protocol.js';

/** Options of {@link runPlan}. */
export interface RunOptions {
  /** URL of a module exporting `registry` (the models); workers import it by this URL. */
  registryUrl: string;
  /** Worker threads; 1 runs in this thread. Default: all cores. */
  threads?: number;
  /** Called as paths complete, with the running total. */
  onProgress?: (pathsDone: number, pathsTotal: number) => void;
  /** Live partial results as blocks complete (for a live view; the final record does not depend on it). */
  partial?: PartialOptions;
  /** Cancels the run: the worker threads are stopped and `runPlan` rejects with {@link RunCancelledError}. */
  signal?: AbortSignal;
  /**
   * Run on worker threads even when one thread is used, so that this thread stays free (a
   * server answering requests while it runs). Default false: one thread runs here.
   */
  inWorkers?: boolean;
}

/** What {@link RunOptions.partial} asks for. */
export interface PartialOptions {
  /** Recorded signals whose sketches the partial records carry (others are left out); events are always in. */
  signals: string[];
  /**
   * Called after every completed block with the exact merge of all blocks completed so far
   * (`record.paths` of them), over the plan's events and `signals`. Which blocks are done at a
   * given moment depends on timing; each partial is exact for its blocks.
   */
  onPartial: (record: RunRecord) => void;
}

/** The rejection of a run cancelled through {@link RunOptions.signal}. */
export class RunCancelledError extends Error {
  override name = 'RunCancelledError';
  constructor() {
    super('the run was cancelled');
  }
}

/**
 * The merged record of a plan, how it was produced, and what the engine worked out from the
 * plan and the registry, so that summaries need neither. The plan's `events` are the events
 * watched, already parsed (`signal op value`).
 */
export interface RunOutcome {
  plan: RunPlan;
  record: RunRecord;
  threads: number;
  elapsedMs: number;
  /** Every written or added signal → its unit. */
  units: Map<string, string>;
  /**
   * Every written or added signal → the model it belongs to: its writer; for a flow signal,
   * the model its prefix names if enabled, else its first contributor in step order.
   */
  owners: Map<string, string>;
}

/** Default thread count: every core the machine reports. */
export function defaultThreads(): number {
  return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
}

/**
 * Runs every path of a plan and merges the blocks' records. The result does not depend on
 * `threads`: blocks are fixed by the plan and records merge exactly.
 */
export async function runPlan(plan: RunPlan, options: RunOptions): Promise<RunOutcome> {
  const started = performance.now();
  const blocks = blockCount(plan);
  const threads = Math.max(1, Math.min(options.threads ?? defaultThreads(), blocks));
  const { registry } = (await import(options.registryUrl)) as { registry: ModelRegistry };
  const prepared = preparePlan(plan, registry); // fails here, with the graph's message, before any worker starts
  let done = 0;
  const progress = (paths: number) => {
    done += paths;
    options.onProgress?.(done, plan.paths);
  };
  if (options.signal?.aborted) throw new RunCancelledError();
  let record: RunRecord;
  if (threads === 1 && !options.inWorkers) {
    const live = options.partial;
    const pplan = live ? partialPlan(plan, live.signals) : null;
    record = runAllPreparedBlocks(prepared, (paths, sofar) => {
      progress(paths);
      if (live && pplan) live.onPartial(mergePartials(pplan, [partialRecordData(sofar, pplan)]));
    });
  } else {
    record = await runInWorkers(plan, options, threads, progress);
  }
  return { plan, record, threads, elapsedMs: performance.now() - started, units: prepared.units, owners: prepared.owners };
}

function workerUrl(): URL {
  const fromSource = import.meta.url.endsWith('.ts');
  return new URL(fromSource ? './worker-shim.mjs' : './worker.js', import.meta.url);
}

function runInWorkers(plan: RunPlan, options: RunOptions, threads: number, progress: (paths: number) => void): Promise<RunRecord> {
  const nextBlock = new SharedArrayBuffer(4);
  const live = options.partial;
  const input: WorkerInput = { plan, registryUrl: options.registryUrl, nextBlock, partialSignals: live?.signals };
  const pplan = live ? partialPlan(plan, live.signals) : null;
  // each worker's latest partial copy (all its blocks so far): their merge is every block done
  const latest = new Map<number, RunRecordData>();
  const merged = new RunRecord(plan);
  return new Promise((resolve, reject) => {
    let pending = threads;
    let failed = false;
    const workers: Worker[] = [];
    const fail = (err: Error) => {
      if (failed) return;
      failed = true;
      for (const w of workers) void w.terminate();
      options.signal?.removeEventListener('abort', cancel);
      reject(err);
    };
    const cancel = () => fail(new RunCancelledError());
    options.signal?.addEventListener('abort', cancel);
    for (let k = 0; k < threads; k++) {
      const w = new Worker(workerUrl(), { workerData: input });
      workers.push(w);
      w.on('message', (m: WorkerMessage) => {
        if (failed) return;
        if (m.type === 'progress') progress(m.paths);
        else if (m.type === 'partial') {
          latest.set(k, m.record);
          if (live && pplan) live.onPartial(mergePartials(pplan, latest.values()));
        }
        else if (m.type === 'error') fail(Object.assign(new Error(m.message), { stack: m.stack }));
        else {
          merged.merge(RunRecord.fromData(plan, m.record));
          if (--pending === 0 && !failed) {
            options.signal?.removeEventListener('abort', cancel);
            resolve(merged);
          }
        }
      });
      w.on('error', fail);
      w.on('exit', (code) => {
        if (code !== 0 && pending > 0 && !failed) fail(new Error(`worker thread exited with code ${code}`));
      });
    }
  });
}
