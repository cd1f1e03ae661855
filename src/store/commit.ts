import fs from 'node:fs';
import type { ScenarioResult } from '../run-scenario.js';
import { StoreError, StoreLockedError } from './errors.js';
import { savePending, type PendingRun } from './pending.js';
import { RunStore, type NewRun } from './store.js';

/** How a writer reports that it waits for the store, and what it has done meanwhile. */
export interface WriterHooks {
  /** A line for the user (stderr): waiting for the store, still waiting, side file imported. */
  note: (message: string) => void;
  /** How long to wait before saying so (default CASCADE_STORE_WAIT_MS or 15 s). */
  waitMs?: number;
}

/**
 * Opens the store for writing, waiting as long as it takes: after `waitMs` (15 s by default)
 * of another process holding it, says "waiting for the store" (and again every 10 s) and
 * goes on waiting. `beforeWaiting` runs once, when the wait starts to be long.
 */
export async function openForWriting(dir: string, hooks: WriterHooks, beforeWaiting?: (holder: string) => string): Promise<RunStore> {
  try {
    return await RunStore.open(dir, { waitMs: hooks.waitMs, onNote: hooks.note });
  } catch (err) {
    if (!(err instanceof StoreLockedError)) throw err;
    const extra = beforeWaiting?.(err.holder);
    hooks.note(`waiting for the store: ${err.holder} is writing to it${extra ? `; ${extra}` : ''}`);
    const started = Date.now() - (hooks.waitMs ?? 0);
    return RunStore.open(dir, {
      waitMs: Infinity,
      onNote: hooks.note,
      onWait: () => hooks.note(`still waiting for the store (${Math.round((Date.now() - started) / 1000)} s)`),
    });
  }
}

/** A computed run to store: its id and begin record, its numbers and how they were made. */
export interface FinishedRun {
  runId: string;
  run: NewRun;
  createdAt: Date;
  result: ScenarioResult;
  reusedFrom: (string | null)[];
  elapsedMs: number;
}

/** The side file of a finished run, written once when first needed. */
export class SideFile {
  private file: string | undefined;

  constructor(
    private readonly dir: string,
    readonly finished: FinishedRun,
  ) {}

  /** The path of the side file, written now if it was not yet (throws if it cannot be). */
  save(): string {
    if (this.file) return this.file;
    const f = this.finished;
    const pending: PendingRun = {
      runId: f.runId,
      run: f.run,
      createdAt: f.createdAt.toISOString(),
      completedAt: new Date().toISOString(),
      elapsedMs: f.elapsedMs,
      reusedFrom: f.reusedFrom,
      result: f.result,
    };
    this.file = savePending(this.dir, pending);
    return this.file;
  }

  /** The path, if it was written. */
  get path(): string | undefined {
    return this.file;
  }

  /** Removes it (the run is in the store). */
  remove(): void {
    if (this.file) fs.rmSync(this.file, { force: true });
  }
}

/**
 * Writes a finished run's numbers into the store and marks it complete (one transaction),
 * never throwing them away: if another process holds the store, the results first go to a
 * side file (STORE/pending/ID.jsonl) and the writer waits as long as it takes, saying so; if the
 * write fails, the side file stays and the error says where it is. The next command that opens
 * the store for writing imports side files. `hooks.onWriting` is called once the store is open,
 * before the transaction (Ctrl-C is deferred from then on, and before it leaves the side file).
 */
export async function commitFinishedRun(dir: string, side: SideFile, hooks: WriterHooks & { onWriting?: () => void }): Promise<void> {
  const f = side.finished;
  let store: RunStore;
  try {
    store = await openForWriting(dir, hooks, () => {
      const file = side.save();
      return `this run's results are safe in ${file} meanwhile (Ctrl-C leaves them there: the next cascade command that opens the store stores them)`;
    });
  } catch (err) {
    throw keepResults(err, side, f.runId);
  }
  try {
    hooks.onWriting?.();
    await store.completeRun(f.runId, f.result, { reusedFrom: f.reusedFrom, elapsedMs: f.elapsedMs });
  } catch (err) {
    throw keepResults(err, side, f.runId);
  } finally {
    store.close();
  }
  side.remove();
}

/** The error of a failed store write, saying where the results are kept (or why they could not be). */
function keepResults(err: unknown, side: SideFile, runId: string): Error {
  const e = err instanceof Error ? err : new Error(String(err));
  let where: string;
  try {
    where = `the results of run ${runId} are kept in ${side.save()}; the next cascade command that can write to the store stores them`;
  } catch (saveErr) {
    where = `its results could not be kept either (${(saveErr as Error).message})`;
  }
  if (e instanceof StoreError) return new StoreError(`${e.message} (${where})`);
  return Object.assign(e, { message: `${e.message} (${where})` });
}
