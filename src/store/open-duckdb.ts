import fs from 'node:fs';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { StoreError } from './errors.js';

/** How long to wait for another process's lock before giving up (ms); CASCADE_STORE_WAIT_MS overrides. */
export const DEFAULT_LOCK_WAIT_MS = 15_000;

/** An open DuckDB file: the instance and one connection. */
export interface OpenDb {
  instance: DuckDBInstance;
  connection: DuckDBConnection;
}

/**
 * Opens a DuckDB database file. DuckDB lets one process write a file (or several read it), so
 * a lock held by another Cascade is waited for: a run holds the store only for the moments it
 * records a start or writes its results. Every failure becomes a {@link StoreError} that
 * says what to do, never DuckDB's raw message alone.
 */
export async function openDuckDb(file: string, readOnly: boolean, waitMs = lockWaitMs()): Promise<OpenDb> {
  // loaded on first use: commands that never touch the store (validate, models) skip its ~0.2 s start-up
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      const instance = await DuckDBInstance.create(file, readOnly ? { access_mode: 'READ_ONLY' } : {});
      return { instance, connection: await instance.connect() };
    } catch (err) {
      const msg = (err as Error).message ?? String(err);
      if (/Could not set lock/i.test(msg)) {
        if (Date.now() - started < waitMs) {
          await new Promise((r) => setTimeout(r, Math.min(250, 25 * 2 ** attempt)));
          continue;
        }
        const holder = /held in (.*?) \(PID (\d+)\)/.exec(msg);
        const who = holder ? `process ${holder[2]} (${holder[1]})` : 'another process';
        throw new StoreError(
          `the run store ${file} is locked by ${who}; waited ${(waitMs / 1000).toFixed(1)}s. ` +
            'Wait for that command to finish, or use another store with --store DIR (or CASCADE_STORE).',
        );
      }
      if (/not a valid DuckDB database file|Corrupt|checksum|invalid|Serialization/i.test(msg)) {
        throw new StoreError(
          `the run store ${file} is damaged or is not a Cascade run store (${firstLine(msg)}). ` +
            'Move it aside (the next run starts a new store) or point --store at another folder.',
        );
      }
      if (/No such file|does not exist|Cannot open file/i.test(msg) && !fs.existsSync(file)) {
        throw new StoreError(`no run store at ${file}: nothing has been run with this store yet (run \`cascade run\` first)`);
      }
      throw new StoreError(`cannot open the run store ${file}: ${firstLine(msg)}`);
    }
  }
}

function lockWaitMs(): number {
  const v = Number(process.env.CASCADE_STORE_WAIT_MS);
  return Number.isFinite(v) && v >= 0 && process.env.CASCADE_STORE_WAIT_MS !== '' ? v : DEFAULT_LOCK_WAIT_MS;
}

function firstLine(msg: string): string {
  return msg.replace(/^\w+ Error: /, '').split('\n')[0];
}
