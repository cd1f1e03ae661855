import fs from 'node:fs';
import path from 'node:path';
import { RESULT_TABLES } from './schema.js';
import { STORE_FILE, type RunInfo, type RunStore } from './store.js';

/** Tables keyed by run id beside the result tables (a backtest's scores). */
const RUN_ONLY_TABLES = ['backtests', 'backtest_horizons', 'backtest_events'] as const;

/** Which runs `cascade prune` removes: all but the newest `keep`, and/or those older than `olderThanMs`. */
export interface PruneRule {
  keep?: number;
  olderThanMs?: number;
}

/**
 * The runs a rule removes from a listing (newest first). A run still running (its process
 * alive) is never removed.
 */
export function runsToPrune(runs: readonly RunInfo[], rule: PruneRule, now = Date.now()): RunInfo[] {
  return runs.filter((r, k) => {
    if (r.status === 'running') return false;
    const beyondKeep = rule.keep !== undefined && k >= rule.keep;
    const tooOld = rule.olderThanMs !== undefined && now - Date.parse(r.createdAt) > rule.olderThanMs;
    return beyondKeep || tooOld;
  });
}

/** Bytes of the store: its database file (and write-ahead log) and its reports. */
export function storeSize(dir: string): number {
  let total = 0;
  for (const f of [STORE_FILE, `${STORE_FILE}.wal`]) total += fs.statSync(path.join(dir, f), { throwIfNoEntry: false })?.size ?? 0;
  const reports = path.join(dir, 'reports');
  if (fs.existsSync(reports)) for (const f of fs.readdirSync(reports)) total += fs.statSync(path.join(reports, f), { throwIfNoEntry: false })?.size ?? 0;
  return total;
}

/**
 * Removes runs (every row of every table, and their reports in STORE/reports) in one
 * transaction, then checkpoints so that the database file gives the space back.
 */
export async function pruneRuns(store: RunStore, ids: readonly string[]): Promise<void> {
  if (!ids.length) return;
  // ids come from the store's own listing (hex); quoted all the same
  const list = ids.map((id) => `'${id.replaceAll("'", "''")}'`).join(', ');
  await store.exec('BEGIN TRANSACTION');
  try {
    for (const table of [...RESULT_TABLES, ...RUN_ONLY_TABLES, 'runs']) await store.exec(`DELETE FROM ${table} WHERE run_id IN (${list})`);
    await store.exec('COMMIT');
  } catch (err) {
    await store.exec('ROLLBACK');
    throw err;
  }
  await store.exec('CHECKPOINT');
  const reports = path.join(store.dir, 'reports');
  if (fs.existsSync(reports)) {
    for (const f of fs.readdirSync(reports)) if (ids.some((id) => f === `${id}.html` || f.startsWith(`${id}-p`))) fs.rmSync(path.join(reports, f), { force: true });
  }
}

/** Where {@link compactCopy} writes the compacted database, beside the store's file. */
export function compactFile(dir: string): string {
  return path.join(dir, `${STORE_FILE}.compact`);
}

/**
 * Writes a compacted copy of the open store beside it (DuckDB keeps freed blocks for reuse
 * rather than shrinking its file; a copy holds only live rows). The caller closes the store
 * and then moves the copy into place with {@link replaceWithCompact}, while no other command
 * has had the time to open it: the store's lock is held until the close.
 */
export async function compactCopy(store: RunStore): Promise<void> {
  const target = compactFile(store.dir);
  fs.rmSync(target, { force: true });
  const [{ db }] = (await store.query('SELECT current_database() AS db')) as { db: string }[];
  await store.exec(`ATTACH '${target.replaceAll("'", "''")}' AS cascade_compact`);
  try {
    await store.exec(`COPY FROM DATABASE "${db.replaceAll('"', '""')}" TO cascade_compact`);
  } finally {
    await store.exec('DETACH cascade_compact');
  }
}

/** Moves the compacted copy over the store's file (an atomic rename). */
export function replaceWithCompact(dir: string): void {
  const target = compactFile(dir);
  if (fs.existsSync(target)) fs.renameSync(target, path.join(dir, STORE_FILE));
}
