/**
 * The Lee et al. (1995) closed form: against its own limits, against the worked example of
 * domain.md §6, and against a finite-difference solution of the same plate computed here
 * (axisymmetric-plate-fd.ts). Tolerances:
 * - limits and the explicit single-layer formula: 1e-9 relative (the same algebra, rounding);
 * - the domain.md example: ±0.5 mK/W (it is printed to whole mK/W);
 * - closed form vs finite differences: the grid (200 rings × 20 cells a layer) is first shown
 *   converged to 0.3% against a grid twice as fine; then the closed form's area-mean
 *   resistance must agree within 4.5%, its peak within 10%. Lee's form keeps one Fourier–Bessel
 *   mode with an eigenvalue fitted to the half-space limit, so it is an approximation: its
 *   mean tends to ½ for a small source where the exact value is 0.479 (+4.4%), so 4.5% is
 *   the most one can ask of the mean (the cases below are within 2.7%); the peak is within
 *   ~8% below, and on the high (conservative) side where it errs by more than 2.5%.
 */
import { describe, expect, it } from 'vitest';
import { solvePlateFd } from './axisymmetric-plate-fd.js';
import { leeEigenvalue, spreadingResistance, type PlateLayer } from './spreading-resistance.js';

const SQRT_PI = Math.sqrt(Math.PI);
const iso = (thicknessM: number, k: number): PlateLayer => ({ thicknessM, kInPlane: k, kThrough: k });
const radius = (areaM2: number) => Math.sqrt(areaM2 / Math.PI);

/** Lee's single-layer formulas written out as in the paper (and domain.md §6). */
function leeExplicit(a: number, b: number, t: number, k: number, h: number) {
  const eps = a / b;
  const tau = t / b;
  const bi = (h * b) / k;
  const lam = Math.PI + 1 / (SQRT_PI * eps);
  const th = Math.tanh(lam * tau);
  const phi = (th + lam / bi) / (1 + (lam / bi) * th);
  const psiAvg = (eps * tau) / SQRT_PI + 0.5 * (1 - eps) ** 1.5 * phi;
  const psiMax = (eps * tau) / SQRT_PI + ((1 - eps) * phi) / SQRT_PI;
  return { avg: psiAvg / (SQRT_PI * k * a), max: psiMax / (SQRT_PI * k * a) };
}

const rel = (x: number, y: number) => Math.abs(x / y - 1);

