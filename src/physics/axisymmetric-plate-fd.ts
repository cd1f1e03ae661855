import type { PlateLayer } from './spreading-resistance.js';

/**
 * Finite-volume solution of the spreader problem that `spreading-resistance.ts` solves in
 * closed form: a uniform heat flux on the disc r < a of the top face of a layered, axisymmetric
 * plate of radius b; the bottom face cooled with h to a sink at 0; the edge and the rest of
 * the top adiabatic. Steady conduction, k_r ∂²θ/∂r² + (k_r/r) ∂θ/∂r + k_z ∂²θ/∂z² = 0 in each
 * layer, discretised on a uniform radial grid (nr rings) and nz cells per layer through the
 * thickness; conductances between cell centres in series across layer boundaries; the film
 * 1/h in series with the half cell above the bottom face. The matrix is symmetric positive
 * definite with bandwidth Σnz (z varies fastest), solved exactly by banded Cholesky, so the
 * only error is discretisation (second order in the cell size).
 *
 * It exists to check the closed form (see spreading-resistance.spec.ts); the model does not
 * use it.
 */

/** Grid of the finite-volume solution. */
export interface PlateGrid {
  /** Rings of equal width b/nr. */
  nr: number;
  /** Cells through each layer's thickness (one number for every layer, or one per layer). */
  nz: number | readonly number[];
}

/** Source temperature rises per watt, K/W, including the film 1/(h·π·b²). */
export interface PlateSolution {
  /** Area-mean temperature of the source over the heat input. */
  avgKPerW: number;
  /** Temperature at the source centre (r = 0 on the top face) over the heat input. */
  maxKPerW: number;
  /** Heat leaving through the bottom face over the heat input: 1 up to rounding. */
  energyBalance: number;
}

/**
 * Solves the plate for a heat input of 1 W and returns the source temperatures.
 *
 * @param sourceRadiusM - a, m (≤ b)
 * @param plateRadiusM - b, m
 * @param layers - from the source side down
 * @param hWPerM2K - h on the bottom face, W/(m²·K)
 */
export function solvePlateFd(sourceRadiusM: number, plateRadiusM: number, layers: readonly PlateLayer[], hWPerM2K: number, grid: PlateGrid): PlateSolution {
  const a = sourceRadiusM;
  const b = plateRadiusM;
  const nr = grid.nr;
  const dr = b / nr;
  // rows through the thickness: thickness and conductivities of each
  const dz: number[] = [];
  const kr: number[] = [];
  const kz: number[] = [];
  layers.forEach((layer, l) => {
    const n = typeof grid.nz === 'number' ? grid.nz : grid.nz[l];
    for (let j = 0; j < n; j++) {
      dz.push(layer.thicknessM / n);
      kr.push(layer.kInPlane);
      kz.push(layer.kThrough);
    }
  });
  const nzAll = dz.length;
  const nCells = nr * nzAll;
  const bw = nzAll; // the farthest neighbour of a cell in the ordering i·nzAll + j
  // symmetric band storage: band[c·(bw+1) + d] = A[c][c − d]
  const w = bw + 1;
  const band = new Float64Array(nCells * w);
  const rhs = new Float64Array(nCells);
  const area = (i: number) => Math.PI * dr * dr * ((i + 1) * (i + 1) - i * i);
  const sourceArea = Math.PI * a * a;
  const q = 1 / sourceArea; // W/m² for 1 W
  /** Heat input of ring i: the flux over its overlap with the disc r < a. */
  const inputOf = (i: number) => {
    const r0 = Math.min(i * dr, a);
    const r1 = Math.min((i + 1) * dr, a);
    return q * Math.PI * (r1 * r1 - r0 * r0);
  };
  const couple = (c1: number, c2: number, g: number) => {
    // c2 > c1
    band[c1 * w] += g;
    band[c2 * w] += g;
    band[c2 * w + (c2 - c1)] -= g;
  };
  const bottomG: number[] = [];
  for (let i = 0; i < nr; i++) {
    const A = area(i);
    for (let j = 0; j < nzAll; j++) {
      const c = i * nzAll + j;
      if (j + 1 < nzAll) couple(c, c + 1, A / (dz[j] / (2 * kz[j]) + dz[j + 1] / (2 * kz[j + 1])));
      if (i + 1 < nr) couple(c, c + nzAll, (kr[j] * 2 * Math.PI * (i + 1) * dr * dz[j]) / dr);
    }
    const last = nzAll - 1;
    const gb = A / (dz[last] / (2 * kz[last]) + 1 / hWPerM2K);
    bottomG.push(gb);
    band[(i * nzAll + last) * w] += gb;
    rhs[i * nzAll] = inputOf(i);
  }
  choleskyBandSolve(band, rhs, nCells, bw);
  // top-face temperature of ring i: the cell centre plus the drop across the half cell above it
  const surface = (i: number) => rhs[i * nzAll] + (inputOf(i) / area(i)) * (dz[0] / (2 * kz[0]));
  let weighted = 0; // Σ T_s·Q_i over a total input of 1 W: the area mean, the flux being uniform
  for (let i = 0; i < nr && i * dr < a; i++) weighted += surface(i) * inputOf(i);
  let out = 0;
  for (let i = 0; i < nr; i++) out += bottomG[i] * rhs[i * nzAll + nzAll - 1];
  return { avgKPerW: weighted, maxKPerW: surface(0), energyBalance: out };
}

/** In place: factors the banded SPD matrix (A = L·Lᵀ) and overwrites rhs with the solution. */
function choleskyBandSolve(band: Float64Array, rhs: Float64Array, n: number, bw: number): void {
  const w = bw + 1;
  for (let c = 0; c < n; c++) {
    // L[c][k] for k = c − bw … c, stored at band[c·w + (c − k)]
    const k0 = Math.max(0, c - bw);
    for (let k = k0; k <= c; k++) {
      let s = band[c * w + (c - k)];
      const m0 = Math.max(k0, k - bw);
      for (let m = m0; m < k; m++) s -= band[c * w + (c - m)] * band[k * w + (k - m)];
      if (k === c) {
        if (!(s > 0)) throw new Error('solvePlateFd: matrix not positive definite');
        band[c * w] = Math.sqrt(s);
      } else band[c * w + (c - k)] = s / band[k * w];
    }
  }
  // L·y = rhs
  for (let c = 0; c < n; c++) {
    let s = rhs[c];
    for (let k = Math.max(0, c - bw); k < c; k++) s -= band[c * w + (c - k)] * rhs[k];
    rhs[c] = s / band[c * w];
  }
  // Lᵀ·x = y
  for (let c = n - 1; c >= 0; c--) {
    let s = rhs[c];
    for (let k = c + 1; k <= Math.min(n - 1, c + bw); k++) s -= band[k * w + (k - c)] * rhs[k];
    rhs[c] = s / band[c * w];
  }
}
