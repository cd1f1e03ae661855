import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { registry } from '../src/models/index.js';
import type { ParamTable } from '../src/engine/params.js';
import { cascade, tempDir } from './helpers.js';

describe('cascade run', () => {
  it('--json: signals and events are byte-identical on 1 and 2 threads', () => {
    // the flagship over 60 days, 2,100 paths: three blocks, so the two threads share them unevenly
    const one = cascade(['run', '--paths', '2100', '--set', 'horizonDays=60', '--threads', '1', '--json']);
    const two = cascade(['run', '--paths', '2100', '--set', 'horizonDays=60', '--threads', '2', '--json']);
    expect(one.status, one.stderr).toBe(0);
    expect(two.status, two.stderr).toBe(0);
    const a = JSON.parse(one.stdout);
    const b = JSON.parse(two.stdout);
    expect(JSON.stringify(a.signals)).toBe(JSON.stringify(b.signals));
    expect(JSON.stringify(a.events)).toBe(JSON.stringify(b.events));
    expect(a.manifest.threads).toBe(1);
    expect(b.manifest.threads).toBe(2);
    for (const key of ['cascadeVersion', 'scenario', 'scenarioHash', 'seed', 'paths', 'steps', 'threads', 'elapsedMs']) expect(a.manifest).toHaveProperty(key);
    expect(a.manifest.scenarioHash).toBe(b.manifest.scenarioHash);
    const price = a.signals['btc.price'];
    expect(price.t).toHaveLength(a.manifest.steps + 1);
    for (const k of ['mean', 'p01', 'p05', 'p25', 'p50', 'p75', 'p95', 'p99']) expect(price[k]).toHaveLength(a.manifest.steps + 1);
    expect(price.t[0]).toBe('2026-02-05');
    const ev = a.events['btc-below-60k'];
    expect(ev.probability).toBeGreaterThan(0);
    expect(ev.day.p05).toBeLessThanOrEqual(ev.day.p50);
    expect(ev.day.p50).toBeLessThanOrEqual(ev.day.p95);
  });

  it('prints a summary table, honours --seed and writes result.json with --out', () => {
    const out = tempDir();
    const r = cascade(['run', '--paths', '2000', '--seed', '5', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/btc\.price( · start)?\s+\$73\.3k/);
    expect(r.stdout).toMatch(/btc-below-60k\s+\d+\.\d%/);
    expect(r.stdout).toContain('seed 5');
    const saved = JSON.parse(fs.readFileSync(path.join(out, 'result.json'), 'utf8'));
    expect(saved.manifest.seed).toBe(5);
    expect(fs.readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('runs one result per sweep point', () => {
    const dir = tempDir();
    const file = path.join(dir, 'sweep.yaml');
    fs.writeFileSync(file, 'extends: flagship\nname: sweep\npaths: 500\nhorizonDays: 30\nsweep:\n  grid:\n    market.volCalmPerSqrtYear: [0.3, 0.9]\n    market.jumpsStressPerYear: [0, 24]\n');
    const r = cascade(['run', file, '--json', '--threads', '1']);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.points).toHaveLength(4);
    expect(doc.points.map((p: { manifest: { point: string } }) => p.manifest.point)).toEqual([
      'market.volCalmPerSqrtYear=0.3, market.jumpsStressPerYear=0',
      'market.volCalmPerSqrtYear=0.3, market.jumpsStressPerYear=24',
      'market.volCalmPerSqrtYear=0.9, market.jumpsStressPerYear=0',
      'market.volCalmPerSqrtYear=0.9, market.jumpsStressPerYear=24',
    ]);
    const hashes = new Set(doc.points.map((p: { manifest: { scenarioHash: string } }) => p.manifest.scenarioHash));
    expect(hashes.size).toBe(4);
    // more calm volatility, wider 5–95% band at day 30
    const width = (k: number) => doc.points[k].signals['btc.price'].p95[30] - doc.points[k].signals['btc.price'].p05[30];
    expect(width(2)).toBeGreaterThan(width(0));
  });

  it('refuses bad flags and oversize runs with a clear message, no stack trace', () => {
    const bad = cascade(['run', '--paths', '-3']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('--paths must be a whole number ≥ 1');
    const big = cascade(['run', '--paths', '100000000', '--json']);
    expect(big.status).toBe(1);
    expect(big.stderr).toMatch(/flagship\.yaml:\d+:\d+ paths: expected paths × steps × recorded signals ≤ limits\.maxCells/);
    expect(big.stderr).not.toMatch(/\n\s+at /);
    expect(big.stdout).toBe('');
  });
});

describe('cascade models and schema', () => {
  it('lists every parameter of every model with unit, default and source', () => {
    const r = cascade(['models', '--json']);
    expect(r.status).toBe(0);
    const listed = JSON.parse(r.stdout) as { model: string; name: string; unit: string; default: unknown; source: string }[];
    for (const m of registry.models) {
      for (const name of Object.keys(m.params as ParamTable)) {
        const p = listed.find((x) => x.model === m.name && x.name === name);
        expect(p, `${m.name}.${name}`).toBeDefined();
        expect(p!.unit.length).toBeGreaterThan(0);
        expect(p!.default).not.toBeUndefined();
        expect(p!.source.length).toBeGreaterThan(5);
      }
    }
    const text = cascade(['models']);
    expect(text.stdout).toContain('market.volCalmPerSqrtYear  [1/√year]  default 0.48');
  });

  it('prints a JSON Schema that knows the models and their parameters', () => {
    const r = cascade(['schema']);
    expect(r.status).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(schema.type).toBe('object');
    // required unless the file extends another
    expect(schema.else.required).toEqual(expect.arrayContaining(['name', 'start', 'horizonDays', 'models']));
    // shared parts are under $defs; follow the references
    type Node = { $ref?: string; properties?: Record<string, Node>; description?: string };
    const deref = (n: Node): Node => (n.$ref ? deref(schema.$defs[n.$ref.split('/').pop()!]) : n);
    const market = deref(schema.properties.models.properties.market);
    expect(market.properties!.volCalmPerSqrtYear.description).toContain('1/√year');
    expect(schema.additionalProperties).toBe(false);
  });
});

describe('cascade backtest', () => {
  it('prints CRPS, coverage and Brier tables for the market model, and --json', () => {
    const r = cascade(['backtest', 'btc-market-backtest', '--paths', '60']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/122 origins 2016-01-01 … 2025-12-09 every 30 days, 60 paths each/);
    expect(r.stdout).toMatch(/CRPS of ln P/);
    expect(r.stdout).toMatch(/model\s+180 d\s+\d+%\s+\d+%\s+21 /);
    expect(r.stdout).toMatch(/drawdown-30pct-within-90d: .*base rate 33% of 122 origins/);
    const j = cascade(['backtest', 'btc-market-backtest', '--paths', '60', '--json']);
    const doc = JSON.parse(j.stdout);
    expect(doc.scores.byForecaster.model).toHaveLength(5);
    expect(doc.scores.events[0].byForecaster.historical.brier).toBeGreaterThan(0);
  });

  it('reports origins outside the data as the user\'s error (exit 1, no stack trace)', () => {
    const dir = tempDir();
    const file = path.join(dir, 'early.yaml');
    fs.writeFileSync(file, 'extends: btc-market-backtest\nbacktest:\n  from: 2011-06-01\n  to: 2012-06-01\n  paths: 20\n');
    const r = cascade(['backtest', file]);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/origin 2011-06-01: expected a date with 31 days of data before it/);
    expect(r.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
  });

  it('refuses a scenario without a backtest block with a clear message', () => {
    const r = cascade(['backtest', 'flagship']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/expected a backtest: block/);
  });
});
