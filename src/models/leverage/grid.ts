import * as book from './book.js';
import { SCALARS as S, VENUE, type LeverageRun } from './layout.js';

/*
 * Where each side's K bins sit on the absolute grid of log liquidation price, and the per-side
 * scale. The grid moves by whole bins when the price leaves its window (book.shiftBook merges
 * what would fall off an end into the end bin); a side's scale is folded back into its bins
 * when it becomes tiny.
 */

/** The price sits TOP_GAP bins inside the near end; the grid moves when it drifts SLACK bins. */
const TOP_GAP = 5;
const SLACK = 8;
/** A side's scale is folded back into its bins when it falls below this. */
const RENORMALISE_BELOW = 1e-100;

/** The grid index of long bin 0 that puts log price lnP TOP_GAP bins below the top. */
export function longBaseFor(lnP: number, run: LeverageRun): number {
  return Math.ceil(lnP / run.h) + TOP_GAP - (run.K - 1);
}

/** The grid index of short bin 0 that puts log price lnP TOP_GAP bins above the bottom. */
export function shortBaseFor(lnP: number, run: LeverageRun): number {
  return Math.floor(lnP / run.h) - TOP_GAP;
}

/**
 * Moves the grids of the path whose record starts at o so that log price lnP sits inside them
 * (both sides): toward the price when it passes a grid's near end (a rising price for longs, a
 * falling one for shorts), and after it when it has moved SLACK bins away from the grid's near
 * end (a falling price for longs, a rising one for shorts), so that far positions (2×, 3×) keep
 * bins of their own instead of merging into the far end bin.
 */
export function recentre(rec: Float64Array, o: number, run: LeverageRun, lnP: number): void {
  const { K, h, record } = run;
  const g = o + record.scalars;
  const baseL = rec[g + S.baseLong];
  const wantL = longBaseFor(lnP, run);
  if (baseL + K - 1 < Math.ceil(lnP / h) + 1 || baseL >= wantL + SLACK) moveGrid(rec, o + record.longBins, g, K, run.V, 1, S.baseLong, S.nearLong, wantL);
  const baseS = rec[g + S.baseShort];
  const wantS = shortBaseFor(lnP, run);
  if (baseS > Math.floor(lnP / h) - 1 || baseS <= wantS - SLACK) moveGrid(rec, o + record.shortBins, g, K, run.V, -1, S.baseShort, S.nearShort, wantS);
}

/**
 * Moves one side's grid (its bins at rec[side …], every venue's, its scalars at g + baseAt and
 * g + nearAt) so that bin 0 is grid index `want`, with its contents and its near bound.
 */
export function moveGrid(rec: Float64Array, side: number, g: number, K: number, V: number, sg: number, baseAt: number, nearAt: number, want: number): void {
  const shift = want - rec[g + baseAt];
  book.shiftBook(rec, side, K, V, shift);
  rec[g + baseAt] = want;
  // what was merged into an end bin is still there: the bound moves with the grid, clipped
  // (−1 for longs, K for shorts: the side holds no position)
  const near = rec[g + nearAt];
  const none = sg > 0 ? near < 0 : near >= K;
  rec[g + nearAt] = none ? near : Math.min(K - 1, Math.max(0, near - shift));
}

/**
 * Folds venue u's scale of a side back into its bins (the side at rec[side …], V venues) and
 * pool when it has become tiny (or zero); its scalars are at rec[at …].
 */
export function renormalise(rec: Float64Array, side: number, K: number, V: number, u: number, at: number, scaleAt: number, poolAt: number): void {
  const s = rec[at + scaleAt];
  if (s > RENORMALISE_BELOW) return;
  // contracts and moments (contracts × level) alike
  for (let j = 0; j < K; j++) {
    rec[side + 2 * (j * V + u)] *= s;
    rec[side + 2 * (j * V + u) + 1] *= s;
  }
  rec[at + poolAt] *= s;
  rec[at + scaleAt] = 1;
}

/** Renormalises both sides of every venue of the path whose record starts at o. */
export function renormaliseAll(rec: Float64Array, o: number, run: LeverageRun): void {
  const { K, V, record } = run;
  for (let u = 0; u < V; u++) {
    const at = o + record.venues + u * VENUE.width;
    renormalise(rec, o + record.longBins, K, V, u, at, VENUE.scaleLong, VENUE.poolLong);
    renormalise(rec, o + record.shortBins, K, V, u, at, VENUE.scaleShort, VENUE.poolShort);
  }
}
