import { seededUniform } from './seeded-uniform.js';

/**
 * A Latin hypercube sample (McKay, Beckman & Conover 1979): `n` points in the unit cube of
 * `d` dimensions such that each dimension's n equal strata hold exactly one point, the strata
 * paired at random across dimensions and each point placed uniformly inside its stratum.
 * Seeded: the same seed gives the same plan. Rows of a Float64Array of n × d values in [0, 1).
 */
export function latinHypercube(n: number, d: number, seed: number): Float64Array {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`a Latin hypercube needs n ≥ 1 points, got ${n}`);
  const u = seededUniform(seed, 'latin-hypercube');
  const out = new Float64Array(n * d);
  const perm = new Int32Array(n);
  for (let j = 0; j < d; j++) {
    for (let i = 0; i < n; i++) perm[i] = i;
    // Fisher–Yates
    for (let i = n - 1; i > 0; i--) {
      const k = Math.floor(u() * (i + 1));
      const t = perm[i];
      perm[i] = perm[k];
      perm[k] = t;
    }
    for (let i = 0; i < n; i++) out[i * d + j] = (perm[i] + u()) / n;
  }
  return out;
}
