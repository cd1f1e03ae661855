import { afterAll, describe, expect, it } from 'vitest';
import { cleanUp, runScenario } from '../lender/run-scenario.test-helper.js';
import { START, NO_FAILURES } from './fixtures.test-helper.js';

afterAll(cleanUp);

describe('mining: curtailment and accounts', () => {
  const fleet = [{ model: 's21-xp', units: 16000, ageYears: 0 }];
  const run = (hashprice: number) =>
    runScenario({
      name: `curtail-${hashprice}`,
      start: START,
      horizonDays: 3,
      paths: 1,
      models: { mining: { fleet, components: NO_FAILURES, powerUsdPerKwh: 0.05, poolFeeShare: 0, otherOpexUsdPerPhDay: 0, hashpriceUsdPerPhDay: hashprice } },
    });

  it('runs a model while hashprice covers 24·ε·p and curtails it below (S21 XP at $0.05/kWh: $16.20 per PH/s a day)', async () => {
    const above = await run(16.21);
    expect(above.series('mining.operatingRigs', 0)[1]).toBe(16000);
    // revenue 16,000 × 0.27 PH/s × $16.21; power 16,000 × 0.27 × 13.5 kW × 24 h × $0.05
    expect(above.series('mining.revenueUsd', 0)[1]).toBeCloseTo(16000 * 0.27 * 16.21, 6);
    expect(above.series('mining.powerCostUsd', 0)[1]).toBeCloseTo(16000 * 0.27 * 13.5 * 24 * 0.05, 6);
    expect(above.series('mining.operatingHashrateEh', 0)[1]).toBeCloseTo(4.32, 12);
    const below = await run(16.19);
    expect(below.series('mining.operatingRigs', 0)[1]).toBe(0);
    expect(below.series('mining.curtailedRigs', 0)[1]).toBe(16000);
    expect(below.series('mining.hashrateShareOfStart', 0)[1]).toBe(1);
    expect(below.series('mining.powerCostUsd', 0)[1]).toBe(0);
  });
});
