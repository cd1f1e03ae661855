/**
 * ExactSum against an exact reference: each double is an integer multiple of 2^e for the
 * smallest exponent e among the terms, so the sum is an exact BigInt times 2^e; Number() of a
 * BigInt rounds to nearest, ties to even, and scaling by 2^e is exact in the normal range.
 * Tolerance: none, the value must be the correctly rounded sum bit for bit.
 */
import { describe, expect, it } from 'vitest';
import { PathRng } from '../rng/path-rng.js';
import { ExactSum } from './exact-sum.js';

/** The exponent of the last bit of x (x = m·2^e with m odd), for finite x ≠ 0. */
function lastBitExponent(x: number): number {
  let e = Math.floor(Math.log2(Math.abs(x))) - 52;
  while (!Number.isInteger(x / 2 ** e)) e++;
  while (Number.isInteger(x / 2 ** (e + 1))) e++;
  return e;
}

/** The exactly rounded sum (inputs and result in the normal range, |terms| < 2^500). */
function exactlyRounded(xs: number[]): number {
  const nonzero = xs.filter((x) => x !== 0);
  if (nonzero.length === 0) return 0;
  const e = Math.min(...nonzero.map(lastBitExponent));
  let sum = 0n;
  for (const x of nonzero) sum += BigInt(x / 2 ** e);
  return Number(sum) * 2 ** e;
}

function sumOf(xs: readonly number[]): number {
  const s = new ExactSum();
  for (const x of xs) s.add(x);
  return s.value();
}

function shuffled(xs: number[], rng: PathRng): number[] {
  const out = xs.slice();
  for (let k = out.length - 1; k > 0; k--) {
    const j = Math.floor(rng.uniform() * (k + 1));
    [out[k], out[j]] = [out[j], out[k]];
  }
  return out;
}

const EPS = 2 ** -52;

/** Inputs on which naive summation is wrong, each with why. */
const ADVERSARIAL: [string, number[]][] = [
  ['a small term between cancelling large ones', [1e16, 1, -1e16]],
  ['two of them', [1, 1e100, 1, -1e100]],
  ['ten tenths', Array<number>(10).fill(0.1)],
  ['a tie, rounded to even (down)', [1, EPS / 2]],
  ['just above a tie, so rounded up', [1, EPS / 2, EPS ** 4]],
  ['a tie built from halves that naive summation loses twice', [1, EPS / 2, EPS / 2]],
  ['a tie, rounded to even (up)', [1 + EPS, EPS / 2]],
  ['huge cancellation leaving a tiny remainder', [2 ** 60, 3, -(2 ** 60), -1, 2 ** -40]],
  ['alternating signs over many magnitudes', Array.from({ length: 200 }, (_, k) => (k % 2 ? -1 : 1) * 1.1 ** (k - 100) * (1 + k * EPS))],
];

describe('ExactSum', () => {
  for (const [why, xs] of ADVERSARIAL) {
    it(`is the exactly rounded sum: ${why}`, () => {
      expect(sumOf(xs)).toBe(exactlyRounded(xs));
    });
  }

  it('the first case, naively summed, would be wrong (the test inputs are adversarial)', () => {
    expect(1e16 + 1 - 1e16).not.toBe(exactlyRounded([1e16, 1, -1e16]));
  });

  it('gives the same value for every permutation, and for partial sums merged in any order', () => {
    const rng = new PathRng(2, 0, 1, 'exact-sum-spec');
    rng.load(0);
    // 500 terms over 60 orders of magnitude, both signs, with exact cancellations
    const xs: number[] = [];
    for (let k = 0; k < 250; k++) {
      const x = (rng.uniform() - 0.5) * 10 ** (60 * rng.uniform() - 30);
      xs.push(x);
      if (k % 3 === 0) xs.push(-x * (1 + EPS));
    }
    while (xs.length < 500) xs.push(rng.normal());
    const want = exactlyRounded(xs);
    expect(sumOf(xs)).toBe(want);
    for (let round = 0; round < 50; round++) {
      const order = shuffled(xs, rng);
      expect(sumOf(order)).toBe(want);
      // as shards would: partial sums over slices, merged in a shuffled order
      const cuts = [0, 37, 38, 200, 333, order.length];
      const parts = cuts.slice(1).map((end, k) => {
        const s = new ExactSum();
        for (const x of order.slice(cuts[k], end)) s.add(x);
        return s;
      });
      const merged = new ExactSum();
      for (const part of shuffled([0, 1, 2, 3, 4], rng)) merged.merge(parts[part]);
      expect(merged.value()).toBe(want);
    }
  });

  it('is 0 when empty and when everything cancels', () => {
    expect(new ExactSum().value()).toBe(0);
    expect(sumOf([1e300, -1e300, 5e-300, -5e-300])).toBe(0);
  });
});
