import { exp } from '../../engine/exp.js';
import * as dc from '../../finance/duration-convexity.js';
import { BTC_DRAWDOWN, BTC_PEAK, BTC_PRICE, BTC_PRICE_REVISED, BTC_RETURN, CRYPTO, CRYPTO_VALUATION, PATH, type LiquidityContext } from './layout.js';

// offsets in the path record, bound once: constants in the path loops (layout.ts)
const atDlnL = PATH.dlnL;
const atDr = PATH.dr;
const atLastBtc = PATH.lastBtc;
const atRet = PATH.ret;

// bound once: the path loop then reads a plain binding
const durationConvexityLogReturn = dc.durationConvexityLogReturn;

/**
 * The crypto class's repricing, every path: its valuation return ln(1 − DΔr + ½CΔr²) + β·ΔlnL
 * (no news of its own: BTC's is the market's). With btcChannel price it revises btc.price by
 * that return within the step, and btc.return, btc.peakUsd and btc.drawdown with it. Either way
 * the crypto holders' return is BTC's whole move since they were last marked.
 */
export function reviseBtc(ctx: LiquidityContext): void {
  const rec = ctx.state.path;
  const n = ctx.paths;
  const W = PATH.width;
  const { duration, convexity, beta } = ctx.prepared.tables;
  const D = duration[CRYPTO];
  const C = convexity[CRYPTO];
  const b = beta[CRYPTO];
  const price = ctx.signal(ctx.prepared.priceChannel ? BTC_PRICE_REVISED : BTC_PRICE);
  const valuationOut = ctx.signal(CRYPTO_VALUATION);
  if (ctx.prepared.priceChannel) {
    const ret = ctx.signal(BTC_RETURN);
    const peak = ctx.signal(BTC_PEAK);
    const dd = ctx.signal(BTC_DRAWDOWN);
    for (let i = 0; i < n; i++) {
      const o = i * W;
      const valuation = durationConvexityLogReturn(D, C, rec[o + atDr]) + b * rec[o + atDlnL];
      const px = price[i] * exp(valuation);
      price[i] = px;
      ret[i] += valuation;
      if (px > peak[i]) peak[i] = px;
      dd[i] = 1 - px / peak[i];
      valuationOut[i] = valuation;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const o = i * W;
      valuationOut[i] = durationConvexityLogReturn(D, C, rec[o + atDr]) + b * rec[o + atDlnL];
    }
  }
  for (let i = 0; i < n; i++) {
    const o = i * W;
    rec[o + atRet + CRYPTO] = Math.log(price[i] / rec[o + atLastBtc]);
    rec[o + atLastBtc] = price[i];
  }
}