describe('Lee et al. closed form', () => {
  it('one isotropic layer: the quadrupole stack reduces to Lee’s Φ_c exactly (1e-9)', () => {
    for (const [a, b, t, k, h] of [
      [0.016, 0.036, 0.002, 400, 2e4],
      [0.001, 0.05, 0.01, 150, 500],
      [0.01, 0.011, 0.0005, 2000, 1e5],
    ]) {
      const s = spreadingResistance(a, b, [iso(t, k)], h);
      const e = leeExplicit(a, b, t, k, h);
      expect(rel(s.avgKPerW, e.avg)).toBeLessThan(1e-9);
      expect(rel(s.maxKPerW, e.max)).toBeLessThan(1e-9);
    }
  });

  it('half-space limit (ε → 0, thick plate): ψ_max → 1/√π exactly, ψ_avg → ½ (exact 8/(3π^{3/2}) = 0.479)', () => {
    const a = 1e-7;
    const b = 1;
    const k = 100;
    const s = spreadingResistance(a, b, [iso(1, k)], 1e3);
    const psi = (r: number) => r * SQRT_PI * k * a;
    expect(psi(s.maxKPerW)).toBeCloseTo(1 / SQRT_PI, 5);
    expect(psi(s.avgKPerW)).toBeCloseTo(0.5, 5);
    expect(rel(psi(s.avgKPerW), 8 / (3 * Math.PI ** 1.5))).toBeLessThan(0.05);
  });

  it('ε → 1 leaves one-dimensional conduction t/(k·A) (1e-12)', () => {
    const a = 0.02;
    const s = spreadingResistance(a, a, [iso(0.003, 400)], 2e4);
    const oneD = 0.003 / (400 * Math.PI * a * a);
    expect(rel(s.avgKPerW, oneD)).toBeLessThan(1e-12);
    expect(rel(s.maxKPerW, oneD)).toBeLessThan(1e-12);
  });

  it('domain.md §6 example: 8 cm² die, 40 cm² × 2 mm plate, h = 2×10⁴: R_avg = 32, 19, 12.7 mK/W for k = 400, 1000, 1800 (±0.5 mK/W)', () => {
    const a = radius(8e-4);
    const b = radius(40e-4);
    const r = (k: number) => spreadingResistance(a, b, [iso(0.002, k)], 2e4).avgKPerW * 1e3;
    expect(Math.abs(r(400) - 32)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(r(1000) - 19)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(r(1800) - 12.7)).toBeLessThanOrEqual(0.5);
  });

  it('an orthotropic layer equals the isotropic layer √(k_r·k_z), thickness t·√(k_r/k_z) (1e-12)', () => {
    const a = 0.01;
    const b = 0.03;
    const ortho = spreadingResistance(a, b, [{ thicknessM: 0.001, kInPlane: 1500, kThrough: 15 }], 2e4);
    const equiv = spreadingResistance(a, b, [iso(0.001 * Math.sqrt(100), Math.sqrt(1500 * 15))], 2e4);
    expect(rel(ortho.avgKPerW, equiv.avgKPerW)).toBeLessThan(1e-12);
    expect(rel(ortho.maxKPerW, equiv.maxKPerW)).toBeLessThan(1e-12);
  });

  it('λ_c = π + 1/(√π·ε)', () => {
    expect(leeEigenvalue(0.5)).toBeCloseTo(Math.PI + 2 / SQRT_PI, 14);
  });
});

describe('closed form against a finite-difference solution of the same plate', () => {
  const die = radius(8.14e-4); // an H100-class die, 814 mm²
  const plate = radius(40e-4);
  const cases: { name: string; a: number; b: number; layers: PlateLayer[]; h: number }[] = [
    { name: 'copper 2 mm (domain.md example)', a: radius(8e-4), b: radius(40e-4), layers: [iso(0.002, 400)], h: 2e4 },
    { name: 'CVD diamond 2 mm', a: die, b: plate, layers: [iso(0.002, 1800)], h: 2e4 },
    { name: 'aluminium 3 mm, weak cooling', a: die, b: plate, layers: [iso(0.003, 237)], h: 3e3 },
    { name: 'small source on a thick plate (ε = 0.1, τ = 0.2)', a: 0.002, b: 0.02, layers: [iso(0.004, 100)], h: 1e3 },
    { name: '0.3 mm diamond film on 2 mm copper', a: die, b: plate, layers: [iso(0.0003, 1800), iso(0.002, 400)], h: 2e4 },
    { name: 'graphite sheet 1 mm (k_r 1500, k_z 15)', a: die, b: plate, layers: [{ thicknessM: 0.001, kInPlane: 1500, kThrough: 15 }], h: 2e4 },
  ];

  it.each(cases)('$name', ({ a, b, layers, h }) => {
    const film = 1 / (h * Math.PI * b * b);
    const fd = solvePlateFd(a, b, layers, h, { nr: 200, nz: 20 });
    const fine = solvePlateFd(a, b, layers, h, { nr: 400, nz: 40 });
    expect(rel(fd.avgKPerW, fine.avgKPerW)).toBeLessThan(0.003);
    expect(rel(fd.maxKPerW, fine.maxKPerW)).toBeLessThan(0.003);
    const lee = spreadingResistance(a, b, layers, h);
    expect(rel(lee.avgKPerW + film, fine.avgKPerW)).toBeLessThan(0.045);
    expect(rel(lee.maxKPerW + film, fine.maxKPerW)).toBeLessThan(0.1);
  });
});
