import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { addDays } from '../engine/calendar.js';
import { QUANTILE_KEYS } from '../results/quantiles.js';
import type { EventCondition, EventSummary, Manifest, PointResult, ScenarioResult, SignalSummary, TerminalSummary } from '../results/types.js';
import { describeErrno, describeKind, ensureDir, OutputError } from '../io/write-file.js';
import { analysisRows, applyRole, pointRole, readAnalyses, readPerPath, writePerPath } from './analysis-tables.js';
import type { PerPathTable } from '../results/per-path-table.js';
import { StoreError } from './errors.js';
import { damagedStore, isDamage, openDuckDb, type OnWait, type OpenDb } from './open-duckdb.js';
import { listPending, readPending, type PendingRun } from './pending.js';
import { MIGRATIONS, SCHEMA_SQL, SCHEMA_VERSION } from './schema.js';
import { backtestRows } from './backtest-rows.js';
import type { BacktestResult } from '../backtest/run-backtest.js';

/** The store folder used when neither `--store` nor CASCADE_STORE says otherwise. */
export const DEFAULT_STORE_DIR = '.cascade';

/** The database file inside a store folder. */
export const STORE_FILE = 'runs.duckdb';

/** `--store DIR`, else CASCADE_STORE, else `./.cascade` (relative to the working folder). */
export function resolveStoreDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  return flag || env.CASCADE_STORE || DEFAULT_STORE_DIR;
}

/** `running` is stored while a run computes; a dead process's run reads as `interrupted`. */
export type RunStatus = 'running' | 'complete' | 'failed' | 'interrupted';

/** One stored sweep point (or the single point of a run without a sweep). */
export interface StoredPointInfo {
  /** 0-based index; users address it 1-based as `RUN/K`. */
  index: number;
  label: string;
  scenarioHash: string;
  seed: number;
  paths: number;
  steps: number;
  threads: number;
  elapsedMs: number;
  /** `RUN/K` of the stored point this one was copied from by `--reuse`, or null if computed. */
  reusedFrom: string | null;
}

/** A stored run as `cascade runs` lists it. */
export interface RunInfo {
  id: string;
  /** ISO timestamps (UTC). */
  createdAt: string;
  completedAt: string | null;
  status: RunStatus;
  scenario: string;
  description: string;
  file: string;
  /** Planned points; `pointInfo` is filled once the run completes. */
  points: number;
  /** Paths over all points, and the seed of the scenario. */
  paths: number;
  seed: number;
  threads: number | null;
  elapsedMs: number | null;
  cascadeVersion: string;
  codeHash: string;
  pid: number;
  host: string;
  command: string;
  /** Models enabled, with their titles (for report headings). */
  models: { name: string; title: string }[];
  /** The scenario's `sources:` (where its figures come from, which are assumptions). */
  sources: string[];
  error: string | null;
  pointInfo: StoredPointInfo[];
}

/** What is known of a run when it starts. */
export type NewRun = Pick<RunInfo, 'scenario' | 'description' | 'file' | 'points' | 'paths' | 'seed' | 'cascadeVersion' | 'codeHash' | 'command' | 'models' | 'sources'>;

/** A complete stored run with its numbers, as the report and export read it. */
export interface StoredRun {
  info: RunInfo;
  result: ScenarioResult;
}

/** Where a run reference points: a run, and optionally one of its points (0-based). */
export interface RunRef {
  id: string;
  point: number | null;
}

/** A value for the appender: text, a number, or SQL NULL. */
type Cell = string | number | null;

/**
 * The embedded run store: one DuckDB file in a folder. Open it for the moment you need it
 * ({@link withStore}); a run records its start, computes with the store closed, then writes
 * its results and the `complete` mark in one transaction.
 */
export class RunStore {
  /** The schema version of the file: older than {@link SCHEMA_VERSION} only when opened read-only. */
  private schemaVersion = SCHEMA_VERSION;

  private constructor(
    readonly dir: string,
    readonly file: string,
    private readonly db: OpenDb,
    readonly readOnly: boolean,
  ) {}

