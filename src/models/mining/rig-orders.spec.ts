import { describe, expect, it } from 'vitest';
import { modelHarness } from '../../engine/harness.test-helper.js';
import { NO_FAILURES } from './fixtures.test-helper.js';
import { mining } from './index.js';
import { OUT } from './layout.js';

/*
 * New rigs ordered without a supply model: the fallback pipeline (Erlang, fallbackRigLeadDays),
 * on the real engine one step at a time. No failures, so every rig delivered keeps operating.
 */
function run(order: Record<string, unknown>, mining_: Record<string, unknown> = {}) {
  return modelHarness({ models: [mining], paths: 2, steps: 400, settings: { mining: { components: NO_FAILURES, orders: [order], ...mining_ } } }).init();
}

describe('mining: rig orders', () => {
  it('places an order evenly over its schedule: on order plus delivered is units × elapsed/overDays', () => {
    const h = run({ model: 's21', units: 3000, startDay: 0, overDays: 120 });
    for (const t of [1, 30, 60, 120, 200]) {
      h.step(t - h.t);
      const placed = (3000 * Math.min(t, 120)) / 120;
      expect(h.signal(OUT.rigsOnOrder)[1] + h.signal(OUT.rigsDelivered)[1]).toBeCloseTo(placed, 6);
    }
    expect(h.signal(OUT.rigsOnOrder)[0]).toBeGreaterThan(0);
    h.step(400 - h.t);
    // all but the Erlang tail (< 10⁻⁶ of the order, 280 days after the last) delivered, and operating beside the 16,000 S21 XP
    expect(h.signal(OUT.rigsDelivered)[0]).toBeCloseTo(3000, 3);
    expect(h.signal(OUT.operatingRigs)[0]).toBeCloseTo(16000 + h.signal(OUT.rigsDelivered)[0], 6);
  });

  it('delivers after the fallback lead time plus the step the order waits, and pays unfinanced rigs from cash at delivery', () => {
    const h = run({ model: 's21', units: 1000, startDay: 0, overDays: 1 }, { fallbackRigLeadDays: 42 });
    let mean = 0;
    let paid = 0;
    let previous = 0;
    for (let t = 1; t <= 400; t++) {
      const cash = h.signal(OUT.cashUsd)[0];
      h.step();
      const delivered = h.signal(OUT.rigsDelivered)[0];
      mean += t * (delivered - previous);
      // cash moves by the margin less what the delivered rigs cost (S21: $3,000, no price index without supply)
      paid += h.signal(OUT.marginUsd)[0] - (h.signal(OUT.cashUsd)[0] - cash);
      previous = delivered;
    }
    // ordered in step 1, out of the pipeline from step 2 on: the Erlang mean is exactly 42 days
    expect(mean / previous).toBeCloseTo(2 + 42, 6);
    expect(previous).toBeCloseTo(1000, 3);
    expect(paid).toBeCloseTo(3000 * previous, 3);
  });

  it('pays nothing at delivery for financed rigs', () => {
    const h = run({ model: 's21', units: 1000, startDay: 0, overDays: 1, financed: true });
    let paid = 0;
    for (let t = 1; t <= 200; t++) {
      const cash = h.signal(OUT.cashUsd)[0];
      h.step();
      paid += h.signal(OUT.marginUsd)[0] - (h.signal(OUT.cashUsd)[0] - cash);
    }
    expect(h.signal(OUT.rigsDelivered)[0]).toBeGreaterThan(999);
    expect(Math.abs(paid)).toBeLessThan(1e-3);
  });
});
