import { exp } from '../../engine/exp.js';
import * as impactLaw from '../../finance/square-root-impact.js';
import * as impactAverage from '../../finance/square-root-impact-average.js';

/*
 * The arithmetic of one side of the liquidation book of one path. A side is K bins on an
 * absolute grid of log liquidation price: bin j holds the positions whose liquidation log
 * price rounds to (base + j)·h. Per bin it keeps the contracts (BTC), at rec[s + 2j], and
 * their first moment, contracts × liquidation log price, beside them at rec[s + 2j + 1] (one
 * cache line for both: the scan and new positions touch them together): the bin's level
 * (moment/contracts) is the contract-weighted mean of real liquidation prices, so rounding to
 * the grid never moves a position across the price. Both are stored divided by a per-side
 * scale, so that closing a share of every position (turnover, counterparties, deleveraging)
 * is one multiplication. README.md has the equations.
 */

// bound once: the loop then reads plain bindings, not module-namespace properties
const sqrtImpactLogReturn = impactLaw.sqrtImpactLogReturn;
const sqrtImpactSliceAverage = impactAverage.sqrtImpactSliceAverage;

/** What a {@link cascadeLeg} found: one reused object per block workspace (layout.ts), so no allocation per leg. */
export class LegResult {
  /** Log price the leg ends at: the pre-cascade extreme plus the cascade's impact. */
  x = 0;
  /** The cascade's own impact on the log price, I(Q) (≤ 0 for longs, ≥ 0 for shorts). */
  impact = 0;
  /** Contracts liquidated in the market, and their value at their liquidation prices (USD). */
  contracts = 0;
  usd = 0;
  /** Contracts auto-deleveraged (closed at their bankruptcy price against the other side), and their value there. */
  adlContracts = 0;
  adlUsd = 0;
  /** The insurance fund after the leg. */
  fund = 0;
  /** Non-empty bins the leg liquidated (each at most once). */
  bins = 0;
  /** Where a later scan may start: no position lies nearer the price than this bin (−1 or K: none left). */
  next = 0;
}

/**
 * Liquidates one side of a path's book at the step's pre-cascade extreme and solves the
 * cascade's fixed point: positions whose liquidation price the price has reached are closed
 * by market orders, in the order they trigger (nearest first); their cumulative notional Q
 * moves the log price from the extreme by the square-root law I(Q), which can reach further
 * bins, until the first bin it does not reach. Each order fills at its trigger price (the bin
 * centre if the market's own move crossed it, else the cascade price when its turn came)
 * moved by the average impact of its own slice of the queue; in a fast move (gap > 0) an order
 * the market's move crossed triggers a share `gap` of the way from its level to the extreme,
 * as books empty and liquidation engines fall behind. A fill beyond the bankruptcy
 * price is a loss the insurance fund pays; what the fund cannot pay is not sent to the market
 * but auto-deleveraged: closed at the bankruptcy price against the opposite side (no impact).
 *
 * The scan visits bins in trigger order and stops at the first one not reached, so it ends
 * after at most K bins; it gives the same set as repeating rounds of "liquidate every bin
 * reached, recompute the price" (the monotone iteration of the cascade map), see README.md.
 *
 * One function of ~90 lines on purpose: it is the model's hot loop (per path, side and bin);
 * its running totals stay in locals across the scan, and are written to `out` once at the end.
 *
 * @param out - receives the leg's totals
 * @param rec - the path's record; the side's 2K doubles from rec[s]: contracts and moment of each bin in turn
 * @param start - the bin the scan starts at: no position lies nearer the price (K − 1 or 0 for the whole side)
 * @param base - grid index of bin 0; bin j spans log prices (base + j ± ½)·h
 * @param scale - contracts per stored unit
 * @param sg - +1 for longs (sell orders, price falls), −1 for shorts (buy orders, price rises)
 * @param ext - the pre-cascade extreme (log price): the step's low for longs, high for shorts
 * @param v - V_c, depth of the impact law (USD per step)
 * @param sigma - σ_d of the impact law
 * @param y - Y of the impact law
 * @param bankruptFactor - bankruptcy over liquidation price: 1 − mmr for longs, 1 + mmr for shorts
 * @param fund - the insurance fund before the leg (USD)
 * @param remainingToFund - share of a fill's remaining margin paid into the fund
 * @param gap - γ ∈ [0, 1]: how far past its level the market's own move carries an order before it triggers
 */
