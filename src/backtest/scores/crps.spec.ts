import { describe, expect, it } from 'vitest';
import { normalCdf } from '../../finance/normal-cdf.js';
import { crpsEnsemble, crpsNormal } from './crps.js';

describe('crpsEnsemble', () => {
  it('is |x − y| for one member and exact for a small ensemble', () => {
    expect(crpsEnsemble([3], 1)).toBe(2);
    // members 0 and 2, y = 1: mean |x − y| = 1, half mean |x − x'| = (1/2)·(0 + 2 + 2 + 0)/4 = 0.5
    expect(crpsEnsemble([0, 2], 1)).toBeCloseTo(0.5, 15);
  });

  it('matches the normal closed form for an ensemble at the normal quantiles (to 1e-3 of σ)', () => {
    const m = 4000;
    const xs = Array.from({ length: m }, (_, i) => inverseNormal((i + 0.5) / m));
    for (const y of [-2, -0.5, 0, 0.3, 1.7]) expect(crpsEnsemble(xs, y)).toBeCloseTo(crpsNormal(0, 1, y), 3);
  });

  it('closed form: CRPS(N(0,1), 0) = (√2 − 1)/√π (Gneiting & Raftery 2007)', () => {
    expect(crpsNormal(0, 1, 0)).toBeCloseTo((Math.SQRT2 - 1) / Math.sqrt(Math.PI), 6);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
  });
});

/** Φ⁻¹ by bisection on normalCdf (tests only). */
function inverseNormal(p: number): number {
  let lo = -10;
  let hi = 10;
  for (let k = 0; k < 100; k++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
