import { DAYS_PER_YEAR } from '../../engine/calendar.js';
import * as pecking from '../../finance/pecking-order-sales.js';
import { CRYPTO, N, PATH } from './layout.js';

// offsets in the path record, bound once: constants in the path loops (layout.ts)
const atLevEquity = PATH.levEquity;
const atLevPosition = PATH.levPosition;
const atMargin = PATH.margin;
const atRoundSales = PATH.roundSales;
const atVariance = PATH.variance;
const atVol0Btc = PATH.vol0Btc;

// bound once: the path loop then reads a plain binding
const peckingOrderSales = pecking.peckingOrderSales;

/**
 * The leveraged traders' margin rates of the step, into rec margin: m_j = m0_j·max(1, σ_j/σ₀,j)^κ,
 * σ_j the class's EWMA volatility (BTC's: `btcVol`), σ₀,j the start's (`sigma0`; BTC's in the
 * record) — the Brunnermeier–Pedersen margin spiral.
 */
export function setMargins(rec: Float64Array, o: number, btcVol: number, kappa: number, margin0: Float64Array, sigma0: Float64Array): void {
  for (let j = 0; j < N; j++) {
    const now = j === CRYPTO ? btcVol : Math.sqrt(rec[o + atVariance + j] * DAYS_PER_YEAR);
    const ref = j === CRYPTO ? rec[o + atVol0Btc] : sigma0[j];
    const ratio = ref > 0 && now > ref ? now / ref : 1;
    rec[o + atMargin + j] = margin0[j] * (kappa === 1 ? ratio : Math.pow(ratio, kappa));
  }
}

/**
 * The leveraged traders' part of a round, on the paths still iterating (`active[0..count)`):
 * when Σ m_j·Y_j > W they sell until it holds, freeing margin lowest conviction first (`order`;
 * selling $1 of j frees m_j); with W ≤ 0 they sell everything. Their sales are added to the
 * round's (rec roundSales); `sales` is scratch.
 */
export function leveragedSales(rec: Float64Array, active: Int32Array, count: number, order: Int32Array, sales: Float64Array): void {
  const W = PATH.width;
  for (let a = 0; a < count; a++) {
    const o = active[a] * W;
    const Y = o + atLevPosition;
    let required = 0;
    for (let j = 0; j < N; j++) required += rec[o + atMargin + j] * rec[Y + j];
    const w = rec[o + atLevEquity];
    if (!(required > w && required > 0)) continue;
    if (w > 0) peckingOrderSales(rec, Y, order, rec, o + atMargin, required - w, sales, 0);
    else for (let j = 0; j < N; j++) sales[j] = rec[Y + j];
    for (let j = 0; j < N; j++) {
      rec[o + atRoundSales + j] += sales[j];
      rec[Y + j] -= sales[j];
    }
  }
}
