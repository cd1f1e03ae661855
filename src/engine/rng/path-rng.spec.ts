/**
 * The per-path generator and its samplers. Statistical checks use ~1e6 draws and allow 5
 * standard errors of the statistic (stated at each check): the streams are seeded, so each
 * check passes or fails deterministically, and a correct sampler would fail one with
 * probability ~6e-7 on a new seed. A biased sampler fails them: 5 SE is well under the
 * effect of an off-by-one layer, a wrong sign bit or a truncated tail.
 */
import { describe, expect, it } from 'vitest';
import { normalFastFromWord, PathRng, poissonZeroBelow, wordToUniform } from './path-rng.js';
import { ZIG_K } from './ziggurat.js';

const N = 1_000_000;

/** N draws of `draw` from one path's stream. */
function sample(draw: (rng: PathRng) => number, seed = 1, n = N): Float64Array {
  const rng = new PathRng(seed, 0, 1, 'spec');
  rng.load(0);
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = draw(rng);
  return out;
}

/** Mean and central moments 2..4. */
function moments(x: Float64Array): { mean: number; variance: number; skew: number; kurtosis: number } {
  let s = 0;
  for (const v of x) s += v;
  const mean = s / x.length;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (const v of x) {
    const d = v - mean;
    m2 += d * d;
    m3 += d * d * d;
    m4 += d * d * d * d;
  }
  m2 /= x.length;
  m3 /= x.length;
  m4 /= x.length;
  return { mean, variance: m2, skew: m3 / m2 ** 1.5, kurtosis: m4 / (m2 * m2) };
}

function share(x: Float64Array, pred: (v: number) => boolean): number {
  let k = 0;
  for (const v of x) if (pred(v)) k++;
  return k / x.length;
}

/** 5 binomial standard errors of a share p over N draws. */
const shareTol = (p: number) => 5 * Math.sqrt((p * (1 - p)) / N);

/** P(|Z| > z) for a standard normal: 2φ(z)/(z + 1/(z + 2/(z + 3/(z + …)))), Laplace's continued fraction (200 terms: error < 1e-12 for z ≥ 1). */
function normalTwoSidedTail(z: number): number {
  let f = z;
  for (let k = 200; k >= 1; k--) f = z + k / f;
  return (2 * Math.exp(-0.5 * z * z)) / Math.sqrt(2 * Math.PI) / f;
}

describe('PathRng uniforms', () => {
  it('have mean 1/2 and variance 1/12', () => {
    const m = moments(sample((r) => r.uniform()));
    // SE of the mean √(1/12/N) = 2.9e-4; of the variance √((1/80 − 1/144)/N) = 7.5e-5
    expect(Math.abs(m.mean - 0.5)).toBeLessThan(5 * 2.9e-4);
    expect(Math.abs(m.variance - 1 / 12)).toBeLessThan(5 * 7.5e-5);
  });

  it('lie strictly inside (0, 1), also for the extreme words', () => {
    expect(wordToUniform(0)).toBeGreaterThan(0);
    expect(wordToUniform(0xffffffff)).toBeLessThan(1);
    expect(wordToUniform(-1)).toBe(wordToUniform(0xffffffff));
  });
});

describe('PathRng normals (ziggurat)', () => {
  for (const [name, draw] of [
    ['normal()', (r: PathRng) => r.normal()],
    [
      'normalFromWord',
      (r: PathRng) => {
        // as in a step loop: the word is drawn ahead and the stream saved; the slow path loads it
        const w = r.nextU32();
        r.store(0);
        const z = r.normalFromWord(w, 0);
        r.load(0);
        return z;
      },
    ],
  ] as const) {
    it(`${name}: mean 0, variance 1, skew 0, kurtosis 3`, () => {
      const m = moments(sample(draw));
      // SEs over N draws: mean 1/√N = 1e-3, variance √(2/N) = 1.4e-3, skew √(6/N) = 2.4e-3,
      // kurtosis √(24/N) = 4.9e-3
      expect(Math.abs(m.mean)).toBeLessThan(5 * 1e-3);
      expect(Math.abs(m.variance - 1)).toBeLessThan(5 * 1.4e-3);
      expect(Math.abs(m.skew)).toBeLessThan(5 * 2.4e-3);
      expect(Math.abs(m.kurtosis - 3)).toBeLessThan(5 * 4.9e-3);
    });

    it(`${name}: tails P(|Z| > 2), P(|Z| > 3) and, past the base layer's edge r = 3.44, P(|Z| > 3.6)`, () => {
      const z = sample(draw);
      for (const t of [2, 3, 3.6]) {
        const p = normalTwoSidedTail(t);
        // 5 binomial SEs: at t = 3, p = 2.70e-3 and the tolerance is 2.6e-4 (10% of p)
        expect(Math.abs(share(z, (v) => Math.abs(v) > t) - p)).toBeLessThan(shareTol(p));
      }
      // symmetric: as many draws below −1 as above 1 (P = 0.1587 each)
      const p1 = normalTwoSidedTail(1) / 2;
      expect(Math.abs(share(z, (v) => v < -1) - p1)).toBeLessThan(shareTol(p1));
      expect(Math.abs(share(z, (v) => v > 1) - p1)).toBeLessThan(shareTol(p1));
    });
  }

  it('normalFastFromWord is NaN on the words outside the layers\' inner rectangles, and normalFromWord then gives what normal() gives', () => {
    const a = new PathRng(5, 0, 1, 'spec');
    const b = new PathRng(5, 0, 1, 'spec');
    let slow = 0;
    for (let k = 0; k < 100_000; k++) {
      a.load(0);
      const w = a.nextU32();
      a.store(0);
      const fast = normalFastFromWord(w);
      if (fast !== fast) slow++;
      const z = a.normalFromWord(w, 0); // draws any further words from path 0's stream
      b.load(0);
      expect(z).toBe(b.normal());
      b.store(0);
    }
    expect(Array.from(a.state)).toEqual(Array.from(b.state));
    // the slow share is the mean over layers of P(magnitude ≥ kn[layer]) = 2.756% (the top
    // layer always takes it); 5 binomial SEs over 1e5 words is 2.6e-3
    let expected = 0;
    for (let layer = 0; layer < 128; layer++) expected += (1 - Math.min(1, Math.ceil(ZIG_K[layer]) / 2 ** 24)) / 128;
    expect(Math.abs(slow / 100_000 - expected)).toBeLessThan(5 * Math.sqrt((expected * (1 - expected)) / 100_000));
  });
});

