import * as calendar from '../../engine/calendar.js';
import * as fastExp from '../../engine/exp.js';
import { drawColumns } from '../../engine/draw-number.js';
import * as difficulty from '../../finance/constant-difficulty-hashprice.js';
import * as balance from './balance-sheet.js';
import type { Ctx, LenderBlock } from './block.js';
import * as coverage from './coverage.js';
import * as credit from './credit-events.js';
import * as gate from './gate.js';
import * as layout from './layout.js';
import * as runs from './withdrawals.js';

/*
 * The lender model over one block of paths: per path the market inputs of the step, then per
 * lender the mechanisms in the order of README.md — marks and interest, revealed losses
 * (balance-sheet.ts), credit events (credit-events.ts), maturities, withdrawals and runs
 * (withdrawals.ts), payment and the gate (gate.ts), roll-over, and the coverage measures
 * (coverage.ts). The mechanisms share the block's record and working values (block.ts).
 * Imports bound once (see balance-sheet.ts).
 */
const DAYS_PER_YEAR = calendar.DAYS_PER_YEAR;
const exp = fastExp.exp;
const hashpriceAtConstantDifficulty = difficulty.hashpriceAtConstantDifficulty;
const openBalanceSheet = balance.openBalanceSheet;
const markAndAccrue = balance.markAndAccrue;
const revealLosses = balance.revealLosses;
const collectMaturities = balance.collectMaturities;
const rollOver = balance.rollOver;
const creditEvents = credit.creditEvents;
const selectClients = runs.selectClients;
const withdrawals = runs.withdrawals;
const whileGated = gate.whileGated;
const measure = coverage.measure;
const G = layout.G;
const LV = layout.LV;
const OUT = layout.OUT;

/** Draws each path's lender fields, opens the balance sheets and measures them (step 0). */
export function initBlock(blk: LenderBlock, ctx: Ctx): void {
  blk.bind(ctx);
  const { g, lv, sg, bk, u } = blk;
  blk.day = 0;
  blk.days = ctx.stepDays;
  blk.bs.fill(0);
  // every path's fields first (each from its own stream), to know whether the step may read
  // them all from path 0's row
  for (let i = 0; i < ctx.paths; i++) drawColumns(blk.layout.columns, u, i * blk.uW, ctx.rng, i);
  blk.uStride = columnsAlike(u, blk.uW, ctx.paths, blk.layout.stepColumns) ? 0 : blk.uW;
  for (let i = 0; i < ctx.paths; i++) {
    lv.fill(0, i * blk.lvW, (i + 1) * blk.lvW);
    sg.fill(0, i * blk.sgW, (i + 1) * blk.sgW);
    bk.fill(0, i * blk.bkW, (i + 1) * blk.bkW);
    const gi = i * G.width;
    const P = blk.price[i];
    g[gi + G.p0] = P;
    g[gi + G.dd0] = blk.drawdown[i];
    g[gi + G.lastPrice] = P;
    setPathMarket(blk, i);
    for (let l = 0; l < blk.nL; l++) openBalanceSheet(blk, i, l);
    for (let l = 0; l < blk.nL; l++) {
      measure(blk, i, l);
      selectClients(blk, i, l);
    }
    blk.haltedCount[i] = 0;
  }
}

/**
 * Whether each of the given columns holds the same double on all paths (bit for bit: NaN and
 * zeros of either sign count as different, so that reading path 0's value changes nothing).
 */
function columnsAlike(u: Float64Array, width: number, paths: number, columns: readonly number[]): boolean {
  for (const c of columns) {
    const v = u[c];
    for (let i = 1; i < paths; i++) {
      const x = u[i * width + c];
      if (x !== v || (x === 0 && 1 / x !== 1 / v)) return false;
    }
  }
  return true;
}

