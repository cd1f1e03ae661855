/**
 * ExactSums against an exact reference (BigInt arithmetic, exact-rounding.test-helper.ts): the
 * value of every step must be the correctly rounded sum bit for bit (no tolerance), whatever
 * the order of the terms, whether a step's partials fit its inline slots or spill to the side
 * table and back, and however the steps' additions interleave.
 */
import { describe, expect, it } from 'vitest';
import type { PathRng } from '../rng/path-rng.js';
import { exactlyRounded, testRng, wideTerms } from './exact-rounding.test-helper.js';
import { ExactSums, INLINE_PARTIALS } from './exact-sums.js';

function sumOf(xs: readonly number[]): number {
  const s = new ExactSums(1);
  for (const x of xs) s.add(0, x);
  return s.value(0);
}

function shuffled<T>(xs: readonly T[], rng: PathRng): T[] {
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
  ['the whole range: 1e300, 1, −1e300, 1e−300', [1e300, 1, -1e300, 1e-300]],
  ['a tie decided by a term 600 orders of magnitude down', [1, EPS / 2, 1e-300, 1e300, -1e300]],
];

describe('ExactSums', () => {
  for (const [why, xs] of ADVERSARIAL) {
    it(`is the exactly rounded sum: ${why}`, () => {
      expect(sumOf(xs)).toBe(exactlyRounded(xs));
    });
  }

  it('the adversarial cases, naively summed, would be wrong (the test inputs are adversarial)', () => {
    expect(1e16 + 1 - 1e16).not.toBe(exactlyRounded([1e16, 1, -1e16]));
    expect(1 + EPS / 2 + 1e-300 + 1e300 - 1e300).not.toBe(exactlyRounded([1, EPS / 2, 1e-300, 1e300, -1e300]));
  });

  it('gives the same value for every permutation, and for partial sums merged in any order', () => {
    const rng = testRng('exact-sums-spec');
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
        const s = new ExactSums(1);
        for (const x of order.slice(cuts[k], end)) s.add(0, x);
        return s;
      });
      const merged = new ExactSums(1);
      for (const part of shuffled([0, 1, 2, 3, 4], rng)) merged.merge(parts[part]);
      expect(merged.value(0)).toBe(want);
    }
  });

  it('is 0 when empty and when everything cancels', () => {
    expect(new ExactSums(3).values()).toEqual([0, 0, 0]);
    expect(sumOf([1e300, -1e300, 5e-300, -5e-300])).toBe(0);
  });

  it('spills a step that needs more partials than its inline slots, exactly, and brings it back when they cancel', () => {
    const rng = testRng('exact-sums-spill');
    // 31 terms 60 bits apart (2^-900 … 2^900): 31 non-overlapping partials
    const xs = wideTerms(rng, 31);
    const sums = new ExactSums(3);
    sums.add(0, 1);
    sums.add(2, -2);
    for (const x of xs) sums.add(1, x);
    expect(sums.partialCount(1)).toBe(31);
    expect(sums.spilledSteps()).toBe(1);
    expect(sums.value(1)).toBe(exactlyRounded(xs));
    // the neighbours' slots are untouched
    expect([sums.value(0), sums.value(2)]).toEqual([1, -2]);
    // a copy by partials (as packing does) reads the same
    const copy = new ExactSums(3);
    for (let k = 0; k < sums.partialCount(1); k++) copy.add(1, sums.partial(1, k));
    expect(copy.value(1)).toBe(sums.value(1));
    // cancelling the two largest terms leaves the others' sum, which naive summation has lost
    const big = xs.slice().sort((x, y) => Math.abs(y) - Math.abs(x)).slice(0, 2).map((x) => -x);
    for (const x of big) copy.add(1, x);
    expect(copy.value(1)).toBe(exactlyRounded([...xs, ...big]));
    expect(copy.value(1)).not.toBe([...xs, ...big].reduce((x, y) => x + y));
    // cancel all but three terms, in a shuffled order: back inline, still exact
    const cancelled = shuffled(xs.slice(3), rng);
    for (const x of cancelled) sums.add(1, -x);
    expect(sums.partialCount(1)).toBeLessThanOrEqual(INLINE_PARTIALS);
    expect(sums.spilledSteps()).toBe(0);
    expect(sums.value(1)).toBe(exactlyRounded([...xs, ...cancelled.map((x) => -x)]));
    // and out again
    for (const x of wideTerms(rng, 12, 70)) sums.add(1, x);
    expect(sums.spilledSteps()).toBe(1);
  });

  it('keeps every step exact when additions to steps, wide and narrow, interleave, and merges spilled steps', () => {
    const rng = testRng('exact-sums-interleaved');
    const steps = 40;
    const terms: number[][] = Array.from({ length: steps }, (_, t) => (t % 3 === 0 ? wideTerms(rng, 2 + (t % 17), 50 + t) : Array.from({ length: 30 }, () => rng.normal() * 10 ** (t % 7))));
    // each wide step gets its terms again with the signs flipped in part, so partial counts rise and fall
    for (let t = 0; t < steps; t += 3) terms[t].push(...terms[t].filter((_, k) => k % 2).map((x) => -x));
    const a = new ExactSums(steps);
    const b = new ExactSums(steps);
    const queue = shuffled(terms.flatMap((xs, t) => xs.map((x, k) => [t, x, k % 2] as const)), rng);
    for (const [t, x, half] of queue) (half ? a : b).add(t, x);
    expect(a.spilledSteps() + b.spilledSteps()).toBeGreaterThan(0);
    for (const [one, other] of [
      [a, b],
      [b, a],
    ]) {
      const merged = new ExactSums(steps);
      merged.merge(one);
      merged.merge(other);
      expect(merged.values()).toEqual(terms.map(exactlyRounded));
    }
    expect(() => a.merge(new ExactSums(steps + 1))).toThrow(/41 steps into 40/);
  });
});
