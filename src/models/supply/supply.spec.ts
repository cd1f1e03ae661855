import { afterAll, describe, expect, it } from 'vitest';
import { ScenarioError } from '../../scenario/issues.js';
import { loadScenario } from '../../scenario/plan.js';
import * as shipped from '../index.js';
import { cleanUp, runScenario, writeScenario } from '../lender/run-scenario.test-helper.js';
import * as withConsumer from './consumer-stand-in.test-helper.js';
import { START, SWITCH, at, firstDay } from './fixtures.test-helper.js';

/*
 * The supply model is deterministic given its parameters (no random draws), so one or two
 * paths test it exactly: tolerances below are floating-point ones unless stated.
 */
afterAll(cleanUp);

describe('supply: status quo', () => {
  it('holds the normal flow exactly: normal lead times, no backlog, stable stock in customs, price and availability 1', async () => {
    const r = await runScenario({ name: 'sq', start: START, horizonDays: 360, paths: 2, models: { supply: {} } });
    for (const d of [1, 90, 360]) {
      expect(at(r.series('supply.fan.bitmain.leadTimeDays', 0), d)).toBe(3);
      expect(at(r.series('supply.hashBoard.bitmain.leadTimeDays', 0), d)).toBe(3);
      // made to order: 35 days of production and freight + 3 of customs + 4 of delivery = 6 weeks
      expect(at(r.series('supply.rig.bitmain.leadTimeDays', 0), d)).toBeCloseTo(42, 9);
      expect(at(r.series('supply.rig.microbt.leadTimeDays', 0), d)).toBeCloseTo(42, 9);
      for (const item of ['fan', 'psu', 'hashBoard', 'controlBoard', 'rig']) {
        expect(Math.abs(at(r.series(`supply.${item}.marketBacklogUnits`, 0), d))).toBeLessThan(1e-6);
        expect(at(r.series(`supply.${item}.priceIndex`, 0), d)).toBeCloseTo(1, 12);
        expect(at(r.series(`supply.${item}.availability`, 0), d)).toBeCloseTo(1, 12);
      }
      // the diamond item's indices under the names the thermal model reads
      expect(at(r.series('supply.diamondPriceIndex', 0), d)).toBeCloseTo(1, 12);
      expect(at(r.series('supply.diamondAvailability', 0), d)).toBeCloseTo(1, 12);
      // Little's law: goods in customs = flow × customs days (rigs: 1,100/day × 3 days)
      expect(at(r.series('supply.rig.inCustomsUnits', 0), d)).toBeCloseTo(3300, 6);
    }
  });
});

describe('supply: entity list', () => {
  let el: Awaited<ReturnType<typeof runScenario>>;
  const run = async () =>
    (el ??= await runScenario(
      { name: 'el', start: START, horizonDays: 720, paths: 1, models: { supply: {}, consumertest: { units: 0, perStep: 10 } }, schedule: [{ at: SWITCH, set: { 'supply.policy': 'entity-list' } }] },
      withConsumer,
    ));

  it('runs the US stock of parts dry between S₀/U and (S₀ + pipeline)/U days after the switch', async () => {
    const r = await run();
    // fans: 30 days of cover; 13 days of demand in transit and customs that may still arrive
    const out = firstDay(r.series('supply.fan.marketBacklogUnits', 0), 30, (v) => v > 1e-6) - 30;
    expect(out).toBeGreaterThanOrEqual(30);
    expect(out).toBeLessThanOrEqual(43);
    // from then on the quote stretches from 3 days to weeks, then to the cap (no supply at all)
    const lead = r.series('supply.fan.bitmain.leadTimeDays', 0);
    expect(at(lead, 30 + out - 1)).toBe(3);
    expect(at(lead, 30 + out + 10)).toBeGreaterThan(6);
    expect(at(lead, 400)).toBe(3650);
  });

  it('closes Bitmain (the cap quoted), stretches MicroBT and Canaan, which ramp to their ceilings, and fills part of the gap through grey channels', async () => {
    const r = await run();
    expect(at(r.series('supply.rig.bitmain.leadTimeDays', 0), 31)).toBe(3650);
    const microbt = r.series('supply.rig.microbt.leadTimeDays', 0);
    expect(at(microbt, 120)).toBeGreaterThan(3 * 42);
    // at day 720 capacity is at its ceilings: MicroBT and Canaan 2 × 1.25 × (17/99) of D, grey
    // 25% of D; over normal 1.25·D + 2% of D
    const expected = (2 * 1.25 * (0.17 / 0.99) * 1100 + 0.25 * 1100) / (1.25 * 1100 + 0.02 * 1100);
    expect(at(r.series('supply.rig.availability', 0), 720)).toBeCloseTo(expected, 3);
    // parts: no official supply left, grey at 25% × the item's factor
    expect(at(r.series('supply.fan.availability', 0), 720)).toBeCloseTo((0.25 * 2 * 360) / (1.25 * 360 + 0.02 * 2 * 360), 6);
  });

  it('accounts for every unit a consumer orders: open orders are exactly its backlog at supply, and grey units replace waiting orders', async () => {
    const r = await run();
    const open = r.series('consumer.openOrders', 0);
    const backlog = r.series('supply.rig.backlogUnits', 0);
    for (let d = 1; d <= 720; d++) {
      // the order of step d reaches supply in step d + 1
      expect(open[d] - backlog[d]).toBeCloseTo(10, 6);
    }
    expect(at(r.series('consumer.greyTotal', 0), 720)).toBeGreaterThan(100);
    // Bitmain ships nothing after the switch: once its pipeline has drained (60-day customs,
    // Erlang tail), less than one unit arrives officially over the last 420 days
    const delivered = r.series('consumer.deliveredTotal', 0);
    expect(at(delivered, 720) - at(delivered, 300)).toBeLessThan(1);
  });
});