/** One step of every path of the block. */
export function stepBlock(blk: LenderBlock, ctx: Ctx): void {
  blk.ctx = ctx;
  blk.day = ctx.day;
  blk.days = ctx.stepDays;
  for (let l = 0; l < blk.nL; l++) {
    const sig = blk.lenders[l].signals;
    blk.lossShock[l] = ctx.shock(sig.revealedLossUsd);
    blk.extraShock[l] = ctx.shock(sig.extraWithdrawalsUsd);
  }
  const lv = blk.lv;
  const wps = blk.layout.wordsPerStep;
  const words = wps > 0 ? ctx.rng.drawWords(ctx.paths, wps) : null;
  for (let i = 0; i < ctx.paths; i++) {
    setPathMarket(blk, i);
    let w = i * wps;
    for (let l = 0; l < blk.nL; l++) w = stepLender(blk, i, l, words, w);
    const ol = i * blk.lvW;
    let halted = 0;
    for (let l = 0; l < blk.nL; l++) {
      const o = ol + blk.lenders[l].at;
      lv[o + LV.haltedPrev] = lv[o + LV.halted];
      halted += lv[o + LV.halted];
    }
    blk.haltedCount[i] = halted;
    blk.g[i * G.width + G.lastPrice] = blk.P;
  }
}

/** Market inputs of path i for this step: price, fall, hazard multipliers, volatility. */
function setPathMarket(blk: LenderBlock, i: number): void {
  const p = blk.ctx.p;
  const g = blk.g;
  const gi = i * G.width;
  const P = blk.price[i];
  const last = g[gi + G.lastPrice];
  blk.P = P;
  // the part of the step's log fall beyond an ordinary day's (crash withdrawals)
  const f0 = p.crashThresholdLogFall[i];
  let fall = 0;
  if (P < last && P > 0) {
    const ratio = last / P;
    // ln r ≤ r − 1 (exact for r < 2): below f0 by more than log's error (1 ulp) the fall is 0
    // without the log (a call into C), as it would be with it
    if (!(ratio - 1 < f0 * (1 - 1e-9))) fall = Math.max(0, Math.log(ratio) - f0);
  }
  blk.fall = fall;
  const dd0 = g[gi + G.dd0];
  const x = dd0 < 1 ? Math.max(0, (blk.drawdown[i] - dd0) / (1 - dd0)) : 0;
  blk.hazardMult = exp(p.pdDrawdownBeta[i] * x);
  const hp = blk.hashprice ? blk.hashprice[i] : hashpriceAtConstantDifficulty(p.hashpriceUsdPerPhDay[i], P, g[gi + G.p0]);
  blk.minerMult = hp > 0 ? Math.min(1e3, Math.pow(p.hashpriceRefUsdPerPhDay[i] / hp, p.minerHashpriceBeta[i])) : 1e3;
  const sigma = blk.vol ? blk.vol[i] : p.fallbackVolPerSqrtYear[i];
  blk.stepVol = sigma * Math.sqrt(blk.days / DAYS_PER_YEAR);
}

/** One step of lender l on path i; returns the offset of the next unused random word. */
function stepLender(blk: LenderBlock, i: number, l: number, words: Uint32Array | null, w: number): number {
  const L = blk.lenders[l];
  const lv = blk.lv;
  const o = i * blk.lvW + L.at;
  const out = blk.out[l];
  blk.soldUsd = 0;
  blk.paidUsd = 0;
  blk.requestedUsd = 0;
  blk.extraUsd = 0;
  // random words: two per segment (withdrawals), then two per bucket (credit events)
  if (lv[o + LV.closed] === 0) {
    markAndAccrue(blk, i, L, o);
    revealLosses(blk, i, l, L, o);
    creditEvents(blk, i, L, o, words, w + 2 * L.segments.length);
    collectMaturities(blk, i, L, o);
    withdrawals(blk, i, l, L, o, words, w);
    if (lv[o + LV.halted] === 1) whileGated(blk, i, L, o);
    rollOver(blk, i, L, o);
    blk.flow[i] += blk.soldUsd;
  }
  out[OUT.withdrawalRequestsUsd][i] = blk.requestedUsd;
  out[OUT.withdrawalsPaidUsd][i] = blk.paidUsd;
  out[OUT.btcSoldUsd][i] = blk.soldUsd;
  out[OUT.extraWithdrawalsUsd][i] = blk.extraUsd;
  measure(blk, i, l);
  return w + 2 * (L.segments.length + L.bucketCount);
}
