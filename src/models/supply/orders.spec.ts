import { afterAll, describe, expect, it } from 'vitest';
import { cleanUp, runScenario } from '../lender/run-scenario.test-helper.js';
import * as withConsumer from './consumer-stand-in.test-helper.js';
import { START, SWITCH, at, meanDeliveryStep } from './fixtures.test-helper.js';

/* Orders, the Erlang pipeline and deliveries (orders.ts), and the quotes they give (capacity.ts). */
afterAll(cleanUp);

describe('supply: delays', () => {
  const order = (policy: string, extra: Record<string, unknown> = {}) =>
    runScenario({ name: `order-${policy}`, start: START, horizonDays: 400, paths: 1, record: ['consumer.delivered', 'supply.rig.bitmain.leadTimeDays'], models: { supply: { policy, ...extra }, consumertest: { units: 100, atStep: 1 } } }, withConsumer);

  it('delivers a rig order after production, customs and delivery: the Erlang means exactly, plus the step the order takes to reach supply', async () => {
    // ordered in step 1, read by supply in step 2 (prev), then 35 + 3 + 0 + 4 days on average
    const sq = meanDeliveryStep((await order('status-quo')).series('consumer.delivered', 0));
    expect(sq.total).toBeCloseTo(100, 6);
    expect(sq.mean - 1).toBeCloseTo(1 + 42, 4);
    // mitigation: customs 21 days and a 30-day licence: 35 + 21 + 30 + 4 = 90, "3 months" (seed 002)
    const mit = meanDeliveryStep((await order('mitigation')).series('consumer.delivered', 0));
    expect(mit.mean - 1).toBeCloseTo(1 + 90, 4);
  });

  it('serves from US stock in the delivery time when the source keeps stock', async () => {
    const stocked = await order('status-quo', { items: { rig: { sources: { bitmain: { stockCoverDays: 30 } } } } });
    const d = meanDeliveryStep(stocked.series('consumer.delivered', 0));
    expect(d.mean - 1).toBeCloseTo(1 + 4, 6);
    expect(at(stocked.series('supply.rig.bitmain.leadTimeDays', 0), 100)).toBe(4);
  });

  it('quotes the 3-month lead time of mitigation the day it starts', async () => {
    const r = await runScenario({ name: 'mit-quote', start: START, horizonDays: 60, paths: 1, models: { supply: {} }, schedule: [{ at: SWITCH, set: { 'supply.policy': 'mitigation' } }] });
    expect(at(r.series('supply.rig.bitmain.leadTimeDays', 0), 29)).toBeCloseTo(42, 9);
    expect(at(r.series('supply.rig.bitmain.leadTimeDays', 0), 30)).toBeCloseTo(90, 9);
    // MicroBT is not targeted: only the spill-over customs scrutiny, 5 days instead of 3
    expect(at(r.series('supply.rig.microbt.leadTimeDays', 0), 30)).toBeCloseTo(44, 9);
  });
});

