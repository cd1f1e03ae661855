/**
 * The Sobol' low-discrepancy sequence (Sobol' 1967), generated with Gray-code ordering
 * (Antonov & Saleev 1979) from the direction numbers of Joe & Kuo (2008), file
 * `new-joe-kuo-6.21201` — the table scipy's `qmc.Sobol` and SALib use, so that the unscrambled
 * points agree with theirs (sobol-sequence.spec.ts checks the first points against published
 * values and scipy's).
 */

/**
 * Joe–Kuo direction numbers for dimensions 2…21: [s, a, m_1 … m_s] per dimension, as
 * published (s: degree of the primitive polynomial, a: its inner coefficients as bits,
 * m: the initial odd direction integers). Dimension 1 is the van der Corput sequence in base 2.
 */
const JOE_KUO: readonly (readonly number[])[] = [
  [1, 0, 1],
  [2, 1, 1, 3],
  [3, 1, 1, 3, 1],
  [3, 2, 1, 1, 1],
  [4, 1, 1, 1, 3, 3],
  [4, 4, 1, 3, 5, 13],
  [5, 2, 1, 1, 5, 5, 17],
  [5, 4, 1, 1, 5, 5, 5],
  [5, 7, 1, 1, 7, 11, 19],
  [5, 11, 1, 1, 5, 1, 1],
  [5, 13, 1, 1, 1, 3, 11],
  [5, 14, 1, 3, 5, 5, 31],
  [6, 1, 1, 3, 3, 9, 7, 49],
  [6, 13, 1, 1, 1, 15, 21, 21],
  [6, 16, 1, 3, 1, 13, 27, 49],
  [6, 19, 1, 1, 1, 15, 7, 5],
  [6, 22, 1, 3, 1, 15, 13, 25],
  [6, 25, 1, 1, 5, 5, 19, 61],
  [7, 1, 1, 3, 7, 11, 23, 15, 103],
  [7, 4, 1, 3, 7, 13, 13, 15, 69],
];

/** The most dimensions this generator offers (the table above plus the first). */
export const SOBOL_MAX_DIMENSIONS = JOE_KUO.length + 1;

/** Bits of each coordinate: points are multiples of 2^-32, and at most 2^32 − 1 of them. */
const BITS = 32;
const SCALE = 2 ** -BITS;

/** The 32 direction integers v_1…v_32 (already shifted to 32-bit fixed point) of each dimension. */
function directionIntegers(dimensions: number): Uint32Array[] {
  const out: Uint32Array[] = [];
  const first = new Uint32Array(BITS);
  for (let k = 0; k < BITS; k++) first[k] = 2 ** (BITS - 1 - k);
  out.push(first);
  for (let j = 1; j < dimensions; j++) {
    const [s, a, ...m] = JOE_KUO[j - 1];
    const v = new Uint32Array(BITS);
    for (let k = 0; k < s; k++) v[k] = (m[k] * 2 ** (BITS - 1 - k)) >>> 0;
    for (let k = s; k < BITS; k++) {
      // v_k = a_1 v_{k−1} ⊕ … ⊕ a_{s−1} v_{k−s+1} ⊕ v_{k−s} ⊕ (v_{k−s} >> s)
      let x = (v[k - s] ^ (v[k - s] >>> s)) >>> 0;
      for (let i = 1; i < s; i++) if ((a >>> (s - 1 - i)) & 1) x = (x ^ v[k - i]) >>> 0;
      v[k] = x;
    }
    out.push(v);
  }
  return out;
}

/**
 * The first `n` points of the `dimensions`-dimensional Sobol' sequence (point 0 is the origin,
 * as in Joe & Kuo and scipy's unscrambled `qmc.Sobol`), as rows of a Float64Array of
 * n × dimensions values in [0, 1).
 */
export function sobolPoints(n: number, dimensions: number): Float64Array {
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > SOBOL_MAX_DIMENSIONS) {
    throw new RangeError(`Sobol' sequence: dimensions must be 1…${SOBOL_MAX_DIMENSIONS} (the Joe–Kuo table kept here), got ${dimensions}`);
  }
  if (!Number.isInteger(n) || n < 0 || n >= 2 ** BITS) throw new RangeError(`Sobol' sequence: n must be a whole number below 2^32, got ${n}`);
  const v = directionIntegers(dimensions);
  const out = new Float64Array(n * dimensions);
  const x = new Uint32Array(dimensions);
  for (let i = 1; i < n; i++) {
    // Gray code: point i differs from point i−1 by the direction number of the lowest zero bit of i−1
    let c = 0;
    for (let value = i - 1; value & 1; value >>>= 1) c++;
    for (let j = 0; j < dimensions; j++) {
      x[j] = (x[j] ^ v[j][c]) >>> 0;
      out[i * dimensions + j] = x[j] * SCALE;
    }
  }
  return out;
}
