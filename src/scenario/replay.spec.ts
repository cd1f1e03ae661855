import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDailySeries, indexOf } from '../backtest/history.js';
import { addDays } from '../engine/calendar.js';
import { runPlan } from '../engine/run.js';
import { registry, registryUrl } from '../models/index.js';
import { tempDir } from '../../test/helpers.js';
import { ScenarioError } from './issues.js';
import { loadScenario } from './plan.js';
import { PACKAGE_ROOT } from './replay.js';

const dir = tempDir('cascade-replay-');
const PRICES = 'data/btc_price_daily_usd_bitstamp.csv';

/** A scenario replaying the real price through the network model, `extra` appended. */
function scenario(name: string, replay: string, extra = ''): string {
  const file = path.join(dir, `${name}.yaml`);
  fs.writeFileSync(file, `name: ${name}\nstart: 2021-05-01\nhorizonDays: 60\npaths: 50\nreplay:\n  btc.price: ${replay}\nmodels:\n  network: {}\n${extra}`);
  return file;
}

/** The first issue of loading `file` (it must fail). */
function problem(file: string): { line: number; message: string } {
  try {
    loadScenario(file, registry);
  } catch (err) {
    if (err instanceof ScenarioError) return err.issues[0];
    throw err;
  }
  throw new Error(`${file} loaded`);
}

describe('replay: a signal written from a dated series instead of a model', () => {
  it('writes the file’s value of each step’s date on every path, mixed with a simulated model', async () => {
    const { points } = loadScenario(scenario('ok', PRICES), registry);
    const plan = points[0].plan;
    const { record, units, owners } = await runPlan(plan, { registryUrl, threads: 1 });
    const series = readDailySeries(path.join(PACKAGE_ROOT, PRICES));
    const i0 = indexOf(series, '2021-05-01');
    const price = record.signals.get('btc.price')!;
    for (const t of [0, 1, 30, 56]) {
      const real = series.values[i0 + t];
      // every path the same value: the lowest and highest quantile sketch bins hold it (±0.5% accuracy)
      expect(price.sums.value(t) / record.paths, addDays('2021-05-01', t)).toBeCloseTo(real, 6);
      expect(price.cells[record.cellAt[t]].quantile(0.01) / real).toBeCloseTo(price.cells[record.cellAt[t]].quantile(0.99) / real, 9);
    }
    // the network reads it (hashprice moves with the replayed price) and simulates its own randomness
    const hr = record.signals.get('network.hashrateEh')!;
    expect(hr.cells[record.cellAt[56]].quantile(0.95)).toBeGreaterThan(hr.cells[record.cellAt[56]].quantile(0.05));
    expect(units.get('btc.price')).toBe('USD');
    expect(owners.get('btc.price')).toBe('replay');
  });

  it('gives bit-identical results on one thread and on two (the replayed values travel in the plan)', async () => {
    const { points } = loadScenario(scenario('threads', PRICES), registry, { paths: 1100 });
    const one = await runPlan(points[0].plan, { registryUrl, threads: 1 });
    const two = await runPlan(points[0].plan, { registryUrl, threads: 2 });
    expect(two.threads).toBe(2);
    for (const name of ['btc.price', 'network.hashrateEh', 'network.difficulty']) {
      expect(two.record.signals.get(name)!.sums.values(), name).toEqual(one.record.signals.get(name)!.sums.values());
    }
  }, 120_000);

  it('refuses a replay of a signal an enabled model writes, naming the model and how to switch it off', () => {
    const p = problem(scenario('both', PRICES, '  market: {}\n'));
    expect(p.line).toBe(6);
    expect(p.message).toContain('also written by the model market');
    expect(p.message).toContain('enabled: false');
  });

  it('refuses dates outside the file, gaps and non-positive values with the file and line', () => {
    const late = path.join(dir, 'late.yaml');
    fs.writeFileSync(late, fs.readFileSync(scenario('late0', PRICES), 'utf8').replace('2021-05-01', '2026-11-01'));
    const p = problem(late);
    expect(p.line).toBe(6);
    expect(p.message).toMatch(/to cover every step from 2026-11-01 .* found data from 2012-01-01 to \d{4}-\d\d-\d\d \(data\/btc_price_daily_usd_bitstamp.csv:\d+\)/);

    fs.writeFileSync(path.join(dir, 'gap.csv'), 'date,price_usd\n2021-04-30,1\n2021-05-01,2\n2021-05-03,3\n');
    expect(problem(scenario('gap', 'gap.csv')).message).toContain('gap.csv:4: expected the date 2021-05-02 (consecutive days), found 2021-05-03');

    fs.writeFileSync(path.join(dir, 'zero.csv'), 'date,price_usd\n2021-05-01,2\n2021-05-02,0\n');
    expect(problem(scenario('zero', 'zero.csv')).message).toContain('zero.csv:3: expected a positive number, found 0');

    expect(problem(scenario('missing', 'nowhere.csv')).message).toContain('nowhere.csv: expected a daily CSV file');
  });

  it('refuses a signal no model writes, with a guess', () => {
    const file = path.join(dir, 'typo.yaml');
    fs.writeFileSync(file, fs.readFileSync(scenario('typo0', PRICES), 'utf8').replace('btc.price:', 'btc.prize:'));
    const p = problem(file);
    expect(p.line).toBe(6);
    expect(p.message).toContain('did you mean btc.price?');
  });
});

describe('reference: a real series drawn on a recorded signal’s chart', () => {
  it('is read for the dates of the steps (missing days are gaps), scaled, and carried to the report in the resolved scenario', () => {
    const file = scenario('ref', PRICES, 'reference: { network.hashrateEh: { file: data/btc_hashrate_difficulty_daily.csv, column: hashrate_ths, scale: 1e-6 } }\n');
    const { points } = loadScenario(file, registry);
    const ref = (points[0].resolved.reference as Record<string, { label: string; values: (number | null)[] }>)['network.hashrateEh'];
    expect(ref.label).toBe('real (btc_hashrate_difficulty_daily.csv)');
    expect(ref.values).toHaveLength(61);
    // 2021-05-01 in the file: 148,869,282.7… TH/s (data/btc_hashrate_difficulty_daily.csv)
    const line = fs.readFileSync(path.join(PACKAGE_ROOT, 'data/btc_hashrate_difficulty_daily.csv'), 'utf8').split('\n').find((l) => l.startsWith('2021-05-01,'))!;
    expect(ref.values[0]).toBeCloseTo(Number(line.split(',')[1]) * 1e-6, 9);
  });

  it('refuses a signal the run does not record, and a file without the column', () => {
    expect(problem(scenario('ref-bad', PRICES, 'record: [network.difficulty]\nreference: { network.hashrateEh: { file: data/btc_hashrate_difficulty_daily.csv } }\n')).message).toContain('expected one of the known recorded signals (network.difficulty)');
    expect(problem(scenario('ref-col', PRICES, 'reference: { network.hashrateEh: { file: data/btc_hashrate_difficulty_daily.csv, column: nope } }\n')).message).toContain('to have a header "date,nope"');
  });
});
