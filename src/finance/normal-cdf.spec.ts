import { describe, expect, it } from 'vitest';
import { normalCdf } from './normal-cdf.js';

describe('normalCdf', () => {
  it('matches tabulated values of Φ to 1e-7 (the Chebyshev fit’s stated accuracy)', () => {
    // Abramowitz & Stegun table 26.1 / any statistics table
    const table: [number, number][] = [
      [0, 0.5],
      [0.5, 0.691462461],
      [1, 0.841344746],
      [1.959963985, 0.975],
      [2.326347874, 0.99],
      [3, 0.998650102],
      [-1, 0.158655254],
      [-3, 0.001349898],
    ];
    for (const [x, p] of table) expect(Math.abs(normalCdf(x) - p)).toBeLessThan(1e-7);
  });

  it('is symmetric, monotone and has exact limits', () => {
    for (let x = -6; x <= 6; x += 0.25) {
      expect(Math.abs(normalCdf(x) + normalCdf(-x) - 1)).toBeLessThan(2e-7);
      expect(normalCdf(x + 0.25)).toBeGreaterThanOrEqual(normalCdf(x));
    }
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(-40)).toBe(0);
    expect(Number.isNaN(normalCdf(NaN))).toBe(true);
  });
});
