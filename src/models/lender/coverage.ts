import * as calendar from '../../engine/calendar.js';
import * as lcrRatio from '../../finance/liquidity-coverage-ratio.js';
import * as coverage from '../../finance/stayer-coverage.js';
import type { LenderBlock } from './block.js';
import * as expMemo from './exp-memo.js';
import * as gate from './gate.js';
import * as layout from './layout.js';
import type { LenderLayout } from './layout.js';

/*
 * Coverage (README.md, step 8): the stayer coverage θ clients watch, the LCR-style coverage
 * (and the gate below it), and every output of a lender. Imports bound once (see
 * balance-sheet.ts).
 */
const DAYS_PER_YEAR = calendar.DAYS_PER_YEAR;
const liquidityCoverageRatio = lcrRatio.liquidityCoverageRatio;
const stayerCoverage = coverage.stayerCoverage;
const halt = gate.halt;
const memoExp = expMemo.memoExp;
const LV = layout.LV;
const SG = layout.SG;
const BK = layout.BK;
const OUT = layout.OUT;

/** Coverage ratios are written capped, so that a lender with no claims left stays finite. */
const COVERAGE_CAP = 100;
/** The LCR counts loans maturing within this many days as inflows (Basel III's 30-day stress). */
const LCR_DAYS = 30;

/**
 * Coverage measures and every output of lender l on path i: stayer coverage θ (what clients
 * watch), the LCR-style coverage (the lender gates below gateBelowCoverage), the balance sheet.
 */
export function measure(blk: LenderBlock, i: number, l: number): void {
  const L = blk.lenders[l];
  const lv = blk.lv;
  const u = blk.u;
  const ub = i * blk.uStride;
  const o = i * blk.lvW + L.at;
  const p = blk.ctx.p;
  const rho = p.gateCostPerYear[i];
  const keep = 1 - p.gateHaircut[i];
  valueLoans(blk, i, L, rho, keep);
  let value = blk.loanValue;
  let valueDiscounted = blk.loanValueDiscounted;
  const liquidValue = lv[o + LV.liquid] * (1 - u[ub + L.col.liquidHaircut]);
  const ownValue = lv[o + LV.ownBtc] * blk.P;
  let liquid = lv[o + LV.cash] + liquidValue + ownValue * (1 - u[ub + L.col.ownBtcHaircut]);
  // other assets: sold now at (1 − h_O), or held and realised after otherAssetsDays, like a loan
  const other = lv[o + LV.other];
  const otherNow = other * (1 - u[ub + L.col.otherAssetsHaircut]);
  const otherDays = Math.max(0, u[ub + L.col.otherAssetsDays] - blk.day);
  // the same exponent on every path where ρ is the same (a one-slot memo: the same bits)
  const otherHeld = other * keep * memoExp(blk.otherMemo, 0, (-rho * otherDays) / DAYS_PER_YEAR);
  if (otherNow >= otherHeld) liquid += otherNow;
  else {
    value += other;
    valueDiscounted += otherHeld;
  }
  let deposits = 0;
  let outflows = lv[o + LV.queue];
  const sg = blk.sg;
  const ks = i * blk.sgW;
  for (const s of L.segments) {
    const dep = sg[ks + s.at + SG.dep];
    deposits += dep;
    outflows += dep * u[ub + s.col.runOff30d];
  }
  const claims = deposits + lv[o + LV.queue];
  const theta = Math.min(COVERAGE_CAP, stayerCoverage(liquid, value, valueDiscounted, lv[o + LV.otherLiab], claims));
  const lcr = Math.min(COVERAGE_CAP, liquidityCoverageRatio(lv[o + LV.cash] + liquidValue, outflows, blk.loanInflows, p.inflowCap[i]));
  lv[o + LV.theta] = theta;
  lv[o + LV.lcr] = lcr;
  const gateAt = u[ub + L.col.gateBelowCoverage];
  if (gateAt > 0 && lcr < gateAt && lv[o + LV.halted] === 0 && lv[o + LV.closed] === 0 && blk.day > 0) halt(blk, o);
  writeOutputs(blk, i, l, o, deposits);
}

/**
 * The loan book valued as clients see it, per bucket: maturity value M = C + L·r·τ/365, less the
 * expected default loss beyond the collateral, discounted by δ = (1 − g)·e^{−ρτ/365} — or, for
 * a callable bucket, its call value if higher. Sets the block's loanBook, loanValue,
 * loanValueDiscounted and loanInflows (maturing within LCR_DAYS, at the borrowers' inflow rate).
 */
