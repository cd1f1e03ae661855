import { afterAll, describe, expect, it } from 'vitest';
import { cleanUp, runScenario } from '../lender/run-scenario.test-helper.js';
import { START } from './fixtures.test-helper.js';

afterAll(cleanUp);

describe('mining: repairs and spares', () => {
  it('keeps the fleet hashing in the status quo: spares near their target, almost nothing waiting, no phase', async () => {
    const r = await runScenario({ name: 'sq', start: START, horizonDays: 360, paths: 16, record: ['mining.awaitingPartRigs', 'mining.fan.sparesUnits', 'mining.hashrateShareOfStart'], models: { supply: {}, mining: {} } });
    const s = r.summary.signals;
    // expected fan use: 16,000 × 8% × (1 + 0.2·age) / 365 ≈ 3.6/day; target 60 days of it
    expect(s['mining.fan.sparesUnits'].p50[360]).toBeGreaterThan(0.7 * 60 * 3.5);
    expect(s['mining.fan.sparesUnits'].p50[360]).toBeLessThan(1.5 * 60 * 4);
    expect(s['mining.awaitingPartRigs'].p95[360]).toBeLessThan(5);
    expect(s['mining.hashrateShareOfStart'].p05[360]).toBeGreaterThan(0.98);
    for (const e of ['mining.phase1LeadTime', 'mining.phase2SparesOut', 'mining.phase3Hashrate']) expect(r.summary.events[e].probability).toBe(0);
  });

  it('orders from its fallback pipeline when no supply model runs, with the same result', async () => {
    const r = await runScenario({ name: 'fallback', start: START, horizonDays: 360, paths: 16, record: ['mining.awaitingPartRigs', 'mining.hashrateShareOfStart'], models: { mining: {} } });
    expect(r.summary.signals['mining.awaitingPartRigs'].p95[360]).toBeLessThan(5);
    expect(r.summary.signals['mining.hashrateShareOfStart'].p05[360]).toBeGreaterThan(0.98);
  });

  it('tells which supply channel is missing for a maker’s rigs', async () => {
    await expect(runScenario({ name: 'microbt', start: START, horizonDays: 5, paths: 1, models: { supply: {}, mining: { fleet: [{ model: 'm66s-plus', units: 1000 }] } } })).rejects.toThrow(/fan parts from microbt.*supply\.fan\.microbt\.deliveredUnits/);
  });
});
