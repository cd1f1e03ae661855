import { describe, expect, it } from 'vitest';
import { christoffersenIndependence, kupiecPof, trafficLight } from './var-backtests.js';

describe('Kupiec POF', () => {
  it('is 0 when the miss rate equals p, and matches a hand computation', () => {
    expect(kupiecPof(100, 10, 0.1).lr).toBeCloseTo(0, 12);
    // n = 250, x = 8, p = 0.01: LR = −2[242 ln .99 + 8 ln .01] + 2[242 ln(242/250) + 8 ln(8/250)]
    const lr = -2 * (242 * Math.log(0.99) + 8 * Math.log(0.01)) + 2 * (242 * Math.log(242 / 250) + 8 * Math.log(8 / 250));
    const t = kupiecPof(250, 8, 0.01);
    expect(t.lr).toBeCloseTo(lr, 10);
    expect(t.lr).toBeCloseTo(7.7, 1); // Jorion, Value at Risk (3rd ed.), table 6-3 region: rejected at 5% (3.841)
    expect(t.pValue).toBeLessThan(0.05);
  });

  it('handles no misses and all misses', () => {
    expect(kupiecPof(50, 0, 0.05).lr).toBeCloseTo(-2 * 50 * Math.log(0.95), 10);
    expect(Number.isFinite(kupiecPof(5, 5, 0.05).lr)).toBe(true);
  });
});

describe('Christoffersen independence', () => {
  it('is near 0 for scattered misses and large for clustered ones', () => {
    // misses at independent pseudo-random times (mulberry32, fixed seed), about 10%
    let state = 42;
    const next = () => {
      state = (state + 0x6d2b79f5) | 0;
      let z = Math.imul(state ^ (state >>> 15), 1 | state);
      z = (z + Math.imul(z ^ (z >>> 7), 61 | z)) ^ z;
      return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
    };
    const scattered = Array.from({ length: 200 }, () => next() < 0.1);
    const clustered = Array.from({ length: 200 }, (_, t) => t % 40 < 5);
    expect(christoffersenIndependence(scattered).pValue).toBeGreaterThan(0.05);
    expect(christoffersenIndependence(clustered).pValue).toBeLessThan(0.001);
    const c = christoffersenIndependence([false, true, true, false, false]);
    expect([c.n00, c.n01, c.n10, c.n11]).toEqual([1, 1, 1, 1]);
  });
});

describe('traffic light', () => {
  it("reproduces Basel's 250-day, 99% zones: green 0–4, yellow 5–9, red 10+", () => {
    expect([4, 5, 9, 10].map((x) => trafficLight(250, x, 0.01))).toEqual(['green', 'yellow', 'yellow', 'red']);
  });
});
