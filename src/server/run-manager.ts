import type { ModelRegistry } from '../engine/model.js';
import { preparePlan } from '../engine/prepare.js';
import { RunCancelledError, defaultThreads, runPlan } from '../engine/run.js';
import type { RunPlan } from '../engine/run-plan.js';
import { WorkerPool } from '../engine/worker-pool.js';
import { registryUrl } from '../models/index.js';
import { runLoadedScenario, type ScenarioResult } from '../run-scenario.js';
import { threadsWithinBudget } from '../scenario/memory.js';
import type { LoadedScenario } from '../scenario/plan.js';
import { runShape } from '../scenario/validate.js';
import { codeFingerprint } from '../store/code-fingerprint.js';
import { commitFinishedRun, openForWriting, SideFile } from '../store/commit.js';
import { withStore, type NewRun } from '../store/store.js';
import { VERSION } from '../version.js';
import { headlineSignals, viewOfPartial, viewOfPoint, type LiveView } from './live-view.js';

/** A run's state as the server tracks it: the store's statuses, and `queued` before it starts. */
export type LiveStatus = 'queued' | 'running' | 'complete' | 'failed' | 'interrupted';

/** What a run's stream carries. */
export type RunEvent =
  | { type: 'status'; status: LiveStatus; error?: string }
  | { type: 'progress'; pathsDone: number; pathsTotal: number }
  | { type: 'partial'; view: LiveView };

/** A run this server started (queued, running, or finished while it has been up). */
export interface TrackedRun {
  id: string;
  scenario: string;
  status: LiveStatus;
  createdAt: string;
  pathsDone: number;
  pathsTotal: number;
  /** The latest view of each point (partial while it runs, final once complete). */
  views: (LiveView | null)[];
  error: string | null;
  /** The run's schedule (its resolved scenario's `schedule:`, the same at every sweep point). */
  schedule: unknown[];
}

interface Entry extends TrackedRun {
  loaded: LoadedScenario;
  newRun: NewRun;
  created: Date;
  controller: AbortController;
  listeners: Set<(e: RunEvent) => void>;
  /** Partial views waiting for the throttle, per point. */
  pendingViews: Map<number, LiveView>;
  flushTimer: NodeJS.Timeout | null;
}

/** Options of {@link RunManager}. */
export interface RunManagerOptions {
  registry: ModelRegistry;
  /** The run store folder. */
  storeDir: string;
  /** Runs computed at once (default 1); each gets an equal share of the cores. */
  concurrency?: number;
  /** Cores to share (default: every core). */
  threads?: number;
  /** Runs remembered in memory after they finish (the store keeps them all). Default 200. */
  keepFinished?: number;
  /** Minimum milliseconds between two partial views of a point on the stream (default 200). */
  partialEveryMs?: number;
  /** Runs that may wait in the queue (default {@link DEFAULT_MAX_QUEUED}); more are refused. */
  maxQueued?: number;
  /**
   * A plan run once on the warm worker pool when the manager starts (a few blocks of the flagship),
   * so that the first run's first partial comes after one warm block; default: none.
   */
  warmUp?: RunPlan;
}

/**
 * Paths per block of a run the server computes (the CLI's are DEFAULT_BLOCK_SIZE): the first
 * partial comes after one block on each thread, so a small block shows a run within a second or
 * two on warm threads (2026-12-04, flagship at 2,000 paths: first partial 0.99–1.54 s at 128
 * against 1.28–2.48 s at 256, the whole run 15–25% longer in those rounds; bench/README.md); the block size changes
 * no result (engine/run-plan.ts: sums in 128-path granules).
 */
export const LIVE_BLOCK_SIZE = 128;

/** How many runs may wait for a slot by default. */
export const DEFAULT_MAX_QUEUED = 32;

/** Thrown by {@link RunManager.submit} when the queue is full. */
export class QueueFullError extends Error {
  override name = 'QueueFullError';
}

/**
 * The bounded run queue of the server: runs are recorded in the store when submitted
 * (`running` there; `queued` here until a slot frees), computed on worker threads so that
 * the server keeps answering, and stored complete in one transaction, or marked interrupted
 * (cancelled) or failed with nothing else written.
 */
export class RunManager {
  private readonly runs = new Map<string, Entry>();
  private readonly queue: Entry[] = [];
  private active = 0;
  private readonly concurrency: number;
  private readonly threadsPerRun: number;
  private readonly codeHash = codeFingerprint();
  private readonly running = new Set<Promise<void>>();
  /** Worker threads kept between runs: each run takes its share, warm (engine/worker-pool.ts). */
  private readonly pool: WorkerPool;
  private readonly warm: Promise<void>;

  constructor(private readonly opts: RunManagerOptions) {
    this.concurrency = Math.max(1, opts.concurrency ?? 1);
    this.threadsPerRun = Math.max(1, Math.floor((opts.threads ?? defaultThreads()) / this.concurrency));
    this.pool = new WorkerPool(this.threadsPerRun * this.concurrency, registryUrl);
    this.warm = opts.warmUp ? this.warmUp(opts.warmUp) : Promise.resolve();
  }

