import * as book from './book.js';
import { SCALARS as S, type LeverageRun } from './layout.js';

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
 * (both sides). As written, each side's SLACK test is implied by its first one (the price
 * passing the grid's near end: baseL < wantL − 4 holds before baseL < wantL − 8), so a grid
 * follows the price only toward its near end: the long grid not a falling price, the short grid
 * not a rising one (README.md, Limits). Kept as it is: changing it would change results.
 */
export function recentre(rec: Float64Array, o: number, run: LeverageRun, lnP: number): void {
  const { K, h, record } = run;
  const g = o + record.scalars;
  const baseL = rec[g + S.baseLong];
  const wantL = longBaseFor(lnP, run);
  if (baseL + K - 1 < Math.ceil(lnP / h) + 1 || baseL < wantL - SLACK) moveGrid(rec, o + record.longBins, g, K, 1, S.baseLong, S.nearLong, wantL);
  const baseS = rec[g + S.baseShort];
  const wantS = shortBaseFor(lnP, run);
  if (baseS > Math.floor(lnP / h) - 1 || baseS > wantS + SLACK) moveGrid(rec, o + record.shortBins, g, K, -1, S.baseShort, S.nearShort, wantS);
}

/**
 * Moves one side's grid (its bins at rec[side …], its scalars at g + baseAt and g + nearAt) so
 * that bin 0 is grid index `want`, with its contents and its near bound.
 */
export function moveGrid(rec: Float64Array, side: number, g: number, K: number, sg: number, baseAt: number, nearAt: number, want: number): void {
  const shift = want - rec[g + baseAt];
  book.shiftBook(rec, side, K, shift);
  rec[g + baseAt] = want;
  // what was merged into an end bin is still there: the bound moves with the grid, clipped
  // (−1 for longs, K for shorts: the side holds no position)
  const near = rec[g + nearAt];
  const none = sg > 0 ? near < 0 : near >= K;
  rec[g + nearAt] = none ? near : Math.min(K - 1, Math.max(0, near - shift));
}

/** Folds a side's scale back into its bins (at rec[side …]) and pool when it has become tiny (or zero). */
export function renormalise(rec: Float64Array, side: number, g: number, K: number, scaleAt: number, poolAt: number): void {
  const s = rec[g + scaleAt];
  if (s > RENORMALISE_BELOW) return;
  for (let j = 0; j < 2 * K; j++) rec[side + j] *= s; // contracts and moments (contracts × level) alike
  rec[g + poolAt] *= s;
  rec[g + scaleAt] = 1;
}
