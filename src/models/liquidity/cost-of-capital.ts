import { DAYS_PER_YEAR } from '../../engine/calendar.js';
import { exp } from '../../engine/exp.js';
import * as money from '../../finance/money-demand-rate.js';
import { PATH, RATE, type LiquidityContext } from './layout.js';

// offsets in the path record, bound once: constants in the path loops (layout.ts)
const atDemandRatio = PATH.demandRatio;
const atDlnL = PATH.dlnL;
const atDr = PATH.dr;
const atLevel = PATH.level;
const atLevel0 = PATH.level0;
const atRate = PATH.rate;
const atRateShift = PATH.rateShift;

// bound once: the path loop then reads a plain binding
const moneyMarketRate = money.moneyMarketRate;

/**
 * The cost of capital (README, "The bathtub" 4), every path: money demand M_d = L₀·e^{g·t}
 * against the level L gives r = r_p + τ₀ + ln(M_d/L)/η plus the persistent shift of scheduled
 * shocks on liquidity.rate; keeps Δr and Δln(L/M_d) in the record for the repricing.
 */
export function priceMoney(ctx: LiquidityContext): void {
  const { p } = ctx;
  const rec = ctx.state.path;
  const n = ctx.paths;
  const W = PATH.width;
  const demandGrowth = ctx.day / DAYS_PER_YEAR;
  const policy = p.policyRate;
  const premium = p.termPremium;
  const growth = p.moneyDemandGrowthPerYear;
  const eta = p.moneyDemandSemiElasticity;
  const rateShock = ctx.shock(RATE);
  const rateOut = ctx.signal(RATE);
  for (let i = 0; i < n; i++) {
    const o = i * W;
    const level = rec[o + atLevel];
    const demand = rec[o + atLevel0] * exp(growth[i] * demandGrowth);
    let rate = moneyMarketRate(policy[i] + premium[i], demand, level, eta[i]) + rec[o + atRateShift];
    if (rateShock !== null) {
      const shocked = rate * rateShock.multiply[i] + rateShock.add[i];
      rec[o + atRateShift] += shocked - rate;
      rate = shocked;
    }
    rec[o + atDr] = rate - rec[o + atRate];
    rec[o + atRate] = rate;
    // the level relative to what is demanded: the water under the ducks
    const ratio = Math.log(level / demand);
    rec[o + atDlnL] = ratio - rec[o + atDemandRatio];
    rec[o + atDemandRatio] = ratio;
    rateOut[i] = rate;
  }
}
