import { describe, expect, it } from 'vitest';
import { binomialFromUniform } from './binomial.js';

describe('binomialFromUniform', () => {
  it('has the Binomial(n, p) mean and variance (4 standard errors, 200k evenly spaced uniforms)', () => {
    for (const [n, p] of [
      [10, 0.03],
      [10, 0.5],
      [25, 0.8],
      [1000, 0.002],
    ]) {
      const m = 200_000;
      let s = 0;
      let s2 = 0;
      for (let j = 0; j < m; j++) {
        const k = binomialFromUniform(n, p, (j + 0.5) / m);
        s += k;
        s2 += k * k;
      }
      const mean = s / m;
      const variance = s2 / m - mean * mean;
      // evenly spaced uniforms are a quadrature of the inverse cdf: far tighter than random draws
      expect(Math.abs(mean - n * p)).toBeLessThan(4 * Math.sqrt((n * p * (1 - p)) / m));
      expect(Math.abs(variance - n * p * (1 - p))).toBeLessThan(0.01 * n * p * (1 - p) + 1e-9);
    }
  });

  it('edge cases: p = 0, p = 1, n = 0, and k is monotone in u', () => {
    expect(binomialFromUniform(10, 0, 0.999)).toBe(0);
    expect(binomialFromUniform(10, 1, 0.001)).toBe(10);
    expect(binomialFromUniform(0, 0.5, 0.7)).toBe(0);
    let last = -1;
    for (let u = 0.001; u < 1; u += 0.001) {
      const k = binomialFromUniform(20, 0.3, u);
      expect(k).toBeGreaterThanOrEqual(last);
      last = k;
    }
  });
});
