import { exp } from '../../engine/exp.js';
import * as pecking from '../../finance/pecking-order-sales.js';
import * as impactLaw from '../../finance/square-root-impact.js';
import { hedgeFundSales, markHedgeFunds, redemptionsAfterLoss, stepLeverage } from './hedge-funds.js';
import { BTC_VOL, CLASS_PRICE, CLASS_RETURN, CRYPTO, FORCED_BTC_SALES, FORCED_SALES, HF_EQUITY, LEV_EQUITY, MARKET_FORCED_SELLING, N, PATH, ROUNDS, STRATEGIC, type LiquidityContext } from './layout.js';
import { leveragedSales, setMargins } from './leveraged.js';

// offsets in the path record, bound once: constants in the path loops (layout.ts)
const atHfEquity = PATH.hfEquity;
const atHfExposure = PATH.hfExposure;
const atHfLeverage = PATH.hfLeverage;
const atHfRedemptions = PATH.hfRedemptions;
const atImpact = PATH.impact;
const atLevEquity = PATH.levEquity;
const atLevPosition = PATH.levPosition;
const atLeverageStep = PATH.leverageStep;
const atLnPrice = PATH.lnPrice;
const atRet = PATH.ret;
const atRoundSales = PATH.roundSales;
const atRoundTotal = PATH.roundTotal;
const atRounds = PATH.rounds;
const atSold = PATH.sold;
const atStrategic = PATH.strategic;
const atStrategicNeed = PATH.strategicNeed;
const HF_STAKE = STRATEGIC.hedgeFunds;

// bound once: the path loops then read plain bindings
const peckingOrderSales = pecking.peckingOrderSales;
const sqrtImpactLogReturn = impactLaw.sqrtImpactLogReturn;

/** The in-step iteration stops when a round's new sales fall below this share of the step's sales (or $1). */
export const ROUND_TOLERANCE = 1e-6;

/**
 * The holders' forced selling (README, "Holders"): mark the holders, then iterate sales
 * (lowest conviction first) → prices → new needs, round by round over the paths still
 * iterating, at most maxRounds; then write the step's sales and equities.
 */
export function sellForced(ctx: LiquidityContext): void {
  const { tables: T, scratch: S } = ctx.prepared;
  const rec = ctx.state.path;
  const y = ctx.p.impactY;
  const maxRounds = ctx.p.maxRounds;
  markHolders(ctx);
  let count = ctx.paths;
  for (let k = 0; k < maxRounds && count > 0; k++) {
    strategicSales(rec, S.active, count, T.strategicOrder, S.sales);
    hedgeFundSales(rec, S.active, count, k, T.hfOrder, S.sales);
    leveragedSales(rec, S.active, count, T.levOrder, S.sales);
    count = roundImpact(rec, S.active, count, k, S.depth, S.noiseSd, y);
  }
  writeSales(ctx);
}

/**
 * Every path: marks the holders at the step's returns (the strategic holder's hedge-fund stake
 * moves with the funds' equity), sets the outside investors' redemptions, the funds' leverage
 * target and the margins of the step, and starts the iteration (every path active).
 */
export function markHolders(ctx: LiquidityContext): void {
  const { p } = ctx;
  const { tables: T, scratch: S } = ctx.prepared;
  const rec = ctx.state.path;
  const n = ctx.paths;
  const W = PATH.width;
  const active = S.active;
  const btcVol = ctx.has(BTC_VOL) ? ctx.signal(BTC_VOL) : null;
  const threshold = p.hedgeFundLossThreshold;
  const perLoss = p.hedgeFundRedemptionPerLoss;
  const kappa = p.marginVolExponent;
  for (let i = 0; i < n; i++) {
    const o = i * W;
    const hfBefore = rec[o + atHfEquity];
    let hfGain = 0;
    let levGain = 0;
    // one pass, each value loaded once (the returns are read before any holder is marked:
    // the fields are disjoint, so fusing the growth pass into this one changes no operand)
    for (let j = 0; j < N; j++) {
      const g = exp(rec[o + atRet + j]) - 1;
      const f = 1 + g;
      rec[o + atStrategic + j] *= f;
      const hf = rec[o + atHfExposure + j];
      hfGain += hf * g;
      rec[o + atHfExposure + j] = hf * f;
      const lev = rec[o + atLevPosition + j];
      levGain += lev * g;
      rec[o + atLevPosition + j] = lev * f;
    }
    markHedgeFunds(rec, o, hfBefore + hfGain);
    rec[o + atLevEquity] += levGain;
    rec[o + atHfRedemptions] = redemptionsAfterLoss(hfBefore, hfGain, threshold[i], perLoss[i]);
    const leverageStep = stepLeverage(rec, o);
    rec[o + atLeverageStep] = leverageStep;
    rec[o + atHfLeverage] = leverageStep;
    setMargins(rec, o, btcVol !== null ? btcVol[i] : 0, kappa[i], T.margin0, T.sigma);
    for (let j = 0; j < N; j++) {
      rec[o + atSold + j] = 0;
      rec[o + atImpact + j] = 0;
    }
    rec[o + atRoundTotal] = 0;
    active[i] = i;
  }
}

