/**
 * The liquidity model's layout (layout.ts): the record sized from the class list, the signals
 * each choice declares, and which parameters shape the run (a scheduled set of them is refused
 * at load with the line and the reason; the rest may change mid-run).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveIO } from '../../engine/io.js';
import { defaultSettings } from '../../engine/prepare.js';
import { shapeParams } from '../../engine/shape.js';
import { ScenarioError } from '../../scenario/issues.js';
import { loadScenario } from '../../scenario/plan.js';
import { registry } from '../index.js';
import { liquidity } from './index.js';
import { CRYPTO, N, PATH, STRATEGIC } from './layout.js';
import { CLASSES, STRATEGIC_HOLDINGS } from './params.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-liquidity-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A scenario file with market and liquidity that sets `key` to `value` on a schedule (JSON is YAML). */
function scheduledSet(key: string, value: unknown): string {
  const scenario = { name: 'set', start: '2026-02-05', horizonDays: 4, paths: 8, seed: 7, models: { market: {}, liquidity: {} }, schedule: [{ at: '2026-02-07', set: { [key]: value } }] };
  const file = path.join(dir, `${key}.yaml`);
  fs.writeFileSync(file, JSON.stringify(scenario, null, 2) + '\n');
  return file;
}

describe('liquidity: layout', () => {
  it('sizes the record from the class list: every per-class field is one slot per class, the strategic holder’s one more', () => {
    expect(N).toBe(CLASSES.length);
    expect(CLASSES[CRYPTO]).toBe('crypto');
    for (const f of ['lnPrice', 'variance', 'hfExposure', 'levPosition', 'sold', 'impact', 'ret'] as const) expect(PATH.widths[f]).toBe(N);
    expect(PATH.widths.strategic).toBe(STRATEGIC_HOLDINGS.length);
    expect(STRATEGIC.hedgeFunds).toBe(STRATEGIC_HOLDINGS.indexOf('hedgeFunds'));
    expect(resolveIO(liquidity, defaultSettings(liquidity)).state).toEqual({ path: PATH.width });
  });

  it('declares btc.* as revised in the step with btcChannel price, btc.price as read with flows; liquidity.rounds only with diagnostics on', () => {
    const io = (settings: Record<string, unknown>) => resolveIO(liquidity, { ...defaultSettings(liquidity), ...settings });
    const price = io({});
    expect(price.updates).toEqual(['btc.price', 'btc.return', 'btc.drawdown', 'btc.peakUsd']);
    expect(price.reads).toEqual([{ name: 'btc.vol', prev: false, optional: true }]);
    expect(price.writes).not.toContain('liquidity.rounds');
    expect(price.adds).toEqual(['market.forcedSellingUsd']);
    expect(price.shockable).toEqual(['liquidity.rate', 'liquidity.capitalCallUsd']);
    const flows = io({ btcChannel: 'flows', diagnosticSignals: 'on' });
    expect(flows.updates).toEqual([]);
    expect(flows.reads.map((r) => r.name)).toEqual(['btc.price', 'btc.vol']);
    expect(flows.writes.at(-1)).toBe('liquidity.rounds');
    expect(flows.units['liquidity.rounds']).toBe('rounds');
    for (const c of CLASSES.filter((c) => c !== 'crypto')) expect(price.writes).toEqual(expect.arrayContaining([`liquidity.${c}.price`, `liquidity.${c}.return`]));
  });

  it('only btcChannel and diagnosticSignals shape the run: the classes, holders, EWMA weight and rounds may change on a schedule', () => {
    expect([...shapeParams(liquidity, defaultSettings(liquidity)).keys()].sort()).toEqual(['btcChannel', 'diagnosticSignals']);
    for (const [key, value] of [
      ['liquidity.classes', { software: { duration: 10 } }],
      ['liquidity.holders', { leveraged: { marginRate: { crypto: 0.8 } } }],
      ['liquidity.ewmaLambda', 0.9],
      ['liquidity.maxRounds', 5],
    ] as const) {
      expect(() => loadScenario(scheduledSet(key, value), registry), key).not.toThrow();
    }
  });

  it('refuses a scheduled set of btcChannel at load, with the file, the line and why', () => {
    const file = scheduledSet('liquidity.btcChannel', 'flows');
    let error: unknown;
    try {
      loadScenario(file, registry);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    const text = (error as ScenarioError).message;
    const line = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes('"liquidity.btcChannel"')) + 1;
    expect(text).toContain(`${file}:${line}:`);
    expect(text).toContain('schedule[0].set["liquidity.btcChannel"]');
    expect(text).toContain('shapes the run and is fixed at the start: price declares btc.price, btc.return, btc.drawdown and btc.peakUsd as revised by this model');
  });
});
