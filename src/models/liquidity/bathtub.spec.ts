/**
 * The bathtub (README, "The bathtub" 1–3) on the real engine, BTC from a stand-in: pipes, dry
 * powder and AI funding. Exact to 1e-14 (relative) where stated.
 */
import { describe, expect, it } from 'vitest';
import { liquidityBlock, quiet, sig } from './btc-stand-in.test-helper.js';

describe('liquidity: the bathtub', () => {
  it('AI funding draws dry powder first (the level rises by m·F), then sells assets (it falls by (1 − m)·F) and the rate rises', () => {
    const F = (365e9 * 0.3) / 365; // $0.3B a day raised in markets
    const b = liquidityBlock({ ...quiet, aiCapexUsdPerYear: 365e9, marketFundedShare: 0.3, recirculationShare: 0.25, dryPowderUsd: 2.5 * F });
    let L = 5.8e12;
    let D = 2.5 * F;
    for (let t = 1; t <= 5; t++) {
      b.step();
      const fromDry = Math.min(D, F);
      D -= fromDry;
      L += 0.25 * F - (F - fromDry);
      expect(sig(b, 'liquidity.dryPowderUsd')).toBeCloseTo(D, 3);
      expect(sig(b, 'liquidity.level') / L).toBeCloseTo(1, 14);
      expect(sig(b, 'liquidity.assetSalesForAiUsd')).toBeCloseTo(F - fromDry, 3);
      expect(sig(b, 'liquidity.rate')).toBeCloseTo(0.0424 + Math.log(5.8e12 / L) / 7, 14);
    }
    // days 1–2 from dry powder (rate below r̄), day 3 half, then sales: the rate above r̄
    expect(sig(b, 'liquidity.rate')).toBeGreaterThan(0.0424);
  });

  it('central-bank pipes refill it: QE and the reverse-repo drain raise the level and lower the rate', () => {
    const b = liquidityBlock({ ...quiet, qeUsdPerYear: 365e9, rrpUsd: 100e9, rrpHalfLifeDays: 10 });
    b.step();
    const L = 5.8e12 + 1e9 + 100e9 * (1 - Math.pow(2, -1 / 10));
    expect(sig(b, 'liquidity.level') / L).toBeCloseTo(1, 14);
    expect(sig(b, 'liquidity.rate')).toBeLessThan(0.0424);
  });

  it('a scheduled set of the reverse repo’s half-life applies from its date (paramsChanged), and a capital call is a one-day flow', () => {
    const b = liquidityBlock({ ...quiet, rrpUsd: 100e9, rrpHalfLifeDays: 10, dryPowderUsd: 1e12 });
    b.step();
    const R1 = 100e9 * Math.pow(2, -1 / 10);
    b.setNext('liquidity', 'rrpHalfLifeDays', 1).shockNext('liquidity.capitalCallUsd', 1, 3e9).step();
    const L = 5.8e12 + (100e9 - R1) + R1 / 2;
    expect(sig(b, 'liquidity.level') / L).toBeCloseTo(1, 14);
    expect(sig(b, 'liquidity.capitalCallUsd')).toBe(3e9);
    expect(sig(b, 'liquidity.dryPowderUsd')).toBe(1e12 - 3e9);
    b.step();
    expect(sig(b, 'liquidity.capitalCallUsd')).toBe(0);
    expect(sig(b, 'liquidity.dryPowderUsd')).toBe(1e12 - 3e9);
  });
});
