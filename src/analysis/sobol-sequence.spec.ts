import { describe, expect, it } from 'vitest';
import { SOBOL_MAX_DIMENSIONS, sobolPoints } from './sobol-sequence.js';

describe("Sobol' sequence (Joe–Kuo direction numbers)", () => {
  it('gives the published first points in three dimensions', () => {
    // Joe & Kuo (2008) and scipy.stats.qmc.Sobol(d=3, scramble=False).random(8): exact dyadic values
    const expected = [
      [0, 0, 0],
      [0.5, 0.5, 0.5],
      [0.75, 0.25, 0.25],
      [0.25, 0.75, 0.75],
      [0.375, 0.375, 0.625],
      [0.875, 0.875, 0.125],
      [0.625, 0.125, 0.875],
      [0.125, 0.625, 0.375],
    ];
    const pts = sobolPoints(8, 3);
    expect(Array.from(pts)).toEqual(expected.flat());
  });

  it('matches scipy qmc.Sobol(d=21, scramble=False) on points 1…16 in the last dimensions', () => {
    // printed with scipy 1.17.1: qmc.Sobol(d=21, scramble=False).random(16)[1:16, 16:21]
    const scipy = [
      [0.5, 0.5, 0.5, 0.5, 0.5],
      [0.75, 0.25, 0.75, 0.25, 0.25],
      [0.25, 0.75, 0.25, 0.75, 0.75],
      [0.375, 0.875, 0.875, 0.125, 0.125],
      [0.875, 0.375, 0.375, 0.625, 0.625],
      [0.625, 0.625, 0.125, 0.375, 0.375],
      [0.125, 0.125, 0.625, 0.875, 0.875],
      [0.8125, 0.8125, 0.9375, 0.3125, 0.1875],
      [0.3125, 0.3125, 0.4375, 0.8125, 0.6875],
      [0.0625, 0.5625, 0.1875, 0.0625, 0.4375],
      [0.5625, 0.0625, 0.6875, 0.5625, 0.9375],
      [0.6875, 0.1875, 0.0625, 0.4375, 0.0625],
      [0.1875, 0.6875, 0.5625, 0.9375, 0.5625],
      [0.4375, 0.4375, 0.8125, 0.1875, 0.3125],
      [0.9375, 0.9375, 0.3125, 0.6875, 0.8125],
    ];
    const pts = sobolPoints(16, 21);
    for (let i = 1; i < 16; i++) expect(Array.from(pts.subarray(i * 21 + 16, i * 21 + 21))).toEqual(scipy[i - 1]);
  });

  it('stratifies: the first 2^k points put one point in each dyadic interval of every dimension', () => {
    const n = 64;
    const pts = sobolPoints(n, SOBOL_MAX_DIMENSIONS);
    for (let j = 0; j < SOBOL_MAX_DIMENSIONS; j++) {
      const seen = new Set<number>();
      for (let i = 0; i < n; i++) seen.add(Math.floor(pts[i * SOBOL_MAX_DIMENSIONS + j] * n));
      expect(seen.size).toBe(n);
    }
  });

  it('refuses more dimensions than its table holds, saying how many it has', () => {
    expect(() => sobolPoints(4, SOBOL_MAX_DIMENSIONS + 1)).toThrow(/dimensions must be 1…21/);
  });
});
