import { describe, expect, it } from 'vitest';
import { liquidityCoverageRatio } from './liquidity-coverage-ratio.js';

describe('liquidityCoverageRatio', () => {
  it('HQLA over net outflows, inflows capped at 75% of outflows', () => {
    // 100 of HQLA, 200 outflows, 50 inflows: 100 / 150
    expect(liquidityCoverageRatio(100, 200, 50, 0.75)).toBeCloseTo(2 / 3, 14);
    // inflows above the cap offset only 75%: 100 / (200 − 150)
    expect(liquidityCoverageRatio(100, 200, 500, 0.75)).toBeCloseTo(2, 14);
  });

  it('is infinite when nothing can flow out', () => {
    expect(liquidityCoverageRatio(1, 0, 0, 0.75)).toBe(Infinity);
  });
});
