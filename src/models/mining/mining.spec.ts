import { afterAll, describe, expect, it } from 'vitest';
import { ScenarioError } from '../../scenario/issues.js';
import { loadScenario } from '../../scenario/plan.js';
import * as shipped from '../index.js';
import { cleanUp, runScenario, writeScenario } from '../lender/run-scenario.test-helper.js';
import { START } from './fixtures.test-helper.js';
import * as withPrice from './price-stand-in.test-helper.js';

afterAll(cleanUp);

describe('mining: coupling with the network', () => {
  it('drives the US hashrate: network.usHashrateEh = H_US,0 · M_{t−1}/M_0 with miningCoupling 1', async () => {
    const r = await runScenario(
      {
        name: 'net',
        start: START,
        horizonDays: 200,
        paths: 1,
        record: ['network.usHashrateEh', 'mining.operatingHashrateEh'],
        models: { pricetest: {}, network: {}, supply: {}, mining: {} },
        schedule: [{ at: '2026-01-11', set: { 'supply.policy': 'entity-list' } }],
      },
      withPrice,
    );
    const us = r.series('network.usHashrateEh', 0);
    const m = r.series('mining.operatingHashrateEh', 0);
    const us0 = 1000 * 0.36;
    for (const t of [1, 100, 200]) expect(us[t]).toBeCloseTo((us0 * m[t - 1]) / m[0], 9);
    expect(m[200]).toBeLessThan(m[0]);
  });
});

describe('mining: what a scheduled set may change', () => {
  it('refuses a set of the fleet, orders, components or loans at load, naming the line and why (they shape the state; a set of the fleet used to stop the run with an internal error)', () => {
    const sets = ['mining.fleet: [{ model: s21, units: 10 }]', 'mining.orders: []', 'mining.components: {}', 'mining.loans: []'];
    const file = writeScenario('set-fleet', ['name: set-fleet', `start: ${START}`, 'horizonDays: 20', 'models:', '  mining: {}', 'schedule:', ...sets.map((s, k) => `  - { at: 2026-01-0${k + 2}, set: { ${s} } }`)].join('\n'));
    const load = () => loadScenario(file, shipped.registry);
    expect(load).toThrow(ScenarioError);
    expect(load).toThrow(/set-fleet\.yaml:7:\d+ schedule\[0\]\.set\["mining\.fleet"\]: .*fixed at the start: each group is a block of rig states/);
    expect(load).toThrow(/set-fleet\.yaml:8:\d+ schedule\[1\]\.set\["mining\.orders"\]: .*fixed at the start: each order has its cohorts/);
    expect(load).toThrow(/set-fleet\.yaml:9:\d+ schedule\[2\]\.set\["mining\.components"\]: .*fixed at the start: its numbers are drawn per path/);
    expect(load).toThrow(/set-fleet\.yaml:10:\d+ schedule\[3\]\.set\["mining\.loans"\]: .*fixed at the start: each loan has its slots/);
  });

  it('accepts a set of a number parameter mid-run (the power price): the fleet curtails from that step', async () => {
    const r = await runScenario({
      name: 'set-power',
      start: START,
      horizonDays: 6,
      paths: 1,
      models: { mining: { hashpriceUsdPerPhDay: 40 } },
      schedule: [{ at: '2026-01-04', set: { 'mining.powerUsdPerKwh': 0.2 } }],
    });
    // S21 XP: 24 × 13.5 × $0.2 = $64.8 per PH/s a day, above a $40 hashprice (less the pool fee)
    expect(r.series('mining.curtailedRigs', 0)[2]).toBe(0);
    expect(r.series('mining.operatingRigs', 0)[3]).toBe(0);
  });
});
