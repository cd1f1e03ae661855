/**
 * The closed-form view factors against a direct numerical integration of
 * F = (1/π)∫ max(cos θ, 0) dΩ over the cone of directions that hit the planet (half-angle
 * arcsin(1/H) about the nadir). Midpoint rule on 2000 × 2000 cells: the integrand is smooth
 * except at the edge-on plate's own plane (a kink), so the quadrature error is below 1e-5;
 * the tolerance is 5e-5.
 */
import { describe, expect, it } from 'vitest';
import { EARTH_RADIUS_M, viewFactorEdgeOn, viewFactorFacing } from './earth-view-factor.js';

/** (1/π)∫∫ max(n·d, 0) sin γ dγ dφ over directions d within γ ≤ arcsin(1/H) of the nadir. */
function integrate(altitudeM: number, normal: 'facing' | 'edge-on'): number {
  const H = (EARTH_RADIUS_M + altitudeM) / EARTH_RADIUS_M;
  const gMax = Math.asin(1 / H);
  const n = 2000;
  const dg = gMax / n;
  const dphi = (2 * Math.PI) / n;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const g = (i + 0.5) * dg;
    const sin = Math.sin(g);
    if (normal === 'facing') {
      s += Math.cos(g) * sin * dg * 2 * Math.PI;
      continue;
    }
    for (let j = 0; j < n; j++) {
      const c = sin * Math.cos((j + 0.5) * dphi); // n ⊥ nadir: cos θ = sin γ cos φ
      if (c > 0) s += c * sin * dg * dphi;
    }
  }
  return s / Math.PI;
}

describe('Earth view factors', () => {
  it.each([400e3, 650e3, 35_786e3])('facing the Earth at %d m: 1/H² matches the integral (5e-5)', (h) => {
    expect(Math.abs(viewFactorFacing(h) - integrate(h, 'facing'))).toBeLessThan(5e-5);
  });

  it.each([400e3, 650e3, 35_786e3])('edge-on at %d m: the closed form matches the integral (5e-5)', (h) => {
    expect(Math.abs(viewFactorEdgeOn(h) - integrate(h, 'edge-on'))).toBeLessThan(5e-5);
  });

  it('at 400 km a facing plate sees 0.885 of its hemisphere filled by Earth (234 → 207 W/m², domain.md §6)', () => {
    expect(viewFactorFacing(400e3) * 234).toBeCloseTo(207, 0);
  });

  it('limits: an edge-on plate on the surface sees half the ground; far away, nothing', () => {
    expect(viewFactorEdgeOn(1e-3)).toBeCloseTo(0.5, 4);
    expect(viewFactorEdgeOn(1e12)).toBeLessThan(1e-9);
  });
});
