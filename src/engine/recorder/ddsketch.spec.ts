/**
 * DDSketch: accuracy and merging. Quantiles are compared with the exact order statistic of
 * the same rank convention (the ⌊q(n−1)⌋-th smallest value), so the only error left is the
 * bucket's: at most α relative by construction. Tolerance: α plus 1e-12 for the rounding of
 * ln v/ln γ at a bucket edge. Merging must be exact, so those checks compare toData() for
 * equality.
 */
import { describe, expect, it } from 'vitest';
import { PathRng } from '../rng/path-rng.js';
import { bucketsPerOctave, DDSketch, defaultMaxBuckets, SKETCH_SPAN_LN } from './ddsketch.js';

/** n seeded draws of exp(σZ) (lognormal, median 1), or of σZ when `log` is false. */
function draws(n: number, sigma: number, seed: number, log = true): Float64Array {
  const rng = new PathRng(seed, 0, 1, 'ddsketch-spec');
  rng.load(0);
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = log ? Math.exp(sigma * rng.normal()) : sigma * rng.normal();
  return out;
}

function sketchOf(values: ArrayLike<number>, alpha: number, maxBuckets?: number): DDSketch {
  const s = new DDSketch(alpha, maxBuckets);
  for (let k = 0; k < values.length; k++) s.add(values[k]);
  return s;
}

/** The exact quantile in the sketch's convention: the ⌊q(n−1)⌋-th smallest value. */
function exactQuantile(sorted: Float64Array, q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))];
}

const QS = [0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999];

/** Every order of merging `shards` into an empty sketch, by a seeded shuffle. */
function mergedInOrder(shards: DDSketch[], order: number[]): DDSketch {
  const m = new DDSketch(shards[0].alpha, shards[0].maxBuckets);
  for (const k of order) m.merge(shards[k]);
  return m;
}

function shuffles(count: number, n: number, seed: number): number[][] {
  const rng = new PathRng(seed, 0, 1, 'shuffle');
  rng.load(0);
  const out: number[][] = [];
  for (let c = 0; c < count; c++) {
    const order = Array.from({ length: n }, (_, k) => k);
    for (let k = n - 1; k > 0; k--) {
      const j = Math.floor(rng.uniform() * (k + 1));
      [order[k], order[j]] = [order[j], order[k]];
    }
    out.push(order);
  }
  return out;
}

