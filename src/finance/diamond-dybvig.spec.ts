import { describe, expect, it } from 'vitest';
import { ddRunThreshold, ddWaitPayoff } from './diamond-dybvig.js';

describe('Diamond–Dybvig', () => {
  it('n* = 56.25% for c₁ = 1.28, R = 2 (domain.md §2)', () => {
    expect(ddRunThreshold(1.28, 2)).toBeCloseTo(0.5625, 12);
  });

  it('at n* waiting pays exactly c₁; below more, above less', () => {
    for (const [c1, r] of [
      [1.28, 2],
      [1.1, 1.5],
      [1.05, 3],
    ]) {
      const n = ddRunThreshold(c1, r);
      expect(ddWaitPayoff(n, c1, r)).toBeCloseTo(c1, 12);
      expect(ddWaitPayoff(n - 0.01, c1, r)).toBeGreaterThan(c1);
      expect(ddWaitPayoff(n + 0.01, c1, r)).toBeLessThan(c1);
    }
  });

  it('with no withdrawals the patient get R; with c₁ = 1 there is no run below n = 1', () => {
    expect(ddWaitPayoff(0, 1.28, 2)).toBe(2);
    expect(ddRunThreshold(1, 2)).toBe(1);
  });
});
