/**
 * The inlinable e^x against Math.exp. Tolerance: a relative error of 4e-16, i.e. under 2 ulp
 * of the result (an ulp is 1.1e-16 to 2.2e-16 relative), which covers the method's own error
 * (~1 ulp) plus Math.exp's (≤ 1 ulp); the price path needs nothing finer.
 */
import { describe, expect, it } from 'vitest';
import { exp } from './exp.js';

/** A seeded uniform stream (mulberry32), so the checked points are the same on every run. */
function uniforms(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const relErr = (x: number) => Math.abs(exp(x) - Math.exp(x)) / Math.exp(x);

describe('exp', () => {
  it('is within 4e-16 relative of Math.exp over its whole fast range and near a log price', () => {
    const u = uniforms(1);
    let worst = 0;
    for (let k = 0; k < 200_000; k++) worst = Math.max(worst, relErr(-707.9 + 1416.8 * u()));
    for (let k = 0; k < 200_000; k++) worst = Math.max(worst, relErr(Math.log(73300) + 4 * (u() - 0.5)));
    for (let k = 0; k < 200_000; k++) worst = Math.max(worst, relErr(1e-3 * (u() - 0.5))); // small returns
    expect(worst).toBeLessThan(4e-16);
  });

  it('is exact where e^x is: at 0, and at multiples of ln 2 that land on powers of two within an ulp', () => {
    expect(exp(0)).toBe(1);
    expect(exp(-0)).toBe(1);
    for (const m of [-1000, -10, -1, 1, 10, 1000]) expect(relErr(m * Math.LN2)).toBeLessThan(4e-16);
  });

  it('behaves as Math.exp outside its range and on special values', () => {
    for (const x of [709, 709.7, 710, 1e5, Infinity, -708, -745, -746, -Infinity, NaN]) {
      expect(Object.is(exp(x), Math.exp(x))).toBe(true);
    }
  });
});
