import { afterAll, describe, expect, it } from 'vitest';
import { cleanUp, runScenario } from '../lender/run-scenario.test-helper.js';
import { START, STATES, NO_FAILURES } from './fixtures.test-helper.js';
import * as withPrice from './price-stand-in.test-helper.js';

afterAll(cleanUp);

describe('mining: rig states', () => {
  it('conserves rigs every step: the states sum to the start fleet plus every rig delivered (entity list, an order, grey rigs, repairs abroad)', async () => {
    const r = await runScenario(
      {
        name: 'conserve',
        start: START,
        horizonDays: 400,
        paths: 8,
        record: [...STATES, 'mining.brokenRigs', 'mining.rigsDelivered', 'supply.rig.bitmain.greyDeliveredUnits'],
        output: { samplePaths: 8 },
        models: {
          supply: {},
          mining: {
            fleet: [
              { model: 's21-xp', units: 16000, ageYears: 0.5 },
              { model: 's19-xp', units: 5000, ageYears: 3, failureMultiplier: 1.5 },
            ],
            orders: [{ model: 's21', units: 3000, startDay: 0, overDays: 120 }],
          },
        },
        schedule: [{ at: '2026-02-15', set: { 'supply.policy': 'entity-list' } }],
      },
      withPrice,
    );
    let grey = 0;
    for (let j = 0; j < 8; j++) {
      const delivered = r.series('mining.rigsDelivered', j);
      for (let t = 0; t <= 400; t++) {
        let sum = 0;
        for (const s of STATES) sum += r.series(s, j)[t];
        expect(Math.abs(sum - 21000 - delivered[t])).toBeLessThan(1e-6);
        const broken = ['mining.awaitingPartRigs', 'mining.onSiteRepairRigs', 'mining.atRepairCentreRigs', 'mining.inCustomsRigs'].reduce((a, s) => a + r.series(s, j)[t], 0);
        expect(r.series('mining.brokenRigs', j)[t]).toBeCloseTo(broken, 6);
      }
      grey += r.series('supply.rig.bitmain.greyDeliveredUnits', j).reduce((a, b) => a + b, 0);
      expect(r.series('mining.retiredRigs', j)[400]).toBeGreaterThan(0);
      expect(r.series('mining.inCustomsRigs', j).some((v) => v > 0)).toBe(true);
    }
    expect(grey).toBeGreaterThan(0);
  });

  it('fails components at their rates: rigs awaiting a fan follow N·(1 − (1 − λΔ/365)^t) when no spare arrives', async () => {
    const N = 16000;
    const lambda = 0.08;
    const paths = 200;
    const r = await runScenario({
      name: 'fans',
      start: START,
      horizonDays: 180,
      paths,
      record: ['mining.awaitingPartRigs'],
      models: {
        mining: {
          fleet: [{ model: 's21-xp', units: N, ageYears: 0 }],
          agingPerYear: 0,
          components: { ...NO_FAILURES, fan: { failuresPerYear: lambda, initialSparesDays: 0, sparesCoverDays: 0, fallbackLeadTimeDays: 3000 } },
        },
      },
    });
    const mean = r.summary.signals['mining.awaitingPartRigs'].mean[180];
    const expected = N * (1 - Math.pow(1 - lambda / 365, 180));
    // each path's count is Poisson-like with variance ≈ its mean: 4 standard errors of the mean
    expect(Math.abs(mean - expected)).toBeLessThan(4 * Math.sqrt(expected / paths));
  });
});
