import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startWorker, type WorkerPool } from './worker-pool.js';
import type { ModelRegistry } from './model.js';
import { preparePlan, type PreparedPlan } from './prepare.js';
import { mergePartials, partialCopy, partialGate, partialPlan } from './partial.js';
import { mergePerPath } from './per-path.js';
import { mergePacked, packRecord, type PackedRecord } from './recorder/pack.js';
import { quantileStepsOf, RunRecord } from './recorder/run-record.js';
import { RunStoppedError } from './recorder/shared-arena.js';
import { SharedCells } from './recorder/shared-cells.js';
import { blockCount, runPreparedBlocksYielding, sharedDispenser } from './run-blocks.js';
import type { RunPlan } from './run-plan.js';
import type { WorkerInput, WorkerMessage } from './worker-protocol.js';

/** Options of {@link runPlan}. */
export interface RunOptions {
  /** URL of a module exporting `registry` (the models); workers import it by this URL. */
  registryUrl: string;
  /**
   * Worker threads; 1 runs in this thread. Default: {@link autoThreads} (every core, but a small
   * run stays in this thread).
   */
  threads?: number;
  /** Called as paths complete, with the running total. */
  onProgress?: (pathsDone: number, pathsTotal: number) => void;
  /** Time each model's step and the recording (bench/run.mjs --kernel flagship); default false. */
  profile?: boolean;
  /** Live partial results as blocks complete (for a live view; the final record does not depend on it). */
  partial?: PartialOptions;
  /** Cancels the run: the worker threads are stopped and `runPlan` rejects with {@link RunCancelledError}. */
  signal?: AbortSignal;
  /**
   * Run every block on worker threads, this thread only merging, so that it stays free (a
   * server answering requests while it runs). Default false: this thread runs blocks too.
   */
  inWorkers?: boolean;
  /**
   * Take the worker threads from this pool (warm: started and compiled once) instead of starting
   * new ones; a run uses at most the pool's size. Results do not depend on it.
   */
  pool?: WorkerPool;
}

/** What {@link RunOptions.partial} asks for. */
export interface PartialOptions {
  /** Recorded signals whose statistics the partial records carry (others are left out); events are always in. */
  signals: string[];
  /**
   * Called after every completed block with the exact merge of all blocks completed so far
   * (`record.paths` of them), over the plan's events and `signals`. Which blocks are done at a
   * given moment depends on timing; each partial is exact for its blocks.
   */
  onPartial: (record: RunRecord) => void;
  /**
   * Least milliseconds between two partials of one thread (its first block's is always sent).
   * Default 0: one per block. A live view sets its refresh interval: with small blocks, packing
   * every block's partial would cost more than the view can show.
   */
  everyMs?: number;
}

/** The rejection of a run cancelled through {@link RunOptions.signal}. */
export class RunCancelledError extends Error {
  override name = 'RunCancelledError';
  constructor() {
    super('the run was cancelled');
  }
}

/** Where a profiled run's thread time went, summed over threads. */
export interface RunProfile {
  /** The models in step order. */
  models: string[];
  /** stepMs[k]: milliseconds in the `step` of models[k]. */
  stepMs: number[];
  /** Milliseconds recording (sketches, sums, events, samples). */
  recordMs: number;
  /** Milliseconds the main thread spent merging worker records (0 on one thread). */
  mergeMs: number;
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
  /** When run with `profile`: where the time went. */
  profile?: RunProfile;
}

/** Default thread count: every core the machine reports. */
export function defaultThreads(): number {
  return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
}

/**
 * Path-steps below which a run stays in this thread when the caller does not set `threads`:
 * starting a worker costs ~0.35 s (it loads the models; measured on the 2-core machine of
 * bench/README.md), which a run of 500,000 path-steps at ≥ 2 µs each (1 s and more) wins back
 * on two threads, and a smaller one may not.
 */
export const MIN_PATH_STEPS_FOR_WORKERS = 500_000;

/** The threads a run of `plan` uses by default: 1 for a small run, else every core (at most one per block). */
export function autoThreads(plan: RunPlan, cores = defaultThreads()): number {
  if (plan.paths * plan.steps < MIN_PATH_STEPS_FOR_WORKERS) return 1;
  return Math.max(1, Math.min(cores, blockCount(plan)));
}

