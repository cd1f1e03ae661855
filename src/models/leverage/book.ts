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
  /** Contracts liquidated in the market, and their value at their liquidation prices (USD), all venues. */
  contracts = 0;
  usd = 0;
  /** Contracts auto-deleveraged (closed at their bankruptcy price against the other side), and their value there, all venues. */
  adlContracts = 0;
  adlUsd = 0;
  /** Non-empty venue bins the leg liquidated (each at most once). */
  bins = 0;
  /** Where a later scan may start: no position of any venue lies nearer the price than this bin (−1 or K: none left). */
  next = 0;
  /** The same four totals per venue. */
  readonly venueContracts: Float64Array;
  readonly venueUsd: Float64Array;
  readonly venueAdlContracts: Float64Array;
  readonly venueAdlUsd: Float64Array;

  constructor(V = 1) {
    this.venueContracts = new Float64Array(V);
    this.venueUsd = new Float64Array(V);
    this.venueAdlContracts = new Float64Array(V);
    this.venueAdlUsd = new Float64Array(V);
  }
}

/** Where a leg finds each venue's scalars: venue u's are at rec[venues + u·stride + field]. */
export interface VenueScalars {
  /** Offset of venue 0's scalars in the record, and the doubles between venues. */
  venues: number;
  stride: number;
  /** Offsets within a venue's scalars: the side's scale, the fund, and the fund's floor this step. */
  scale: number;
  fund: number;
  floor: number;
}

/**
 * Liquidates one side of a path's book — every venue's positions, meeting in one price — at
 * the step's pre-cascade extreme and solves the cascade's fixed point: positions whose
 * liquidation price the price has reached are closed by market orders, in the order they
 * trigger (nearest grid bin first); their cumulative notional Q moves the log price from the
 * extreme by the square-root law I(Q), which can reach further bins, until the first bin it
 * does not reach. Each order fills at its trigger price (the bin's level if the market's own
 * move crossed it, else the cascade price when its turn came) moved by the average impact of
 * its own slice of the queue; in a fast move (gap > 0) an order the market's move crossed
 * triggers a share `gap` of the way from its level to the extreme, as books empty and
 * liquidation engines fall behind. A fill beyond the bankruptcy price is a loss the venue's
 * insurance fund pays down to its floor for the step (the venue's ADL rule); the share of the
 * loss it cannot pay is not sent to the market but auto-deleveraged: closed at the bankruptcy
 * price against the opposite side of the same venue (no impact).
 *
 * Within one grid bin the venues' positions are taken in venue order, and a venue's bin not yet
 * reached is tried again once others in the same grid bin have moved the price; the scan stops
 * at the first grid bin that keeps a venue's positions unreached (every level beyond it is
 * lower for longs). So it ends after at most K grid bins, with the same set as repeating
 * rounds of "liquidate every position reached, recompute the price" (README.md).
 *
 * One function on purpose: it is the model's hot loop (per path, side and bin); its running
 * totals stay in locals across the scan, and are written to `out` once at the end.
 *
 * @param out - receives the leg's totals (and per venue)
 * @param rec - the path's record; the side's 2KV doubles from rec[s]: per grid bin, each venue's contracts and moment in turn
 * @param V - venues
 * @param start - the grid bin the scan starts at: no position lies nearer the price (K − 1 or 0 for the whole side)
 * @param base - grid index of bin 0; bin j spans log prices (base + j ± ½)·h
 * @param vs - where each venue's scale, fund and floor are
 * @param sg - +1 for longs (sell orders, price falls), −1 for shorts (buy orders, price rises)
 * @param ext - the pre-cascade extreme (log price): the step's low for longs, high for shorts
 * @param v - V_c, depth of the impact law (USD per step)
 * @param sigma - σ_d of the impact law
 * @param y - Y of the impact law
 * @param bankruptFactor - bankruptcy over liquidation price: 1 − mmr for longs, 1 + mmr for shorts
 * @param remainingToFund - share of a fill's remaining margin paid into the fund
 * @param gap - γ ∈ [0, 1]: how far past its level the market's own move carries an order before it triggers
 */
