import * as book from './book.js';
import { SCALARS as S, type LeverageRun } from './layout.js';

/*
 * A path-step's two liquidation cascades (README.md, step 2): one per side, the side against
 * the step's net move first; each is book.cascadeLeg on that side's bins, then the bookkeeping
 * that follows. Totals go to run.day (one reused object).
 */

// bound once: the loop then reads a plain binding, not a module-namespace property
const cascadeLeg = book.cascadeLeg;

/**
 * The cascades of the path whose record starts at o, from the previous close lnA to the
 * market's pre-cascade price lnB, with the step's pre-cascade low and high; v, sigma, y: the
 * impact law's depth V_c, σ_d and Y; rem: the share of remaining margin paid into the fund;
 * gap: γ. Fills run.day.
 */
export function cascadeDay(rec: Float64Array, o: number, run: LeverageRun, lnA: number, lnB: number, lo: number, hi: number, v: number, sigma: number, y: number, rem: number, gap: number): void {
  const day = run.day;
  const r = run.leg;
  let impactL = 0;
  let impactS = 0;
  let removed = 0;
  let longUsd = 0;
  let shortUsd = 0;
  let adlUsd = 0;
  // the leg against the step's net move first: a down step's high comes before its low
  for (let k = 0; k < 2; k++) {
    const sg = (k === 0) === (lnB < lnA) ? -1 : 1;
    removed += liquidateSide(rec, o, run, sg, sg > 0 ? lo : hi, v, sigma, y, rem, gap);
    if (sg > 0) {
      impactL = r.impact;
      longUsd = r.usd;
    } else {
      impactS = r.impact;
      shortUsd = r.usd;
    }
    adlUsd += r.adlUsd;
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
 * run.leg), then the bookkeeping that follows: the counterparties of every closed contract
 * leave the other side pro rata, and the open interest falls by the contracts closed.
 * Returns those contracts.
 */
export function liquidateSide(rec: Float64Array, o: number, run: LeverageRun, sg: number, ext: number, v: number, sigma: number, y: number, remaining: number, gap: number): number {
  const { K, h, record } = run;
  const g = o + record.scalars;
  const mine = sg > 0 ? o + record.longBins : o + record.shortBins;
  const near = sg > 0 ? S.nearLong : S.nearShort;
  const r = run.leg;
  cascadeLeg(r, rec, mine, K, rec[g + near], rec[g + (sg > 0 ? S.baseLong : S.baseShort)], h, rec[g + (sg > 0 ? S.scaleLong : S.scaleShort)], sg, ext, v, sigma, y, rec[g + (sg > 0 ? S.bankruptLong : S.bankruptShort)], rec[g + S.fund], remaining, gap);
  rec[g + S.fund] = r.fund;
  rec[g + near] = r.next;
  const removed = r.contracts + r.adlContracts;
  const oi = rec[g + S.openInterest];
  if (removed > 0 && oi > 0) {
    const keep = removed < oi ? (oi - removed) / oi : 0;
    rec[g + (sg > 0 ? S.scaleShort : S.scaleLong)] *= keep;
    rec[g + S.openInterest] = oi - removed > 0 ? oi - removed : 0;
  }
  return removed;
}
