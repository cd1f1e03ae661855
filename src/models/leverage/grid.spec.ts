/**
 * The grids of a path's two sides (grid.ts): re-centring by whole bins keeps every contract and
 * moment (what falls off an end merges into the end bin) and the near bounds with them; a tiny
 * scale folds back into the bins without changing any contract count. Exact up to rounding.
 */
import { describe, expect, it } from 'vitest';
import { PathRng } from '../../engine/rng/path-rng.js';
import { bookContracts } from './book.js';
import { longBaseFor, recentre, renormalise, shortBaseFor } from './grid.js';
import { LeverageRun, SCALARS as S, VENUE } from './layout.js';

const LN_P = Math.log(100_000);

/** A path record at LN_P with random contents in every bin of both sides, the near bounds at the ends. */
function filled(run: LeverageRun, seed: number): Float64Array {
  const rng = new PathRng(seed, 0, 1, 'grid');
  rng.load(0);
  const rec = new Float64Array(run.W);
  const g = run.record.scalars;
  for (let j = 0; j < 4 * run.K * run.V; j++) rec[j] = rng.uniform();
  rec[g + S.baseLong] = longBaseFor(LN_P, run);
  rec[g + S.baseShort] = shortBaseFor(LN_P, run);
  for (let u = 0; u < run.V; u++) {
    rec[run.record.venues + u * VENUE.width + VENUE.scaleLong] = 1;
    rec[run.record.venues + u * VENUE.width + VENUE.scaleShort] = 1;
  }
  rec[g + S.nearLong] = run.K - 1;
  rec[g + S.nearShort] = 0;
  return rec;
}

/** Sum of one field (0: contracts, 1: moment) of venue u's K bins on a side of V venues. */
const sum = (rec: Float64Array, from: number, K: number, field: number, V = 1, u = 0) => Array.from({ length: K }, (_, j) => rec[from + 2 * (j * V + u) + field]).reduce((a, b) => a + b, 0);

/** Three venues, as the default settings hold. */
const VENUES = { a: { title: '', openInterestShare: 0.5, insuranceFundShare: 0.5, fundDrawPerStep: 1 }, b: { title: '', openInterestShare: 0.3, insuranceFundShare: 0.3, fundDrawPerStep: 0.5 }, c: { title: '', openInterestShare: 0.2, insuranceFundShare: 0.2, fundDrawPerStep: 1 } };

describe('recentre', () => {
  it('leaves the grids alone while the price stays within their slack', () => {
    const run = new LeverageRun(64, 0.0125, false, 1);
    const rec = filled(run, 1);
    const copy = Float64Array.from(rec);
    recentre(rec, 0, run, LN_P + 0.02);
    recentre(rec, 0, run, LN_P - 0.02);
    expect(rec).toEqual(copy);
  });

  it('moves a grid by whole bins when the price passes its near end, or has moved SLACK bins away from it, keeping every venue’s contracts and moments and the near bounds', () => {
    for (const venues of [undefined, VENUES]) {
      for (const move of [-2, -0.3, -0.1, 0.1, 0.3, 2]) {
        const run = new LeverageRun(64, 0.0125, false, 1, venues);
        const { K, V, record } = run;
        const g = record.scalars;
        const rec = filled(run, 2);
        const copy = Float64Array.from(rec);
        const lnP = LN_P + move;
        recentre(rec, 0, run, lnP);
        // both grids follow a move of 8 bins (10%) or more, either way: toward the price when it
        // passes a grid's near end, after it when it has left the near end behind (before the
        // fix in grid.ts a falling price left the long grid where it was, a rising one the short)
        expect([rec[g + S.baseLong], rec[g + S.baseShort]]).toEqual([longBaseFor(lnP, run), shortBaseFor(lnP, run)]);
        for (const side of [record.longBins, record.shortBins]) {
          for (let u = 0; u < V; u++) for (const field of [0, 1]) expect(sum(rec, side, K, field, V, u)).toBeCloseTo(sum(copy, side, K, field, V, u), 9);
        }
        // the bounds moved with the grid and stayed inside it
        const shiftL = rec[g + S.baseLong] - copy[g + S.baseLong];
        expect(rec[g + S.nearLong]).toBe(Math.min(K - 1, Math.max(0, K - 1 - shiftL)));
        const shiftS = rec[g + S.baseShort] - copy[g + S.baseShort];
        expect(rec[g + S.nearShort]).toBe(Math.min(K - 1, Math.max(0, -shiftS)));
      }
    }
  });

  it('after a fall the long grid reaches down again: a 2× long opened at the new price gets a bin of its own, not the merged end bin', () => {
    const run = new LeverageRun(64, 0.0125, false, 1);
    const { K, record } = run;
    const g = record.scalars;
    const rec = new Float64Array(run.W);
    rec[g + S.baseLong] = longBaseFor(LN_P, run);
    const lnP = LN_P - 0.4; // a 33% fall
    recentre(rec, 0, run, lnP);
    // a 2× long at the new price liquidates ~50% below it: inside the grid, not clipped to bin 0
    const lnLiq = lnP + Math.log(0.5 / 0.996);
    const j = Math.round(lnLiq / run.h) - rec[g + S.baseLong];
    expect(j).toBeGreaterThan(0);
    expect(j).toBeLessThan(K);
  });
});

describe('renormalise', () => {
  it('folds a tiny scale into the bins and the pool: every contract count stays', () => {
    const run = new LeverageRun(64, 0.0125, false, 1);
    const { K, record } = run;
    const g = record.scalars;
    const rec = filled(run, 3);
    const a = record.venues;
    rec[a + VENUE.scaleLong] = 1e-120;
    rec[a + VENUE.poolLong] = 5;
    const before = bookContracts(rec, record.longBins, K, 1, 0, rec[a + VENUE.scaleLong]);
    const pool = rec[a + VENUE.poolLong] * rec[a + VENUE.scaleLong];
    renormalise(rec, record.longBins, K, 1, 0, a, VENUE.scaleLong, VENUE.poolLong);
    expect(rec[a + VENUE.scaleLong]).toBe(1);
    expect(bookContracts(rec, record.longBins, K, 1, 0, 1) / before).toBeCloseTo(1, 12);
    expect(rec[a + VENUE.poolLong] / pool).toBeCloseTo(1, 12);
    // a scale above the threshold is left alone
    const copy = Float64Array.from(rec);
    renormalise(rec, record.shortBins, K, 1, 0, a, VENUE.scaleShort, VENUE.poolShort);
    expect(rec).toEqual(copy);
  });
});
