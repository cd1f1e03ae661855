/**
 * The finite-volume plate solver on problems with exact answers. Tolerances: energy balance
 * 1e-9 (a direct solve; only rounding); one-dimensional conduction 1e-9 (a source covering
 * the plate has no radial flow, so the discretisation is exact); second-order convergence
 * checked by the error ratio between successive grids (≥ 3, the theory says 4).
 */
import { describe, expect, it } from 'vitest';
import { solvePlateFd } from './axisymmetric-plate-fd.js';

describe('solvePlateFd', () => {
  it('conserves energy: what leaves through the film equals the 1 W put in (1e-9)', () => {
    const s = solvePlateFd(0.01, 0.03, [{ thicknessM: 0.002, kInPlane: 400, kThrough: 400 }], 2e4, { nr: 60, nz: 8 });
    expect(Math.abs(s.energyBalance - 1)).toBeLessThan(1e-9);
  });

  it('a source covering the whole plate gives one-dimensional conduction Σt/(k·A) + 1/(h·A) (1e-9)', () => {
    const b = 0.02;
    const A = Math.PI * b * b;
    const layers = [
      { thicknessM: 0.0005, kInPlane: 1800, kThrough: 1800 },
      { thicknessM: 0.002, kInPlane: 400, kThrough: 400 },
    ];
    const s = solvePlateFd(b, b, layers, 1e4, { nr: 10, nz: [3, 5] });
    const exact = 0.0005 / (1800 * A) + 0.002 / (400 * A) + 1 / (1e4 * A);
    expect(Math.abs(s.avgKPerW / exact - 1)).toBeLessThan(1e-9);
    expect(Math.abs(s.maxKPerW / exact - 1)).toBeLessThan(1e-9);
  });

  it('converges at second order as the grid is refined', () => {
    const solve = (n: number) => solvePlateFd(0.01, 0.03, [{ thicknessM: 0.003, kInPlane: 200, kThrough: 200 }], 5e3, { nr: 6 * n, nz: n }).avgKPerW;
    const [r1, r2, r3] = [solve(4), solve(8), solve(16)];
    expect(Math.abs(r1 - r2) / Math.abs(r2 - r3)).toBeGreaterThan(3);
  });
});