describe('PathRng Poisson', () => {
  for (const lambda of [0.03, 3, 30]) {
    it(`λ = ${lambda}: mean λ and variance λ${lambda >= 12 ? ' (PTRS)' : ' (inversion)'}`, () => {
      const m = moments(sample((r) => r.poisson(lambda)));
      // SE of the mean √(λ/N); of the variance √((λ + 2λ²)/N) (fourth cumulant of a Poisson)
      expect(Math.abs(m.mean - lambda)).toBeLessThan(5 * Math.sqrt(lambda / N));
      expect(Math.abs(m.variance - lambda)).toBeLessThan(5 * Math.sqrt((lambda + 2 * lambda * lambda) / N));
      // and the zero class, P(K = 0) = e^(−λ)
      const p0 = Math.exp(-lambda);
      expect(Math.abs(share(sample((r) => r.poisson(lambda), 2), (v) => v === 0) - p0)).toBeLessThan(shareTol(p0) + 1e-12);
    });
  }

  it('poissonZeroBelow is exactly the threshold of poissonFromUniform', () => {
    const rng = new PathRng(3, 0, 1, 'spec');
    for (const lambda of [0, 1e-6, 0.0055, 0.03, 3, 11.9]) {
      const t = poissonZeroBelow(lambda);
      // the largest uniform at or below the threshold gives 0; the next one up gives ≥ 1
      const w = Math.floor(t * 2 ** 32 - 0.5);
      if (w >= 0) expect(rng.poissonFromUniform(lambda, wordToUniform(w), 0)).toBe(0);
      if (lambda > 0 && w + 1 < 2 ** 32) expect(rng.poissonFromUniform(lambda, wordToUniform(w + 1), 0)).toBeGreaterThan(0);
    }
    expect(poissonZeroBelow(0)).toBe(1); // never a jump
    expect(poissonZeroBelow(30)).toBe(0); // PTRS ignores the uniform: never skip the call
  });
});

describe('PathRng streams', () => {
  const words = (seed: number, firstPath: number, paths: number, stream: string, perPath: number) =>
    Array.from(new PathRng(seed, firstPath, paths, stream).drawWords(paths, perPath).subarray(0, paths * perPath));

  it('same (seed, path, stream) gives the same words, whatever block the path is in', () => {
    const inBlockOf8 = words(9, 100, 8, 'market', 3).slice(3 * 5, 3 * 6); // path 105
    const alone = words(9, 105, 1, 'market', 3);
    expect(alone).toEqual(inBlockOf8);
    expect(words(9, 100, 8, 'market', 3)).toEqual(words(9, 100, 8, 'market', 3));
  });

  it('different paths, seeds or streams give different words', () => {
    const base = words(9, 0, 64, 'market', 2);
    const perPath = new Set<string>();
    for (let i = 0; i < 64; i++) perPath.add(`${base[2 * i]},${base[2 * i + 1]}`);
    expect(perPath.size).toBe(64);
    expect(words(10, 0, 64, 'market', 2)).not.toEqual(base);
    expect(words(9, 0, 64, 'lender', 2)).not.toEqual(base);
  });

  for (const perPath of [1, 2, 3, 5]) {
    it(`drawWords(paths, ${perPath}) equals nextU32 repeated on each path, and leaves the same state`, () => {
      const bulk = new PathRng(4, 20, 37, 'spec');
      const one = new PathRng(4, 20, 37, 'spec');
      for (let round = 0; round < 3; round++) {
        const w = bulk.drawWords(37, perPath);
        for (let i = 0; i < 37; i++) {
          one.load(i);
          for (let j = 0; j < perPath; j++) expect(w[i * perPath + j]).toBe(one.nextU32());
          one.store(i);
        }
      }
      expect(Array.from(bulk.state)).toEqual(Array.from(one.state));
    });
  }
});
