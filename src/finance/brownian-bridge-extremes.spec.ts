import { describe, expect, it } from 'vitest';
import { PathRng } from '../engine/rng/path-rng.js';
import { bridgeMaxFromUniform, bridgeMinFromUniform } from './brownian-bridge-extremes.js';

describe('Brownian-bridge extremes', () => {
  it('inverts the exact laws: P(M ≥ h) = e^{−2(h−a)(h−b)/s²} at h = M(u) is u', () => {
    for (const [a, b, s] of [
      [0, 0, 1],
      [0.1, -0.05, 0.06],
      [-0.2, 0.3, 0.02],
    ]) {
      for (const u of [1e-6, 0.01, 0.3, 0.5, 0.9, 0.999999]) {
        const M = bridgeMaxFromUniform(a, b, s, u);
        const m = bridgeMinFromUniform(a, b, s, u);
        expect(M).toBeGreaterThanOrEqual(Math.max(a, b));
        expect(m).toBeLessThanOrEqual(Math.min(a, b));
        expect(Math.exp((-2 * (M - a) * (M - b)) / (s * s))).toBeCloseTo(u, 12);
        expect(Math.exp((-2 * (a - m) * (b - m)) / (s * s))).toBeCloseTo(u, 12);
      }
    }
  });

  it('matches the maxima and minima of simulated bridges (random walks of 400 steps, corrected for discreteness)', () => {
    // An independent check of the law: 20,000 Gaussian random walks from a to b (a bridge by
    // the construction W_t − (t/T)(W_T − (b − a))), whose discrete maximum falls short of the
    // continuous one by ≈ 0.5826·s/√n (Broadie, Glasserman & Kou 1997). The means are compared
    // within 4 standard errors of the simulation plus 20% of that correction (its accuracy).
    const a = 0;
    const b = -0.08;
    const s = 0.06;
    const n = 400;
    const paths = 20000;
    const rng = new PathRng(3, 0, 1, 'bridge-test');
    rng.load(0);
    const walk = new Float64Array(n + 1);
    let sumMax = 0;
    let sumMax2 = 0;
    let sumMin = 0;
    let sumMin2 = 0;
    for (let p = 0; p < paths; p++) {
      walk[0] = 0;
      for (let k = 1; k <= n; k++) walk[k] = walk[k - 1] + (s / Math.sqrt(n)) * rng.normal();
      const end = walk[n];
      let hi = -Infinity;
      let lo = Infinity;
      for (let k = 0; k <= n; k++) {
        const x = a + walk[k] - (k / n) * (end - (b - a));
        if (x > hi) hi = x;
        if (x < lo) lo = x;
      }
      sumMax += hi;
      sumMax2 += hi * hi;
      sumMin += lo;
      sumMin2 += lo * lo;
    }
    const correction = (0.5826 * s) / Math.sqrt(n);
    const meanMax = sumMax / paths + correction;
    const meanMin = sumMin / paths - correction;
    const seMax = Math.sqrt((sumMax2 / paths - (sumMax / paths) ** 2) / paths);
    const seMin = Math.sqrt((sumMin2 / paths - (sumMin / paths) ** 2) / paths);
    // the law's means by quadrature over u (midpoint rule, 200,000 points)
    let exactMax = 0;
    let exactMin = 0;
    const q = 200000;
    for (let k = 0; k < q; k++) {
      const u = (k + 0.5) / q;
      exactMax += bridgeMaxFromUniform(a, b, s, u) / q;
      exactMin += bridgeMinFromUniform(a, b, s, u) / q;
    }
    expect(Math.abs(meanMax - exactMax)).toBeLessThan(4 * seMax + 0.2 * correction);
    expect(Math.abs(meanMin - exactMin)).toBeLessThan(4 * seMin + 0.2 * correction);
  });
});
