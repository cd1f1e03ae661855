/**
 * Tests only: the exactly rounded sum of doubles by BigInt arithmetic, independent of Shewchuk's
 * algorithm. Each double is m·2^e (m an integer), so the sum is an exact BigInt times 2^e for
 * the smallest e among the terms; it is cut to 60 significant bits with a sticky bit (so
 * Number() rounds it as the whole would be rounded: to nearest, ties to even), then scaled.
 * Any terms (up to ±1.8e308 and down to 5e-324); the result must be a normal double.
 */
import { PathRng } from '../rng/path-rng.js';

/** x = m·2^e with m an odd integer, for finite x ≠ 0: [m, e]. */
function split(x: number): [bigint, number] {
  // below the last bit whatever log2's rounding (then raised to it)
  let e = Math.max(-1074, Math.floor(Math.log2(Math.abs(x))) - 54);
  while (!Number.isInteger(x / 2 ** e)) e++;
  while (e < 971 && Number.isInteger(x / 2 ** (e + 1))) e++;
  return [BigInt(x / 2 ** e), e];
}

/** The exact sum of xs rounded once to the nearest double, ties to even. */
export function exactlyRounded(xs: readonly number[]): number {
  const parts = xs.filter((x) => x !== 0).map(split);
  if (parts.length === 0) return 0;
  const e = Math.min(...parts.map(([, ex]) => ex));
  let sum = 0n;
  for (const [m, ex] of parts) sum += m << BigInt(ex - e);
  if (sum === 0n) return 0;
  const sign = sum < 0n ? -1 : 1;
  let mag = sum < 0n ? -sum : sum;
  const shift = Math.max(0, mag.toString(2).length - 60);
  if (shift > 0) {
    const sticky = (mag & ((1n << BigInt(shift)) - 1n)) !== 0n ? 1n : 0n;
    mag = (mag >> BigInt(shift)) | sticky;
  }
  // scaled in two halves, each a representable power of two (exact while the result is normal)
  const scale = e + shift;
  const half = Math.trunc(scale / 2);
  const out = sign * Number(mag) * 2 ** half * 2 ** (scale - half);
  if (!Number.isFinite(out) || (out !== 0 && Math.abs(out) < 2 ** -1022)) throw new Error(`exactlyRounded: ${out} is not a normal double`);
  return out;
}

/**
 * `terms` doubles whose exact sum needs many partials: random 53-bit mantissas at exponents
 * `gapBits` apart around 2^0 (0, ±gap, ±2·gap, …), random signs, so no two overlap.
 */
export function wideTerms(rng: PathRng, terms: number, gapBits = 60): number[] {
  return Array.from({ length: terms }, (_, k) => {
    const exponent = (k % 2 ? 1 : -1) * Math.ceil(k / 2) * gapBits;
    const mantissa = 1 + Math.floor(rng.uniform() * 2 ** 52) * 2 ** -52;
    return (rng.uniform() < 0.5 ? -1 : 1) * mantissa * 2 ** exponent;
  });
}

/** A generator for these tests, loaded for path 0. */
export function testRng(stream: string): PathRng {
  const rng = new PathRng(2, 0, 1, stream);
  rng.load(0);
  return rng;
}
