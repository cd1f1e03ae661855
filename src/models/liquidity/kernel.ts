import { DAYS_PER_YEAR } from '../../engine/calendar.js';
import { fillBathtub } from './bathtub.js';
import { reviseBtc } from './btc-price.js';
import { priceMoney } from './cost-of-capital.js';
import { sellForced } from './forced-selling.js';
import { BTC_PRICE, BTC_VOL, CLASS_PRICE, DRY_POWDER, HF_EQUITY, LEVEL, LEV_EQUITY, N, PATH, RATE, STRATEGIC, writtenSignals, type LiquidityContext } from './layout.js';
import { CLASSES, STRATEGIC_HOLDINGS } from './params.js';
import { repriceClasses } from './repricing.js';

/**
 * The starting record of every path and the step-0 outputs: the classes and holders are structs,
 * the same on every path (one starting record, copied); the bathtub from the per-path numbers.
 */
export function initLiquidity(ctx: LiquidityContext): void {
  const { p } = ctx;
  const rec = ctx.state.path;
  const n = ctx.paths;
  const W = PATH.width;
  const h = p.holders;
  const first = new Float64Array(W);
  let exposure = 0;
  for (let j = 0; j < N; j++) {
    const c = CLASSES[j];
    first[PATH.variance + j] = p.classes[c].volPerSqrtYear ** 2 / DAYS_PER_YEAR;
    first[PATH.strategic + j] = h.strategic.holdingsUsd[c];
    first[PATH.hfExposure + j] = h.hedgeFunds.exposureUsd[c];
    first[PATH.levPosition + j] = h.leveraged.holdingsUsd[c];
    exposure += first[PATH.hfExposure + j];
  }
  first[PATH.hfEquity] = h.hedgeFunds.equityUsd;
  first[PATH.strategic + STRATEGIC.hedgeFunds] = Math.min(h.strategic.holdingsUsd.hedgeFunds, h.hedgeFunds.equityUsd);
  first[PATH.hfTarget] = exposure / h.hedgeFunds.equityUsd;
  first[PATH.levEquity] = h.leveraged.equityUsd;
  const price = ctx.signal(BTC_PRICE);
  const vol = ctx.has(BTC_VOL) ? ctx.signal(BTC_VOL) : null;
  for (let i = 0; i < n; i++) {
    const o = i * W;
    rec.set(first, o);
    rec[o + PATH.level] = p.liquidityUsd[i];
    rec[o + PATH.level0] = p.liquidityUsd[i];
    rec[o + PATH.dryPowder] = p.dryPowderUsd[i];
    rec[o + PATH.rrp] = p.rrpUsd[i];
    rec[o + PATH.rate] = p.policyRate[i] + p.termPremium[i];
    rec[o + PATH.lastBtc] = price[i];
    rec[o + PATH.vol0Btc] = vol !== null && vol[i] > 0 ? vol[i] : 0;
  }
  // step 0: every output 0 but the stocks, the rate and the price indices (1)
  for (const s of writtenSignals(ctx.prepared)) ctx.signal(s).fill(0, 0, n);
  const levelOut = ctx.signal(LEVEL);
  const dryOut = ctx.signal(DRY_POWDER);
  const rateOut = ctx.signal(RATE);
  const hfOut = ctx.signal(HF_EQUITY);
  const levOut = ctx.signal(LEV_EQUITY);
  for (const s of CLASS_PRICE) ctx.signal(s).fill(1, 0, n);
  for (let i = 0; i < n; i++) {
    const o = i * W;
    levelOut[i] = rec[o + PATH.level];
    dryOut[i] = rec[o + PATH.dryPowder];
    rateOut[i] = rec[o + PATH.rate];
    hfOut[i] = rec[o + PATH.hfEquity];
    levOut[i] = rec[o + PATH.levEquity];
  }
}

/** Class indices by rising conviction into `out`; ties keep the listed order. */
function orderBy(conviction: Record<string, number>, keys: readonly string[], out: Int32Array): void {
  out.set(keys.map((_, j) => j).sort((a, b) => conviction[keys[a]] - conviction[keys[b]] || a - b));
}

/**
 * What follows from the parameters, again after a scheduled set: the per-class constants and
 * selling orders (from the classes and holders structs) and, per path, the reverse repo's
 * keep-share and the hedge funds' adjustment of a step.
 */
export function liquidityParamsChanged(ctx: LiquidityContext): void {
  const { classes, holders } = ctx.p;
  const T = ctx.prepared.tables;
  for (let j = 0; j < N; j++) {
    const c = classes[CLASSES[j]];
    T.duration[j] = c.duration;
    T.convexity[j] = c.convexity;
    T.beta[j] = c.liquidityBeta;
    T.volume[j] = c.dailyVolumeUsd;
    T.sigma[j] = c.volPerSqrtYear;
    T.margin0[j] = holders.leveraged.marginRate[CLASSES[j]];
  }
  orderBy(holders.strategic.conviction, STRATEGIC_HOLDINGS, T.strategicOrder);
  orderBy(holders.hedgeFunds.conviction, CLASSES, T.hfOrder);
  orderBy(holders.leveraged.conviction, CLASSES, T.levOrder);
  const rec = ctx.state.path;
  const days = ctx.stepDays;
  const W = PATH.width;
  for (let i = 0; i < ctx.paths; i++) {
    rec[i * W + PATH.rrpKeep] = Math.pow(2, -days / ctx.p.rrpHalfLifeDays[i]);
    const a = ctx.p.hedgeFundLeverageAdjustPerDay[i];
    rec[i * W + PATH.hfAdjust] = days === 1 ? a : 1 - Math.pow(1 - a, days); // a per day, compounded over the step
  }
}

/**
 * One step of every path, mechanism by mechanism (each a pass over the paths; the values one
 * hands to the next are in the path's record): the bathtub, the cost of capital, the classes'
 * repricing, BTC's, then the holders' forced selling.
 */
export function stepLiquidity(ctx: LiquidityContext): void {
  const { tables: T, scratch: S } = ctx.prepared;
  const days = ctx.stepDays;
  const dt = days / DAYS_PER_YEAR;
  for (let j = 0; j < N; j++) {
    // σ√Δ: the class's news in the step, and σ_d of its impact law
    const s = T.sigma[j] * Math.sqrt(dt);
    S.noiseSd[j] = s;
    S.halfVariance[j] = 0.5 * s * s;
    S.depth[j] = T.volume[j] * days;
  }
  fillBathtub(ctx);
  priceMoney(ctx);
  repriceClasses(ctx);
  reviseBtc(ctx);
  sellForced(ctx);
}
