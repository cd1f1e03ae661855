import { DAYS_PER_YEAR } from '../../engine/calendar.js';
import { defineModel, type ModelContext } from '../../engine/model.js';
import { exp } from '../../engine/exp.js';
import * as dc from '../../finance/duration-convexity.js';
import * as money from '../../finance/money-demand-rate.js';
import * as pecking from '../../finance/pecking-order-sales.js';
import * as impactLaw from '../../finance/square-root-impact.js';
import { CLASSES, STRATEGIC_HOLDINGS, liquidityParams } from './params.js';

// bound once: the step loop then reads plain bindings
const durationConvexityLogReturn = dc.durationConvexityLogReturn;
const moneyMarketRate = money.moneyMarketRate;
const peckingOrderSales = pecking.peckingOrderSales;
const sqrtImpactLogReturn = impactLaw.sqrtImpactLogReturn;

const N = CLASSES.length; // 5 asset classes; index 0 is crypto (BTC)
const CRYPTO = 0;
const HF_STAKE = N; // the strategic holder's sixth holding: its stakes in hedge funds

/*
 * A path's state: one record of W doubles in state.path, at these offsets (per-class fields
 * take N slots, class j at offset + j).
 */
const LNP = 0; // ln price index of class j (1 at the start); slot 0 unused (crypto is btc.price)
const VAR = 5; // EWMA daily variance of class j's returns (margins)
const STRAT = 10; // strategic holdings, USD: the N classes, then the hedge-fund stake
const HFX = 16; // hedge funds' exposures, USD
const HFE = 21; // hedge funds' equity, USD
const LEVX = 22; // leveraged traders' positions, USD
const LEVW = 27; // leveraged traders' equity, USD
const LEVEL = 28; // L: liquidity level, USD
const DRY = 29; // D: dry powder, USD
const RRP = 30; // R: reverse-repo balance, USD
const RATE = 31; // r of the previous step
const RATE_SHIFT = 32; // persistent shift from scheduled rate shocks
const LAST_BTC = 33; // BTC price the holders were last marked at
const LEVEL0 = 34; // L₀ (= M_d at the start)
const HF_TARGET = 35; // hedge funds' target leverage (exposure / equity)
const Q = 36; // this step's cumulative net sales per class, USD
const IMP = 41; // this step's impact per class so far (log price)
const RET = 46; // this step's log return per class so far
const VOL0_BTC = 51; // btc.vol at the start: the reference of crypto margins
const DEMAND_RATIO = 52; // ln(L/M_d) of the previous step
const RRP_KEEP = 53; // 2^{−Δ/h_R}
const HF_ADJUST = 54; // 1 − (1 − a)^Δ: the share of the leverage gap hedge funds close in a step
const W = 55;

/** The in-step iteration stops when a round's new sales fall below this share of the step's sales (or $1). */
const ROUND_TOLERANCE = 1e-6;
/**
 * Hedge funds trade toward their step's leverage target only when exposure is off it by more
 * than this share (funds do not rebalance every basis point; it also spares the iteration on
 * quiet days).
 */
const REBALANCE_BAND = 0.02;

type Ctx = ModelContext<typeof liquidityParams>;

/** Per-class constants and the holders' selling orders, from a run's structs. */
interface Tables {
  D: Float64Array;
  C: Float64Array;
  beta: Float64Array;
  volume: Float64Array;
  sigma: Float64Array; // per √year
  margin0: Float64Array;
  strategicOrder: Int32Array;
  hfOrder: Int32Array;
  levOrder: Int32Array;
}

function orderBy(conviction: Record<string, number>, keys: readonly string[]): Int32Array {
  // ties keep the listed order
  return Int32Array.from(keys.map((_, j) => j).sort((a, b) => conviction[keys[a]] - conviction[keys[b]] || a - b));
}

const tablesCache = new WeakMap<object, Tables>();
function tablesFor(ctx: Ctx, rebuild = false): Tables {
  let t = tablesCache.get(ctx);
  if (t && !rebuild) return t;
  const { classes, holders } = ctx.p;
  const col = (f: (c: (typeof classes)['crypto']) => number) => Float64Array.from(CLASSES.map((c) => f(classes[c])));
  t = {
    D: col((c) => c.duration),
    C: col((c) => c.convexity),
    beta: col((c) => c.liquidityBeta),
    volume: col((c) => c.dailyVolumeUsd),
    sigma: col((c) => c.volPerSqrtYear),
    margin0: Float64Array.from(CLASSES.map((c) => holders.leveraged.marginRate[c])),
    strategicOrder: orderBy(holders.strategic.conviction, STRATEGIC_HOLDINGS),
    hfOrder: orderBy(holders.hedgeFunds.conviction, CLASSES),
    levOrder: orderBy(holders.leveraged.conviction, CLASSES),
  };
  tablesCache.set(ctx, t);
  return t;
}

