/**
 * The thermal model on the real engine (modelHarness): the money bases it keeps in its record
 * and how the supply model's price index and availability scale them each step, a scheduled
 * set that solves again, and that nothing of the settings shapes the run (every parameter,
 * choices included, may be set on a schedule). Exact where the test recomputes the model's
 * own expression; 1e-9 relative for a re-solve.
 */
import { describe, expect, it } from 'vitest';
import { modelHarness } from '../../engine/harness.test-helper.js';
import { defaultSettings } from '../../engine/prepare.js';
import { shapeParams } from '../../engine/shape.js';
import { thermal } from './index.js';
import { DIAMOND_COST, DIAMOND_SUPPLY_YEARS, NET_SAVING, PATH, RADIATOR_AREA } from './layout.js';
import { diamondSupplyTest } from './supply-stand-in.test-helper.js';

const uncertain = { spreaderMaterial: 'diamond-cvd', coldPlateHtc: { dist: 'lognormal', median: 2e4, sigma: 0.4 }, diamondSupplyM2PerYear: { dist: 'uniform', min: 5, max: 15 } };

describe('thermal on the real engine', () => {
  it('money signals are the record’s bases, scaled by π_d and a_d of the supply model from its step on', () => {
    const h = modelHarness({ models: [thermal, diamondSupplyTest], paths: 16, settings: { thermal: uncertain, supplytest: { priceIndex: 3, availability: 0.5, atStep: 2 } } }).init();
    const rec = h.state('thermal', 'path');
    const base = (i: number, field: number) => rec[i * PATH.width + field];
    for (const [t, idx, a] of [[0, 1, 1], [1, 1, 1], [2, 3, 0.5], [3, 3, 0.5]]) {
      if (t > 0) h.step();
      for (let i = 0; i < h.paths; i++) {
        expect(h.signal(DIAMOND_COST)[i]).toBe(base(i, PATH.costUsd) * idx);
        expect(h.signal(NET_SAVING)[i]).toBe(base(i, PATH.launchSavingUsd) - (base(i, PATH.costUsd) - base(i, PATH.baselineCostUsd)) * idx);
        expect(h.signal(DIAMOND_SUPPLY_YEARS)[i]).toBe(base(i, PATH.supplyYears) / a);
      }
    }
    // the draws differ by path: the bases are per path
    const years = Array.from({ length: h.paths }, (_, i) => base(i, PATH.supplyYears));
    expect(new Set(years).size).toBe(h.paths);
  });

  it('a scheduled set of the payload solves again: area and diamond double (1e-9), and the record follows', () => {
    const h = modelHarness({ models: [thermal], paths: 4, settings: { thermal: { spreaderMaterial: 'diamond-cvd' } } }).init();
    const area0 = h.signal(RADIATOR_AREA)[0];
    const cost0 = h.state('thermal', 'path')[PATH.costUsd];
    h.step();
    expect(h.signal(RADIATOR_AREA)[0]).toBe(area0);
    h.setNext('thermal', 'itPowerMw', 2).step();
    expect(Math.abs(h.signal(RADIATOR_AREA)[0] / (2 * area0) - 1)).toBeLessThan(1e-9);
    expect(Math.abs(h.state('thermal', 'path')[PATH.costUsd] / (2 * cost0) - 1)).toBeLessThan(1e-9);
    expect(h.signal(DIAMOND_COST)[0]).toBe(h.state('thermal', 'path')[PATH.costUsd]);
  });

  it('neither io nor prepare reads a setting: every parameter can be set on a schedule', () => {
    expect([...shapeParams(thermal, defaultSettings(thermal)).keys()]).toEqual([]);
  });
});
