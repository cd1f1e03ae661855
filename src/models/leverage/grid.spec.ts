/**
 * The grids of a path's two sides (grid.ts): re-centring by whole bins keeps every contract and
 * moment (what falls off an end merges into the end bin) and the near bounds with them; a tiny
 * scale folds back into the bins without changing any contract count. Exact up to rounding.
 */
import { describe, expect, it } from 'vitest';
import { PathRng } from '../../engine/rng/path-rng.js';
import { bookContracts } from './book.js';
import { longBaseFor, recentre, renormalise, shortBaseFor } from './grid.js';
import { LeverageRun, SCALARS as S } from './layout.js';

const LN_P = Math.log(100_000);

/** A path record at LN_P with random contents in every bin of both sides, the near bounds at the ends. */
function filled(run: LeverageRun, seed: number): Float64Array {
  const rng = new PathRng(seed, 0, 1, 'grid');
  rng.load(0);
  const rec = new Float64Array(run.W);
  const g = run.record.scalars;
  for (let j = 0; j < 4 * run.K; j++) rec[j] = rng.uniform();
  rec[g + S.baseLong] = longBaseFor(LN_P, run);
  rec[g + S.baseShort] = shortBaseFor(LN_P, run);
  rec[g + S.scaleLong] = 1;
  rec[g + S.scaleShort] = 1;
  rec[g + S.nearLong] = run.K - 1;
  rec[g + S.nearShort] = 0;
  return rec;
}

const sum = (rec: Float64Array, from: number, K: number, field: number) => Array.from({ length: K }, (_, j) => rec[from + 2 * j + field]).reduce((a, b) => a + b, 0);

describe('recentre', () => {
  it('leaves the grids alone while the price stays within their slack', () => {
    const run = new LeverageRun(64, 0.0125, false, 1);
    const rec = filled(run, 1);
    const copy = Float64Array.from(rec);
    recentre(rec, 0, run, LN_P + 0.02);
    recentre(rec, 0, run, LN_P - 0.02);
    expect(rec).toEqual(copy);
  });

  it('moves a grid to the price by whole bins when the price passes its near end, keeping contracts, moments and the near bounds', () => {
    for (const move of [-2, -0.3, -0.1, 0.1, 0.3, 2]) {
      const run = new LeverageRun(64, 0.0125, false, 1);
      const { K, record } = run;
      const g = record.scalars;
      const rec = filled(run, 2);
      const copy = Float64Array.from(rec);
      const lnP = LN_P + move;
      recentre(rec, 0, run, lnP);
      // a rise moves the long grid (the price nears its top), a fall the short grid
      // (and, as written, not the other way: README.md, Limits)
      if (move > 0) expect([rec[g + S.baseLong], rec[g + S.baseShort]]).toEqual([longBaseFor(lnP, run), copy[g + S.baseShort]]);
      else expect([rec[g + S.baseLong], rec[g + S.baseShort]]).toEqual([copy[g + S.baseLong], shortBaseFor(lnP, run)]);
      for (const side of [record.longBins, record.shortBins]) {
        for (const field of [0, 1]) expect(sum(rec, side, K, field)).toBeCloseTo(sum(copy, side, K, field), 9);
      }
      // the bounds moved with the grid and stayed inside it
      const shiftL = rec[g + S.baseLong] - copy[g + S.baseLong];
      expect(rec[g + S.nearLong]).toBe(Math.min(K - 1, Math.max(0, K - 1 - shiftL)));
      const shiftS = rec[g + S.baseShort] - copy[g + S.baseShort];
      expect(rec[g + S.nearShort]).toBe(Math.min(K - 1, Math.max(0, -shiftS)));
    }
  });
});

describe('renormalise', () => {
  it('folds a tiny scale into the bins and the pool: every contract count stays', () => {
    const run = new LeverageRun(64, 0.0125, false, 1);
    const { K, record } = run;
    const g = record.scalars;
    const rec = filled(run, 3);
    rec[g + S.scaleLong] = 1e-120;
    rec[g + S.poolLong] = 5;
    const before = bookContracts(rec, record.longBins, K, rec[g + S.scaleLong]);
    const pool = rec[g + S.poolLong] * rec[g + S.scaleLong];
    renormalise(rec, record.longBins, g, K, S.scaleLong, S.poolLong);
    expect(rec[g + S.scaleLong]).toBe(1);
    expect(bookContracts(rec, record.longBins, K, 1) / before).toBeCloseTo(1, 12);
    expect(rec[g + S.poolLong] / pool).toBeCloseTo(1, 12);
    // a scale above the threshold is left alone
    const copy = Float64Array.from(rec);
    renormalise(rec, record.shortBins, g, K, S.scaleShort, S.poolShort);
    expect(rec).toEqual(copy);
  });
});