describe('DDSketch', () => {
  // enough buckets for the data's range (ln max − ln min ≈ 14 over 2α per bucket): no collapsing
  for (const [alpha, maxBuckets] of [
    [0.01, 2048],
    [0.001, 8192],
  ]) {
    it(`quantiles of lognormal data are within α = ${alpha} relative of the exact ones`, () => {
      const x = draws(200_000, 1.5, 3);
      const s = sketchOf(x, alpha, maxBuckets);
      const sorted = Float64Array.from(x).sort();
      for (const q of QS) {
        const exact = exactQuantile(sorted, q);
        expect(Math.abs(s.quantile(q) - exact) / exact).toBeLessThanOrEqual(alpha + 1e-12);
      }
      expect(s.quantile(0)).toBe(sorted[0]);
      expect(s.quantile(1)).toBe(sorted[sorted.length - 1]);
    });
  }

  it('quantiles of data of both signs are within α relative (mirrored store for negatives)', () => {
    const x = draws(100_000, 3, 4, false);
    const s = sketchOf(x, 0.01);
    const sorted = Float64Array.from(x).sort();
    for (const q of QS) {
      const exact = exactQuantile(sorted, q);
      expect(Math.abs(s.quantile(q) - exact) / Math.abs(exact)).toBeLessThanOrEqual(0.01 + 1e-12);
    }
  });

  it('returns 0 and 1 exactly for 0/1 flags', () => {
    const s = sketchOf([0, 0, 1, 1, 1], 0.01);
    expect(s.quantile(0.2)).toBe(0);
    expect(s.quantile(0.5)).toBe(1);
  });

  it('merging shards in any order gives identical data, equal to one sketch of all values', () => {
    const x = draws(60_000, 2, 5);
    // shards of unequal sizes, as blocks of different threads would be
    const cuts = [0, 1000, 1001, 9000, 30_000, 44_444, 60_000];
    const shards = cuts.slice(1).map((end, k) => sketchOf(x.subarray(cuts[k], end), 0.01));
    const reference = sketchOf(x, 0.01).toData();
    for (const order of shuffles(20, shards.length, 6)) expect(mergedInOrder(shards, order).toData()).toEqual(reference);
  });

  it('collapsing the buckets nearest zero keeps merging order-free, and the upper quantiles within α', () => {
    // 512 buckets of γ = 1.0201 span a factor e^10.2, less than the data's ~e^13 (σ = 1.5 on
    // the log): the lowest ~1% of values collapse, quantiles from 0.1 up stay exact to α
    const maxBuckets = 512;
    const x = draws(60_000, 1.5, 7);
    const whole = sketchOf(x, 0.01, maxBuckets);
    const data = whole.toData();
    expect(data.pos.counts.length).toBeLessThanOrEqual(maxBuckets);
    const sorted = Float64Array.from(x).sort();
    // collapsed: the 0.1% quantile (~e^−4.6) now reads as the lowest kept bucket, far above it
    expect(whole.quantile(0.001)).toBeGreaterThan(exactQuantile(sorted, 0.001) * 1.5);
    for (const q of [0.1, 0.5, 0.9, 0.99, 0.999]) {
      const exact = exactQuantile(sorted, q);
      expect(Math.abs(whole.quantile(q) - exact) / exact).toBeLessThanOrEqual(0.01 + 1e-12);
    }
    // ascending, descending and interleaved shards: each collapses at a different time
    const sortedShards = [sorted.subarray(0, 20_000), sorted.subarray(20_000, 40_000), sorted.subarray(40_000)];
    const shards = [...sortedShards.map((v) => sketchOf(v, 0.01, maxBuckets)), sketchOf(x.subarray(0, 15_000), 0.01, maxBuckets)];
    const rest = sketchOf(x.subarray(15_000), 0.01, maxBuckets);
    const reference = mergedInOrder([shards[3], rest], [0, 1]).toData();
    expect(reference).toEqual(data);
    for (const order of shuffles(10, 3, 8)) expect(mergedInOrder(shards.slice(0, 3), order).toData()).toEqual(data);
  });

  it('values added in ascending, descending or shuffled order give the same sketch (collapse is lazy, growth has slack both ways)', () => {
    // a rising top past maxBuckets collapses lazily (settle), a falling value grows the window
    // downwards with slack: neither may change a count
    const maxBuckets = 256;
    const x = draws(20_000, 1.5, 11);
    const ascending = Float64Array.from(x).sort();
    const descending = Float64Array.from(ascending).reverse();
    const reference = sketchOf(x, 0.01, maxBuckets).toData();
    expect(sketchOf(ascending, 0.01, maxBuckets).toData()).toEqual(reference);
    expect(sketchOf(descending, 0.01, maxBuckets).toData()).toEqual(reference);
    const a = sketchOf(ascending, 0.01, maxBuckets);
    for (const q of [0.01, 0.25, 0.5, 0.75, 0.99]) expect(a.quantile(q)).toBe(sketchOf(descending, 0.01, maxBuckets).quantile(q));
  });

  it('addAll of a block equals add of each finite value, and counts the others', () => {
    const x = draws(5000, 2, 13);
    const mixed = Float64Array.from(x, (v, i) => (i % 7 === 0 ? -v : i % 11 === 0 ? 0 : i % 13 === 0 ? 1e-320 : v));
    mixed[5] = NaN;
    mixed[6] = Infinity;
    mixed[8] = -Infinity;
    const one = new DDSketch(0.005, 512);
    for (const v of mixed) if (Number.isFinite(v)) one.add(v);
    const block = new DDSketch(0.005, 512);
    expect(block.addAll(mixed.subarray(0, 1000), 1000) + block.addAll(mixed.subarray(1000), 4000)).toBe(3);
    expect(block.toData()).toEqual(one.toData());
  });

  describe('every accuracy the schema allows (0.0005 … 0.1) keeps quantiles within α', () => {
    // the schema's range, its ends and points between, and odd values
    const ACCURACIES = [0.0005, 0.0007, 0.001, 0.0015, 0.002, 0.003, 0.004, 0.0049, 0.005, 0.0075, 0.01, 0.02, 0.05, 0.1];
    // both signs, magnitudes spread evenly in log over 8 decades (within the span the sketch
    // keeps apart, 7.4e8), as daily returns or liquidations (1e-4 … 1e4 of a unit) are
    const n = 40_000;
    const rng = new PathRng(21, 0, 1, 'ddsketch-accuracy');
    rng.load(0);
    const x = new Float64Array(n);
    for (let k = 0; k < n; k++) x[k] = (rng.uniform() < 0.5 ? -1 : 1) * Math.exp(Math.log(1e-4) + rng.uniform() * Math.log(1e8));
    const sorted = Float64Array.from(x).sort();
    const QUANTILES = [0.001, 0.01, 0.05, 0.25, 0.45, 0.5, 0.55, 0.75, 0.95, 0.99, 0.999];

    for (const alpha of ACCURACIES) {
      it(`α = ${alpha}: ${defaultMaxBuckets(alpha)} buckets per sign`, () => {
        const s = new DDSketch(alpha);
        s.addAll(x, n);
        for (const q of QUANTILES) {
          const exact = exactQuantile(sorted, q);
          expect(Math.abs(s.quantile(q) - exact) / Math.abs(exact), `q = ${q}`).toBeLessThanOrEqual(alpha + 1e-12);
        }
      });
    }

    it('every accuracy covers the same span of magnitudes (7.4e8) at the densest buckets (slope 52/35 of the bit-based index)', () => {
      for (const alpha of ACCURACIES) {
        expect((defaultMaxBuckets(alpha) - 1) / (bucketsPerOctave(alpha) * (52 / 35))).toBeGreaterThanOrEqual(SKETCH_SPAN_LN);
      }
      expect(Math.exp(SKETCH_SPAN_LN)).toBeGreaterThan(7e8);
      expect(new DDSketch(0.005).maxBuckets).toBe(defaultMaxBuckets(0.005));
    });

    it('powers of two (1, ½, 2, 1024) come back exactly, of both signs', () => {
      for (const alpha of ACCURACIES) {
        for (const v of [1, 0.5, 2, 1024, 2 ** -20]) {
          const s = new DDSketch(alpha);
          s.add(v);
          s.add(v * 1.5);
          s.add(-v);
          s.add(-v * 1.5);
          expect(s.quantile(0.4), `α = ${alpha}, v = ${v}`).toBe(-v);
          expect(s.quantile(0.67), `α = ${alpha}, v = ${v}`).toBe(v);
        }
      }
    });

    it('a fixed 2,048 buckets at α = 0.0005 (as before) collapse the small magnitudes: what the sizing fixes', () => {
      const fixed = new DDSketch(0.0005, 2048);
      fixed.addAll(x, n);
      const exact = exactQuantile(sorted, 0.5);
      expect(Math.abs(fixed.quantile(0.5) - exact) / Math.abs(exact)).toBeGreaterThan(0.5);
    });
  });
});

