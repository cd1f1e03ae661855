import { describe, expect, it } from 'vitest';
import { modelHarness, type ModelHarness } from '../../engine/harness.test-helper.js';
import { supply } from './index.js';
import type { SupplyKernel } from './kernel.js';

/*
 * Items stepped once for every path (kernel.ts: an item no consumer orders whose record and
 * the globals are alike on every path is stepped on path 0 and copied). Without a consumer
 * model every item is such an item; a policy that targets China (the diamond sources) and
 * then Bitmain moves every item away from its steady state, so that copies of a stale or
 * wrong path would show.
 */
const DIAMOND_SIGNALS = ['supply.diamondPriceIndex', 'supply.diamondAvailability'];
const FAN_SIGNALS = ['supply.fan.priceIndex', 'supply.fan.availability', 'supply.fan.marketBacklogUnits', 'supply.fan.inCustomsUnits', 'supply.fan.bitmain.leadTimeDays'];

function run(paths: number, settings: Record<string, unknown> = {}): { h: ModelHarness; each: (f: () => void) => void } {
  const h = modelHarness({ models: [supply], paths, steps: 200, settings: { supply: settings } }).init();
  const each = (f: () => void) => {
    for (let t = 1; t <= 200; t++) {
      if (t === 30) h.setNext('supply', 'targetedSuppliers', ['china']).setNext('supply', 'policy', 'entity-list');
      if (t === 90) h.setNext('supply', 'targetedSuppliers', ['bitmain']);
      h.step();
      f();
    }
  };
  return { h, each };
}

describe('supply kernel: items alike on every path', () => {
  it('steps them on path 0 and copies: every path equals a one-path run bit for bit at every step', () => {
    const shared = run(3);
    const alone = run(1);
    expect(Array.from((shared.h.context('supply').prepared as SupplyKernel).shared)).toEqual([1, 1, 1, 1, 1, 1]);
    const expected: number[][] = [];
    alone.each(() => expected.push([...DIAMOND_SIGNALS, ...FAN_SIGNALS].map((s) => alone.h.signal(s)[0])));
    let t = 0;
    shared.each(() => {
      for (let i = 0; i < 3; i++) expect([...DIAMOND_SIGNALS, ...FAN_SIGNALS].map((s) => shared.h.signal(s)[i])).toEqual(expected[t]);
      t++;
    });
    // the records too (Object.is: bit for bit up to NaN payloads)
    const W = (shared.h.context('supply').prepared as SupplyKernel).layout.width;
    const rec = shared.h.state('supply', 'rec');
    const one = alone.h.state('supply', 'rec');
    for (let i = 0; i < 3; i++) for (let x = 0; x < W; x++) expect(Object.is(rec[i * W + x], one[x])).toBe(true);
  });

  it('steps every path when a parameter is drawn per path (paths not alike): the paths then differ', () => {
    const { h, each } = run(3, { demandSmoothingDays: { dist: 'uniform', min: 7, max: 28 } });
    expect(Array.from((h.context('supply').prepared as SupplyKernel).shared)).toEqual([0, 0, 0, 0, 0, 0]);
    let differ = 0;
    each(() => {
      // the other sources' distributors reorder on their expected demand (smoothed over these days)
      const price = h.signal('supply.diamondPriceIndex');
      if (price[0] !== price[1] || price[0] !== price[2]) differ++;
    });
    expect(differ).toBeGreaterThan(50);
  });
});
