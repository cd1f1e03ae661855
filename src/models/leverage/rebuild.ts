import * as book from './book.js';
import { recentre, renormalise } from './grid.js';
import { CLASS, CLASSES_WIDTH, SCALARS as S, type LeverageRun } from './layout.js';

/*
 * After the cascades (README.md, step 4): deleveraging in proportion to the flush, turnover,
 * the rebuild toward the target open interest, the flush memory m that shifts new positions
 * toward the post-flush mix, and the new positions opened at the close.
 */

/**
 * Path i (its record at rec[o …], its classes at cls[i·CLASSES_WIDTH …]) after its cascades removed `removed` contracts (R) of the
 * `oiBefore` it had, at close lnC: closes c·R pairs (deleverageRatio), turns over, rebuilds,
 * updates m, moves the grids, and opens the new positions (a share `leveraged` by class).
 * Returns the net new contracts: opened − closed.
 */
export function afterFlush(rec: Float64Array, cls: Float64Array, i: number, o: number, run: LeverageRun, lnC: number, removed: number, oiBefore: number, deleverageRatio: number, targetShare: number, leveraged: number, mixShift: number): number {
  const { K, record } = run;
  const g = o + record.scalars;
  // each a share of every position closing, both sides; then new positions at the close
  let closed = 0;
  const before = rec[g + S.openInterest];
  if (removed > 0 && before > 0) {
    const f = Math.min(1, (deleverageRatio * removed) / before);
    closed += f * before;
    closeShare(rec, g, f);
  }
  // the rebuild closes a share of the gap to the target; turnover closes and reopens (net 0)
  const gap = (targetShare * rec[g + S.openInterestStart] - rec[g + S.openInterest]) * rec[g + S.rebuild];
  const turnover = rec[g + S.turnover] * rec[g + S.openInterest];
  closed += turnover;
  closeShare(rec, g, rec[g + S.turnover]);
  if (gap < 0 && rec[g + S.openInterest] > 0) {
    closed -= gap;
    closeShare(rec, g, -gap / rec[g + S.openInterest]);
  }
  const opened = turnover + (gap > 0 ? gap : 0);
  const m = rec[g + S.flushMemory] * rec[g + S.mixDecay] + (oiBefore > 0 ? (mixShift * removed) / oiBefore : 0);
  rec[g + S.flushMemory] = m < 1 ? m : 1;
  recentre(rec, o, run, lnC);
  renormalise(rec, o + record.longBins, g, K, S.scaleLong, S.poolLong);
  renormalise(rec, o + record.shortBins, g, K, S.scaleShort, S.poolShort);
  open(rec, o, cls, i * CLASSES_WIDTH, run, lnC, opened, leveraged);
  rec[g + S.openInterest] += opened;
  return opened - closed;
}

/** Scales both sides and the open interest by (1 − f): a share f of every position closes. */
export function closeShare(rec: Float64Array, g: number, f: number): void {
  const keep = f < 1 ? 1 - f : 0;
  rec[g + S.scaleLong] *= keep;
  rec[g + S.scaleShort] *= keep;
  rec[g + S.openInterest] *= keep;
}

/**
 * Opens `contracts` new contracts (both sides) at log price lnP with the path's current mix
 * (its record at rec[o …], its classes at cls[c …]): a share 1 − λ unleveraged (the pools), the
 * rest by class at its liquidation price.
 */
export function open(rec: Float64Array, o: number, cls: Float64Array, c: number, run: LeverageRun, lnP: number, contracts: number, leveraged: number): void {
  if (!(contracts > 0)) return;
  const { K, h, J, wLong, wShort, wFlush, record } = run;
  const g = o + record.scalars;
  const longs = o + record.longBins;
  const shorts = o + record.shortBins;
  const cw = CLASS.width;
  const cl = c + CLASS.long;
  const cs = c + CLASS.short;
  const m = rec[g + S.flushMemory];
  const inL = 1 / rec[g + S.scaleLong];
  const inS = 1 / rec[g + S.scaleShort];
  const baseL = rec[g + S.baseLong];
  const baseS = rec[g + S.baseShort];
  let poolL = (1 - leveraged) * contracts;
  rec[g + S.poolShort] += (1 - leveraged) * contracts * inS;
  for (let j = 0; j < J; j++) {
    const nl = leveraged * contracts * ((1 - m) * wLong[j] + m * wFlush[j]);
    const ns = leveraged * contracts * ((1 - m) * wShort[j] + m * wFlush[j]);
    const dl = cls[cl + j * cw];
    if (dl === -Infinity) poolL += nl;
    else if (nl > 0) {
      const b = book.addPositions(rec, longs, K, baseL, h, lnP + dl, nl * inL);
      if (b > rec[g + S.nearLong]) rec[g + S.nearLong] = b;
    }
    if (ns > 0) {
      const b = book.addPositions(rec, shorts, K, baseS, h, lnP + cls[cs + j * cw], ns * inS);
      if (b < rec[g + S.nearShort]) rec[g + S.nearShort] = b;
    }
  }
  rec[g + S.poolLong] += poolL * inL;
}
