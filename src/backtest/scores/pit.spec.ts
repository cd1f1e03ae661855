import { describe, expect, it } from 'vitest';
import { pitHistogram, pitValue, uniformityTest } from './pit.js';

describe('PIT', () => {
  it('is the share of members below, ties counted half', () => {
    expect(pitValue([1, 2, 3, 4], 0)).toBe(0);
    expect(pitValue([1, 2, 3, 4], 5)).toBe(1);
    expect(pitValue([1, 2, 3, 4], 2.5)).toBe(0.5);
    expect(pitValue([1, 2, 2, 4], 2)).toBe(0.5);
  });

  it('bins into a histogram and tests uniformity by χ² (critical value 16.919 at 5%, 9 df)', () => {
    expect(pitHistogram([0, 0.05, 0.95, 1], 10)).toEqual([2, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
    const flat = uniformityTest(new Array(10).fill(20));
    expect(flat.chi2).toBe(0);
    expect(flat.pValue).toBeCloseTo(1, 12);
    // counts with χ² = 16.919 sit at p = 0.05
    const a = Math.sqrt(16.918977604620448 * 10); // χ² = 2a²/20
    const t = uniformityTest([20 + a, 20 - a, 20, 20, 20, 20, 20, 20, 20, 20]);
    expect(t.df).toBe(9);
    expect(t.chi2).toBeCloseTo(16.919, 3);
    expect(t.pValue).toBeCloseTo(0.05, 3);
  });
});
