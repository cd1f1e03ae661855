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
 * Path i (its record at rec[o …], its classes at cls[i·run.classesWidth …]) after its cascades
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
  for (let u = 0; u < V; u++) {
    open(rec, o, u, cls, i * run.classesWidth, run, lnC, opened[u], leveraged);
    rec[o + record.venues + u * VENUE.width + VENUE.openInterest] += opened[u];
  }
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
 * Opens `contracts` new contracts (both sides) on venue u at log price lnP with the venue's
 * current mix (the path's record at rec[o …], its classes at cls[c …]): a share 1 − λ
 * unleveraged (the pools), the rest by class at its liquidation price.
 */
export function open(rec: Float64Array, o: number, u: number, cls: Float64Array, c: number, run: LeverageRun, lnP: number, contracts: number, leveraged: number): void {
  if (!(contracts > 0)) return;
  const { K, V, h, J, wLong, wShort, wFlush, record, capacity } = run;
  const g = o + record.scalars;
  const at = o + record.venues + u * VENUE.width;
  const longs = o + record.longBins;
  const shorts = o + record.shortBins;
  const cw = CLASS.width;
  const cl = c + CLASS.long;
  const cs = c + CLASS.short;
  const w0 = u * capacity;
  const m = rec[at + VENUE.flushMemory];
  const inL = 1 / rec[at + VENUE.scaleLong];
  const inS = 1 / rec[at + VENUE.scaleShort];
  const baseL = rec[g + S.baseLong];
  const baseS = rec[g + S.baseShort];
  let nearL = rec[g + S.nearLong];
  let nearS = rec[g + S.nearShort];
  let poolL = (1 - leveraged) * contracts;
  rec[at + VENUE.poolShort] += (1 - leveraged) * contracts * inS;
  for (let j = 0; j < J; j++) {
    const nl = leveraged * contracts * ((1 - m) * wLong[w0 + j] + m * wFlush[j]);
    const ns = leveraged * contracts * ((1 - m) * wShort[w0 + j] + m * wFlush[j]);
    const dl = cls[cl + j * cw];
    if (dl === -Infinity) poolL += nl;
    else if (nl > 0) {
      const b = book.addPositions(rec, longs, K, V, u, baseL, h, lnP + dl, nl * inL);
      if (b > nearL) nearL = b;
    }
    if (ns > 0) {
      const b = book.addPositions(rec, shorts, K, V, u, baseS, h, lnP + cls[cs + j * cw], ns * inS);
      if (b < nearS) nearS = b;
    }
  }
  rec[g + S.nearLong] = nearL;
  rec[g + S.nearShort] = nearS;
  rec[at + VENUE.poolLong] += poolL * inL;
}
