import fs from 'node:fs';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { StoreError, StoreLockedError } from './errors.js';
import { acquireInProcess, type Release } from './process-lock.js';

/** How long to wait for another process's lock before giving up (ms); CASCADE_STORE_WAIT_MS overrides. */
export const DEFAULT_LOCK_WAIT_MS = 15_000;

/** How a caller hears that it is waiting for another process's lock. */
export type OnWait = (holder: string, waitedMs: number) => void;

/** An open DuckDB file: the instance, one connection, and the in-process lock to release on close. */
export interface OpenDb {
  instance: DuckDBInstance;
  connection: DuckDBConnection;
  release: Release;
}

/**
 * Opens a DuckDB database file. DuckDB lets one process write a file (or several read it), so
 * a lock held by another Cascade is waited for: a run holds the store only for the moments it
 * records a start or writes its results. Every failure becomes a {@link StoreError} that
 * says what to do, never DuckDB's raw message alone.
 *
 * @param waitMs - how long to wait for a lock (Infinity: as long as it takes)
 * @param onWait - called about every `waitNoteMs` while waiting, with the lock's holder
 */
export async function openDuckDb(file: string, readOnly: boolean, waitMs = lockWaitMs(), onWait?: OnWait, waitNoteMs = 10_000): Promise<OpenDb> {
  const started = Date.now();
  const release = await acquireInProcess(file, !readOnly, waitMs);
  if (!release) {
    throw new StoreLockedError(
      `the run store ${file} is in use by another task of this process; waited ${(waitMs / 1000).toFixed(1)}s. Try again when it has finished.`,
      `this process (${process.pid})`,
    );
  }
  try {
    return { ...(await openInstance(file, readOnly, { started, waitMs, onWait, waitNoteMs })), release };
  } catch (err) {
    release();
    throw err;
  }
}

/** Opens the file once this process's lock is held, waiting out another process's lock. */
async function openInstance(
  file: string,
  readOnly: boolean,
  { started, waitMs, onWait, waitNoteMs }: { started: number; waitMs: number; onWait?: OnWait; waitNoteMs: number },
): Promise<Omit<OpenDb, 'release'>> {
  // loaded on first use: commands that never touch the store (validate, models) skip its ~0.2 s start-up
  const { DuckDBInstance } = await import('@duckdb/node-api');
  let noted = started;
  for (let attempt = 0; ; attempt++) {
    try {
      const instance = await DuckDBInstance.create(file, readOnly ? { access_mode: 'READ_ONLY' } : {});
      return { instance, connection: await instance.connect() };
    } catch (err) {
      const msg = (err as Error).message ?? String(err);
      if (/Could not set lock/i.test(msg)) {
        const holder = /held in (.*?) \(PID (\d+)\)/.exec(msg);
        const who = holder ? `process ${holder[2]} (${holder[1]})` : 'another process';
        const now = Date.now();
        if (now - started < waitMs) {
          if (onWait && now - noted >= Math.min(waitNoteMs, waitMs)) {
            noted = now;
            onWait(who, now - started);
          }
          await new Promise((r) => setTimeout(r, Math.min(250, 25 * 2 ** attempt)));
          continue;
        }
        throw new StoreLockedError(
          `the run store ${file} is locked by ${who}; waited ${(waitMs / 1000).toFixed(1)}s. ` +
            'Wait for that command to finish, or use another store with --store DIR (or CASCADE_STORE).',
          who,
        );
      }
      if (isDamage(msg) || /invalid/i.test(msg)) throw damagedStore(file, msg);
      if (/No such file|does not exist|Cannot open file/i.test(msg) && !fs.existsSync(file)) {
        throw new StoreError(`no run store at ${file}: nothing has been run with this store yet (run \`cascade run\` first)`);
      }
      throw new StoreError(`cannot open the run store ${file}: ${firstLine(msg)}`);
    }
  }
}

/** DuckDB's words for a file it cannot read as a database: truncated, corrupt, not DuckDB at all. */
export function isDamage(msg: string): boolean {
  return /not a valid DuckDB database file|Corrupt|checksum|Serialization|IO Error|Could not read|INTERNAL Error|database has been invalidated/i.test(msg);
}

/** The message for a damaged store file, with what to do about it. */
export function damagedStore(file: string, msg: string): StoreError {
  return new StoreError(
    `the run store ${file} is damaged or is not a Cascade run store (${firstLine(msg)}). ` +
      'Move it aside (the next run starts a new store; the runs in it can be made again with cascade run and their seeds) or point --store at another folder.',
  );
}

/** How long to wait for a lock: CASCADE_STORE_WAIT_MS, else 15 s. */
export function lockWaitMs(): number {
  const v = Number(process.env.CASCADE_STORE_WAIT_MS);
  return Number.isFinite(v) && v >= 0 && process.env.CASCADE_STORE_WAIT_MS !== '' ? v : DEFAULT_LOCK_WAIT_MS;
}

function firstLine(msg: string): string {
  return msg.replace(/^\w+ Error: /, '').split('\n')[0];
}
