import { DAYS_PER_YEAR } from '../../engine/calendar.js';
import type { MiningKernel } from './kernel.js';
import * as L from './layout.js';

/*
 * BTC-collateralised equipment loans (README.md, "Equations", 7): interest, maturity, margin
 * calls met from the treasury or cash, and the lender's sale of the collateral into the market;
 * the treasury sold when cash runs out. Imports bound to module constants: the step loop reads
 * plain bindings.
 */
const LC = L.LC;
const GL = L.GL;

/** Interest of the step on the open loans of the path at o (USD): Σ L·r·Δ/365. */
export function interestDue(k: MiningKernel, o: number): number {
  const rec = k.rec;
  const dt = k.dt;
  let interest = 0;
  for (const l of k.layout.loans) if (rec[o + l.off + LC.open] === 1) interest += (rec[o + l.off + LC.principal] * rec[o + l.off + LC.rate] * dt) / DAYS_PER_YEAR;
  return interest;
}

/**
 * Equipment loans. At maturity L is repaid from cash (the collateral comes back). Otherwise,
 * at LTV = L/(Q·P) ≥ the liquidation LTV the lender sells the collateral; at the margin-call
 * LTV the miner tops up with treasury BTC, then pays L down with cash, to the reset LTV; if it
 * cannot, the lender sells. Sales go to the market; a shortfall is a default.
 */
export function settleLoans(k: MiningKernel, o: number): void {
  const rec = k.rec;
  const P = k.P;
  const day = k.ctx.day;
  for (const l of k.layout.loans) {
    const lo = o + l.off;
    if (rec[lo + LC.open] !== 1) continue;
    if (l.spec.tenorDays > 0 && day >= l.spec.tenorDays) {
      mature(k, o, lo);
      continue;
    }
    const L0 = rec[lo + LC.principal];
    const value = rec[lo + LC.collateral] * P;
    const ltv = value > 0 ? L0 / value : Infinity;
    if (ltv >= rec[lo + LC.liquidation]) {
      liquidate(k, o, lo);
    } else if (ltv >= rec[lo + LC.marginCall]) {
      rec[o + GL.marginCalls] += 1;
      const reset = rec[lo + LC.reset];
      const needBtc = L0 / (reset * P) - rec[lo + LC.collateral];
      const top = Math.min(rec[o + GL.treasury], needBtc);
      rec[o + GL.treasury] -= top;
      rec[lo + LC.collateral] += top;
      const payDown = L0 - reset * rec[lo + LC.collateral] * P;
      if (payDown > 0) {
        const pay = Math.min(Math.max(0, rec[o + GL.cash]), payDown);
        rec[o + GL.cash] -= pay;
        rec[lo + LC.principal] = L0 - pay;
        if (pay < payDown * (1 - 1e-12)) liquidate(k, o, lo);
      }
    }
  }
}

/** At maturity: L repaid from cash (treasury BTC sold if short) and the collateral returned; what cannot be repaid, the lender liquidates. */
function mature(k: MiningKernel, o: number, lo: number): void {
  const rec = k.rec;
  const L0 = rec[lo + LC.principal];
  rec[o + GL.cash] += sellTreasury(k, o, L0 - Math.max(0, rec[o + GL.cash]));
  const paid = Math.min(L0, Math.max(0, rec[o + GL.cash]));
  rec[o + GL.cash] -= paid;
  rec[lo + LC.principal] = L0 - paid;
  if (L0 - paid <= 0) {
    rec[o + GL.treasury] += rec[lo + LC.collateral];
    close(rec, lo);
  } else liquidate(k, o, lo);
}

/** The lender sells the collateral: L is repaid from the proceeds, the rest returns to cash; a shortfall is a default. */
function liquidate(k: MiningKernel, o: number, lo: number): void {
  const rec = k.rec;
  const proceeds = rec[lo + LC.collateral] * k.P;
  const owed = rec[lo + LC.principal];
  rec[o + GL.sold] += proceeds;
  rec[o + GL.collateralSold] += rec[lo + LC.collateral];
  if (proceeds >= owed) rec[o + GL.cash] += proceeds - owed;
  else rec[o + GL.loanDefault] += owed - proceeds;
  close(rec, lo);
}

function close(rec: Float64Array, lo: number): void {
  rec[lo + LC.open] = 0;
  rec[lo + LC.principal] = 0;
  rec[lo + LC.collateral] = 0;
}

/** Sells up to `usd` of treasury BTC into the market; returns the USD raised. */
function sellTreasury(k: MiningKernel, o: number, usd: number): number {
  const rec = k.rec;
  if (!(usd > 0) || !(k.P > 0)) return 0;
  const btc = Math.min(rec[o + GL.treasury], usd / k.P);
  rec[o + GL.treasury] -= btc;
  rec[o + GL.sold] += btc * k.P;
  return btc * k.P;
}

/** Cash below zero: treasury BTC is sold to cover it (what is left short is an unpaid bill). */
export function coverCash(k: MiningKernel, o: number): void {
  const cash = k.rec[o + GL.cash];
  if (cash < 0) k.rec[o + GL.cash] = cash + sellTreasury(k, o, -cash);
}
