import { describe, expect, it } from 'vitest';
import { sqrtImpactLogReturn } from './square-root-impact.js';

describe('sqrtImpactLogReturn', () => {
  it('reproduces domain.md §1: σ_d = 3.5% and Q/V = 10% move the price 1.1%', () => {
    // Y·σ_d·√(Q/V) = 1 × 0.035 × √0.1 = 0.01107; domain.md rounds to 1.1%
    expect(sqrtImpactLogReturn(4e9, 40e9, 0.035, 1)).toBeCloseTo(-0.035 * Math.sqrt(0.1), 15);
    expect(Math.abs(sqrtImpactLogReturn(4e9, 40e9, 0.035, 1))).toBeCloseTo(0.011, 3);
  });

  it('is signed (selling lowers, buying raises), zero without flow, and concave in size', () => {
    expect(sqrtImpactLogReturn(-4e9, 40e9, 0.035, 1)).toBeCloseTo(0.035 * Math.sqrt(0.1), 15);
    expect(sqrtImpactLogReturn(0, 40e9, 0.035, 1)).toBe(0);
    const small = sqrtImpactLogReturn(1e9, 40e9, 0.035, 1);
    const quadruple = sqrtImpactLogReturn(4e9, 40e9, 0.035, 1);
    expect(quadruple / small).toBeCloseTo(2, 12); // four times the flow, twice the impact
    expect(sqrtImpactLogReturn(1e9, 40e9, 0.035, 0.5)).toBeCloseTo(small / 2, 15);
  });
});
