/**
 * BTC's repricing by the crypto class (btc-price.ts) on the real engine, BTC from a stand-in:
 * with btcChannel price the model revises btc.price, btc.return, btc.peakUsd and btc.drawdown
 * within the step; with flows it only reads btc.price.
 */
import { describe, expect, it } from 'vitest';
import { durationConvexityLogReturn } from '../../finance/duration-convexity.js';
import { liquidityBlock, quiet, sig } from './btc-stand-in.test-helper.js';
import { CRYPTO, PATH } from './layout.js';

describe('liquidity: BTC’s price', () => {
  it('btcChannel price: the crypto class’s valuation return revises btc.price, its return, peak and drawdown (exact)', () => {
    // a rate cut raises crypto above its old peak: the peak follows
    const b = liquidityBlock(quiet, { priceUsd: 100_000, peakUsd: 101_000 });
    b.shockNext('liquidity.rate', 1, -0.005).step();
    const v = durationConvexityLogReturn(25, 1250, -0.005);
    expect(sig(b, 'liquidity.crypto.valuationReturn')).toBeCloseTo(v, 15);
    const px = 100_000 * Math.exp(v);
    expect(sig(b, 'btc.price') / px).toBeCloseTo(1, 14);
    expect(sig(b, 'btc.return')).toBeCloseTo(v, 15);
    expect(sig(b, 'btc.peakUsd')).toBe(sig(b, 'btc.price'));
    expect(sig(b, 'btc.drawdown')).toBe(0);
    // the holders' crypto return: BTC's whole move since they were last marked
    expect(b.state('liquidity', 'path')[PATH.ret + CRYPTO]).toBeCloseTo(v, 14);
  });

  it('btcChannel flows: btc.* are left as the market wrote them, the valuation return is still written', () => {
    const b = liquidityBlock({ ...quiet, btcChannel: 'flows' });
    expect(b.prepared.updated.has('btc.price')).toBe(false);
    b.shockNext('liquidity.rate', 1, 0.005).step();
    expect(sig(b, 'liquidity.crypto.valuationReturn')).toBeCloseTo(Math.log(0.890625), 12);
    expect(sig(b, 'btc.price')).toBe(73_000);
    expect(sig(b, 'btc.return')).toBe(0);
    expect(sig(b, 'btc.drawdown')).toBe(1 - 73_000 / 126_000);
    expect(b.state('liquidity', 'path')[PATH.ret + CRYPTO]).toBe(0);
  });
});
