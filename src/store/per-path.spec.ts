import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { runScenario } from '../run-scenario.js';
import { VERSION } from '../version.js';
import { exportRun } from './export.js';
import { RunStore, withStore } from './store.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-per-path-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A light scenario: the market alone, two drawn inputs, a drawn shock, one event; `paths` and `extra` vary. */
function scenario(name: string, paths: number, extra = ''): string {
  const file = path.join(tmp, `${name}.yaml`);
  fs.writeFileSync(
    file,
    `name: ${name}
start: 2026-01-01
horizonDays: 10
paths: ${paths}
seed: 5
models:
  market:
    volCalmPerSqrtYear: { dist: uniform, min: 0.3, max: 0.9 }
    jumpsCalmPerYear: { dist: lognormal, median: 4, sigma: 0.5 }
schedule:
  - at: 2026-01-04
    shock:
      - signal: btc.price
        multiply: { dist: triangular, min: 0.7, mode: 0.9, max: 1.0 }
events:
  - name: below-70k
    when: btc.price < 70000
record: [btc.price, btc.drawdown]
output: { perPath: true, samplePaths: 0 }
${extra}`,
  );
  return file;
}

const newRun = (name: string, paths: number) => ({
  scenario: name,
  description: '',
  file: `${name}.yaml`,
  points: 1,
  paths,
  seed: 5,
  cascadeVersion: VERSION,
  codeHash: 'test',
  command: 'test',
  models: [{ name: 'market', title: 'BTC market' }],
  sources: [],
});

describe('the per-path table', () => {
  it('holds each path’s draws, final values and event days, the same on 1 and 2 threads', async () => {
    const file = scenario('small', 3000);
    const one = await runScenario(file, { threads: 1 });
    const two = await runScenario(file, { threads: 2 });
    const t = one.points[0].perPath!;
    expect(Object.keys(t.inputs)).toEqual(['market.volCalmPerSqrtYear', 'market.jumpsCalmPerYear', 'btc.price.multiply@2026-01-04']);
    expect(Object.keys(t.finals)).toEqual(['btc.price', 'btc.drawdown']);
    // the models' events too (the market's stress regime), then the scenario's
    expect(Object.keys(t.eventDays)).toEqual(['market.stress', 'below-70k']);
    // draws lie in their distributions' supports; every path was filled (no NaN left from merging)
    for (const v of Array.from(t.inputs['market.volCalmPerSqrtYear'])) expect(v >= 0.3 && v <= 0.9).toBe(true);
    for (const v of Array.from(t.inputs['btc.price.multiply@2026-01-04'])) expect(v >= 0.7 && v <= 1).toBe(true);
    // the event days agree with the event's summary: as many paths, and each day's count
    const days = Array.from(t.eventDays['below-70k']).filter((d) => d === d);
    const e = one.points[0].events['below-70k'];
    expect(days.length).toBe(e.paths);
    e.hitsByStep.forEach((hits, step) => expect(days.filter((d) => d === step).length).toBe(hits));
    // final values are the terminal values the summary's statistics come from
    const finals = Float64Array.from(t.finals['btc.price']).sort();
    expect(finals[Math.floor(0.5 * (finals.length - 1))]).toBe(one.points[0].terminal['btc.price'].p50);
    // a path's draws do not depend on the thread that ran it
    expect(two.points[0].perPath).toEqual(t);
  });

  it('at 100,000 paths: memory measured, stored and read back bit for bit, exported as a wide Parquet table', async () => {
    const paths = 100_000;
    const file = scenario('big', paths);
    global.gc?.();
    const before = process.memoryUsage();
    const result = await runScenario(file, { threads: 1 });
    const after = process.memoryUsage();
    const t = result.points[0].perPath!;
    const columns = Object.keys(t.inputs).length + Object.keys(t.finals).length + Object.keys(t.eventDays).length;
    const tableBytes = paths * columns * 8;
    const grownMB = (after.rss - before.rss) / 2 ** 20;
    const buffersMB = (after.arrayBuffers - before.arrayBuffers) / 2 ** 20;
    // Measured, not timed: printed for the record. The table itself is paths × columns doubles
    // (6 columns: 4.6 MB); the record keeps the draws and first steps (Int32) once more until
    // summarised. RSS growth also holds the run's sketches and V8's heap slack, so the bound is
    // loose: 20× the table plus 200 MB for the run; a leak (a copy per block, per-value objects) breaks it.
    console.log(`per-path table at ${paths.toLocaleString('en-US')} paths × ${columns} columns: ${(tableBytes / 2 ** 20).toFixed(1)} MB of doubles; RSS grew ${grownMB.toFixed(0)} MB, typed arrays held ${buffersMB.toFixed(1)} MB more (heap used ${(before.heapUsed / 2 ** 20).toFixed(0)} → ${(after.heapUsed / 2 ** 20).toFixed(0)} MB)`);
    expect(grownMB).toBeLessThan((20 * tableBytes) / 2 ** 20 + 200);
    // what stays held after the run: the table, the record's copy of it (first steps as Int32) and
    // the terminal values — a few copies of the table, not one per block or per value
    expect(buffersMB).toBeLessThan((4 * tableBytes) / 2 ** 20 + 16);

    const dir = path.join(tmp, 'store');
    const store = await RunStore.open(dir);
    let id: string;
    try {
      id = await store.beginRun(newRun('big', paths));
      const rssBefore = process.memoryUsage().rss;
      await store.completeRun(id, result, { elapsedMs: 1 });
      console.log(`storing the per-path table: RSS grew ${((process.memoryUsage().rss - rssBefore) / 2 ** 20).toFixed(0)} MB`);
      const back = await store.loadPerPath(id, 0);
      expect(back!.paths).toBe(paths);
      for (const [kind, cols] of [['inputs', t.inputs], ['finals', t.finals], ['eventDays', t.eventDays]] as const) {
        for (const [name, values] of Object.entries(cols)) expect(Buffer.compare(Buffer.from(Float64Array.from(values).buffer), Buffer.from(Float64Array.from(back![kind][name]).buffer)), `${kind} ${name}`).toBe(0);
      }
      const eventOnly = await store.loadPerPath(id, 0, (kind) => kind === 'event_day');
      expect(Object.keys(eventOnly!.inputs)).toEqual([]);
      expect(Object.keys(eventOnly!.eventDays)).toEqual(['market.stress', 'below-70k']);
    } finally {
      store.close();
    }
    const out = path.join(tmp, 'export');
    const files = await withStore(dir, { readOnly: true }, (s) => s.resolve(id).then((ref) => exportRun(s, ref, 'parquet', out)));
    expect(files.map((f) => path.basename(f))).toContain('paths.parquet');
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    const rows = (await c.runAndReadAll(`SELECT count(*)::DOUBLE AS n, count("event_day:below-70k")::DOUBLE AS hit, min("input:market.volCalmPerSqrtYear") AS lo FROM '${path.join(out, 'paths.parquet')}'`)).getRowObjectsJS()[0];
    expect(rows.n).toBe(paths);
    expect(rows.hit).toBe(result.points[0].events['below-70k'].paths);
    expect(rows.lo).toBe(Math.min(...Array.from(t.inputs['market.volCalmPerSqrtYear'])));
    c.closeSync();
    db.closeSync();
  });
});
