import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { runScenario, type ScenarioResult } from '../run-scenario.js';
import { VERSION } from '../version.js';
import { StoreError } from './errors.js';
import { exportRun } from './export.js';
import { listPending, savePending } from './pending.js';
import { SCHEMA_VERSION } from './schema.js';
import { RunStore, resolveStoreDir, withStore, type NewRun } from './store.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-store-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

// A small sweep of the flagship (2 points × 300 paths × 30 days: the flagship’s schedule reaches day 28): enough rows in every table
// (signals, events that happen, samples, terminal values) to check the round trip, fast.
let result: ScenarioResult;
beforeAll(async () => {
  const file = path.join(tmp, 'small.yaml');
  fs.writeFileSync(file, 'extends: flagship\nname: small\npaths: 300\nhorizonDays: 30\noutput: { samplePaths: 3 }\nsweep:\n  grid:\n    market.jumpsStressPerYear: [0, 24]\n');
  result = await runScenario(file, { threads: 1 });
});

const newRun = (r: ScenarioResult): NewRun => ({
  scenario: r.name,
  description: r.description,
  file: r.file,
  points: r.points.length,
  paths: r.points.reduce((a, p) => a + p.manifest.paths, 0),
  seed: r.points[0].manifest.seed,
  cascadeVersion: VERSION,
  codeHash: 'test-code',
  command: 'test',
  models: [{ name: 'market', title: 'BTC market' }],
  sources: ['a test'],
});

/** Stores `r` as a complete run in `dir` (created at `at`) and returns its id. */
async function storeComplete(dir: string, r: ScenarioResult, at?: Date): Promise<string> {
  return withStore(dir, {}, async (s) => {
    const id = await s.beginRun(newRun(r), at);
    await s.completeRun(id, r, { elapsedMs: 1234 });
    return id;
  });
}

