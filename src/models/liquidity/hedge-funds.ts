import * as pecking from '../../finance/pecking-order-sales.js';
import { N, PATH, STRATEGIC } from './layout.js';

// offsets in the path record, bound once: constants in the path loops (layout.ts)
const atHfAdjust = PATH.hfAdjust;
const atHfEquity = PATH.hfEquity;
const atHfExposure = PATH.hfExposure;
const atHfLeverage = PATH.hfLeverage;
const atHfRedemptions = PATH.hfRedemptions;
const atHfTarget = PATH.hfTarget;
const atLeverageStep = PATH.leverageStep;
const atRoundSales = PATH.roundSales;
const HF_STAKE = PATH.strategic + STRATEGIC.hedgeFunds;

// bound once: the path loop then reads a plain binding
const peckingOrderSales = pecking.peckingOrderSales;

/**
 * Hedge funds trade toward their step's leverage target only when exposure is off it by more
 * than this share (funds do not rebalance every basis point; it also spares the iteration on
 * quiet days).
 */
export const REBALANCE_BAND = 0.02;

/**
 * Sets the hedge funds' equity to `equity` (floored at 0) after a gain or loss, and marks the
 * strategic holder's stake with it: between redemptions the stake is a fixed share of equity.
 */
export function markHedgeFunds(rec: Float64Array, o: number, equity: number): void {
  const before = rec[o + atHfEquity];
  const e = equity > 0 ? equity : 0;
  rec[o + atHfEquity] = e;
  rec[o + HF_STAKE] = before > 0 ? rec[o + HF_STAKE] * (e / before) : 0;
}

/**
 * The funds pay out `paid` of redemptions: equity falls by it. The strategic holder's own
 * redemptions were taken off its stake when it sold; other investors' leave its stake as it is
 * (its share of the funds grows), capped at the funds' equity.
 */
export function redeemHedgeFunds(rec: Float64Array, o: number, paid: number): void {
  const e = rec[o + atHfEquity] - paid;
  rec[o + atHfEquity] = e > 0 ? e : 0;
  if (rec[o + HF_STAKE] > rec[o + atHfEquity]) rec[o + HF_STAKE] = rec[o + atHfEquity];
}

/**
 * Outside investors' redemptions after the step's marking: ρ·(loss/E − ℓ₀)·E when the funds
 * lost more than ℓ₀ of their equity E (`equityBefore`), else 0.
 */
export function redemptionsAfterLoss(equityBefore: number, gain: number, threshold: number, perLoss: number): number {
  const loss = equityBefore > 0 ? -gain / equityBefore - threshold : 0;
  return loss > 0 ? perLoss * loss * equityBefore : 0;
}

/** The step's leverage target: a share 1 − (1 − a)^Δ of the way from the funds' leverage now back to λ*. */
export function stepLeverage(rec: Float64Array, o: number): number {
  let exposure = 0;
  for (let j = 0; j < N; j++) exposure += rec[o + atHfExposure + j];
  const hfE = rec[o + atHfEquity];
  const leverageNow = hfE > 0 ? exposure / hfE : 0;
  return leverageNow + rec[o + atHfAdjust] * (rec[o + atHfTarget] - leverageNow);
}

/**
 * The hedge funds' part of round k, on the paths still iterating (`active[0..count)`): pay the
 * redemptions still owed by selling in conviction order `order`, then trade toward the step's
 * leverage (decided in the first round: the step's target when exposure is off it by more than
 * the band, else where they are); later rounds sell what impact losses add. Funds wiped out
 * sell everything. Their sales are added to the round's (rec roundSales); `sales` is scratch.
 */
export function hedgeFundSales(rec: Float64Array, active: Int32Array, count: number, k: number, order: Int32Array, sales: Float64Array): void {
  const W = PATH.width;
  for (let a = 0; a < count; a++) {
    const o = active[a] * W;
    const X = o + atHfExposure;
    const S = o + atRoundSales;
    const E = o + atHfEquity;
    if (!(rec[E] > 0)) {
      // wiped out: everything is sold
      for (let j = 0; j < N; j++) {
        rec[S + j] += rec[X + j];
        rec[X + j] = 0;
      }
      continue;
    }
    const redemptions = rec[o + atHfRedemptions];
    if (redemptions > 0) {
      const paid = peckingOrderSales(rec, X, order, null, 0, redemptions, sales, 0);
      rec[o + atHfRedemptions] = redemptions - paid;
      for (let j = 0; j < N; j++) {
        rec[S + j] += sales[j];
        rec[X + j] -= sales[j];
      }
      redeemHedgeFunds(rec, o, paid);
    }
    let x = 0;
    for (let j = 0; j < N; j++) x += rec[X + j];
    const target = rec[o + atLeverageStep];
    if (k === 0) rec[o + atHfLeverage] = rec[E] > 0 && Math.abs(x - target * rec[E]) <= REBALANCE_BAND * x ? x / rec[E] : target;
    const excess = x - rec[o + atHfLeverage] * rec[E];
    if (excess > 0) {
      peckingOrderSales(rec, X, order, null, 0, excess, sales, 0);
      for (let j = 0; j < N; j++) {
        rec[S + j] += sales[j];
        rec[X + j] -= sales[j];
      }
    } else if (k === 0 && excess < 0 && x > 0) {
      // re-levering after gains: buy back pro rata (only in the first round: a choice, not a need)
      for (let j = 0; j < N; j++) {
        const b = (-excess * rec[X + j]) / x;
        rec[S + j] -= b;
        rec[X + j] += b;
      }
    }
  }
}
