import { describe, expect, it } from 'vitest';
import { ddWaitPayoff } from './diamond-dybvig.js';
import { stayerCoverage } from './stayer-coverage.js';

describe('stayerCoverage', () => {
  it('is the Diamond–Dybvig payoff of waiting over c₁ when nothing is discounted', () => {
    // mass 1 of depositors with claims c₁, one long asset of 1 paying R; a share n withdrew
    // and was paid by liquidating n·c₁ of the asset at 1
    const c1 = 1.28;
    const R = 2;
    for (const n of [0, 0.3, 0.5625, 0.7]) {
      const remaining = (1 - n * c1) * R;
      expect(stayerCoverage(0, remaining, remaining, 0, (1 - n) * c1)).toBeCloseTo(ddWaitPayoff(n, c1, R) / c1, 12);
    }
  });

  it('charges the cost of waiting only on claims that liquid assets cannot pay', () => {
    // liquid assets cover every claim: no cost of waiting
    expect(stayerCoverage(120, 50, 40, 0, 100)).toBeCloseTo(1.7, 12);
    // 30 of liquid assets, 100 of claims: 70 wait for loans of value 80 discounted by 10%
    expect(stayerCoverage(30, 80, 72, 0, 100)).toBeCloseTo((30 + 80 - 0.1 * 70) / 100, 12);
    // loans worth less than the waiting claims: the whole loan value is discounted
    expect(stayerCoverage(10, 50, 45, 0, 100)).toBeCloseTo((10 + 45) / 100, 12);
  });

  it('senior claims come first; no claims means infinite coverage', () => {
    expect(stayerCoverage(50, 60, 60, 20, 100)).toBeCloseTo(0.9, 12);
    expect(stayerCoverage(50, 60, 60, 0, 0)).toBe(Infinity);
  });
});
