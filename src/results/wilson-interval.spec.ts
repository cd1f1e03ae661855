import { describe, expect, it } from 'vitest';
import { wilsonInterval } from './wilson-interval.js';

describe('wilsonInterval', () => {
  it('matches the published worked values', () => {
    // Brown, Cai & DasGupta (2001) / Newcombe (1998) example: 81 of 263 → [0.2553, 0.3662]
    const a = wilsonInterval(81, 263);
    expect(a.lo).toBeCloseTo(0.2553, 4);
    expect(a.hi).toBeCloseTo(0.3662, 4);
    // Newcombe (1998) table I: 0 of 10 → [0, 0.2775]; 10 of 10 → [0.7225, 1]
    expect(wilsonInterval(0, 10).lo).toBe(0);
    expect(wilsonInterval(0, 10).hi).toBeCloseTo(0.2775, 4);
    expect(wilsonInterval(10, 10).lo).toBeCloseTo(0.7225, 4);
    expect(wilsonInterval(10, 10).hi).toBe(1);
  });

  it('narrows as 1/√n and covers the true p about 95% of the time', () => {
    const w = (n: number) => wilsonInterval(0.2 * n, n);
    expect((w(400).hi - w(400).lo) / (w(1600).hi - w(1600).lo)).toBeCloseTo(2, 1);
    // exact coverage at p = 0.2, n = 200 by summing binomial probabilities over k
    const n = 200;
    const p = 0.2;
    let coverage = 0;
    let logC = 0;
    for (let k = 0; k <= n; k++) {
      if (k > 0) logC += Math.log((n - k + 1) / k);
      const prob = Math.exp(logC + k * Math.log(p) + (n - k) * Math.log(1 - p));
      const ci = wilsonInterval(k, n);
      if (ci.lo <= p && p <= ci.hi) coverage += prob;
    }
    expect(coverage).toBeGreaterThan(0.93);
    expect(coverage).toBeLessThan(0.97);
  });
});
