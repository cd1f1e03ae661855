/**
 * The duration repricing of the classes (README, "Repricing") on the real engine, BTC from a
 * stand-in. The classes' own news is switched off (σ = 0) where a check is exact; exact checks
 * hold to 1e-12 (floating-point rounding).
 */
import { describe, expect, it } from 'vitest';
import { bondPrice } from '../../finance/bond.js';
import { durationConvexityLogReturn } from '../../finance/duration-convexity.js';
import { liquidityBlock, quiet, quietClasses, sig } from './btc-stand-in.test-helper.js';
import { PATH } from './layout.js';
import { CLASSES, LONG_TREASURY } from './params.js';

describe('liquidity: the duration effect', () => {
  it('under a +50bp rate rise crypto and growth software fall most, near-cash-flow equities least (exact: ΔlnP = ln(1 − DΔr + ½CΔr²))', () => {
    const b = liquidityBlock(quiet);
    b.shockNext('liquidity.rate', 1, 0.005).step();
    const dr = sig(b, 'liquidity.rate') - (0.0364 + 0.006);
    expect(dr).toBeCloseTo(0.005, 15);
    const ret = {
      crypto: sig(b, 'liquidity.crypto.valuationReturn'),
      software: sig(b, 'liquidity.software.return'),
      memory: sig(b, 'liquidity.memory.return'),
      treasuries: sig(b, 'liquidity.treasuries.return'),
      gold: sig(b, 'liquidity.gold.return'),
    };
    for (const c of CLASSES) expect(ret[c]).toBeCloseTo(durationConvexityLogReturn(quietClasses[c].duration, quietClasses[c].convexity, 0.005), 12);
    // the numbers: Gordon durations 25 (r − g = 4%) for crypto and software, 6 for memory;
    // the long-Treasury class is a 20-year 4.5% bond at 4.75% (D 12.96, C 221.8); gold D 10
    expect(ret.crypto).toBeCloseTo(Math.log(0.890625), 12); // −11.58%
    expect(ret.software).toBeCloseTo(Math.log(0.890625), 12); // −11.58%
    expect(ret.treasuries).toBeCloseTo(-0.06405, 5);
    expect(ret.gold).toBeCloseTo(Math.log(0.9525), 12); // −4.87%
    expect(ret.memory).toBeCloseTo(Math.log(0.9709), 12); // −2.95%
    // the order of the source document: crypto and software fall most, memory makers least
    expect(Math.max(ret.crypto, ret.software)).toBeLessThan(Math.min(ret.treasuries, ret.gold, ret.memory));
    expect(ret.memory).toBeGreaterThan(Math.max(ret.treasuries, ret.gold));
    // and BTC itself, the one price: the crypto class revised btc.price by its return
    expect(Math.log(sig(b, 'btc.price') / 73_000)).toBeCloseTo(ret.crypto, 12);
  });

  it('the long-Treasury class reprices like its bond: within the third-order bound of the exact price change', () => {
    const { couponRate, yieldRate, years } = LONG_TREASURY;
    for (const dr of [-0.01, -0.0025, 0.0025, 0.005, 0.01]) {
      const b = liquidityBlock(quiet);
      b.shockNext('liquidity.rate', 1, dr).step();
      const exact = Math.log(bondPrice(couponRate, yieldRate + dr, years) / bondPrice(couponRate, yieldRate, years));
      const bound = (2 * Math.pow(years + 1, 3) * Math.abs(dr) ** 3) / 6 + Math.abs(12.96 * dr) ** 3;
      expect(Math.abs(sig(b, 'liquidity.treasuries.return') - exact)).toBeLessThanOrEqual(bound);
    }
  });
});

describe('liquidity: the classes’ variance behind margins', () => {
  it('is an EWMA of the step returns with weight ewmaLambda: v ← λ·v + (1 − λ)·x²/Δ (exact)', () => {
    const j = CLASSES.indexOf('software');
    for (const lambda of [0.94, 0.5]) {
      const b = liquidityBlock({ ...quiet, ewmaLambda: lambda });
      const rec = b.state('liquidity', 'path');
      const v0 = rec[PATH.variance + j];
      expect(v0).toBe(0); // σ = 0: no variance at the start
      b.shockNext('liquidity.rate', 1, 0.005).step();
      const x = sig(b, 'liquidity.software.return');
      expect(rec[PATH.variance + j]).toBeCloseTo(lambda * v0 + (1 - lambda) * x * x, 15);
      b.step();
      // a quiet step: the variance decays by λ
      expect(rec[PATH.variance + j] / ((1 - lambda) * x * x)).toBeCloseTo(lambda, 12);
    }
  });
});
