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
 * unleveraged (the pools), the rest by class at its liquidation price. Classes outside, venues
 * inside: a class's liquidation price falls in the same grid bin on every venue, whose slots sit
 * side by side.
 */
export function open(rec: Float64Array, o: number, cls: Float64Array, c: number, run: LeverageRun, lnP: number, contracts: Float64Array, leveraged: number): void {
  const { K, V, h, J, wLong, wShort, wFlush, record, capacity } = run;
  const g = o + record.scalars;
  const vs = o + record.venues;
  const longs = o + record.longBins;
  const shorts = o + record.shortBins;
  const cw = CLASS.width;
  const baseL = rec[g + S.baseLong];
  const baseS = rec[g + S.baseShort];
  let nearL = rec[g + S.nearLong];
  let nearS = rec[g + S.nearShort];
  // per venue, bound once for every class: 1/scale a side, λ·n, the flush memory m and 1 − m
  const { inL, inS, lots, memory, memoryKeep } = run;
  for (let u = 0; u < V; u++) {
    const at = vs + u * VENUE.width;
    inL[u] = 1 / rec[at + VENUE.scaleLong];
    inS[u] = 1 / rec[at + VENUE.scaleShort];
    const m = rec[at + VENUE.flushMemory];
    memory[u] = m;
    memoryKeep[u] = 1 - m;
    lots[u] = leveraged * contracts[u];
    if (!(contracts[u] > 0)) continue;
    rec[at + VENUE.poolLong] += (1 - leveraged) * contracts[u] * inL[u];
    rec[at + VENUE.poolShort] += (1 - leveraged) * contracts[u] * inS[u];
  }
  for (let j = 0; j < J; j++) {
    const dl = cls[c + j * cw + CLASS.long];
    const lnL = lnP + dl;
    const lnS = lnP + cls[c + j * cw + CLASS.short];
    const bl = dl === -Infinity ? -1 : book.binOf(lnL, baseL, h, K);
    const bs = book.binOf(lnS, baseS, h, K);
    const flush = wFlush[j];
    let anyL = false;
    let anyS = false;
    for (let u = 0; u < V; u++) {
      if (!(contracts[u] > 0)) continue;
      const at = vs + u * VENUE.width;
      const m = memory[u];
      const nl = lots[u] * (memoryKeep[u] * wLong[u * capacity + j] + m * flush);
      const ns = lots[u] * (memoryKeep[u] * wShort[u * capacity + j] + m * flush);
      if (nl > 0) {
        // a 1× long is never liquidated: it joins the pool
        if (bl < 0) rec[at + VENUE.poolLong] += nl * inL[u];
        else {
          const x = longs + 2 * (bl * V + u);
          const stored = nl * inL[u];
          rec[x] += stored;
          rec[x + 1] += stored * lnL;
          anyL = true;
        }
      }
      if (ns > 0) {
        const x = shorts + 2 * (bs * V + u);
        const stored = ns * inS[u];
        rec[x] += stored;
        rec[x + 1] += stored * lnS;
        anyS = true;
      }
    }
    if (anyL && bl > nearL) nearL = bl;
    if (anyS && bs < nearS) nearS = bs;
  }
  rec[g + S.nearLong] = nearL;
  rec[g + S.nearShort] = nearS;
}