export function cascadeLeg(
  out: LegResult,
  rec: Float64Array,
  s: number,
  K: number,
  V: number,
  start: number,
  base: number,
  h: number,
  vs: VenueScalars,
  sg: number,
  ext: number,
  v: number,
  sigma: number,
  y: number,
  bankruptFactor: number,
  remainingToFund: number,
  gap: number,
): void {
  const vContracts = out.venueContracts;
  const vUsd = out.venueUsd;
  const vAdlContracts = out.venueAdlContracts;
  const vAdlUsd = out.venueAdlUsd;
  // a loop, not fill(): for a few venues the builtin's call costs more than the stores
  for (let u = 0; u < V; u++) {
    vContracts[u] = 0;
    vUsd[u] = 0;
    vAdlContracts[u] = 0;
    vAdlUsd[u] = 0;
  }
  const { venues, stride, scale: scaleAt, fund: fundAt, floor: floorAt } = vs;
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
    const row = s + 2 * j * V;
    let pending = 0;
    let filled = false;
    for (let pass = 0; pass < V; pass++) {
      let progressed = false;
      pending = 0;
      for (let u = 0; u < V; u++) {
        const stored = rec[row + 2 * u];
        if (stored === 0) continue;
        filled = true;
        const c = rec[row + 2 * u + 1] / stored; // the bin's level: mean liquidation log price
        if (sg * (c - x) < 0) {
          pending++;
          continue;
        }
        rec[row + 2 * u] = 0;
        rec[row + 2 * u + 1] = 0;
        bins++;
        progressed = true;
        const sc = venues + u * stride;
        const n = stored * rec[sc + scaleAt];
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
        let fund = rec[sc + fundAt];
        const floor = rec[sc + floorAt];
        let executed = 1;
        if (loss <= 0) fund -= loss * remainingToFund;
        else if (fund - floor >= loss) fund -= loss;
        else {
          // the venue's ADL rule: the fund pays down to its floor, the rest is deleveraged
          const available = fund > floor ? fund - floor : 0;
          executed = available / loss;
          fund -= available;
          q1 = q + executed * value;
          i1 = sqrtImpactLogReturn(sg * q1, v, sigma, y);
          const adl = (1 - executed) * n;
          adlContracts += adl;
          adlUsd += adl * pBankrupt;
          vAdlContracts[u] += adl;
          vAdlUsd[u] += adl * pBankrupt;
        }
        rec[sc + fundAt] = fund;
        contracts += executed * n;
        usd += executed * value;
        vContracts[u] += executed * n;
        vUsd[u] += executed * value;
        q = q1;
        i0 = i1;
        x = ext + i1;
      }
      if (pending === 0 || !progressed) break;
    }
    if (pending > 0) break; // a venue's positions here not reached: none beyond them is
    // an empty grid bin whose near edge the price has not reached: nothing beyond it is reached
    if (!filled && sg * ((base + j + 0.5 * sg) * h - x) < 0) break;
  }
  out.x = x;
  out.impact = i0;
  out.contracts = contracts;
  out.usd = usd;
  out.adlContracts = adlContracts;
  out.adlUsd = adlUsd;
  out.bins = bins;
  out.next = j;
}

/**
 * Moves a side's grid by `shift` bins (grid bin j takes what grid bin j + shift held), every
 * venue's contracts and moments; contents that would fall off either end are merged into the
 * end bin, so no contract is lost (its level stays the mean of its positions).
 *
 * A bin's 2V doubles are contiguous and so are the bins, so the move is one copyWithin of the
 * bins that stay (not one strided pass per venue and field). What falls off is first summed per
 * field, bin by bin, and added to the bin that will become the end bin before it moves: the
 * same sums and the same additions as merging after the move.
 */
export function shiftBook(rec: Float64Array, s: number, K: number, V: number, shift: number): void {
  const R = 2 * V;
  if (shift >= K || shift <= -K) {
    for (let f = 0; f < R; f++) shiftRow(rec, s + f, K, R, shift);
    return;
  }
  if (shift > 0) {
    // bins 0 … shift − 1 fall off the low end into what becomes bin 0 (now bin shift)
    for (let f = 0; f < R; f++) {
      let merged = 0;
      for (let j = 0; j < shift; j++) merged += rec[s + f + R * j];
      rec[s + f + R * shift] += merged;
    }
    rec.copyWithin(s, s + R * shift, s + R * K);
    rec.fill(0, s + R * (K - shift), s + R * K);
  } else if (shift < 0) {
    const t = -shift;
    // bins K − t … K − 1 fall off the high end into what becomes bin K − 1 (now bin K − 1 − t)
    for (let f = 0; f < R; f++) {
      let merged = 0;
      for (let j = K - t; j < K; j++) merged += rec[s + f + R * j];
      rec[s + f + R * (K - 1 - t)] += merged;
    }
    rec.copyWithin(s + R * t, s, s + R * (K - t));
    rec.fill(0, s, s + R * t);
  }
}

/** Shifts the K values at rec[o], rec[o + stride], … (one field of one venue's bins) by s bins (|s| ≥ K: all merge into one end bin). */
function shiftRow(rec: Float64Array, o: number, K: number, stride: number, s: number): void {
  if (s > 0) {
    let merged = 0;
    for (let j = 0; j < s && j < K; j++) merged += rec[o + stride * j];
    for (let j = 0; j + s < K; j++) rec[o + stride * j] = rec[o + stride * (j + s)];
    for (let j = K - s > 0 ? K - s : 0; j < K; j++) rec[o + stride * j] = 0;
    rec[o] += merged;
  } else if (s < 0) {
    const t = -s;
    let merged = 0;
    for (let j = K - t > 0 ? K - t : 0; j < K; j++) merged += rec[o + stride * j];
    for (let j = K - 1; j - t >= 0; j--) rec[o + stride * j] = rec[o + stride * (j - t)];
    for (let j = 0; j < t && j < K; j++) rec[o + stride * j] = 0;
    rec[o + stride * (K - 1)] += merged;
  }
}

/**
 * Adds `stored` units (contracts / scale) at liquidation log price lnLiq to venue u of the side
 * at rec[s …] (V venues); returns the grid bin.
 */
export function addPositions(rec: Float64Array, s: number, K: number, V: number, u: number, base: number, h: number, lnLiq: number, stored: number): number {
  const j = binOf(lnLiq, base, h, K);
  const at = s + 2 * (j * V + u);
  rec[at] += stored;
  rec[at + 1] += stored * lnLiq;
  return j;
}

/** Sum of venue u's stored contracts on a side of V venues (times its scale: contracts). */
export function bookContracts(rec: Float64Array, s: number, K: number, V: number, u: number, scale: number): number {
  let sum = 0;
  for (let j = 0; j < K; j++) sum += rec[s + 2 * (j * V + u)];
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