/** Scratch per block (no allocation in the step): sales of a round, margins, noise. */
const scratch = {
  sales: new Float64Array(N + 1),
  round: new Float64Array(N),
  margin: new Float64Array(N),
  growth: new Float64Array(N),
  noiseSd: new Float64Array(N),
  depth: new Float64Array(N),
};

const SIGNALS = [
  'liquidity.level',
  'liquidity.dryPowderUsd',
  'liquidity.rate',
  'liquidity.aiFundingUsd',
  'liquidity.assetSalesForAiUsd',
  'liquidity.capitalCallUsd',
  'liquidity.crypto.valuationReturn',
  ...CLASSES.slice(1).flatMap((c) => [`liquidity.${c}.price`, `liquidity.${c}.return`]),
  'liquidity.forcedBtcSalesUsd',
  'liquidity.forcedSalesUsd',
  'liquidity.hedgeFundEquityUsd',
  'liquidity.leveragedEquityUsd',
] as const;
/** Written when diagnosticSignals is on: the rounds of the in-step iteration. */
const ROUNDS_SIGNAL = 'liquidity.rounds';

const UNITS: Record<string, string> = {
  'liquidity.level': 'USD',
  'liquidity.dryPowderUsd': 'USD',
  'liquidity.rate': '1/year',
  'liquidity.aiFundingUsd': 'USD/step',
  'liquidity.assetSalesForAiUsd': 'USD/step',
  'liquidity.capitalCallUsd': 'USD/step',
  'liquidity.crypto.valuationReturn': 'log return',
  'liquidity.forcedBtcSalesUsd': 'USD/step',
  'liquidity.forcedSalesUsd': 'USD/step',
  'liquidity.hedgeFundEquityUsd': 'USD',
  'liquidity.leveragedEquityUsd': 'USD',
  'liquidity.rounds': 'rounds',
  'market.forcedSellingUsd': 'USD/step',
  ...Object.fromEntries(CLASSES.slice(1).flatMap((c) => [[`liquidity.${c}.price`, 'index'], [`liquidity.${c}.return`, 'log return']])),
};

type Out = Float64Array[];
const outCache = new WeakMap<object, Out>();
function outputsFor(ctx: Ctx): Out {
  let o = outCache.get(ctx);
  if (!o) {
    o = SIGNALS.map((s) => ctx.signal(s));
    o.push(ctx.p.diagnosticSignals === 'on' ? ctx.signal(ROUNDS_SIGNAL) : new Float64Array(ctx.paths));
    outCache.set(ctx, o);
  }
  return o;
}
// output indices (SIGNALS order)
const O_LEVEL = 0;
const O_DRY = 1;
const O_RATE = 2;
const O_AI = 3;
const O_AI_SALES = 4;
const O_CALL = 5;
const O_CRYPTO_VAL = 6;
const O_PRICE = 7; // class j ≥ 1: O_PRICE + 2(j − 1), its return one after
const O_BTC_SALES = 7 + 2 * (N - 1);
const O_SALES = O_BTC_SALES + 1;
const O_HFE = O_SALES + 1;
const O_LEVW = O_HFE + 1;
const O_ROUNDS = O_LEVW + 1;

/**
 * The liquidity "bathtub" and forced selling (seed 001, DESIGN.md §1 S3–S4): dry powder, a
 * liquidity level fed by central-bank pipes and drained by AI funding, the cost of capital
 * from money demand against supply, five asset classes repriced by duration, convexity and a
 * liquidity beta, and holders (strategic funds, hedge funds, leveraged traders) who meet cash
 * and margin needs by selling their lowest-conviction holdings first, with the sales moving
 * each class through its own depth, iterated within the step. BTC sales go to the market as
 * forced selling. Equations: README.md (same symbols).
 */