  /**
   * Opens (and for writing, creates) the store in `dir`. A path that is not a folder, or a
   * store file that is not a regular file, is refused at once. Opened for writing, the store
   * first imports the side files of runs that finished while it was busy (pending.ts); opened
   * read-only with side files waiting, it tries a write open first to import them.
   */
  static async open(dir: string, opts: StoreOpenOptions = {}): Promise<RunStore> {
    const file = path.join(dir, STORE_FILE);
    const readOnly = opts.readOnly ?? false;
    checkStorePath(dir, file, readOnly);
    if (readOnly && listPending(dir).length) {
      try {
        // import what waits, if nobody holds the store; else read what is there
        const writer = await RunStore.open(dir, { ...opts, readOnly: false, waitMs: 0 });
        writer.close();
      } catch (err) {
        if (!(err instanceof StoreError)) throw err;
        (opts.onNote ?? defaultNote)(`${listPending(dir).length} computed run(s) wait in ${path.join(dir, 'pending')} to be stored (${err.message.split(';')[0]}); the next command that can write to the store imports them`);
      }
    }
    if (readOnly && !fs.existsSync(file)) throw new StoreError(`no run store at ${dir}: nothing has been run with this store yet (run \`cascade run\` first, or pass --store DIR)`);
    const db = await openDuckDb(file, readOnly, opts.waitMs, opts.onWait);
    const store = new RunStore(dir, file, db, readOnly);
    try {
      await store.checkSchema();
      if (!readOnly) await store.importPending(opts.onNote ?? defaultNote);
    } catch (err) {
      store.close();
      throw err;
    }
    return store;
  }

  /**
   * Stores the runs whose results wait in side files (STORE/pending/ID.jsonl): each is completed
   * (or, if the store lost its row, recorded and completed) and its file removed. A side file
   * that cannot be read is renamed to .damaged, with a note.
   */
  private async importPending(note: (message: string) => void): Promise<void> {
    for (const f of listPending(this.dir)) {
      let p: PendingRun;
      try {
        p = readPending(f);
      } catch (err) {
        const aside = `${f}.damaged`;
        fs.renameSync(f, aside);
        note(`the side file ${f} cannot be imported (${(err as Error).message}); moved to ${aside}`);
        continue;
      }
      const [row] = await this.rows('SELECT status FROM runs WHERE run_id = $1', [p.runId]);
      if (!row) await this.insertRun(p.runId, p.run, new Date(p.createdAt), 'running');
      const stored = await this.completeRun(p.runId, p.result, { reusedFrom: p.reusedFrom, elapsedMs: p.elapsedMs, now: new Date(p.completedAt) });
      fs.rmSync(f, { force: true });
      if (stored) note(`stored run ${p.runId} (${p.run.scenario}) from its side file: it finished while the store was busy`);
    }
  }

  close(): void {
    try {
      this.db.connection.closeSync();
      this.db.instance.closeSync();
    } finally {
      this.db.release();
    }
  }

  private get c(): DuckDBConnection {
    return this.db.connection;
  }

