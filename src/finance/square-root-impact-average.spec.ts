import { describe, expect, it } from 'vitest';
import { sqrtImpactLogReturn } from './square-root-impact.js';
import { sqrtImpactAverageLogReturn, sqrtImpactSliceAverage } from './square-root-impact-average.js';

const V = 20e9;
const S = 0.06;
const I = (q: number) => sqrtImpactLogReturn(q, V, S, 1);

describe('sqrtImpactSliceAverage', () => {
  it('equals the mean of the impact over the slice (midpoint quadrature, 1e6 points)', () => {
    for (const [q0, q1] of [
      [0, 5e9],
      [1e9, 3e9],
      [7e9, 7.5e9],
      [-4e9, -1e9],
    ]) {
      const n = 1_000_000;
      let s = 0;
      for (let k = 0; k < n; k++) s += I(q0 + ((k + 0.5) / n) * (q1 - q0));
      // midpoint rule on √q: error ≲ (Δq)²·max|I''|/24, far below 1e-9 here except near q = 0,
      // where the singular derivative limits it to ~1e-7 relative
      expect(sqrtImpactSliceAverage(q0, I(q0), q1, I(q1))).toBeCloseTo(s / n, 8);
    }
  });

  it('is two thirds of the final impact from an undisturbed book, and the marginal level for a thin slice', () => {
    // the whole order's average against its definition, the mean of I over [0, q] (midpoint
    // rule, 1e5 points: the √q singularity at 0 leaves ~1e-8 relative, 3e-10 here)
    const q = 5e9;
    const n = 100_000;
    let mean = 0;
    for (let k = 0; k < n; k++) mean += I(((k + 0.5) / n) * q) / n;
    expect(sqrtImpactAverageLogReturn(q, V, S, 1)).toBeCloseTo(mean, 9);
    expect(mean).toBeCloseTo((2 / 3) * I(q), 9);
    expect(sqrtImpactSliceAverage(0, 0, 5e9, I(5e9))).toBeCloseTo((2 / 3) * I(5e9), 15);
    expect(sqrtImpactSliceAverage(5e9, I(5e9), 5e9, I(5e9))).toBe(I(5e9));
  });
});