/**
 * Runs every path of a plan and merges the blocks' records. The result does not depend on
 * `threads`: blocks are fixed by the plan and records merge exactly.
 */
export async function runPlan(plan: RunPlan, options: RunOptions): Promise<RunOutcome> {
  const started = performance.now();
  const blocks = blockCount(plan);
  const threads = Math.max(1, Math.min(options.threads ?? autoThreads(plan), blocks));
  const { registry } = (await import(options.registryUrl)) as { registry: ModelRegistry };
  const prepared = preparePlan(plan, registry); // fails here, with the graph's message, before any worker starts
  let done = 0;
  const progress = (paths: number) => {
    done += paths;
    options.onProgress?.(done, plan.paths);
  };
  const profile = options.profile ? new Float64Array(prepared.models.length + 2) : undefined;
  if (options.signal?.aborted) throw new RunCancelledError();
  const live = options.partial ? { ...options.partial, pplan: partialPlan(plan, options.partial.signals) } : null;
  let record: RunRecord;
  if (threads === 1 && !options.inWorkers) {
    let next = 0;
    const due = partialGate(live?.everyMs ?? 0);
    record = await runPreparedBlocksYielding(
      prepared,
      () => (options.signal?.aborted ? -1 : next < blocks ? next++ : -1),
      (paths, sofar) => {
        progress(paths);
        if (live && due()) live.onPartial(partialCopy(sofar, live.pplan));
      },
      profile,
    );
    if (options.signal?.aborted) throw new RunCancelledError();
  } else {
    record = await runWithWorkers(prepared, options, threads, progress, live, profile);
  }
  const outcome: RunOutcome = { plan, record, threads, elapsedMs: performance.now() - started, units: prepared.units, owners: prepared.owners };
  if (profile) {
    const n = prepared.models.length;
    outcome.profile = { models: prepared.models.map((m) => m.def.name), stepMs: Array.from(profile.subarray(0, n)), recordMs: profile[n], mergeMs: profile[n + 1] };
  }
  return outcome;
}

/**
 * Runs a plan on `threads` threads: this one and threads − 1 workers (or, `inWorkers`, threads
 * workers and this thread only merging), all taking blocks from one shared counter. Each
 * worker's record arrives packed (its buffer transferred, not cloned) and is added into this
 * thread's in place. Working here rather than idling saves an isolate, a workspace and a
 * record (peak memory), and a start-up.
 */
