import { describe, expect, it } from 'vitest';
import { modelHarness } from '../../engine/harness.test-helper.js';
import { supply } from './index.js';

/* The grey channel and the price index (grey.ts), on the real engine one step at a time. */
describe('supply: grey channel', () => {
  it('prices grey units at the premium once official arrivals stop (entity list from day 30)', () => {
    const h = modelHarness({ models: [supply], paths: 1, steps: 720 }).init();
    const price = () => h.signal('supply.fan.priceIndex')[0];
    h.step(29);
    expect(price()).toBeCloseTo(1, 12);
    h.setNext('supply', 'policy', 'entity-list').step(720 - 29);
    expect(price()).toBeCloseTo(1.5, 6);
    // fans: no official supply left, grey capacity at 25% × the item's factor 2 of demand
    expect(h.signal('supply.fan.availability')[0]).toBeCloseTo((0.25 * 2 * 360) / (1.25 * 360 + 0.02 * 2 * 360), 6);
  });
});