describe('the bit-based bucket index', () => {
  it('reports every single value within α of itself, at any magnitude and at the cubic’s flattest points (s = 0, ⅔)', () => {
    // the guarantee value by value, not through a distribution's quantiles: 200,000 magnitudes
    // spread over 2^±60, plus mantissas just around s = 0 and s = 2/3 where the slope is least
    const rng = new PathRng(31, 0, 1, 'ddsketch-bits');
    rng.load(0);
    for (const alpha of [0.0005, 0.005, 0.01, 0.1]) {
      let worst = 0;
      for (let k = 0; k < 50_000; k++) {
        const e = Math.floor(rng.uniform() * 120) - 60;
        const s = k % 3 === 0 ? rng.uniform() : k % 3 === 1 ? 2 / 3 + (rng.uniform() - 0.5) * 1e-3 : rng.uniform() * 1e-3;
        const v = 2 ** e * (1 + s);
        const sketch = new DDSketch(alpha);
        sketch.add(v);
        sketch.add(2 * v); // so that the median is the bucket's value, not the clamped min
        sketch.add(v / 2);
        worst = Math.max(worst, Math.abs(sketch.quantile(0.5) - v) / v);
      }
      expect(worst, `α = ${alpha}`).toBeLessThanOrEqual(alpha + 1e-12);
      // and the buckets are not needlessly fine: the worst error uses most of the allowance
      expect(worst, `α = ${alpha}`).toBeGreaterThan(0.9 * alpha);
    }
  });
});
