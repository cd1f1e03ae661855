import { describe, expect, it } from 'vitest';
import { latinHypercube } from './latin-hypercube.js';

describe('Latin hypercube', () => {
  it('puts exactly one point in each of the n strata of every dimension', () => {
    const n = 50;
    const d = 4;
    const x = latinHypercube(n, d, 11);
    for (let j = 0; j < d; j++) {
      const strata = new Set<number>();
      for (let i = 0; i < n; i++) {
        const v = x[i * d + j];
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThan(1);
        strata.add(Math.floor(v * n));
      }
      expect(strata.size).toBe(n);
    }
  });

  it('is the same for the same seed and different for another', () => {
    expect(latinHypercube(10, 2, 1)).toEqual(latinHypercube(10, 2, 1));
    expect(latinHypercube(10, 2, 1)).not.toEqual(latinHypercube(10, 2, 2));
  });

  it('pairs strata at random: columns are nearly uncorrelated', () => {
    // for independent random permutations the correlation has sd 1/√(n−1) ≈ 0.032 at n = 1000; 0.13 is 4 sd
    const n = 1000;
    const x = latinHypercube(n, 2, 5);
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let i = 0; i < n; i++) {
      const a = x[2 * i] - 0.5;
      const b = x[2 * i + 1] - 0.5;
      sxy += a * b;
      sxx += a * a;
      syy += b * b;
    }
    expect(Math.abs(sxy / Math.sqrt(sxx * syy))).toBeLessThan(0.13);
  });
});