export const liquidity = defineModel({
  name: 'liquidity',
  title: 'Liquidity: dry powder, central-bank pipes, AI capex, cost of capital, duration repricing, conviction-ordered forced selling',
  readme: 'src/models/liquidity/README.md',
  params: liquidityParams,
  io: (settings) => {
    const priceChannel = (settings.btcChannel ?? liquidityParams.btcChannel.default) === 'price';
    const diagnostics = (settings.diagnosticSignals ?? liquidityParams.diagnosticSignals.default) === 'on';
    return {
      writes: [...SIGNALS, ...(diagnostics ? [ROUNDS_SIGNAL] : [])],
      adds: ['market.forcedSellingUsd'],
      updates: priceChannel ? ['btc.price', 'btc.return', 'btc.drawdown', 'btc.peakUsd'] : [],
      reads: [...(priceChannel ? [] : [{ name: 'btc.price' }]), { name: 'btc.vol', optional: true }],
      shockable: ['liquidity.capitalCallUsd', 'liquidity.rate'],
      state: { path: W },
      units: UNITS,
      events: [
        { name: 'liquidity.dryPowderGone', signal: 'liquidity.dryPowderUsd', op: '<=', value: 0, description: 'dry powder exhausted: AI funding now sells assets' },
      ],
    };
  },

  init(ctx) {
    tablesFor(ctx, true);
    const { p } = ctx;
    const rec = ctx.state.path;
    const h = p.holders;
    const price = ctx.signal('btc.price');
    const vol = ctx.has('btc.vol') ? ctx.signal('btc.vol') : null;
    const out = outputsFor(ctx);
    // the classes and holders are structs, the same on every path: one starting record to copy
    const first = new Float64Array(W);
    let exposure = 0;
    for (let j = 0; j < N; j++) {
      const c = CLASSES[j];
      first[VAR + j] = (p.classes[c].volPerSqrtYear ** 2) / DAYS_PER_YEAR;
      first[STRAT + j] = h.strategic.holdingsUsd[c];
      first[HFX + j] = h.hedgeFunds.exposureUsd[c];
      first[LEVX + j] = h.leveraged.holdingsUsd[c];
      exposure += first[HFX + j];
    }
    first[HFE] = h.hedgeFunds.equityUsd;
    first[STRAT + HF_STAKE] = Math.min(h.strategic.holdingsUsd.hedgeFunds, h.hedgeFunds.equityUsd);
    first[HF_TARGET] = exposure / h.hedgeFunds.equityUsd;
    first[LEVW] = h.leveraged.equityUsd;
    for (let i = 0; i < ctx.paths; i++) {
      const o = i * W;
      rec.set(first, o);
      rec[o + LEVEL] = p.liquidityUsd[i];
      rec[o + LEVEL0] = p.liquidityUsd[i];
      rec[o + DRY] = p.dryPowderUsd[i];
      rec[o + RRP] = p.rrpUsd[i];
      rec[o + RATE] = p.policyRate[i] + p.termPremium[i];
      rec[o + LAST_BTC] = price[i];
      rec[o + VOL0_BTC] = vol !== null && vol[i] > 0 ? vol[i] : 0;
      for (let k = 0; k < out.length; k++) out[k][i] = 0;
      out[O_LEVEL][i] = rec[o + LEVEL];
      out[O_DRY][i] = rec[o + DRY];
      out[O_RATE][i] = rec[o + RATE];
      for (let j = 1; j < N; j++) out[O_PRICE + 2 * (j - 1)][i] = 1;
      out[O_HFE][i] = rec[o + HFE];
      out[O_LEVW][i] = rec[o + LEVW];
    }
  },

  paramsChanged(ctx) {
    tablesFor(ctx, true);
    const rec = ctx.state.path;
    const days = ctx.stepDays;
    for (let i = 0; i < ctx.paths; i++) {
      rec[i * W + RRP_KEEP] = Math.pow(2, -days / ctx.p.rrpHalfLifeDays[i]);
      const a = ctx.p.hedgeFundLeverageAdjustPerDay[i];
      rec[i * W + HF_ADJUST] = days === 1 ? a : 1 - Math.pow(1 - a, days); // a per day, compounded over the step
    }
  },

  step(ctx) {
    const T = tablesFor(ctx);
    const { p, rng } = ctx;
    const rec = ctx.state.path;
    const n = ctx.paths;
    const days = ctx.stepDays;
    const dt = days / DAYS_PER_YEAR;
    const out = outputsFor(ctx);
    const price = ctx.signal('btc.price');
    const priceChannel = p.btcChannel === 'price';
    const ret = priceChannel ? ctx.signal('btc.return') : null;
    const peak = priceChannel ? ctx.signal('btc.peakUsd') : null;
    const dd = priceChannel ? ctx.signal('btc.drawdown') : null;
    const btcVol = ctx.has('btc.vol') ? ctx.signal('btc.vol') : null;
    const flow = ctx.signal('market.forcedSellingUsd');
    const callShock = ctx.shock('liquidity.capitalCallUsd');
    const rateShock = ctx.shock('liquidity.rate');
    const maxRounds = p.maxRounds;
    const { sales, round, margin, growth, noiseSd, depth } = scratch;
    for (let j = 0; j < N; j++) {
      // σ√Δ: the class's news in the step, and σ_d of its impact law
      noiseSd[j] = T.sigma[j] * Math.sqrt(dt);
      depth[j] = T.volume[j] * days;
    }
    const demandGrowth = ctx.day / DAYS_PER_YEAR;
    // four words a path: the news of the four non-crypto classes
    const words = rng.drawWords(n, N - 1);
    for (let i = 0; i < n; i++) {
      const o = i * W;
      // --- the bathtub: pipes, dry powder, AI funding, the level and the rate
      const levelBefore = rec[o + LEVEL];
      const release = rec[o + RRP] * (1 - rec[o + RRP_KEEP]);
      rec[o + RRP] -= release;
      let level = levelBefore + release + p.qeUsdPerYear[i] * dt;
      rec[o + DRY] += p.dryPowderInflowUsdPerYear[i] * dt;
      const aiFunding = p.aiCapexUsdPerYear[i] * p.marketFundedShare[i] * dt;
      const call = callShock === null ? 0 : callShock.add[i]; // the signal is 0 before the shock: 0·m + a
      const need = aiFunding + call;
      const fromDry = need < rec[o + DRY] ? need : rec[o + DRY];
      rec[o + DRY] -= fromDry;
      const assetSales = need - fromDry;
      level += p.recirculationShare[i] * aiFunding - assetSales;
      const floor = 0.01 * rec[o + LEVEL0];
      if (level < floor) level = floor;
      rec[o + LEVEL] = level;
      const demand = rec[o + LEVEL0] * exp(p.moneyDemandGrowthPerYear[i] * demandGrowth);
      let rate = moneyMarketRate(p.policyRate[i] + p.termPremium[i], demand, level, p.moneyDemandSemiElasticity[i]) + rec[o + RATE_SHIFT];
      if (rateShock !== null) {
        const shocked = rate * rateShock.multiply[i] + rateShock.add[i];
        rec[o + RATE_SHIFT] += shocked - rate;
        rate = shocked;
      }
      const dr = rate - rec[o + RATE];
      rec[o + RATE] = rate;
      // the level relative to what is demanded: the water under the ducks
      const ratio = Math.log(level / demand);
      const dlnL = ratio - rec[o + DEMAND_RATIO];
      rec[o + DEMAND_RATIO] = ratio;

      // --- valuations: ΔlnP_j = ln(1 − D_jΔr + ½C_jΔr²) + β_j·ΔlnL (+ the class's own news)
      const ewma = p.ewmaLambda[i];
      for (let j = 1; j < N; j++) {
        const s = noiseSd[j];
        const z = rng.normalFromWord(words[(N - 1) * i + j - 1], i);
        const x = durationConvexityLogReturn(T.D[j], T.C[j], dr) + T.beta[j] * dlnL + s * z - 0.5 * s * s;
        rec[o + LNP + j] += x;
        rec[o + RET + j] = x;
        rec[o + VAR + j] = ewma * rec[o + VAR + j] + ((1 - ewma) * x * x) / days;
      }
      const cryptoValuation = durationConvexityLogReturn(T.D[CRYPTO], T.C[CRYPTO], dr) + T.beta[CRYPTO] * dlnL;
      if (priceChannel) {
        const px = price[i] * exp(cryptoValuation);
        price[i] = px;
        ret![i] += cryptoValuation;
        if (px > peak![i]) peak![i] = px;
        dd![i] = 1 - px / peak![i];
      }
      rec[o + RET + CRYPTO] = Math.log(price[i] / rec[o + LAST_BTC]);
      rec[o + LAST_BTC] = price[i];

      // --- mark the holders
      for (let j = 0; j < N; j++) growth[j] = exp(rec[o + RET + j]) - 1;
      const hfBefore = rec[o + HFE];
      let hfGain = 0;
      let levGain = 0;
      for (let j = 0; j < N; j++) {
        rec[o + STRAT + j] *= 1 + growth[j];
        hfGain += rec[o + HFX + j] * growth[j];
        rec[o + HFX + j] *= 1 + growth[j];
        levGain += rec[o + LEVX + j] * growth[j];
        rec[o + LEVX + j] *= 1 + growth[j];
      }
      markHedgeFunds(rec, o, hfBefore + hfGain);
      rec[o + LEVW] += levGain;
      const loss = hfBefore > 0 ? -hfGain / hfBefore - p.hedgeFundLossThreshold[i] : 0;
      let redemptions = loss > 0 ? p.hedgeFundRedemptionPerLoss[i] * loss * hfBefore : 0;
      // the step's leverage target: a share a of the way back to the funds' target
      let exposure = 0;
      for (let j = 0; j < N; j++) exposure += rec[o + HFX + j];
      const hfE = rec[o + HFE];
      const leverageNow = hfE > 0 ? exposure / hfE : 0;
      const leverageStep = leverageNow + rec[o + HF_ADJUST] * (rec[o + HF_TARGET] - leverageNow);
      // margins: m_j = m0_j·max(1, σ_j/σ₀,j)^κ, σ₀ the volatility at the start
      const kappa = p.marginVolExponent[i];
      for (let j = 0; j < N; j++) {
        const now = j === CRYPTO ? (btcVol !== null ? btcVol[i] : 0) : Math.sqrt(rec[o + VAR + j] * DAYS_PER_YEAR);
        const ref = j === CRYPTO ? rec[o + VOL0_BTC] : T.sigma[j];
        const ratio = ref > 0 && now > ref ? now / ref : 1;
        margin[j] = T.margin0[j] * (kappa === 1 ? ratio : Math.pow(ratio, kappa));
      }

      // --- the in-step iteration: needs → sales (lowest conviction first) → prices → needs
      for (let j = 0; j < N; j++) {
        rec[o + Q + j] = 0;
        rec[o + IMP + j] = 0;
      }
      let strategicNeed = assetSales;
      let hfLeverage = leverageStep;
      let rounds = 0;
      let total = 0;
      for (let k = 0; k < maxRounds; k++) {
        rounds++;
        for (let j = 0; j < N; j++) round[j] = 0;
        // strategic funds: the AI need dry powder did not cover; a hedge-fund stake sold is a redemption
        if (strategicNeed > 0) {
          strategicNeed -= peckingOrderSales(rec, o + STRAT, T.strategicOrder, null, 0, strategicNeed, sales, 0);
          for (let j = 0; j < N; j++) {
            round[j] += sales[j];
            rec[o + STRAT + j] -= sales[j];
          }
          rec[o + STRAT + HF_STAKE] -= sales[HF_STAKE];
          redemptions += sales[HF_STAKE];
        }
        // hedge funds: pay redemptions from sales, then trade toward the step's leverage
        if (rec[o + HFE] > 0) {
          if (redemptions > 0) {
            const paid = peckingOrderSales(rec, o + HFX, T.hfOrder, null, 0, redemptions, sales, 0);
            redemptions -= paid;
            for (let j = 0; j < N; j++) {
              round[j] += sales[j];
              rec[o + HFX + j] -= sales[j];
            }
            redeemHedgeFunds(rec, o, paid);
          }
          let x = 0;
          for (let j = 0; j < N; j++) x += rec[o + HFX + j];
          // the first round decides the leverage the funds hold this step: the step's target
          // when exposure is off it by more than the band, else where they are; later rounds
          // sell what impact losses add to that
          if (k === 0) hfLeverage = rec[o + HFE] > 0 && Math.abs(x - leverageStep * rec[o + HFE]) <= REBALANCE_BAND * x ? x / rec[o + HFE] : leverageStep;
          const excess = x - hfLeverage * rec[o + HFE];
          if (excess > 0) {
            peckingOrderSales(rec, o + HFX, T.hfOrder, null, 0, excess, sales, 0);
            for (let j = 0; j < N; j++) {
              round[j] += sales[j];
              rec[o + HFX + j] -= sales[j];
            }
          } else if (k === 0 && excess < 0 && x > 0) {
            // re-levering after gains: buy back pro rata (only in the first round: a choice, not a need)
            for (let j = 0; j < N; j++) {
              const b = (-excess * rec[o + HFX + j]) / x;
              round[j] -= b;
              rec[o + HFX + j] += b;
            }
          }
        } else {
          // wiped out: everything is sold
          for (let j = 0; j < N; j++) {
            round[j] += rec[o + HFX + j];
            rec[o + HFX + j] = 0;
          }
        }
        // leveraged traders: restore Σ m_j·X_j ≤ W, freeing margin lowest conviction first
        let required = 0;
        for (let j = 0; j < N; j++) required += margin[j] * rec[o + LEVX + j];
        const w = rec[o + LEVW];
        if (required > w && required > 0) {
          if (w > 0) peckingOrderSales(rec, o + LEVX, T.levOrder, margin, 0, required - w, sales, 0);
          else for (let j = 0; j < N; j++) sales[j] = rec[o + LEVX + j];
          for (let j = 0; j < N; j++) {
            round[j] += sales[j];
            rec[o + LEVX + j] -= sales[j];
          }
        }
        // the round's sales move each class through its depth (BTC: through the market, next step)
        let moved = 0;
        for (let j = 0; j < N; j++) {
          const s = round[j];
          if (s === 0) continue;
          moved += Math.abs(s);
          rec[o + Q + j] += s;
          if (j === CRYPTO) continue;
          const imp = sqrtImpactLogReturn(rec[o + Q + j], depth[j], noiseSd[j], p.impactY[i]);
          const dI = imp - rec[o + IMP + j];
          rec[o + IMP + j] = imp;
          rec[o + LNP + j] += dI;
          rec[o + RET + j] += dI;
          const g = exp(dI) - 1;
          rec[o + STRAT + j] *= 1 + g;
          const hfLoss = rec[o + HFX + j] * g;
          rec[o + HFX + j] *= 1 + g;
          markHedgeFunds(rec, o, rec[o + HFE] + hfLoss);
          rec[o + LEVW] += rec[o + LEVX + j] * g;
          rec[o + LEVX + j] *= 1 + g;
        }
        total += moved;
        if (!(moved > ROUND_TOLERANCE * total && moved > 1)) break;
      }

      // --- outputs
      const btcSales = rec[o + Q + CRYPTO];
      flow[i] += btcSales;
      let allSales = 0;
      for (let j = 0; j < N; j++) allSales += rec[o + Q + j];
      out[O_LEVEL][i] = level;
      out[O_DRY][i] = rec[o + DRY];
      out[O_RATE][i] = rate;
      out[O_AI][i] = aiFunding;
      out[O_AI_SALES][i] = assetSales;
      out[O_CALL][i] = call;
      out[O_CRYPTO_VAL][i] = cryptoValuation;
      for (let j = 1; j < N; j++) {
        out[O_PRICE + 2 * (j - 1)][i] = exp(rec[o + LNP + j]);
        out[O_PRICE + 2 * (j - 1) + 1][i] = rec[o + RET + j];
      }
      out[O_BTC_SALES][i] = btcSales;
      out[O_SALES][i] = allSales;
      out[O_HFE][i] = rec[o + HFE];
      out[O_LEVW][i] = rec[o + LEVW];
      out[O_ROUNDS][i] = rounds;
    }
  },
});

/**
 * Sets the hedge funds' equity to `equity` (floored at 0) after a gain or loss, and marks the
 * strategic holder's stake with it: between redemptions the stake is a fixed share of equity.
 */
function markHedgeFunds(rec: Float64Array, o: number, equity: number): void {
  const before = rec[o + HFE];
  const e = equity > 0 ? equity : 0;
  rec[o + HFE] = e;
  rec[o + STRAT + HF_STAKE] = before > 0 ? rec[o + STRAT + HF_STAKE] * (e / before) : 0;
}

/**
 * The funds pay out `paid` of redemptions: equity falls by it. The strategic holder's own
 * redemptions were taken off its stake when it sold; other investors' leave its stake as it is
 * (its share of the funds grows), capped at the funds' equity.
 */
function redeemHedgeFunds(rec: Float64Array, o: number, paid: number): void {
  const e = rec[o + HFE] - paid;
  rec[o + HFE] = e > 0 ? e : 0;
  if (rec[o + STRAT + HF_STAKE] > rec[o + HFE]) rec[o + STRAT + HF_STAKE] = rec[o + HFE];
}