describe('supply: diamond', () => {
  it('follows a policy that targets China: availability falls to what India, the rest and grey can supply, the price rises, and the thermal model sees both', async () => {
    const r = await runScenario({ name: 'china', start: START, horizonDays: 400, paths: 1, models: { thermal: { spreaderMaterial: 'diamond-cvd' }, supply: { targetedSuppliers: ['bitmain', 'china'] } }, schedule: [{ at: SWITCH, set: { 'supply.policy': 'entity-list' } }] });
    const a = r.series('supply.diamondAvailability', 0);
    const pi = r.series('supply.diamondPriceIndex', 0);
    expect(at(a, 31)).toBeLessThan(0.2);
    expect(at(pi, 400)).toBeGreaterThan(1.05);
    // thermal: cost C = 10⁴·c_d·D·π_d and years of supply Y = D/(S_d·a_d) (its README)
    const cost = r.series('thermal.diamondCostUsd', 0);
    const years = r.series('thermal.diamondSupplyYears', 0);
    expect(at(cost, 400) / at(cost, 1)).toBeCloseTo(at(pi, 400) / at(pi, 1), 9);
    expect(at(years, 31) / at(years, 1)).toBeCloseTo(at(a, 1) / at(a, 31), 9);
  });
});

describe('supply: scenario errors', () => {
  it('names the file, line and field of a bad item field', () => {
    const file = writeScenario('bad-supply', ['name: bad', 'start: 2026-01-01', 'horizonDays: 10', 'models:', '  supply:', '    items:', '      rig:', '        sources:', '          bitmain: { transitDays: -3 }'].join('\n'));
    let err: unknown;
    try {
      loadScenario(file, shipped.registry);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ScenarioError);
    const msg = (err as Error).message;
    // the message points at the field's own line and column (line 9: `transitDays: -3`) and names its path
    expect(msg).toMatch(/bad-supply\.yaml:9:\d+ models\.supply\.items\.rig\.sources\.bitmain\.transitDays: expected a number ≥ 0 and ≤ 3650 \(days\), found -3/);
  });

  it('refuses a scheduled set of the items or the presets at load, naming the line and why (they shape the state)', () => {
    const file = writeScenario(
      'set-items',
      ['name: set-items', 'start: 2026-01-01', 'horizonDays: 40', 'models:', '  supply: {}', 'schedule:', '  - at: 2026-01-31', '    set: { supply.items: { fan: { marketUnitsPerDay: 1 } } }', '  - at: 2026-02-01', '    set: { supply.policies: {} }'].join('\n'),
    );
    expect(() => loadScenario(file, shipped.registry)).toThrow(ScenarioError);
    expect(() => loadScenario(file, shipped.registry)).toThrow(/set-items\.yaml:8:\d+ schedule\[0\]\.set\["supply\.items"\]: .*shapes the run and is fixed at the start: the items and their sources name the signals and size the state/);
    expect(() => loadScenario(file, shipped.registry)).toThrow(/set-items\.yaml:10:\d+ schedule\[1\]\.set\["supply\.policies"\]: .*fixed at the start: the presets’ numbers are drawn per path/);
  });
});
