import { describe, expect, it } from 'vitest';
import { moneyMarketRate } from './money-demand-rate.js';

describe('moneyMarketRate', () => {
  it('clears the market: semi-log demand at the returned rate equals the supply', () => {
    for (const [rbar, md, ms, eta] of [
      [0.04, 6e12, 5.8e12, 7],
      [0.02, 1, 2, 1.8],
      [0.05, 3e12, 3e12, 10],
    ]) {
      const r = moneyMarketRate(rbar, md, ms, eta);
      expect(md * Math.exp(-eta * (r - rbar)) / ms).toBeCloseTo(1, 12);
    }
  });

  it('rises with demand and falls with supply; 1% excess demand with η = 7 adds 14bp', () => {
    expect(moneyMarketRate(0.04, 1.01, 1, 7) - 0.04).toBeCloseTo(Math.log(1.01) / 7, 15);
    expect((moneyMarketRate(0.04, 1.01, 1, 7) - 0.04) * 1e4).toBeCloseTo(14.2, 1);
    expect(moneyMarketRate(0.04, 1, 1.01, 7)).toBeLessThan(0.04);
  });
});
