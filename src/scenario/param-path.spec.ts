import { scenarioFolder } from '../../test/helpers.js';
/**
 * Vary anything: `--set path=value`, sweeps and sensitivity items over struct fields, list
 * entries, a scheduled shock's multiply/add and top-level fields, each checked with the
 * messages the file would get and planned as if the file said it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { registry } from '../models/index.js';
import { runLoadedScenario } from '../run-scenario.js';
import { formatIssue, ScenarioError } from './issues.js';
import { BUILTIN_DIR } from './load.js';
import { loadScenario, type ScenarioOverrides } from './plan.js';

const PB = path.join(BUILTIN_DIR, 'feb-2026-prime-broker-gate.yaml');
const RED = path.join(BUILTIN_DIR, 'red-sunset-base.yaml');
const { dir, write } = scenarioFolder('cascade-param-path-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));


function problems(file: string, overrides: ScenarioOverrides = {}): string[] {
  try {
    loadScenario(file, registry, overrides);
  } catch (err) {
    if (err instanceof ScenarioError) return err.issues.map(formatIssue);
    throw err;
  }
  return [];
}

const settings = (loaded: ReturnType<typeof loadScenario>, k: number, model: string) => loaded.points[k].plan.models.find((m) => m.name === model)!.settings as Record<string, any>;

describe('--set', () => {
  it('sets a struct field, a shock and a top-level field, and shows them in resolved', () => {
    const base = loadScenario(PB, registry);
    const set = loadScenario(PB, registry, { set: ['lender.lenders.blockfills.cashShare=0.3', 'shock.btc.price.multiply={dist: uniform, min: 0.7, max: 0.75}', 'paths=500'] });
    expect(settings(set, 0, 'lender').lenders.blockfills.cashShare).toBe(0.3);
    // the other fields of the entry are as in the file
    expect(settings(set, 0, 'lender').lenders.blockfills.equityShare).toEqual(settings(base, 0, 'lender').lenders.blockfills.equityShare);
    expect(set.points[0].plan.schedule[0].shocks[0].multiply).toEqual({ dist: 'uniform', min: 0.7, max: 0.75 });
    expect(set.points[0].plan.paths).toBe(500);
    expect(set.points[0].resolved.set).toEqual({ 'lender.lenders.blockfills.cashShare': 0.3, 'shock.btc.price.multiply': { dist: 'uniform', min: 0.7, max: 0.75 }, paths: 500 });
    expect(base.points[0].resolved.set).toBeUndefined();
    expect(set.points[0].hash).not.toBe(base.points[0].hash);
  });

  it('sets a fleet’s spares (a field of a struct the file leaves at its default) without losing the other defaults', () => {
    const base = loadScenario(RED, registry);
    const set = loadScenario(RED, registry, { set: ['mining.components.fan.initialSparesDays=5'] });
    const components = settings(set, 0, 'mining').components;
    expect(components.fan.initialSparesDays).toBe(5);
    expect({ ...components, fan: undefined }).toEqual({ ...settings(base, 0, 'mining').components, fan: undefined });
  });

  it('checks the value with the file’s messages, at --set:N:COL', () => {
    const found = problems(PB, { set: ['seed=3', 'lender.lenders.blockfills.cashShare=1.5'] });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^--set:2:37 lender\.lenders\.blockfills\.cashShare: .*expected a number ≥ 0 and ≤ 1 \(fraction of assets\), found 1\.5/);
    expect(problems(PB, { set: ['lender.lendrs.blockfills.cashShare=0.3'] })[0]).toMatch(/^--set:1:1 lender\.lendrs\.blockfills\.cashShare: expected one of the known lender parameters .*; did you mean lenders\?$/);
    expect(problems(PB, { set: ['shock.btc.prise.multiply=0.8'] })[0]).toBe(
      '--set:1:1 shock.btc.prise.multiply: expected a shock in the schedule (shock.2026-02-06.btc.price.multiply), found "shock.btc.prise.multiply"',
    );
    expect(problems(PB, { set: ['mining.powerUsdPerKwh=0.05'] })[0]).toContain('this scenario does not enable mining');
    // a prototype-named segment is refused before anything is set (it would reach Object.prototype)
    expect(problems(PB, { set: ['lender.lenders.__proto__.cashShare=1'] })[0]).toContain('"__proto__" (a JavaScript object property, never a field)');
    expect(({} as Record<string, unknown>).cashShare).toBeUndefined();
    expect(problems(PB, { set: ['market.priceUsd'] })[0]).toContain('--set:1:1 market.priceUsd: expected path=value');
    expect(problems(PB, { set: ['market.priceUsd=-5'] })[0]).toMatch(/^--set:1:17 market\.priceUsd: expected a number > 0/);
  });
});

describe('sweeps and sensitivity over any path', () => {
  const SMALL = `extends: ${PB}
name: pb-small
horizonDays: 12
paths: 200
output: { samplePaths: 0 }
`;

  it('sweeps a struct field and a shock, one point per combination, planned as --set would', () => {
    const file = write('sweep', SMALL + 'sweep:\n  grid:\n    lender.lenders.blockfills.cashShare: [0.2, 0.4]\n    shock.btc.price.multiply: [0.8, 0.9]\n');
    const loaded = loadScenario(file, registry, { allowExtendsOutside: true });
    expect(loaded.points.map((p) => p.label)).toEqual([
      'lender.lenders.blockfills.cashShare=0.2, shock.btc.price.multiply=0.8',
      'lender.lenders.blockfills.cashShare=0.2, shock.btc.price.multiply=0.9',
      'lender.lenders.blockfills.cashShare=0.4, shock.btc.price.multiply=0.8',
      'lender.lenders.blockfills.cashShare=0.4, shock.btc.price.multiply=0.9',
    ]);
    expect(loaded.points.map((p) => settings(loaded, loaded.points.indexOf(p), 'lender').lenders.blockfills.cashShare)).toEqual([0.2, 0.2, 0.4, 0.4]);
    expect(loaded.points.map((p) => p.plan.schedule[0].shocks[0].multiply)).toEqual([0.8, 0.9, 0.8, 0.9]);
    // the same point as --set gives the same plan and hash
    const viaSet = loadScenario(write('plain', SMALL), registry, { allowExtendsOutside: true, set: ['lender.lenders.blockfills.cashShare=0.4', 'shock.btc.price.multiply=0.9'] });
    expect(loaded.points[3].plan).toEqual(viaSet.points[0].plan);
  });

  it('names the line of a bad grid value or path, with the file’s message', () => {
    const file = write('bad-sweep', SMALL + 'sweep:\n  grid:\n    lender.lenders.blockfills.cashShare: [0.2, 1.4]\n    shock.btc.price.mutliply: [0.8]\n');
    const found = problems(file, { allowExtendsOutside: true }).map((p) => p.replace(/^.*?:/, ''));
    expect(found.some((p) => p.startsWith('8:48 sweep.grid["lender.lenders.blockfills.cashShare"][1]:') && p.includes('found 1.4')), found.join('\n')).toBe(true);
    expect(found.some((p) => p.startsWith('9:5 sweep.grid["shock.btc.price.mutliply"]: expected shock.SIGNAL.multiply')), found.join('\n')).toBe(true);
  });

  it('varies a struct field in a sensitivity block, and the event moves the right way', async () => {
    const file = write(
      'sens',
      SMALL + 'sensitivity:\n  output: lender.blockfills.halt\n  statistic: probability\n  vary:\n    - { param: lender.lenders.blockfills.cashShare, low: 0.05, high: 0.6 }\n    - { param: shock.btc.price.multiply, low: 0.7, high: 0.95 }\n',
    );
    const loaded = loadScenario(file, registry, { allowExtendsOutside: true });
    expect(loaded.points.map((p) => p.label)).toEqual([
      'base',
      'sensitivity lender.lenders.blockfills.cashShare low=0.05',
      'sensitivity lender.lenders.blockfills.cashShare high=0.6',
      'sensitivity shock.btc.price.multiply low=0.7',
      'sensitivity shock.btc.price.multiply high=0.95',
    ]);
    const result = await runLoadedScenario(loaded, { threads: 1 });
    const halt = (k: number) => result.points[k].events['lender.blockfills.halt'].probability;
    // less cash on hand, more gates; a bigger crash, more gates (same seed: common random numbers)
    expect(halt(1)).toBeGreaterThan(halt(2));
    expect(halt(3)).toBeGreaterThanOrEqual(halt(4));
    // an event's probability as the output: the table holds the runs' probabilities
    const rows = Object.fromEntries(result.sensitivity!.rows.map((r) => [r.name, r]));
    expect(result.sensitivity!.base).toBe(halt(0));
    expect(rows['lender.lenders.blockfills.cashShare'].outputLow).toBe(halt(1));
    expect(rows['shock.btc.price.multiply'].outputHigh).toBe(halt(4));
    expect(problems(write('sens-bad', SMALL + 'sensitivity:\n  output: lender.blockfills.hlt\n  statistic: probability\n  vary:\n    - { param: market.priceUsd, low: 1, high: 2 }\n'), { allowExtendsOutside: true })[0]).toContain(
      'did you mean lender.blockfills.halt?',
    );
    expect(result.points[1].manifest.sweepValues).toEqual({ 'lender.lenders.blockfills.cashShare': 0.05 });
  }, 120_000);
});
