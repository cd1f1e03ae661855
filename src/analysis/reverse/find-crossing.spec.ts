import { describe, expect, it } from 'vitest';
import { crossAt, findCrossing, isotonic } from './find-crossing.js';

/** A small seeded generator (mulberry32), so that the synthetic trials are reproducible. */
function uniforms(seed: number, n: number): Float64Array {
  let a = seed >>> 0;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  return out;
}

/**
 * A curve with a known crossing, sampled as a simulation with common random numbers would be:
 * the same uniforms at every x, a path "hits" when its uniform is below f(x).
 */
function crnTrial(f: (x: number) => number, u: Float64Array) {
  return async (x: number) => {
    const p = f(x);
    let hits = 0;
    for (const v of u) if (v < p) hits++;
    return { x, hits, paths: u.length };
  };
}

const logistic = (centre: number, scale: number) => (x: number) => 1 / (1 + Math.exp(-(x - centre) / scale));

describe('isotonic regression (pool adjacent violators)', () => {
  it('pools violators by weight, either direction', () => {
    expect(isotonic([1, 3, 2, 4], [1, 1, 1, 1])).toEqual([1, 2.5, 2.5, 4]);
    expect(isotonic([1, 3, 2, 4], [1, 1, 3, 1])).toEqual([1, 2.25, 2.25, 4]);
    expect(isotonic([4, 2, 3, 1], [1, 1, 1, 1], false)).toEqual([4, 2.5, 2.5, 1]);
    expect(isotonic([1, 2, 3], [1, 1, 1])).toEqual([1, 2, 3]);
  });

  it('finds where a piecewise-linear curve reaches a level', () => {
    expect(crossAt([[0, 0], [1, 1]], 0.25)).toBe(0.25);
    expect(crossAt([[0, 0], [1, 0.5], [2, 0.5], [3, 1]], 0.5)).toBe(1.5);
    expect(crossAt([[0, 0], [1, 0.4]], 0.5)).toBeNull();
  });
});

describe('findCrossing', () => {
  it('finds a known crossing, and its 95% interval covers the truth about 95% of the time', async () => {
    // f(x) = logistic((x − 0.3)/0.05) crosses 0.5 at 0.3 and 0.2 at 0.3 + 0.05·ln(0.25) = 0.2307.
    // With 400 paths the estimate's sd is ≈ 0.025 / f'(x) = 0.005 at 0.5: the interval's
    // half-width should be about 2 sd. Over 40 seeds a 95% interval misses ~2 times; fewer
    // than 34 covers (85%) would happen by chance with probability < 1%. (Seeds fixed: seen
    // 36/40 at 0.5 and 40/40 at 0.2 — the band is pointwise, so a little under 95% at 0.5.)
    for (const [target, truth] of [
      [0.5, 0.3],
      [0.2, 0.3 + 0.05 * Math.log(0.25)],
    ]) {
      let covered = 0;
      const errors: number[] = [];
      for (let seed = 1; seed <= 40; seed++) {
        const c = await findCrossing(crnTrial(logistic(0.3, 0.05), uniforms(seed, 400)), { target, range: [0, 1] });
        expect(c.stopped).not.toBe('not bracketed');
        expect(c.curve.length).toBeLessThanOrEqual(12);
        if (c.interval!.lo <= truth && truth <= c.interval!.hi) covered++;
        errors.push(Math.abs(c.x! - truth));
        expect(c.interval!.hi - c.interval!.lo).toBeLessThan(0.05);
      }
      console.log(`target ${target}: ${covered}/40 intervals cover the truth; median error ${[...errors].sort((a, b) => a - b)[20].toFixed(4)}`);
      expect(covered, `target ${target}`).toBeGreaterThanOrEqual(34);
      errors.sort((a, b) => a - b);
      expect(errors[20], 'median error within 2 sd').toBeLessThan(0.01);
    }
  });

  it('follows a falling curve', async () => {
    const falling = (x: number) => 1 - logistic(0.7, 0.1)(x);
    const c = await findCrossing(crnTrial(falling, uniforms(7, 1000)), { target: 0.5, range: [0, 1] });
    expect(c.increasing).toBe(false);
    expect(Math.abs(c.x! - 0.7)).toBeLessThan(0.03);
    expect(c.interval!.lo).toBeLessThan(c.x!);
    expect(c.interval!.hi).toBeGreaterThan(c.x!);
  });

  it('says so when the range does not bracket the target', async () => {
    const c = await findCrossing(crnTrial(logistic(0.3, 0.05), uniforms(3, 200)), { target: 0.5, range: [0.5, 1] });
    expect(c.stopped).toBe('not bracketed');
    expect(c.x).toBeNull();
    expect(c.curve).toHaveLength(2);
  });

  it('refuses an empty range and a target outside (0, 1)', async () => {
    const t = crnTrial(logistic(0.3, 0.05), uniforms(3, 10));
    await expect(findCrossing(t, { target: 0.5, range: [1, 1] })).rejects.toThrow('lo < hi');
    await expect(findCrossing(t, { target: 1, range: [0, 1] })).rejects.toThrow('strictly between 0 and 1');
  });
});