  /**
   * Runs `plan` the way a live run goes (workers from the pool, partials packed and merged, views
   * made) and opens the store once, so that the first run finds compiled code and an existing
   * store: measured, a first run after a bare warm-up of the workers still took ~2 s to its first
   * partial against ~0.8 s for the next (bench/README.md, "A live run's first partial").
   */
  private async warmUp(plan: RunPlan): Promise<void> {
    try {
      await withStore(this.opts.storeDir, {}, async () => undefined);
      const { units, owners } = preparePlan(plan, this.opts.registry);
      const headline = headlineSignals(plan.events, plan.record, []);
      await runPlan(plan, {
        registryUrl,
        threads: this.pool.size,
        inWorkers: true,
        pool: this.pool,
        partial: { signals: headline, onPartial: (record) => viewOfPartial(record, units, owners, { point: 0, label: 'warm-up', pathsTotal: plan.paths }, []) },
      });
    } catch (err) {
      note(`the warm-up failed (runs still work, the first one slower): ${(err as Error)?.message ?? String(err)}`);
    }
  }

  /** Records the run in the store, queues it and returns its id. */
  async submit(loaded: LoadedScenario, file: string): Promise<string> {
    for (const p of loaded.points) p.plan = { ...p.plan, blockSize: Math.min(p.plan.blockSize, LIVE_BLOCK_SIZE) };
    const max = this.opts.maxQueued ?? DEFAULT_MAX_QUEUED;
    if (this.queue.length >= max) throw new QueueFullError(`${this.queue.length} runs are waiting already (at most ${max}): try again when one has finished, or cancel one`);
    const s = loaded.valid.scenario;
    const newRun: NewRun = {
      scenario: s.name,
      description: s.description,
      file,
      points: loaded.points.length,
      paths: loaded.points.reduce((a, p) => a + p.plan.paths, 0),
      seed: s.seed,
      cascadeVersion: VERSION,
      codeHash: this.codeHash,
      command: 'cascade serve: POST /runs',
      models: loaded.valid.models.map((m) => ({ name: m.name, title: this.opts.registry.models.find((d) => d.name === m.name)?.title ?? m.name })),
      sources: s.sources,
    };
    const created = new Date();
    const store = await openForWriting(this.opts.storeDir, { note: note });
    let id: string;
    try {
      id = await store.beginRun(newRun, created);
    } finally {
      store.close();
    }
    const entry: Entry = {
      id,
      scenario: s.name,
      status: 'queued',
      createdAt: created.toISOString(),
      pathsDone: 0,
      pathsTotal: newRun.paths,
      views: loaded.points.map(() => null),
      error: null,
      schedule: scheduleOf(loaded.points[0]?.resolved),
      loaded,
      newRun,
      created,
      controller: new AbortController(),
      listeners: new Set(),
      pendingViews: new Map(),
      flushTimer: null,
    };
    this.runs.set(id, entry);
    this.queue.push(entry);
    this.pump();
    return id;
  }

  /** A run this server knows (submitted since it started), or undefined. */
  get(id: string): TrackedRun | undefined {
    return this.runs.get(id);
  }

  /** Every run this server knows, newest first. */
  list(): TrackedRun[] {
    return [...this.runs.values()].reverse();
  }

  /**
   * Cancels a queued or running run: it is stored as interrupted (nothing else written).
   * Returns false when the run is not queued or running here.
   */
  async cancel(id: string): Promise<boolean> {
    const e = this.runs.get(id);
    if (!e || (e.status !== 'queued' && e.status !== 'running')) return false;
    if (e.status === 'queued') {
      this.queue.splice(this.queue.indexOf(e), 1);
      await this.finish(e, 'interrupted', null);
    } else {
      e.controller.abort();
      await new Promise<void>((resolve) => {
        const off = this.subscribe(id, (ev) => {
          if (ev.type === 'status' && ev.status !== 'running') {
            off();
            resolve();
          }
        });
      });
    }
    return true;
  }

  /** Calls `fn` with every event of the run from now on; returns the unsubscribe function. */
  subscribe(id: string, fn: (e: RunEvent) => void): () => void {
    const e = this.runs.get(id);
    if (!e) return () => undefined;
    e.listeners.add(fn);
    return () => e.listeners.delete(fn);
  }

  /** Cancels every queued and running run (each stored as interrupted) and waits for them. */
  async close(): Promise<void> {
    for (const e of [...this.queue]) await this.cancel(e.id);
    for (const e of this.runs.values()) if (e.status === 'running') e.controller.abort();
    await Promise.all([...this.running]);
    await this.warm;
    await this.pool.close();
  }

