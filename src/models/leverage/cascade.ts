import * as book from './book.js';
import { SCALARS as S, VENUE, type LeverageRun } from './layout.js';

/*
 * A path-step's two liquidation cascades (README.md, step 2): one per side, the side against
 * the step's net move first; each is book.cascadeLeg on that side's bins (every venue's, in one
 * price), then the bookkeeping that follows, venue by venue. Totals go to run.day (one reused
 * object).
 */

// bound once: the loop then reads a plain binding, not a module-namespace property
const cascadeLeg = book.cascadeLeg;

/**
 * The cascades of the path whose record starts at o, from the previous close lnA to the
 * market's pre-cascade price lnB, with the step's pre-cascade low and high; v, sigma, y: the
 * impact law's depth V_c, σ_d and Y; rem: the share of remaining margin paid into the fund;
 * gap: γ. First each venue's fund floor for the step, F_v·(1 − d_v) (its ADL rule). Fills run.day.
 */
export function cascadeDay(rec: Float64Array, o: number, run: LeverageRun, lnA: number, lnB: number, lo: number, hi: number, v: number, sigma: number, y: number, rem: number, gap: number): void {
  const day = run.day;
  const r = run.leg;
  const V = run.V;
  const vs0 = o + run.record.venues;
  for (let u = 0; u < V; u++) rec[vs0 + u * VENUE.width + VENUE.fundFloor] = rec[vs0 + u * VENUE.width + VENUE.fund] * (1 - run.fundDraw[u]);
  let impactL = 0;
  let impactS = 0;
  let removed = 0;
  let longUsd = 0;
  let shortUsd = 0;
  let adlUsd = 0;
  const vRemoved = day.venueRemoved;
  const vAdlUsd = day.venueAdlUsd;
  for (let u = 0; u < V; u++) {
    vRemoved[u] = 0;
    vAdlUsd[u] = 0;
  }
  // the leg against the step's net move first: a down step's high comes before its low
  for (let k = 0; k < 2; k++) {
    const sg = (k === 0) === (lnB < lnA) ? -1 : 1;
    removed += liquidateSide(rec, o, run, sg, sg > 0 ? lo : hi, v, sigma, y, rem, gap);
    const sideUsd = sg > 0 ? day.venueLongUsd : day.venueShortUsd;
    if (sg > 0) {
      impactL = r.impact;
      longUsd = r.usd;
    } else {
      impactS = r.impact;
      shortUsd = r.usd;
    }
    adlUsd += r.adlUsd;
    for (let u = 0; u < V; u++) {
      sideUsd[u] = r.venueUsd[u];
      vRemoved[u] += r.venueContracts[u] + r.venueAdlContracts[u];
      vAdlUsd[u] += r.venueAdlUsd[u];
    }
  }
  day.impactLong = impactL;
  day.impactShort = impactS;
  day.removed = removed;
  day.longUsd = longUsd;
  day.shortUsd = shortUsd;
  day.adlUsd = adlUsd;
}

/**
 * One side's cascade (sg = +1 longs from the low `ext`, −1 shorts from the high; its totals in
 * run.leg), then the bookkeeping that follows on each venue: the counterparties of every closed
 * contract leave the venue's other side pro rata, and its open interest falls by the contracts
 * closed. Returns those contracts, all venues.
 */
export function liquidateSide(rec: Float64Array, o: number, run: LeverageRun, sg: number, ext: number, v: number, sigma: number, y: number, remaining: number, gap: number): number {
  const { K, V, h, record } = run;
  const g = o + record.scalars;
  const mine = sg > 0 ? o + record.longBins : o + record.shortBins;
  const near = sg > 0 ? S.nearLong : S.nearShort;
  const r = run.leg;
  const vs = sg > 0 ? run.longVenues : run.shortVenues;
  vs.venues = o + record.venues;
  cascadeLeg(r, rec, mine, K, V, rec[g + near], rec[g + (sg > 0 ? S.baseLong : S.baseShort)], h, vs, sg, ext, v, sigma, y, rec[g + (sg > 0 ? S.bankruptLong : S.bankruptShort)], remaining, gap);
  rec[g + near] = r.next;
  const other = sg > 0 ? VENUE.scaleShort : VENUE.scaleLong;
  for (let u = 0; u < V; u++) {
    const removed = r.venueContracts[u] + r.venueAdlContracts[u];
    const at = vs.venues + u * VENUE.width;
    const oi = rec[at + VENUE.openInterest];
    if (removed > 0 && oi > 0) {
      const keep = removed < oi ? (oi - removed) / oi : 0;
      rec[at + other] *= keep;
      rec[at + VENUE.openInterest] = oi - removed > 0 ? oi - removed : 0;
    }
  }
  return r.contracts + r.adlContracts;
}
