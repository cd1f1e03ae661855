import { describe, expect, it } from 'vitest';
import { brierScore } from './brier.js';

describe('brierScore', () => {
  it('decomposes exactly when forecasts within a bin are equal: BS = REL − RES + UNC', () => {
    const f = [0.1, 0.1, 0.1, 0.1, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7];
    const o = [false, false, false, true, true, true, true, false, true, false];
    const r = brierScore(f, o);
    const direct = f.reduce((a, p, i) => a + (p - (o[i] ? 1 : 0)) ** 2, 0) / f.length;
    expect(r.brier).toBeCloseTo(direct, 15);
    expect(r.reliability - r.resolution + r.uncertainty).toBeCloseTo(r.brier, 15);
    expect(r.baseRate).toBe(0.5);
    expect(r.table.map((b) => [b.n, b.observed])).toEqual([[4, 0.25], [6, 4 / 6]]);
  });

  it('scores the base rate as zero skill against itself and perfect forecasts as 1', () => {
    const o = [true, false, false, false];
    expect(brierScore([0.25, 0.25, 0.25, 0.25], o).skill).toBeCloseTo(0, 15);
    expect(brierScore([1, 0, 0, 0], o).skill).toBe(1);
    // against a climatology of 0.5, the base-rate forecast has skill 1 − 0.1875/0.25
    expect(brierScore([0.25, 0.25, 0.25, 0.25], o, 10, 0.5).skill).toBeCloseTo(0.25, 15);
  });
});