  private emit(e: Entry, ev: RunEvent): void {
    for (const fn of [...e.listeners]) fn(ev);
  }

  private pump(): void {
    while (this.active < this.concurrency && this.queue.length) {
      const e = this.queue.shift()!;
      this.active++;
      const p = this.compute(e).finally(() => {
        this.active--;
        this.running.delete(p);
        this.pump();
      });
      this.running.add(p);
    }
  }

  private async compute(e: Entry): Promise<void> {
    e.status = 'running';
    this.emit(e, { type: 'status', status: 'running' });
    const started = performance.now();
    const ownEvents = e.loaded.valid.scenario.events.map((x) => x.name);
    const first = e.loaded.points[0].plan;
    const headline = headlineSignals(first.events, first.record, ownEvents);
    const { units, owners } = preparePlan(first, this.opts.registry);
    let result: ScenarioResult;
    try {
      // fewer threads when the run would pass its memory budget on all of them (each keeps its own record), as cascade run does
      const threads = threadsWithinBudget(runShape(e.loaded.valid), this.threadsPerRun, e.loaded.valid.scenario.limits.maxMemoryMB * 1024 * 1024);
      result = await runLoadedScenario(e.loaded, {
        threads,
        inWorkers: true,
        pool: this.pool,
        signal: e.controller.signal,
        onProgress: (done, total) => {
          e.pathsDone = done;
          e.pathsTotal = total;
          this.emit(e, { type: 'progress', pathsDone: done, pathsTotal: total });
        },
        partial: {
          signals: headline,
          // a thread sends a partial at most as often as the stream shows one (its first block's at once)
          everyMs: this.opts.partialEveryMs ?? 200,
          onPartial: (k, record) => {
            const point = e.loaded.points[k];
            this.queueView(e, viewOfPartial(record, units, owners, { point: k, label: point.label, pathsTotal: point.plan.paths }, ownEvents));
          },
        },
      });
    } catch (err) {
      if (err instanceof RunCancelledError) await this.finish(e, 'interrupted', null);
      else await this.finish(e, 'failed', (err as Error)?.message ?? String(err));
      return;
    }
    try {
      const side = new SideFile(this.opts.storeDir, { runId: e.id, run: e.newRun, createdAt: e.created, result, reusedFrom: e.loaded.points.map(() => null), elapsedMs: Math.round(performance.now() - started) });
      await commitFinishedRun(this.opts.storeDir, side, { note });
    } catch (err) {
      await this.finish(e, 'failed', `the results could not be stored: ${(err as Error)?.message ?? String(err)}`);
      return;
    }
    e.views = result.points.map((p, k) => viewOfPoint(p, k));
    await this.finish(e, 'complete', null);
  }

  /** Sends partial views at most every `partialEveryMs` per run (the newest of each point wins). */
  private queueView(e: Entry, view: LiveView): void {
    e.views[view.point] = view;
    e.pendingViews.set(view.point, view);
    if (e.flushTimer) return;
    e.flushTimer = setTimeout(() => this.flushViews(e), 0);
  }

  private flushViews(e: Entry): void {
    e.flushTimer = null;
    const views = [...e.pendingViews.values()];
    e.pendingViews.clear();
    if (e.status !== 'running') return;
    for (const view of views) this.emit(e, { type: 'partial', view });
    e.flushTimer = setTimeout(() => {
      e.flushTimer = null;
      if (e.pendingViews.size) this.flushViews(e);
    }, this.opts.partialEveryMs ?? 200);
  }

  private async finish(e: Entry, status: 'complete' | 'failed' | 'interrupted', error: string | null): Promise<void> {
    if (status !== 'complete') {
      await withStore(this.opts.storeDir, { waitMs: Infinity }, (s) => s.markRun(e.id, status, error ?? undefined)).catch((err) => note(`could not mark run ${e.id} ${status}: ${(err as Error).message}`));
    }
    if (e.flushTimer) clearTimeout(e.flushTimer);
    e.flushTimer = null;
    e.pendingViews.clear();
    e.status = status;
    e.error = error;
    if (status === 'complete') for (const view of e.views) if (view) this.emit(e, { type: 'partial', view });
    this.emit(e, { type: 'status', status, ...(error ? { error } : {}) });
    e.listeners.clear();
    this.forgetOld();
  }

  private forgetOld(): void {
    const keep = this.opts.keepFinished ?? 200;
    const finished = [...this.runs.values()].filter((r) => r.status !== 'queued' && r.status !== 'running');
    for (const r of finished.slice(0, Math.max(0, finished.length - keep))) this.runs.delete(r.id);
  }
}

function note(message: string): void {
  process.stderr.write(`cascade serve: ${message}\n`);
}

/** The `schedule:` of a resolved scenario (empty when it has none). */
export function scheduleOf(resolved: Record<string, unknown> | undefined): unknown[] {
  const schedule = resolved?.schedule;
  return Array.isArray(schedule) ? schedule : [];
}