async function runWithWorkers(
  prepared: PreparedPlan,
  options: RunOptions,
  threads: number,
  progress: (paths: number) => void,
  live: (PartialOptions & { pplan: RunPlan }) | null,
  profile?: Float64Array,
): Promise<RunRecord> {
  const { plan } = prepared;
  const nextBlock = new SharedArrayBuffer(4);
  const stop = new SharedArrayBuffer(4);
  // the quantiles go into one shared set of cells, but a live view's signals stay each thread's
  // own: a partial must hold exactly the blocks it counts (partial.ts)
  const own = new Set(live?.signals ?? []);
  const sharedSignals = plan.record.filter((s) => !own.has(s));
  const sharedCells = sharedSignals.length > 0 ? SharedCells.create(sharedSignals, quantileStepsOf(plan).length, plan.sketchAlpha) : undefined;
  const shared = sharedCells ? new SharedCells(sharedCells, new Int32Array(stop)) : null;
  const input: WorkerInput = { plan, registryUrl: options.registryUrl, nextBlock, stop, profile: profile !== undefined, partialSignals: live?.signals, partialEveryMs: live?.everyMs, sharedCells };
  const workers: Worker[] = [];
  const results: Promise<WorkerResult>[] = [];
  // each thread's latest partial (all its blocks so far): their merge is every block done
  const latest = new Map<number, PackedRecord>();
  const mainWorks = !options.inWorkers;
  const showPartial = () => live?.onPartial(mergePartials(live.pplan, latest.values()));
  const wanted = mainWorks ? threads - 1 : threads;
  if (options.pool && options.pool.registryUrl !== options.registryUrl) throw new Error(`the worker pool loads ${options.pool.registryUrl}, not the run's registry ${options.registryUrl}`);
  const pooled = options.pool ? await options.pool.take(wanted) : null;
  for (let k = 0; k < (pooled ? pooled.length : wanted); k++) {
    const w = pooled ? pooled[k] : startWorker(input);
    workers.push(w);
    const result = workerResult(w, progress, (packed) => {
      latest.set(k + 1, packed);
      showPartial();
    });
    results.push(result.then((r) => (r === null ? Promise.reject(new RunCancelledError()) : r)));
    if (pooled) {
      // back to the pool once it has answered this run (a result, stopped, or its own error)
      result.then(
        () => options.pool!.give(w),
        (err: unknown) => options.pool!.give(w, err instanceof RunError),
      );
      w.postMessage(input);
    }
  }
  let failed = false;
  const stopAll = () => {
    failed = true;
    // a pooled worker stops before its next block and is kept; a one-run worker is terminated
    Atomics.store(new Int32Array(stop), 0, 1);
    if (!pooled) for (const w of workers) void w.terminate();
  };
  const cancelled = new Promise<never>((_, reject) => {
    const cancel = () => {
      stopAll();
      reject(new RunCancelledError());
    };
    if (options.signal?.aborted) cancel();
    options.signal?.addEventListener('abort', cancel, { once: true });
  });
  cancelled.catch(() => undefined);
  const all = Promise.all(results);
  all.catch(stopAll);
  const take = sharedDispenser(new Int32Array(nextBlock), blockCount(plan));
  const due = partialGate(live?.everyMs ?? 0);
  let record: RunRecord;
  try {
    record = mainWorks
      ? await runPreparedBlocksYielding(
          prepared,
          () => (failed ? -1 : take()),
          (paths, sofar) => {
            progress(paths);
            if (live && due()) {
              latest.set(0, packRecord(partialCopy(sofar, live.pplan)));
              showPartial();
            }
          },
          profile,
          shared,
        )
      : new RunRecord(plan, shared);
  } catch (err) {
    stopAll();
    // this thread gave up waiting for the shared record because another failed: report that failure
    if (err instanceof RunStoppedError) await Promise.race([all, cancelled]);
    throw err;
  }
  for (const m of await Promise.race([all, cancelled])) {
    const before = performance.now();
    mergePacked(record, m.packed);
    if (record.perPath && m.perPath) mergePerPath(record.perPath, m.perPath);
    if (profile && m.profile) {
      for (let k = 0; k < m.profile.length; k++) profile[k] += m.profile[k];
      profile[profile.length - 1] += performance.now() - before;
    }
  }
  if (options.signal?.aborted) throw new RunCancelledError();
  record.adoptSharedCells();
  return record;
}

type WorkerResult = Extract<WorkerMessage, { type: 'result' }>;

/** A run's own error reported by a worker (the worker itself is fine and may run again). */
class RunError extends Error {}

/**
 * The result a worker posts for this run (null: it stopped, through `stop`), its progress and
 * partials passed on; rejects on its error or its exit. Its listeners go when it settles, so
 * a pooled worker carries none into its next run.
 */
function workerResult(w: Worker, progress: (paths: number) => void, partial: (packed: PackedRecord) => void): Promise<WorkerResult | null> {
  return new Promise((resolve, reject) => {
    const settle = () => {
      w.off('message', onMessage);
      w.off('error', onError);
      w.off('exit', onExit);
    };
    const onMessage = (m: WorkerMessage) => {
      if (m.type === 'progress') progress(m.paths);
      else if (m.type === 'partial') partial(m.packed);
      else if (m.type === 'error') (settle(), reject(Object.assign(new RunError(m.message), { stack: m.stack })));
      else if (m.type === 'stopped') (settle(), resolve(null));
      else (settle(), resolve(m));
    };
    const onError = (err: Error) => (settle(), reject(err));
    const onExit = (code: number) => (settle(), reject(new Error(`worker thread exited with code ${code}`)));
    w.on('message', onMessage);
    w.on('error', onError);
    w.on('exit', onExit);
  });
}