/**
 * The strategic funds' part of a round (which it starts: the round's sales are zeroed), on the
 * paths still iterating: they sell the AI need dry powder did not cover, in conviction order;
 * a hedge-fund stake sold is a redemption the funds must pay. `sales` is scratch.
 */
export function strategicSales(rec: Float64Array, active: Int32Array, count: number, order: Int32Array, sales: Float64Array): void {
  const W = PATH.width;
  for (let a = 0; a < count; a++) {
    const o = active[a] * W;
    for (let j = 0; j < N; j++) rec[o + atRoundSales + j] = 0;
    const need = rec[o + atStrategicNeed];
    if (!(need > 0)) continue;
    const H = o + atStrategic;
    rec[o + atStrategicNeed] = need - peckingOrderSales(rec, H, order, null, 0, need, sales, 0);
    for (let j = 0; j < N; j++) {
      rec[o + atRoundSales + j] += sales[j];
      rec[H + j] -= sales[j];
    }
    rec[H + HF_STAKE] -= sales[HF_STAKE];
    rec[o + atHfRedemptions] += sales[HF_STAKE];
  }
}

/**
 * The end of round k on the paths still iterating: the round's sales s_j move each class but
 * crypto by the square-root law on the step's cumulative sales Q_j (ΔlnP_j = I(Q_j) − I(Q_j − s_j),
 * depth V_j·Δ, σ_j√dt, Y `y[i]`), and every holder is marked at the new prices; crypto's sales
 * only accumulate (the market prices them next step). A path stops when the round's sales
 * Σ|s_j| fall below ROUND_TOLERANCE of the step's (or $1). Returns the paths still iterating,
 * now first in `active`.
 */
export function roundImpact(rec: Float64Array, active: Int32Array, count: number, k: number, depth: Float64Array, noiseSd: Float64Array, y: Float64Array): number {
  const W = PATH.width;
  let live = 0;
  for (let a = 0; a < count; a++) {
    const i = active[a];
    const o = i * W;
    let moved = 0;
    for (let j = 0; j < N; j++) {
      const s = rec[o + atRoundSales + j];
      if (s === 0) continue;
      moved += Math.abs(s);
      const sold = rec[o + atSold + j] + s;
      rec[o + atSold + j] = sold;
      if (j === CRYPTO) continue;
      const imp = sqrtImpactLogReturn(sold, depth[j], noiseSd[j], y[i]);
      const dI = imp - rec[o + atImpact + j];
      rec[o + atImpact + j] = imp;
      rec[o + atLnPrice + j] += dI;
      rec[o + atRet + j] += dI;
      const g = exp(dI) - 1;
      const f = 1 + g;
      rec[o + atStrategic + j] *= f;
      const hf = rec[o + atHfExposure + j];
      rec[o + atHfExposure + j] = hf * f;
      markHedgeFunds(rec, o, rec[o + atHfEquity] + hf * g);
      const lev = rec[o + atLevPosition + j];
      rec[o + atLevEquity] += lev * g;
      rec[o + atLevPosition + j] = lev * f;
    }
    const total = rec[o + atRoundTotal] + moved;
    rec[o + atRoundTotal] = total;
    rec[o + atRounds] = k + 1;
    if (moved > ROUND_TOLERANCE * total && moved > 1) active[live++] = i;
  }
  return live;
}

/** Every path: the step's sales (BTC's added to the market's forced selling), equities, class prices and returns, rounds. */
export function writeSales(ctx: LiquidityContext): void {
  const { classPriceOut, classReturnOut } = ctx.prepared;
  const rec = ctx.state.path;
  const n = ctx.paths;
  const W = PATH.width;
  const flow = ctx.signal(MARKET_FORCED_SELLING);
  const btcSalesOut = ctx.signal(FORCED_BTC_SALES);
  const salesOut = ctx.signal(FORCED_SALES);
  const hfOut = ctx.signal(HF_EQUITY);
  const levOut = ctx.signal(LEV_EQUITY);
  const roundsOut = ctx.prepared.diagnostics ? ctx.signal(ROUNDS) : null;
  for (let k = 0; k < CLASS_PRICE.length; k++) {
    classPriceOut[k] = ctx.signal(CLASS_PRICE[k]);
    classReturnOut[k] = ctx.signal(CLASS_RETURN[k]);
  }
  for (let i = 0; i < n; i++) {
    const o = i * W;
    const btcSales = rec[o + atSold + CRYPTO];
    flow[i] += btcSales;
    let allSales = 0;
    for (let j = 0; j < N; j++) allSales += rec[o + atSold + j];
    for (let j = 1; j < N; j++) {
      classPriceOut[j - 1][i] = exp(rec[o + atLnPrice + j]);
      classReturnOut[j - 1][i] = rec[o + atRet + j];
    }
    btcSalesOut[i] = btcSales;
    salesOut[i] = allSales;
    hfOut[i] = rec[o + atHfEquity];
    levOut[i] = rec[o + atLevEquity];
    if (roundsOut !== null) roundsOut[i] = rec[o + atRounds];
  }
}
