import * as calendar from '../../engine/calendar.js';
import * as fastExp from '../../engine/exp.js';
import * as pathRng from '../../engine/rng/path-rng.js';
import * as impactAverage from '../../finance/square-root-impact-average.js';
import * as binomial from './binomial.js';
import type { LenderBlock } from './block.js';
import * as layout from './layout.js';
import type { LenderLayout } from './layout.js';

/*
 * Credit events (README.md, step 3): margin calls and defaults, borrower by borrower; the
 * collateral of closed-out borrowers is sold into the market. And the execution cost of the
 * lender's BTC sales, which its fire sales (gate.ts) pay too. Imports bound once (see
 * balance-sheet.ts).
 */
const exp = fastExp.exp;
const DAYS_PER_YEAR = calendar.DAYS_PER_YEAR;
const wordToUniform = pathRng.wordToUniform;
const sqrtImpactAverageLogReturn = impactAverage.sqrtImpactAverageLogReturn;
const binomialFromUniform = binomial.binomialFromUniform;
const LV = layout.LV;
const BK = layout.BK;
const BS = layout.BS;

/**
 * Margin calls and defaults of lender L on path i (two random words per bucket from `w`);
 * the collateral of closed-out borrowers is sold into the market, the lender keeps at most
 * its claim, and the shortfall is a lending loss (less the unsecured recovery).
 */
export function creditEvents(blk: LenderBlock, i: number, L: LenderLayout, o: number, words: Uint32Array | null, w: number): void {
  const closingBtc = closeOuts(blk, i, L, words, w);
  // no bucket closed out: settling would skip every bucket (closeShare 0)
  if (!blk.closedAny) return;
  const p = blk.ctx.p;
  let cost = 0;
  if (closingBtc > 0) {
    const usd = closingBtc * blk.P;
    cost = Math.min(1, p.collateralSaleCost[i] + executionCost(blk, i, usd));
    blk.soldUsd += usd;
  }
  settleCloseOuts(blk, i, L, o, cost);
}

/**
 * Per bucket: with LTV = claim/(collateral·P), every borrower is closed out at the liquidation
 * LTV; at the margin-call LTV each fails the call with probability 1 − meet and the others top
 * up to LTV₀ = 1/collateralRatio; of the rest, each defaults with probability 1 − e^{−λΔ/365}.
 * Records the share closed and its collateral in the bucket (closeShare, closeBtc) and whether
 * any bucket closed out (blk.closedAny); returns the BTC to sell.
 */
function closeOuts(blk: LenderBlock, i: number, L: LenderLayout, words: Uint32Array | null, w: number): number {
  const bk = blk.bk;
  const bs = blk.bs;
  const u = blk.u;
  const ub = i * blk.uStride;
  const kb = i * blk.bkW;
  const P = blk.P;
  const dt = blk.days / DAYS_PER_YEAR;
  let closingBtc = 0;
  let closedAny = false;
  for (const b of L.books) {
    const pd = u[ub + b.col.pdPerYear] * blk.hazardMult * (b.miner ? blk.minerMult : 1);
    const pDefault = 1 - exp(-pd * dt);
    const ratio = u[ub + b.col.collateralRatio];
    const mc = u[ub + b.col.marginCallLtv];
    const liq = u[ub + b.col.liquidationLtv];
    const meet = u[ub + b.col.marginCallMeetProb];
    for (let j = 0; j < b.buckets; j++, w += 2) {
      const k = kb + b.at + j * BK.width;
      // closeShare is 0 here (settleCloseOuts zeroes each it settles); closeBtc is read only
      // where closeShare is not 0 (both in the block's scratch bs)
      const n = bk[k + BK.borrowers];
      const claim = bk[k + BK.principal] + bk[k + BK.accrued];
      if (!(n > 0) || !(claim > 0)) continue;
      const coll = bk[k + BK.collateralBtc];
      let closed = 0;
      let toppedUp = false;
      if (coll > 0 && P > 0) {
        const ltv = claim / (coll * P);
        if (ltv >= liq) closed = n;
        else if (ltv >= mc) {
          closed = binomialFromUniform(n, 1 - meet, wordToUniform(words![w]));
          toppedUp = true;
        }
      }
      closed += binomialFromUniform(n - closed, pDefault, wordToUniform(words![w + 1]));
      if (closed === 0 && !toppedUp) continue;
      const share = closed / n;
      const btc = coll * share;
      const s = b.scratchAt + j * BS.width;
      bs[s + BS.closeShare] = share;
      bs[s + BS.closeBtc] = btc;
      closedAny = true;
      closingBtc += btc;
      bk[k + BK.borrowers] = n - closed;
      // borrowers who met the call post collateral back to LTV₀ = 1/ratio
      bk[k + BK.collateralBtc] = toppedUp && ratio > 0 ? (claim * (1 - share) * ratio) / P : coll - btc;
    }
  }
  blk.closedAny = closedAny;
  return closingBtc;
}

/** The closed-out claims are settled from the sale's proceeds at cost c (a share), plus the recovery on the shortfall. */
function settleCloseOuts(blk: LenderBlock, i: number, L: LenderLayout, o: number, cost: number): void {
  const lv = blk.lv;
  const bk = blk.bk;
  const bs = blk.bs;
  const kb = i * blk.bkW;
  const P = blk.P;
  const recovery = blk.ctx.p.unsecuredRecovery[i];
  for (const b of L.books) {
    for (let j = 0; j < b.buckets; j++) {
      const s = b.scratchAt + j * BS.width;
      const share = bs[s + BS.closeShare];
      if (share === 0) continue;
      bs[s + BS.closeShare] = 0;
      const k = kb + b.at + j * BK.width;
      const claim = (bk[k + BK.principal] + bk[k + BK.accrued]) * share;
      const proceeds = bs[s + BS.closeBtc] * P * (1 - cost);
      const secured = Math.min(claim, proceeds);
      const recovered = secured + recovery * (claim - secured);
      lv[o + LV.cash] += recovered;
      lv[o + LV.equity] -= claim - recovered;
      lv[o + LV.lendingLoss] += claim - recovered;
      bk[k + BK.principal] *= 1 - share;
      bk[k + BK.accrued] *= 1 - share;
    }
  }
}

/**
 * Execution cost (share of proceeds) of selling `usd` of BTC this step: 1 − e^{Ī}, Ī the
 * average square-root impact over the sale, ⅔ of its final impact (square-root-impact-average.ts).
 */
export function executionCost(blk: LenderBlock, i: number, usd: number): number {
  const p = blk.ctx.p;
  return 1 - exp(sqrtImpactAverageLogReturn(usd, p.saleDailyVolumeUsd[i] * blk.days, blk.stepVol, p.impactY[i]));
}