  private async checkSchema(): Promise<void> {
    const damaged = (why: string) =>
      new StoreError(`the run store ${this.file} is damaged or is not a Cascade run store (${why}). Move it aside (the next run starts a new store) or point --store at another folder.`);
    const tables = await this.rows(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'`);
    const names = new Set(tables.map((t) => t.table_name as string));
    if (names.size === 0 && !this.readOnly) {
      // one transaction: a reader never finds the tables without the version that says what they are
      await this.c.run('BEGIN TRANSACTION');
      try {
        await this.c.run(SCHEMA_SQL);
        await this.c.run(`INSERT INTO meta VALUES ('schema_version', '${SCHEMA_VERSION}')`);
        await this.c.run('COMMIT');
      } catch (err) {
        await this.c.run('ROLLBACK').catch(() => undefined);
        throw err;
      }
      return;
    }
    if (!names.has('meta') || !names.has('runs')) throw damaged(`no meta/runs tables; found ${[...names].join(', ') || 'no tables'}`);
    const v = await this.rows(`SELECT value FROM meta WHERE key = 'schema_version'`);
    const version = Number(v[0]?.value);
    if (!Number.isInteger(version)) throw damaged('no schema version');
    if (version > SCHEMA_VERSION) throw new StoreError(`the run store ${this.file} was written by a newer Cascade (store schema ${version}, this Cascade reads ${SCHEMA_VERSION}); upgrade Cascade or use another --store`);
    this.schemaVersion = version;
    if (version < SCHEMA_VERSION && !this.readOnly) await this.migrate(version);
  }

  /** Brings the file from schema `from` to {@link SCHEMA_VERSION}, in one transaction. */
  private async migrate(from: number): Promise<void> {
    await this.c.run('BEGIN TRANSACTION');
    try {
      for (let k = from; k < SCHEMA_VERSION; k++) await this.c.run(MIGRATIONS[k]);
      await this.c.run(`UPDATE meta SET value = '${SCHEMA_VERSION}' WHERE key = 'schema_version'`);
      await this.c.run('COMMIT');
    } catch (err) {
      await this.c.run('ROLLBACK').catch(() => undefined);
      throw err;
    }
    this.schemaVersion = SCHEMA_VERSION;
  }

  private async rows(sql: string, values?: DuckDBValue[]): Promise<Record<string, unknown>[]> {
    const reader = await this.guard(this.c.runAndReadAll(sql, values));
    return reader.getRowObjectsJS() as Record<string, unknown>[];
  }

  private async columns(sql: string, values?: DuckDBValue[]): Promise<Record<string, unknown[]>> {
    const reader = await this.guard(this.c.runAndReadAll(sql, values));
    return reader.getColumnsObjectJS() as Record<string, unknown[]>;
  }

  /** A read or write that finds the file damaged (truncated, a bad checksum) says so, with what to do. */
  private async guard<T>(op: Promise<T>): Promise<T> {
    try {
      return await op;
    } catch (err) {
      const msg = (err as Error)?.message ?? String(err);
      if (isDamage(msg)) throw damagedStore(this.file, msg);
      throw err;
    }
  }

  /** Records that a run started (status `running`, this process's pid) and returns its new id. */
  async beginRun(run: NewRun, now = new Date()): Promise<string> {
    for (;;) {
      const id = randomBytes(4).toString('hex');
      if ((await this.rows('SELECT 1 FROM runs WHERE run_id = $1', [id])).length) continue;
      await this.insertRun(id, run, now, 'running');
      return id;
    }
  }

  private async insertRun(id: string, run: NewRun, createdAt: Date, status: RunStatus): Promise<void> {
    await this.guard(
      this.c.run(
        `INSERT INTO runs (run_id, created_at, status, scenario, description, file, points, paths, seed, cascade_version, code_hash, pid, host, command, models, sources)
         VALUES ($1, CAST($2 AS TIMESTAMP), $16, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
        [
          id,
          sqlTimestamp(createdAt),
          run.scenario,
          run.description,
          run.file,
          run.points,
          run.paths,
          run.seed,
          run.cascadeVersion,
          run.codeHash,
          process.pid,
          os.hostname(),
          run.command,
          JSON.stringify(run.models),
          JSON.stringify(run.sources),
          status,
        ],
      ),
    );
  }

  /**
   * Takes up a run again (`cascade run --cluster … --resume ID`): it must exist and not be
   * complete; it is marked running by this process. Returns its id.
   */
  async resumeRun(ref: string): Promise<string> {
    const hits = (await this.rows('SELECT run_id, status FROM runs WHERE run_id LIKE $1', [`${ref.toLowerCase()}%`])) as { run_id: string; status: string }[];
    if (hits.length !== 1) throw new StoreError(hits.length ? `${JSON.stringify(ref)} matches ${hits.length} runs; type more of the id` : `--resume ${ref}: no stored run with that id in ${this.dir}`);
    const [{ run_id: id, status }] = hits;
    if (status === 'complete') throw new StoreError(`--resume ${id}: the run is already complete; \`cascade report ${id}\` shows it`);
    await this.guard(this.c.run(`UPDATE runs SET status = 'running', pid = $2, host = $3, error = NULL WHERE run_id = $1`, [id, process.pid, os.hostname()]));
    return id;
  }

  /** Marks a run that did not complete (`failed` with the error, or `interrupted`). */
  async markRun(id: string, status: 'failed' | 'interrupted', error?: string): Promise<void> {
    await this.guard(this.c.run(`UPDATE runs SET status = $2, error = $3 WHERE run_id = $1 AND status = 'running'`, [id, status, error ?? null]));
  }

  /**
   * Writes every number of a run and marks it complete, in ONE transaction: a process killed
   * at any moment leaves either the whole result marked complete or no result rows at all
   * (DuckDB rolls back what was not committed when the file is next opened). Returns false,
   * writing nothing, when the run is already complete (imported from its side file meanwhile).
   */
  async completeRun(id: string, result: ScenarioResult, opts: { reusedFrom?: (string | null)[]; elapsedMs: number; now?: Date }): Promise<boolean> {
    const threads = Math.max(...result.points.map((p) => p.manifest.threads));
    return this.completeWith(id, { elapsedMs: opts.elapsedMs, threads, now: opts.now }, async () => {
      for (const [k, p] of result.points.entries()) await this.writePoint(id, k, p, opts.reusedFrom?.[k] ?? null);
      const { analyses, indices } = analysisRows(id, result);
      await this.append('analyses', analyses);
      await this.append('sensitivity_indices', indices);
    });
  }

  /**
   * Writes a backtest's scores and marks its run complete, in one transaction (as
   * {@link completeRun}). Returns false, writing nothing, when the run is already complete.
   */
  async completeBacktest(id: string, result: BacktestResult, opts: { elapsedMs: number; threads: number; now?: Date }): Promise<boolean> {
    const { horizons, events } = backtestRows(id, result);
    return this.completeWith(id, opts, async () => {
      await this.c.run(`INSERT INTO backtests VALUES ($1, $2, CAST($3 AS DATE), CAST($4 AS DATE), $5)`, [
        id,
        result.origins.length,
        result.origins[0],
        result.origins[result.origins.length - 1],
        JSON.stringify(result),
      ]);
      await this.append('backtest_horizons', horizons);
      await this.append('backtest_events', events);
    });
  }

  /**
   * `write`s a run's rows and marks it complete in ONE transaction; false, writing nothing, if
   * it is complete already. A failure rolls everything back (a damaged file says so).
   */
  private async completeWith(id: string, done: { elapsedMs: number; threads: number; now?: Date }, write: () => Promise<void>): Promise<boolean> {
    const [row] = await this.rows('SELECT status FROM runs WHERE run_id = $1', [id]);
    if (row?.status === 'complete') return false;
    await this.guard(this.c.run('BEGIN TRANSACTION'));
    try {
      await write();
      await this.c.run(`UPDATE runs SET status = 'complete', completed_at = CAST($2 AS TIMESTAMP), elapsed_ms = $3, threads = $4, error = NULL WHERE run_id = $1`, [
        id,
        sqlTimestamp(done.now ?? new Date()),
        done.elapsedMs,
        done.threads,
      ]);
      // Fault injection for the test that a kill between the writes and COMMIT leaves nothing complete.
      if (process.env.CASCADE_FAULT === 'kill-before-commit') process.kill(process.pid, 'SIGKILL');
      await this.c.run('COMMIT');
    } catch (err) {
      await this.c.run('ROLLBACK').catch(() => undefined);
      const msg = (err as Error)?.message ?? String(err);
      if (isDamage(msg)) throw damagedStore(this.file, msg);
      throw err;
    }
    return true;
  }

  /** The scored result of a stored backtest, or null if the run is not a backtest (or a store older than schema 3). */
  async loadBacktest(id: string): Promise<BacktestResult | null> {
    if (this.schemaVersion < 3) return null;
    const [row] = await this.rows('SELECT result FROM backtests WHERE run_id = $1', [id]);
    return row ? (JSON.parse(row.result as string) as BacktestResult) : null;
  }

  private async writePoint(id: string, k: number, p: PointResult, reusedFrom: string | null): Promise<void> {
    const m = p.manifest;
    await this.c.run(
      `INSERT INTO points VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CAST($10 AS DATE), $11, $12, $13, $14, $15, $16)`,
      [id, k, m.point, JSON.stringify(m.sweepValues), m.scenarioHash, m.seed, m.paths, m.steps, m.stepDays, m.startDate, m.threads, m.elapsedMs, reusedFrom, JSON.stringify(m), JSON.stringify(p.resolved), pointRole(p)],
    );
    await writePerPath(this.c, id, k, p);
    const names = Object.keys(p.signals);
    await this.append('signals', names.map((name, ord) => [id, k, ord, name, p.signals[name].model, p.signals[name].unit, p.signals[name].nonFinite]));
    await this.append(
      'signal_steps',
      names.flatMap((name) => {
        const s = p.signals[name];
        return s.t.map((date, step) => [id, k, name, step, date, s.mean[step], s.p01[step], s.p05[step], s.p25[step], s.p50[step], s.p75[step], s.p95[step], s.p99[step]]);
      }),
    );
    await this.append(
      'events',
      Object.entries(p.events).map(([name, e], ord) => {
        const c = p.conditions[name];
        return [id, k, ord, name, e.description, e.probability, e.paths, e.day?.p05 ?? null, e.day?.p50 ?? null, e.day?.p95 ?? null, e.date?.p05 ?? null, e.date?.p50 ?? null, e.date?.p95 ?? null, c?.signal ?? null, c?.op ?? null, c?.value ?? null];
      }),
    );
    await this.append(
      'event_days',
      Object.entries(p.events).flatMap(([name, e]) => e.hitsByStep.flatMap((hits, step) => (hits ? [[id, k, name, step, addDays(m.startDate, step * m.stepDays), hits]] : []))),
    );
    await this.append(
      'terminal',
      Object.entries(p.terminal).map(([name, t]) => [id, k, name, t.unit, t.mean, t.p01, t.p05, t.p50, t.p95, t.p99, t.es05, t.es95]),
    );
    await this.append(
      'samples',
      p.samples.flatMap((sample, j) => Object.entries(sample.values).flatMap(([name, values]) => values.map((v, step) => [id, k, j, sample.path, name, step, v]))),
    );
  }

  /**
   * Appends rows in table column order. Strings go in as VARCHAR and numbers as DOUBLE; the
   * appender casts them to the column's type (DATE, INTEGER, BIGINT), as an INSERT would.
   */
  private async append(table: string, rows: readonly (readonly Cell[])[]): Promise<void> {
    const a = await this.c.createAppender(table);
    try {
      for (const row of rows) {
        for (const v of row) {
          if (v === null) a.appendNull();
          else if (typeof v === 'string') a.appendVarchar(v);
          else a.appendDouble(v);
        }
        a.endRow();
      }
      a.flushSync();
    } finally {
      a.closeSync();
    }
  }

  /** Every stored run, newest first, with its points once complete. */
  async listRuns(): Promise<RunInfo[]> {
    // columns aliased to the RunInfo / StoredPointInfo field names; BIGINTs read as doubles (exact below 2^53)
    const runs = (await this.rows(
      `SELECT run_id AS id, strftime(created_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS "createdAt", strftime(completed_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS "completedAt",
              status, scenario, description, file, points, paths::DOUBLE AS paths, seed::DOUBLE AS seed, threads, elapsed_ms AS "elapsedMs",
              cascade_version AS "cascadeVersion", code_hash AS "codeHash", pid, host, command, models, sources, error
       FROM runs ORDER BY created_at DESC, run_id`,
    )) as unknown as (Omit<RunInfo, 'models' | 'sources' | 'pointInfo'> & { models: string; sources: string })[];
    const points = (await this.rows(
      `SELECT run_id AS "runId", point AS "index", label, scenario_hash AS "scenarioHash", seed::DOUBLE AS seed, paths::DOUBLE AS paths, steps, threads,
              elapsed_ms AS "elapsedMs", reused_from AS "reusedFrom"
       FROM points ORDER BY run_id, point`,
    )) as unknown as (StoredPointInfo & { runId?: string })[];
    const byRun = new Map<string, StoredPointInfo[]>();
    for (const p of points) {
      const runId = p.runId!;
      delete p.runId;
      byRun.set(runId, [...(byRun.get(runId) ?? []), p]);
    }
    return runs.map((r) => ({
      ...r,
      status: effectiveStatus(r.status, r.pid, r.host),
      models: JSON.parse(r.models) as RunInfo['models'],
      sources: JSON.parse(r.sources) as string[],
      pointInfo: byRun.get(r.id) ?? [],
    }));
  }

  /** One run's listing, or a StoreError naming the id. */
  async runInfo(id: string): Promise<RunInfo> {
    const info = (await this.listRuns()).find((r) => r.id === id);
    if (!info) throw new StoreError(`no stored run ${id} in ${this.dir}`);
    return info;
  }

  /**
   * Resolves what a user typed: `latest` (the newest complete run), a run id or a unique
   * prefix of one, optionally followed by `/K` for its K-th point (1-based).
   */
  async resolve(ref: string): Promise<RunRef> {
    const m = /^([^/]+)(?:\/(\d+))?$/.exec(ref.trim());
    if (!m) throw new StoreError(`not a run reference: ${JSON.stringify(ref)} (expected an id or prefix from \`cascade runs\`, ID/K for a sweep point, or latest)`);
    const runs = await this.listRuns();
    let run: RunInfo | undefined;
    if (m[1] === 'latest') {
      run = runs.find((r) => r.status === 'complete');
      if (!run) throw new StoreError(`no complete run in ${this.dir} yet`);
    } else {
      const hits = runs.filter((r) => r.id.startsWith(m[1].toLowerCase()));
      if (hits.length === 0) throw new StoreError(`no stored run matches ${JSON.stringify(m[1])} in ${this.dir}; \`cascade runs\` lists them`);
      if (hits.length > 1) throw new StoreError(`${JSON.stringify(m[1])} matches ${hits.length} runs (${hits.map((h) => h.id).join(', ')}); type more of the id`);
      run = hits[0];
    }
    if (m[2] === undefined) return { id: run.id, point: null };
    const k = Number(m[2]);
    if (k < 1 || k > run.points) throw new StoreError(`run ${run.id} has ${run.points} point(s); ${ref} asks for point ${k}`);
    return { id: run.id, point: k - 1 };
  }

  /** The whole stored result of a complete run (every point). */
  async loadRun(id: string): Promise<StoredRun> {
    const info = await this.runInfo(id);
    if (info.status !== 'complete') {
      const why = info.status === 'running' ? 'is still running' : info.status === 'failed' ? `failed (${info.error ?? 'no message'})` : 'was interrupted before it completed';
      throw new StoreError(`run ${id} ${why}: it has no results; run the scenario again`);
    }
    const points: PointResult[] = [];
    for (const p of info.pointInfo) points.push(await this.loadPoint(id, p.index));
    const result: ScenarioResult = { file: info.file, name: info.scenario, description: info.description, points };
    if (this.schemaVersion >= 4) await this.guard(readAnalyses(this.c, id, result));
    return { info, result };
  }

  /**
   * One point's per-path table (null if the run kept none); `only` picks columns by kind
   * (`input`, `final`, `event_day`) and name, so that a comparison reads only the event days.
   */
  async loadPerPath(id: string, k: number, only?: (kind: string, name: string) => boolean): Promise<PerPathTable | null> {
    if (this.schemaVersion < 4) return null;
    return this.guard(readPerPath(this.c, id, k, only));
  }

  /**
   * One point's numbers, exactly as they were computed (doubles round-trip bit for bit); with
   * `perPath`, its per-path table too (for --reuse: a reused point carries what was kept).
   */
  async loadPoint(id: string, k: number, opts: { perPath?: boolean } = {}): Promise<PointResult> {
    const key = [id, k];
    const role = this.schemaVersion >= 4 ? 'role' : 'NULL AS role';
    const row = (await this.rows(`SELECT manifest, resolved, ${role} FROM points WHERE run_id = $1 AND point = $2`, key))[0];
    if (!row) throw new StoreError(`run ${id} has no point ${k + 1}`);
    const manifest = JSON.parse(row.manifest as string) as Manifest;
    const resolved = JSON.parse(row.resolved as string) as Record<string, unknown>;
    const t = Array.from({ length: manifest.steps + 1 }, (_, s) => addDays(manifest.startDate, s * manifest.stepDays));

    const signals: Record<string, SignalSummary> = {};
    const sig = await this.rows('SELECT signal, model, unit, non_finite::DOUBLE AS non_finite FROM signals WHERE run_id = $1 AND point = $2 ORDER BY ord', key);
    const steps = await this.columns(
      `SELECT signal, step, mean, p01, p05, p25, p50, p75, p95, p99 FROM signal_steps WHERE run_id = $1 AND point = $2 ORDER BY signal, step`,
      key,
    );
    for (const s of sig) {
      const summary = { unit: s.unit as string, model: s.model as string, t, mean: [] as number[], nonFinite: s.non_finite as number } as SignalSummary;
      for (const q of QUANTILE_KEYS) summary[q] = [];
      signals[s.signal as string] = summary;
    }
    for (let r = 0; r < steps.signal.length; r++) {
      const s = signals[steps.signal[r] as string];
      const step = steps.step[r] as number;
      s.mean[step] = steps.mean[r] as number;
      for (const q of QUANTILE_KEYS) s[q][step] = steps[q][r] as number;
    }

    const events: Record<string, EventSummary> = {};
    const conditions: PointResult['conditions'] = {};
    const condition = this.schemaVersion >= 2 ? 'signal, op, value' : 'NULL AS signal, NULL AS op, NULL AS value'; // schema 1 had none
    const ev = await this.rows(
      `SELECT event, description, probability, paths::DOUBLE AS paths, day_p05, day_p50, day_p95, date_p05::VARCHAR AS date_p05, date_p50::VARCHAR AS date_p50, date_p95::VARCHAR AS date_p95, ${condition}
       FROM events WHERE run_id = $1 AND point = $2 ORDER BY ord`,
      key,
    );
    for (const e of ev) {
      if (e.signal !== null) conditions[e.event as string] = { signal: e.signal as string, op: e.op as EventCondition['op'], value: e.value as number };
      const hasDay = e.day_p50 !== null;
      events[e.event as string] = {
        description: e.description as string,
        probability: e.probability as number,
        paths: e.paths as number,
        day: hasDay ? { p05: e.day_p05 as number, p50: e.day_p50 as number, p95: e.day_p95 as number } : null,
        date: hasDay ? { p05: e.date_p05 as string, p50: e.date_p50 as string, p95: e.date_p95 as string } : null,
        hitsByStep: new Array<number>(manifest.steps + 1).fill(0),
      };
    }
    for (const h of await this.rows('SELECT event, step, hits::DOUBLE AS hits FROM event_days WHERE run_id = $1 AND point = $2', key)) {
      events[h.event as string].hitsByStep[h.step as number] = h.hits as number;
    }

    const terminal: Record<string, TerminalSummary> = {};
    const term = await this.rows(
      `SELECT t.* FROM terminal t JOIN signals s ON s.run_id = t.run_id AND s.point = t.point AND s.signal = t.signal WHERE t.run_id = $1 AND t.point = $2 ORDER BY s.ord`,
      key,
    );
    for (const x of term) {
      terminal[x.signal as string] = {
        unit: x.unit as string,
        mean: x.mean as number,
        p01: x.p01 as number,
        p05: x.p05 as number,
        p50: x.p50 as number,
        p95: x.p95 as number,
        p99: x.p99 as number,
        es05: x.es05 as number,
        es95: x.es95 as number,
      };
    }

    const samples: PointResult['samples'] = [];
    const sm = await this.columns(
      `SELECT x.sample, x.path::DOUBLE AS path, x.signal, x.step, x.value FROM samples x JOIN signals s ON s.run_id = x.run_id AND s.point = x.point AND s.signal = x.signal
       WHERE x.run_id = $1 AND x.point = $2 ORDER BY x.sample, s.ord, x.step`,
      key,
    );
    for (let r = 0; r < (sm.sample?.length ?? 0); r++) {
      const j = sm.sample[r] as number;
      samples[j] ??= { path: sm.path[r] as number, values: {} };
      (samples[j].values[sm.signal[r] as string] ??= [])[sm.step[r] as number] = sm.value[r] as number;
    }
    const point: PointResult = { manifest, resolved, signals, events, terminal, samples, conditions };
    applyRole(point, row.role as string | null);
    if (opts.perPath) {
      const table = await this.loadPerPath(id, k);
      if (table) point.perPath = table;
    }
    return point;
  }

  /**
   * The newest complete stored point computed from the same resolved scenario (its hash), seed,
   * Cascade version and result code: reusing it gives the numbers a new run would compute.
   */
  async findReusable(q: { scenarioHash: string; seed: number; cascadeVersion: string; codeHash: string }): Promise<{ id: string; point: number; reusedFrom: string | null } | null> {
    const r = await this.rows(
      `SELECT p.run_id, p.point, p.reused_from FROM points p JOIN runs r ON r.run_id = p.run_id
       WHERE r.status = 'complete' AND p.scenario_hash = $1 AND p.seed = $2 AND r.cascade_version = $3 AND r.code_hash = $4
       ORDER BY r.created_at DESC LIMIT 1`,
      [q.scenarioHash, q.seed, q.cascadeVersion, q.codeHash],
    );
    if (!r.length) return null;
    return { id: r[0].run_id as string, point: r[0].point as number, reusedFrom: (r[0].reused_from as string | null) ?? null };
  }

  /** Runs a query and returns its rows (for export and tests). */
  async query(sql: string, values?: DuckDBValue[]): Promise<Record<string, unknown>[]> {
    return this.rows(sql, values);
  }

  /** Runs a statement that returns nothing useful (COPY … TO for export). DuckDB's errors are passed on as they are. */
  async exec(sql: string): Promise<void> {
    await this.c.run(sql);
  }
}

/** How to open a store. */
export interface StoreOpenOptions {
  readOnly?: boolean;
  /** How long to wait for another process's lock (default CASCADE_STORE_WAIT_MS or 15 s; Infinity: as long as it takes). */
  waitMs?: number;
  /** Called about every 10 s while waiting for a lock. */
  onWait?: OnWait;
  /** Where notes go (side files imported or waiting); default: stderr. */
  onNote?: (message: string) => void;
}

function defaultNote(message: string): void {
  process.stderr.write(`cascade: ${message}\n`);
}

/**
 * Refuses at once a store folder that is not a folder (or cannot be created), and a store
 * file that is a folder, a device, a pipe or a socket: DuckDB would fail on them in ways that
 * say little, or (a FIFO, /proc) not at all.
 */
function checkStorePath(dir: string, file: string, readOnly: boolean): void {
  const dirStat = fs.statSync(dir, { throwIfNoEntry: false });
  if (dirStat && !dirStat.isDirectory()) throw new StoreError(`the run store folder ${dir} is ${describeKind(dirStat)}, not a folder; point --store (or CASCADE_STORE) at a folder`);
  if (!readOnly) {
    try {
      ensureDir(dir, 'the run store folder');
    } catch (err) {
      if (err instanceof OutputError) throw new StoreError(`${err.message}; point --store (or CASCADE_STORE) at a folder you can write to`);
      throw err;
    }
  }
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(file, { throwIfNoEntry: false });
  } catch (err) {
    throw new StoreError(`cannot use the run store ${file}: ${describeErrno(err)}`);
  }
  if (st && !st.isFile()) throw new StoreError(`the run store ${file} is ${describeKind(st)}, not a database file; move it aside or point --store at another folder`);
  if (!readOnly) {
    try {
      fs.accessSync(dir, fs.constants.W_OK);
      if (st) fs.accessSync(file, fs.constants.R_OK | fs.constants.W_OK);
    } catch (err) {
      throw new StoreError(`cannot write to the run store ${st ? file : dir}: ${describeErrno(err)}; point --store at a folder you can write to`);
    }
  }
}

/** Opens the store, runs `fn`, and closes it again whatever happens. */
export async function withStore<T>(dir: string, opts: StoreOpenOptions, fn: (store: RunStore) => Promise<T>): Promise<T> {
  const store = await RunStore.open(dir, opts);
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}

/** A `running` run whose process is gone (on this host) was interrupted: killed, or the machine stopped. */
function effectiveStatus(status: RunStatus, pid: number, host: string): RunStatus {
  if (status !== 'running' || host !== os.hostname()) return status;
  try {
    process.kill(pid, 0);
    return 'running';
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? 'running' : 'interrupted';
  }
}

function sqlTimestamp(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}

