/**
 * The cost of capital (README, "The bathtub" 4) on the real engine, BTC from a stand-in:
 * r = r_p + τ₀ + ln(M_d/L)/η, and scheduled shocks shift it for good. Exact to 1e-12.
 */
import { describe, expect, it } from 'vitest';
import { durationConvexityLogReturn } from '../../finance/duration-convexity.js';
import { liquidityBlock, quiet, quietClasses, sig } from './btc-stand-in.test-helper.js';

describe('liquidity: the cost of capital', () => {
  it('a drained level hits crypto hardest by its liquidity beta, and raises the rate by ln(M_d/L)/η', () => {
    // a $58B capital call with no dry powder: sold from... nothing (no holders), so it drains
    // the level by its full size: L = L₀ − 58e9, Δr = ln(L₀/L)/η
    const b = liquidityBlock({ ...quiet, dryPowderUsd: 0 });
    b.shockNext('liquidity.capitalCallUsd', 1, 58e9).step();
    const L0 = 5.8e12;
    const L = L0 - 58e9;
    expect(sig(b, 'liquidity.level')).toBeCloseTo(L, 0);
    const dr = Math.log(L0 / L) / 7;
    expect(sig(b, 'liquidity.rate') - 0.0424).toBeCloseTo(dr, 14);
    const dlnL = Math.log(L / L0);
    for (const c of ['software', 'memory', 'treasuries', 'gold'] as const) {
      expect(sig(b, `liquidity.${c}.return`)).toBeCloseTo(durationConvexityLogReturn(quietClasses[c].duration, quietClasses[c].convexity, dr) + quietClasses[c].liquidityBeta * dlnL, 12);
    }
    const crypto = sig(b, 'liquidity.crypto.valuationReturn');
    expect(crypto).toBeCloseTo(durationConvexityLogReturn(25, 1250, dr) + 2 * dlnL, 12);
    expect(crypto).toBeLessThan(sig(b, 'liquidity.software.return'));
  });

  it('a scheduled shock on liquidity.rate shifts it from that date on; the classes reprice once, on the day of the shock', () => {
    const b = liquidityBlock(quiet);
    b.shockNext('liquidity.rate', 1, 0.002).step();
    expect(sig(b, 'liquidity.rate')).toBeCloseTo(0.0424 + 0.002, 15);
    expect(sig(b, 'liquidity.software.return')).toBeLessThan(0);
    b.step(3);
    expect(sig(b, 'liquidity.rate')).toBeCloseTo(0.0424 + 0.002, 15);
    expect(sig(b, 'liquidity.software.return')).toBeCloseTo(0, 14);
    // a multiplying shock shifts it by (m − 1)·r
    b.shockNext('liquidity.rate', 0.5).step();
    expect(sig(b, 'liquidity.rate')).toBeCloseTo(0.5 * (0.0424 + 0.002), 15);
  });
});
