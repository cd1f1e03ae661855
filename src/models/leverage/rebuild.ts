import * as book from './book.js';
import { recentre, renormaliseAll } from './grid.js';
import { CLASS, SCALARS as S, VENUE, type LeverageRun } from './layout.js';

/*
 * After the cascades (README.md, step 4), venue by venue: deleveraging in proportion to the
 * venue's flush, turnover, the rebuild toward the venue's target open interest, the flush
 * memory m that shifts its new positions toward the post-flush mix, and the new positions
 * opened at the close.
 */

/**
 * Path i (its record at rec[o …], its classes at cls[i·run.classesStride …]) after its cascades
 * removed run.day.venueRemoved[u] contracts (R_v) of the oiBefore[u] venue u had, at close
 * lnC: per venue, closes c·R_v pairs (deleverageRatio), turns over, rebuilds, updates m_v;
 * moves the grids; and opens the new positions (a share `leveraged` by class). Returns the net
 * new contracts, all venues: opened − closed.
 */
export function afterFlush(rec: Float64Array, cls: Float64Array, i: number, o: number, run: LeverageRun, lnC: number, oiBefore: Float64Array, deleverageRatio: number, targetShare: number, leveraged: number, mixShift: number): number {
  const { V, record } = run;
  const g = o + record.scalars;
  const removedBy = run.day.venueRemoved;
  const opened = run.opened;
  let net = 0;
  for (let u = 0; u < V; u++) {
    const at = o + record.venues + u * VENUE.width;
    const removed = removedBy[u];
    // each a share of every position closing, both sides; then new positions at the close
    let closed = 0;
    const before = rec[at + VENUE.openInterest];
    if (removed > 0 && before > 0) {
      const f = Math.min(1, (deleverageRatio * removed) / before);
      closed += f * before;
      closeShare(rec, at, f);
    }
    // the rebuild closes a share of the gap to the target; turnover closes and reopens (net 0)
    const gap = (targetShare * rec[at + VENUE.openInterestStart] - rec[at + VENUE.openInterest]) * rec[g + S.rebuild];
    const turnover = rec[g + S.turnover] * rec[at + VENUE.openInterest];
    closed += turnover;
    closeShare(rec, at, rec[g + S.turnover]);
    if (gap < 0 && rec[at + VENUE.openInterest] > 0) {
      closed -= gap;
      closeShare(rec, at, -gap / rec[at + VENUE.openInterest]);
    }
    opened[u] = turnover + (gap > 0 ? gap : 0);
    const m = rec[at + VENUE.flushMemory] * rec[g + S.mixDecay] + (oiBefore[u] > 0 ? (mixShift * removed) / oiBefore[u] : 0);
    rec[at + VENUE.flushMemory] = m < 1 ? m : 1;
    net += opened[u] - closed;
  }
  recentre(rec, o, run, lnC);
  renormaliseAll(rec, o, run);
  open(rec, o, cls, i * run.classesStride, run, lnC, opened, leveraged);
  for (let u = 0; u < V; u++) rec[o + record.venues + u * VENUE.width + VENUE.openInterest] += opened[u];
  return net;
}

/** Scales both sides of a venue (its scalars at rec[at …]) and its open interest by (1 − f): a share f of every position closes. */
export function closeShare(rec: Float64Array, at: number, f: number): void {
  const keep = f < 1 ? 1 - f : 0;
  rec[at + VENUE.scaleLong] *= keep;
  rec[at + VENUE.scaleShort] *= keep;
  rec[at + VENUE.openInterest] *= keep;
}

/**
 * Opens contracts[u] new contracts (both sides) on each venue u at log price lnP with the
 * venue's current mix (the path's record at rec[o …], its classes at cls[c …]): a share 1 − λ
 * unleveraged (the pools), the rest by class at its liquidation price. A class's liquidation
 * price falls in the same grid bin on every venue: the bins are found once, then each venue
 * takes its classes in order with its scale, memory and lot in locals (each venue's slot of a
 * bin, and its pool, receives the same additions in the same order as class by class).
 */
export function open(rec: Float64Array, o: number, cls: Float64Array, c: number, run: LeverageRun, lnP: number, contracts: Float64Array, leveraged: number): void {
  const { K, V, h, J, wLong, wShort, wFlush, record, capacity, openLnLong, openLnShort, openBinLong, openBinShort } = run;
  const g = o + record.scalars;
  const vs = o + record.venues;
  const longs = o + record.longBins;
  const shorts = o + record.shortBins;
  const cw = CLASS.width;
  const baseL = rec[g + S.baseLong];
  const baseS = rec[g + S.baseShort];
  let nearL = rec[g + S.nearLong];
  let nearS = rec[g + S.nearShort];
  for (let j = 0; j < J; j++) {
    const dl = cls[c + j * cw + CLASS.long];
    const lnL = lnP + dl;
    const lnS = lnP + cls[c + j * cw + CLASS.short];
    openLnLong[j] = lnL;
    openLnShort[j] = lnS;
    // a 1× long is never liquidated: −1 sends it to the pool
    openBinLong[j] = dl === -Infinity ? -1 : book.binOf(lnL, baseL, h, K);
    openBinShort[j] = book.binOf(lnS, baseS, h, K);
  }
  for (let u = 0; u < V; u++) {
    const n = contracts[u];
    if (!(n > 0)) continue;
    const at = vs + u * VENUE.width;
    const inL = 1 / rec[at + VENUE.scaleLong];
    const inS = 1 / rec[at + VENUE.scaleShort];
    const m = rec[at + VENUE.flushMemory];
    const keep = 1 - m;
    const lots = leveraged * n;
    let poolL = rec[at + VENUE.poolLong] + (1 - leveraged) * n * inL;
    rec[at + VENUE.poolShort] += (1 - leveraged) * n * inS;
    const w0 = u * capacity;
    for (let j = 0; j < J; j++) {
      const flush = wFlush[j];
      const nl = lots * (keep * wLong[w0 + j] + m * flush);
      const ns = lots * (keep * wShort[w0 + j] + m * flush);
      if (nl > 0) {
        const bl = openBinLong[j];
        if (bl < 0) poolL += nl * inL;
        else {
          const x = longs + 2 * (bl * V + u);
          const stored = nl * inL;
          rec[x] += stored;
          rec[x + 1] += stored * openLnLong[j];
          if (bl > nearL) nearL = bl;
        }
      }
      if (ns > 0) {
        const bs = openBinShort[j];
        const x = shorts + 2 * (bs * V + u);
        const stored = ns * inS;
        rec[x] += stored;
        rec[x + 1] += stored * openLnShort[j];
        if (bs < nearS) nearS = bs;
      }
    }
    rec[at + VENUE.poolLong] = poolL;
  }
  rec[g + S.nearLong] = nearL;
  rec[g + S.nearShort] = nearS;
}
