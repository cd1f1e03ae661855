import { describe, expect, it } from 'vitest';
import { morrisDesign, morrisMeasures } from './morris.js';

function run(f: (x: Float64Array, o: number) => number, d: number, r: number) {
  const design = morrisDesign(d, r, 9);
  const y = new Float64Array(design.unit.length / d);
  for (let k = 0; k < y.length; k++) y[k] = f(design.unit, k * d);
  return morrisMeasures(y, design, { resamples: 100 });
}

describe('Morris elementary effects', () => {
  it('moves one input by ±Δ per step, staying on the grid in [0, 1]', () => {
    const d = 3;
    const m = morrisDesign(d, 5, 1);
    expect(m.delta).toBeCloseTo(2 / 3, 15);
    for (let t = 0; t < 5; t++) {
      for (let s = 1; s <= d; s++) {
        const k = t * (d + 1) + s;
        for (let i = 0; i < d; i++) {
          const change = m.unit[k * d + i] - m.unit[(k - 1) * d + i];
          expect(change).toBeCloseTo(i === m.moved[k] ? m.sign[k] * m.delta : 0, 12);
          expect(m.unit[k * d + i]).toBeGreaterThanOrEqual(0);
          expect(m.unit[k * d + i]).toBeLessThanOrEqual(1);
        }
      }
    }
  });

  it('of a linear function: μ = μ* = the slope and σ = 0, exactly up to rounding', () => {
    const res = run((x, o) => 2 * x[o] - 0.5 * x[o + 1], 3, 20);
    expect(res[0].muStar).toBeCloseTo(2, 12);
    expect(res[1].mu).toBeCloseTo(-0.5, 12);
    expect(res[1].muStar).toBeCloseTo(0.5, 12);
    expect(res[2].muStar).toBe(0);
    for (const m of res) expect(m.sigma).toBeLessThan(1e-12);
  });

  it('shows an interaction as σ > 0 and cancelling signs as μ < μ*', () => {
    // f = x1·x2 + (x3 − 0.5)²: x1 and x2 interact; x3's effect changes sign across its range
    const res = run((x, o) => x[o] * x[o + 1] + (x[o + 2] - 0.5) ** 2, 3, 40);
    expect(res[0].sigma).toBeGreaterThan(0.1);
    expect(Math.abs(res[2].mu)).toBeLessThan(res[2].muStar);
    expect(res[0].muStarLo).toBeLessThanOrEqual(res[0].muStar);
    expect(res[0].muStarHi).toBeGreaterThanOrEqual(res[0].muStar);
  });
});