export function cascadeLeg(
  out: LegResult,
  rec: Float64Array,
  s: number,
  K: number,
  start: number,
  base: number,
  h: number,
  scale: number,
  sg: number,
  ext: number,
  v: number,
  sigma: number,
  y: number,
  bankruptFactor: number,
  fund: number,
  remainingToFund: number,
  gap: number,
): void {
  let x = ext;
  let q = 0;
  let i0 = 0;
  let contracts = 0;
  let usd = 0;
  let adlContracts = 0;
  let adlUsd = 0;
  let bins = 0;
  let j = start;
  for (; j >= 0 && j < K; j -= sg) {
    const stored = rec[s + 2 * j];
    if (stored === 0) {
      // an empty bin whose near edge the price has not reached: nothing beyond it is reached
      if (sg * ((base + j + 0.5 * sg) * h - x) < 0) break;
      continue;
    }
    const c = rec[s + 2 * j + 1] / stored; // the bin's level: mean liquidation log price
    if (sg * (c - x) < 0) break; // not reached: neither is any bin beyond it
    rec[s + 2 * j] = 0;
    rec[s + 2 * j + 1] = 0;
    bins++;
    const n = stored * scale;
    const pLiq = exp(c);
    const value = n * pLiq;
    let q1 = q + value;
    let i1 = sqrtImpactLogReturn(sg * q1, v, sigma, y);
    // the trigger price: the bin's level when the market's move crossed it (a share γ of the
    // way to the extreme in a fast move), else the cascade's price when the queue reached it,
    // if that is already past the level
    const crossedByMarket = sg * (c - ext) >= 0;
    const reached = ext + i0;
    const trigger = crossedByMarket ? c + gap * (ext - c) : sg > 0 ? (reached < c ? reached : c) : reached > c ? reached : c;
    const fill = trigger + sqrtImpactSliceAverage(sg * q, i0, sg * q1, i1) - i0;
    const pBankrupt = pLiq * bankruptFactor;
    // the position's loss beyond its margin (> 0), or the margin left at the fill (< 0)
    const loss = sg * (pBankrupt - exp(fill)) * n;
    let executed = 1;
    if (loss <= 0) fund -= loss * remainingToFund;
    else if (fund >= loss) fund -= loss;
    else {
      executed = fund / loss;
      fund = 0;
      q1 = q + executed * value;
      i1 = sqrtImpactLogReturn(sg * q1, v, sigma, y);
      adlContracts += (1 - executed) * n;
      adlUsd += (1 - executed) * n * pBankrupt;
    }
    contracts += executed * n;
    usd += executed * value;
    q = q1;
    i0 = i1;
    x = ext + i1;
  }
  out.x = x;
  out.impact = i0;
  out.contracts = contracts;
  out.usd = usd;
  out.adlContracts = adlContracts;
  out.adlUsd = adlUsd;
  out.fund = fund;
  out.bins = bins;
  out.next = j;
}

/**
 * Moves a side's grid by `shift` bins (bin j takes what bin j + shift held), contracts and
 * moments; contents that would fall off either end are merged into the end bin, so no
 * contract is lost (its level stays the mean of its positions).
 */
export function shiftBook(rec: Float64Array, s: number, K: number, shift: number): void {
  shiftRow(rec, s, K, shift);
  shiftRow(rec, s + 1, K, shift);
}

/** Shifts the K values at rec[o], rec[o + 2], … (one of a bin's two fields) by s bins. */
function shiftRow(rec: Float64Array, o: number, K: number, s: number): void {
  if (s > 0) {
    let merged = 0;
    for (let j = 0; j < s && j < K; j++) merged += rec[o + 2 * j];
    for (let j = 0; j + s < K; j++) rec[o + 2 * j] = rec[o + 2 * (j + s)];
    for (let j = K - s > 0 ? K - s : 0; j < K; j++) rec[o + 2 * j] = 0;
    rec[o] += merged;
  } else if (s < 0) {
    const t = -s;
    let merged = 0;
    for (let j = K - t > 0 ? K - t : 0; j < K; j++) merged += rec[o + 2 * j];
    for (let j = K - 1; j - t >= 0; j--) rec[o + 2 * j] = rec[o + 2 * (j - t)];
    for (let j = 0; j < t && j < K; j++) rec[o + 2 * j] = 0;
    rec[o + 2 * (K - 1)] += merged;
  }
}

/** Adds `stored` units (contracts / scale) at liquidation log price lnLiq to the side at rec[s …]; returns the bin. */
export function addPositions(rec: Float64Array, s: number, K: number, base: number, h: number, lnLiq: number, stored: number): number {
  const j = binOf(lnLiq, base, h, K);
  rec[s + 2 * j] += stored;
  rec[s + 2 * j + 1] += stored * lnLiq;
  return j;
}

/** Sum of a side's stored contracts (times its scale: contracts). */
export function bookContracts(rec: Float64Array, s: number, K: number, scale: number): number {
  let sum = 0;
  for (let j = 0; j < K; j++) sum += rec[s + 2 * j];
  return sum * scale;
}

/**
 * The bin index of a liquidation log price on a side whose bin 0 is grid index `base`,
 * clipped into the grid (positions beyond its reach are kept in its end bin).
 */
export function binOf(lnLiq: number, base: number, h: number, K: number): number {
  const j = Math.round(lnLiq / h) - base;
  return j < 0 ? 0 : j >= K ? K - 1 : j;
}