describe('run store', () => {
  it('gives back every number of a run bit for bit, in the order it was computed', async () => {
    const dir = path.join(tmp, 'roundtrip');
    const id = await storeComplete(dir, result);
    const back = await withStore(dir, { readOnly: true }, (s) => s.loadRun(id));
    expect(back.info.status).toBe('complete');
    expect(back.info.pointInfo.map((p) => p.label)).toEqual(result.points.map((p) => p.manifest.point));
    // JSON text equality checks values, key order and NaN/null placement at once
    expect(JSON.stringify(back.result)).toBe(JSON.stringify(result));
    expect(back.result.points[0].events['btc-below-60k'].hitsByStep).toEqual(result.points[0].events['btc-below-60k'].hitsByStep);
    expect(Object.is(back.result.points[1].signals['btc.price'].p05[7], result.points[1].signals['btc.price'].p05[7])).toBe(true);
  });

  it('reads a store of schema 1 (events without conditions) as it is, and migrates it when opened for writing', async () => {
    const dir = path.join(tmp, 'schema1');
    const old = await storeComplete(dir, result);
    // what Cascade with schema 1 left: no condition columns
    await withStore(dir, {}, async (s) => {
      await s.exec(`ALTER TABLE events DROP COLUMN signal; ALTER TABLE events DROP COLUMN op; ALTER TABLE events DROP COLUMN value; UPDATE meta SET value = '1' WHERE key = 'schema_version'`);
      // nor schema 4's role of each point, per-path table and analyses
      await s.exec(`ALTER TABLE points DROP COLUMN role; DROP TABLE path_columns; DROP TABLE path_values; DROP TABLE analyses; DROP TABLE sensitivity_indices`);
    });
    const before = await withStore(dir, { readOnly: true }, (s) => s.loadRun(old));
    expect(before.result.points[0].conditions).toEqual({});
    expect(before.result.points[0].events).toEqual(result.points[0].events);
    const again = await storeComplete(dir, result); // opened for writing: migrated first
    await withStore(dir, { readOnly: true }, async (s) => {
      expect(await s.query(`SELECT value FROM meta WHERE key = 'schema_version'`)).toEqual([{ value: String(SCHEMA_VERSION) }]);
      expect((await s.loadRun(old)).result.points[0].conditions).toEqual({});
      expect(JSON.stringify((await s.loadRun(again)).result)).toBe(JSON.stringify(result));
    });
    expect(result.points[0].conditions['btc-below-60k']).toEqual({ signal: 'btc.price', op: '<', value: 60000 });
  });

  it('a run started but never completed is listed as interrupted, has no results, and cannot be reported', async () => {
    const dir = path.join(tmp, 'interrupted');
    const id = await withStore(dir, {}, async (s) => {
      const id = await s.beginRun(newRun(result));
      // a pid that cannot be alive: what a killed run leaves behind
      await s.query(`UPDATE runs SET pid = 2147483646 WHERE run_id = $1`, [id]);
      return id;
    });
    await withStore(dir, { readOnly: true }, async (s) => {
      const [info] = await s.listRuns();
      expect(info.status).toBe('interrupted');
      expect(info.pointInfo).toEqual([]);
      await expect(s.loadRun(id)).rejects.toThrow(/was interrupted before it completed/);
      await expect(s.resolve('latest')).rejects.toThrow(/no complete run/);
    });
  });

  it('a failing write rolls the whole result back and leaves the run not complete', async () => {
    const dir = path.join(tmp, 'rollback');
    const broken = structuredClone(result);
    // the second point's manifest lacks its start date: the points insert fails mid-transaction
    (broken.points[1].manifest as { startDate: unknown }).startDate = 'not a date';
    const id = await withStore(dir, {}, async (s) => {
      const id = await s.beginRun(newRun(broken));
      await expect(s.completeRun(id, broken, { elapsedMs: 1 })).rejects.toThrow();
      return id;
    });
    await withStore(dir, { readOnly: true }, async (s) => {
      for (const table of ['points', 'signals', 'signal_steps', 'events', 'event_days', 'terminal', 'samples']) {
        const [{ n }] = await s.query(`SELECT count(*)::INTEGER AS n FROM ${table} WHERE run_id = $1`, [id]);
        expect(n, table).toBe(0);
      }
      expect((await s.runInfo(id)).status).not.toBe('complete');
    });
  });

  it('resolves ids, unique prefixes, latest and ID/K, and says what is wrong otherwise', async () => {
    const dir = path.join(tmp, 'refs');
    const ids: string[] = [];
    for (let k = 0; k < 3; k++) ids.push(await storeComplete(dir, result, new Date(Date.UTC(2026, 0, 1 + k))));
    await withStore(dir, { readOnly: true }, async (s) => {
      expect(await s.resolve('latest')).toEqual({ id: ids[2], point: null });
      expect(await s.resolve(ids[0])).toEqual({ id: ids[0], point: null });
      expect(await s.resolve(`${ids[1]}/2`)).toEqual({ id: ids[1], point: 1 });
      await expect(s.resolve(`${ids[1]}/3`)).rejects.toThrow(/has 2 point\(s\)/);
      await expect(s.resolve('zzzz')).rejects.toThrow(/no stored run matches "zzzz"/);
      await expect(s.resolve('')).rejects.toThrow(StoreError);
      expect((await s.listRuns()).map((r) => r.id)).toEqual([...ids].reverse());
    });
  });

  it('finds a reusable point only when hash, seed, version and code all match', async () => {
    const dir = path.join(tmp, 'reuse');
    const id = await storeComplete(dir, result);
    const m = result.points[1].manifest;
    const q = { scenarioHash: m.scenarioHash, seed: m.seed, cascadeVersion: VERSION, codeHash: 'test-code' };
    await withStore(dir, { readOnly: true }, async (s) => {
      expect(await s.findReusable(q)).toEqual({ id, point: 1, reusedFrom: null });
      expect(await s.findReusable({ ...q, seed: m.seed + 1 })).toBeNull();
      expect(await s.findReusable({ ...q, cascadeVersion: '9.9.9' })).toBeNull();
      expect(await s.findReusable({ ...q, codeHash: 'other' })).toBeNull();
      expect(await s.findReusable({ ...q, scenarioHash: 'f'.repeat(64) })).toBeNull();
    });
  });

  it('exports csv and parquet tables that DuckDB reads back, and the json document', async () => {
    const dir = path.join(tmp, 'export');
    const id = await storeComplete(dir, result);
    const out = path.join(tmp, 'exported');
    await withStore(dir, { readOnly: true }, async (s) => {
      const csv = await exportRun(s, { id, point: null }, 'csv', out);
      const pq = await exportRun(s, { id, point: 1 }, 'parquet', out);
      const json = await exportRun(s, { id, point: null }, 'json', out);
      // the tables, then the README.md that describes every column
      expect(csv.map((f) => path.basename(f))).toEqual(['run.csv', 'points.csv', 'signals.csv', 'events.csv', 'event_days.csv', 'terminal.csv', 'samples.csv', 'README.md']);
      expect(pq).toHaveLength(8);
      const doc = JSON.parse(fs.readFileSync(json[0], 'utf8'));
      expect(doc.run.id).toBe(id);
      expect(doc.points).toHaveLength(2);
      // the document's fields per point, as before the results carried event conditions
      expect(Object.keys(doc.points[0])).toEqual(['manifest', 'resolved', 'signals', 'events', 'terminal', 'samples']);
    });
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    const rows = async (sql: string) => (await c.runAndReadAll(sql)).getRowObjectsJS();
    const steps = result.points[0].manifest.steps + 1;
    const nSignals = Object.keys(result.points[0].signals).length;
    const [csvCount] = await rows(`SELECT count(*)::INTEGER AS n, count(DISTINCT point)::INTEGER AS points FROM read_csv('${out}/signals.csv')`);
    expect(csvCount).toEqual({ n: 2 * nSignals * steps, points: 2 });
    const [pqRow] = await rows(`SELECT p50, date::VARCHAR AS date, unit, model FROM read_parquet('${out}/signals.parquet') WHERE signal = 'btc.price' AND step = 20`);
    expect(pqRow).toEqual({ p50: result.points[1].signals['btc.price'].p50[20], date: result.points[1].signals['btc.price'].t[20], unit: 'USD', model: 'market' });
    const [days] = await rows(`SELECT sum(hits)::INTEGER AS hits FROM read_parquet('${out}/event_days.parquet') WHERE event = 'btc-below-60k'`);
    expect(days.hits).toBe(result.points[1].events['btc-below-60k'].paths);
    c.closeSync();
    db.closeSync();
  });

  it('a side file (a run that finished while the store was busy) is imported by the next write open, bit for bit', async () => {
    const dir = path.join(tmp, 'side');
    // a NaN mean and an infinite quantile must come back as they were, not as null
    const odd = structuredClone(result);
    odd.points[0].signals['btc.price'].mean[3] = NaN;
    odd.points[0].signals['btc.price'].p99[4] = Infinity;
    const begun = await withStore(dir, {}, (s) => s.beginRun(newRun(odd)));
    const common = { run: newRun(odd), createdAt: new Date().toISOString(), completedAt: new Date().toISOString(), elapsedMs: 5, reusedFrom: [null, null], result: odd };
    savePending(dir, { runId: begun, ...common });
    // one whose row the store lost (moved aside, say): recorded and completed
    savePending(dir, { runId: 'abcdef01', ...common });
    fs.writeFileSync(path.join(dir, 'pending', '0badf11e.jsonl'), '{"kind":"cascade-pending-run"}\n{"end": 3}\n');
    const notes: string[] = [];
    // a read-only open imports them too, when nobody holds the store
    const back = await withStore(dir, { readOnly: true, onNote: (m) => notes.push(m) }, async (s) => [await s.loadRun(begun), await s.loadRun('abcdef01')]);
    for (const b of back) {
      expect(b.info.status).toBe('complete');
      expect(JSON.stringify(b.result)).toBe(JSON.stringify(odd));
      expect(b.result.points[0].signals['btc.price'].mean[3]).toBeNaN();
      expect(b.result.points[0].signals['btc.price'].p99[4]).toBe(Infinity);
    }
    expect(listPending(dir)).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'pending', '0badf11e.jsonl.damaged'))).toBe(true);
    expect(notes.join('\n')).toMatch(/stored run [0-9a-f]{8} \(small\) from its side file/);
    expect(notes.join('\n')).toContain('0badf11e.jsonl cannot be imported (it is incomplete');
  });

  it('a store truncated by one byte, and store paths that are not folders or files, give a clear message', async () => {
    const dir = path.join(tmp, 'truncated');
    const id = await storeComplete(dir, result);
    const file = path.join(dir, 'runs.duckdb');
    fs.truncateSync(file, fs.statSync(file).size - 1);
    const err = await withStore(dir, { readOnly: true }, (s) => s.loadRun(id)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as Error).message).toMatch(/runs\.duckdb is damaged or is not a Cascade run store \(Could not read .*\)\. Move it aside/);
    const plain = path.join(tmp, 'plain-file');
    fs.writeFileSync(plain, '');
    await expect(RunStore.open(plain)).rejects.toThrow(/the run store folder .*plain-file is a regular file, not a folder/);
    const dirAsFile = path.join(tmp, 'dir-as-file');
    fs.mkdirSync(path.join(dirAsFile, 'runs.duckdb'), { recursive: true });
    await expect(RunStore.open(dirAsFile)).rejects.toThrow(/runs\.duckdb is a folder, not a database file/);
    if (fs.existsSync('/proc/self')) await expect(RunStore.open('/proc/cascade-store')).rejects.toThrow(/cannot create the run store folder \/proc\/cascade-store/);
  });

  it('names a damaged store, a missing one and a lock held by another process, without DuckDB internals', async () => {
    const bad = path.join(tmp, 'bad');
    fs.mkdirSync(bad);
    fs.writeFileSync(path.join(bad, 'runs.duckdb'), 'this is not a database');
    await expect(RunStore.open(bad)).rejects.toThrow(/runs\.duckdb is damaged or is not a Cascade run store.*Move it aside/);
    await expect(RunStore.open(path.join(tmp, 'missing'), { readOnly: true })).rejects.toThrow(/no run store at .*missing: nothing has been run/);

    // a DuckDB file that is not ours
    const foreign = path.join(tmp, 'foreign');
    fs.mkdirSync(foreign);
    const other = await DuckDBInstance.create(path.join(foreign, 'runs.duckdb'));
    const oc = await other.connect();
    await oc.run('CREATE TABLE t (x INTEGER)');
    oc.closeSync();
    other.closeSync();
    await expect(RunStore.open(foreign)).rejects.toThrow(/not a Cascade run store \(no meta\/runs tables; found t\)/);
    expect(resolveStoreDir(undefined, {})).toBe('.cascade');
    expect(resolveStoreDir(undefined, { CASCADE_STORE: '/x' })).toBe('/x');
    expect(resolveStoreDir('/y', { CASCADE_STORE: '/x' })).toBe('/y');
  });

  it('opens at once in one process (the server’s warm-up and requests) all find a whole store', async () => {
    // Before the in-process lock, a second open saw the first one’s tables before its schema
    // version (or saw `meta` alone) and called the store damaged: 3 of 90 opens failed here.
    const failures: string[] = [];
    for (let k = 0; k < 30; k++) {
      const dir = path.join(tmp, `concurrent-${k}`);
      const after = (ms: number) => new Promise((r) => setTimeout(r, ms));
      const opens = await Promise.allSettled([
        withStore(dir, {}, async () => 'warm'),
        after(k % 10).then(() => withStore(dir, {}, (s) => s.beginRun(newRun(result)))),
        after((k * 3) % 7).then(() => withStore(dir, {}, (s) => s.listRuns())),
      ]);
      for (const o of opens) if (o.status === 'rejected') failures.push(String(o.reason));
    }
    expect(failures).toEqual([]);
  });
});
