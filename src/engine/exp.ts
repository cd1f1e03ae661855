/**
 * e^x for hot path loops. V8 compiles `Math.exp` to a call into C, and around that call the
 * optimised loop must spill every live double: in the market step that call was a third of
 * the time. This version is plain arithmetic and two table reads, which V8 inlines.
 *
 * Method (Tang 1989, table-driven): x = (64m + j)·ln2/64 + r with |r| ≤ ln2/128, so
 * e^x = 2^m · 2^(j/64) · e^r, and e^r − 1 by its Taylor polynomial to r⁶ (truncation below
 * 1e-19). The product ln2/64 · k is split into a high part that k multiplies exactly and a
 * low correction (fdlibm's ln2_hi/ln2_lo). Relative error < 4e-16, i.e. within 2 ulp of the
 * exact value; outside (−708, 709), and for NaN, it defers to `Math.exp` (subnormal results,
 * overflow), so special values behave as `Math.exp`.
 */
const LN2_HI = 6.9314718036912381649e-1; // 32 significant bits: k · LN2_HI is exact for |k| < 2^21
const LN2_LO = 1.90821492927058770002e-10;
const STEP_HI = LN2_HI / 64;
const STEP_LO = LN2_LO / 64;
const STEPS_PER_UNIT = 64 / Math.LN2;
/** 1.5 · 2^52: adding and subtracting it rounds a double below 2^51 to the nearest integer. */
const ROUNDER = 6755399441055744;
const MIN_EXPONENT = -1022;

/** 2^(j/64), j = 0..63. */
const FRACTION = new Float64Array(64);
for (let j = 0; j < 64; j++) FRACTION[j] = Math.pow(2, j / 64);
/** 2^m for m = −1022..1023, at index m − MIN_EXPONENT (exact powers of two). */
const POW2 = new Float64Array(1023 - MIN_EXPONENT + 1);
for (let m = MIN_EXPONENT; m <= 1023; m++) POW2[m - MIN_EXPONENT] = Math.pow(2, m);

/**
 * The constants of {@link exp}, for a kernel that computes it elsewhere (the market's
 * WebAssembly loops) operation for operation: the same constants give the same bits.
 */
export const EXP_CONSTANTS = { stepsPerUnit: STEPS_PER_UNIT, rounder: ROUNDER, stepHi: STEP_HI, stepLo: STEP_LO } as const;
/** {@link exp}'s table 2^(j/64), j = 0..63 (read-only: copy it). */
export const EXP_FRACTION: Readonly<Float64Array> = FRACTION;
/** {@link exp}'s table of 2^m, m = −1022..1023 at index m + 1022 (read-only). */
export const EXP_POW2: Readonly<Float64Array> = POW2;

/** e^x, within 2 ulp; inlinable in typed-array loops (see the module comment). */
export function exp(x: number): number {
  if (!(x > -708 && x < 709)) return Math.exp(x);
  const kf = x * STEPS_PER_UNIT + ROUNDER - ROUNDER;
  const k = kf | 0;
  const r = x - kf * STEP_HI - kf * STEP_LO;
  const r2 = r * r;
  // e^r − 1 = r + r²/2 + r³/6 + r⁴/24 + r⁵/120 + r⁶/720, grouped to shorten the dependency chain
  const em1 = r + r2 * (0.5 + r * (1 / 6)) + r2 * r2 * (1 / 24 + r * (1 / 120) + r2 * (1 / 720));
  const t = FRACTION[k & 63];
  return POW2[(k >> 6) - MIN_EXPONENT] * (t + t * em1);
}