export function valueLoans(blk: LenderBlock, i: number, L: LenderLayout, rho: number, keep: number): void {
  const bk = blk.bk;
  const u = blk.u;
  const ub = i * blk.uStride;
  const kb = i * blk.bkW;
  const p = blk.ctx.p;
  const P = blk.P;
  const day = blk.day;
  const hazardMult = blk.hazardMult;
  const minerMult = blk.minerMult;
  // the factors of every bucket, each the same operand the expression had inline (same bits)
  const netOfSale = 1 - p.collateralSaleCost[i];
  const unrecovered = 1 - p.unsecuredRecovery[i];
  const netOfCall = 1 - u[ub + L.col.callHaircut];
  // e^{−ρ·lag/365}, computed at the first callable book (no other book reads it)
  let callDiscount = -1;
  const negRhoPerDay = -(rho / DAYS_PER_YEAR);
  const books = L.books;
  const discountMemo = blk.discountMemo;
  const defaultMemo = blk.defaultMemo;
  let loanBook = 0;
  let value = 0;
  let valueDiscounted = 0;
  let inflows = 0;
  for (let n = 0; n < books.length; n++) {
    const b = books[n];
    const pd = u[ub + b.col.pdPerYear] * hazardMult * (b.miner ? minerMult : 1);
    const negPdPerDay = -(pd / DAYS_PER_YEAR);
    const r = u[ub + b.col.rateApr];
    const callable = b.callable;
    if (callable && callDiscount < 0) callDiscount = memoExp(blk.callMemo, 0, (-rho * L.callLagDays) / DAYS_PER_YEAR);
    const inflowRate = b.inflowRate;
    const end = kb + b.at + b.buckets * BK.width;
    for (let k = kb + b.at; k < end; k += BK.width) {
      const principal = bk[k + BK.principal];
      const claim = principal + bk[k + BK.accrued];
      if (!(claim > 0)) continue;
      loanBook += claim;
      const tau = Math.max(0, bk[k + BK.maturityDay] - day);
      const atMaturity = claim + (principal * r * tau) / DAYS_PER_YEAR;
      // exp, not Math.exp (a call into C that spills every live double: engine/exp.ts); these
      // two were 45% of measure's time. Remembered by τ (exp-memo.ts, the same bits): the
      // discount's exponent repeats on every path with the same ρ, the default's in books
      // with the same λ and maturities
      const pDefault = 1 - memoExp(defaultMemo, tau, negPdPerDay * tau);
      const secured = bk[k + BK.collateralBtc] * P * netOfSale;
      const shortfall = Math.max(0, atMaturity - secured) * unrecovered;
      let v = atMaturity - pDefault * shortfall;
      let d = keep * memoExp(discountMemo, tau, negRhoPerDay * tau);
      if (callable && claim * netOfCall * callDiscount > v * d) {
        v = claim * netOfCall;
        d = callDiscount;
      }
      value += v;
      valueDiscounted += v * d;
      if (tau <= LCR_DAYS) inflows += atMaturity * inflowRate;
    }
  }
  blk.loanBook = loanBook;
  blk.loanValue = value;
  blk.loanValueDiscounted = valueDiscounted;
  blk.loanInflows = inflows;
}

/** Every output signal of lender l on path i, from its record after the step (θ and the LCR just measured). */
function writeOutputs(blk: LenderBlock, i: number, l: number, o: number, deposits: number): void {
  const lv = blk.lv;
  const out = blk.out[l];
  const ownValue = lv[o + LV.ownBtc] * blk.P;
  const claims = deposits + lv[o + LV.queue];
  const assets = lv[o + LV.cash] + lv[o + LV.liquid] + ownValue + lv[o + LV.other] + blk.loanBook;
  const equity = lv[o + LV.equity];
  out[OUT.cash][i] = lv[o + LV.cash];
  out[OUT.coverage][i] = lv[o + LV.lcr];
  out[OUT.stayerCoverage][i] = lv[o + LV.theta];
  out[OUT.halted][i] = lv[o + LV.halted];
  out[OUT.everHalted][i] = lv[o + LV.everHalted];
  out[OUT.repaid][i] = lv[o + LV.everHalted] === 1 && lv[o + LV.halted] === 0 ? 1 : 0;
  out[OUT.queuedClaimsUsd][i] = lv[o + LV.queue];
  out[OUT.clientLossUsd][i] = lv[o + LV.writtenOff] + Math.min(claims, Math.max(0, -equity));
  out[OUT.depositsUsd][i] = deposits;
  out[OUT.lendingLossUsd][i] = lv[o + LV.lendingLoss];
  out[OUT.assetsUsd][i] = assets;
  out[OUT.liabilitiesUsd][i] = claims + lv[o + LV.otherLiab];
  out[OUT.equityUsd][i] = equity;
  out[OUT.revealedLossUsd][i] = lv[o + LV.revealed];
  const within = blk.within[l];
  const haltHorizons = blk.layout.haltHorizons;
  const first = lv[o + LV.everHalted] === 1 ? lv[o + LV.firstHaltDay] : Infinity;
  for (let h = 0; h < within.length; h++) within[h][i] = first <= haltHorizons[h] ? 1 : 0;
}
