import type { ModelContext, PrepareEnv } from '../../engine/model.js';
import type { ParamSettings } from '../../engine/params.js';
import { recordLayout } from '../../engine/record-layout.js';
import { added, read, updated, written, type SignalDecl } from '../../engine/signals.js';
import { CLASSES, STRATEGIC_HOLDINGS, liquidityParams } from './params.js';

/** Asset classes, from the class list (params.ts); class j's fields sit at offset + j. */
export const N = CLASSES.length;
/** Index of the crypto class (BTC): the class list starts with it, and the step's loops over the other classes start at 1. */
export const CRYPTO = 0;
if (CLASSES[CRYPTO] !== 'crypto') throw new Error('liquidity: the class list must start with crypto');

// ---- signals, declared once: the step code's handles

export const LEVEL = written('liquidity.level', 'USD', { headline: true });
export const DRY_POWDER = written('liquidity.dryPowderUsd', 'USD', { headline: true });
export const RATE = written('liquidity.rate', '1/year', { shockable: true });
export const AI_FUNDING = written('liquidity.aiFundingUsd', 'USD/step');
export const ASSET_SALES_FOR_AI = written('liquidity.assetSalesForAiUsd', 'USD/step');
export const CAPITAL_CALL = written('liquidity.capitalCallUsd', 'USD/step', { shockable: true });
export const CRYPTO_VALUATION = written('liquidity.crypto.valuationReturn', 'log return');
/** Price index (1 at the start) and step log return of each class but crypto, at index j − 1 for class j. */
export const CLASS_PRICE = CLASSES.slice(CRYPTO + 1).map((c) => written(`liquidity.${c}.price`, 'index'));
export const CLASS_RETURN = CLASSES.slice(CRYPTO + 1).map((c) => written(`liquidity.${c}.return`, 'log return'));
export const FORCED_BTC_SALES = written('liquidity.forcedBtcSalesUsd', 'USD/step', { headline: true });
export const FORCED_SALES = written('liquidity.forcedSalesUsd', 'USD/step', { headline: true });
export const HF_EQUITY = written('liquidity.hedgeFundEquityUsd', 'USD', { headline: true });
export const LEV_EQUITY = written('liquidity.leveragedEquityUsd', 'USD');
/** Written when diagnosticSignals is on: the rounds of the in-step iteration. */
export const ROUNDS = written('liquidity.rounds', 'rounds');
export const MARKET_FORCED_SELLING = added('market.forcedSellingUsd', 'USD/step');
/** btcChannel price: the crypto class's repricing revises BTC's price and what follows from it. */
export const BTC_PRICE_REVISED = updated('btc.price');
export const BTC_RETURN = updated('btc.return');
export const BTC_DRAWDOWN = updated('btc.drawdown');
export const BTC_PEAK = updated('btc.peakUsd');
/** btcChannel flows: BTC's price is only read. */
export const BTC_PRICE = read('btc.price');
export const BTC_VOL = read('btc.vol', { optional: true });

/** The choices that decide the model's signals: read once, by `io` and by `prepare`. */
export interface LiquidityShape {
  /** btcChannel price: btc.* revised within the step. */
  priceChannel: boolean;
  /** diagnosticSignals on: liquidity.rounds written. */
  diagnostics: boolean;
}

export function shapeOf(settings: ParamSettings<typeof liquidityParams>): LiquidityShape {
  return {
    priceChannel: (settings.btcChannel ?? liquidityParams.btcChannel.default) === 'price',
    diagnostics: (settings.diagnosticSignals ?? liquidityParams.diagnosticSignals.default) === 'on',
  };
}

/** Every signal the model writes, in the order of its outputs (liquidity.rounds last, when on). */
export function writtenSignals(shape: LiquidityShape): SignalDecl[] {
  const perClass = CLASS_PRICE.flatMap((price, k) => [price, CLASS_RETURN[k]]);
  const outputs = [LEVEL, DRY_POWDER, RATE, AI_FUNDING, ASSET_SALES_FOR_AI, CAPITAL_CALL, CRYPTO_VALUATION, ...perClass, FORCED_BTC_SALES, FORCED_SALES, HF_EQUITY, LEV_EQUITY];
  return shape.diagnostics ? [...outputs, ROUNDS] : outputs;
}

/** The model's signals for these choices. */
export function liquiditySignals(shape: LiquidityShape): SignalDecl[] {
  const btc = shape.priceChannel ? [BTC_PRICE_REVISED, BTC_RETURN, BTC_DRAWDOWN, BTC_PEAK] : [BTC_PRICE];
  return [...writtenSignals(shape), MARKET_FORCED_SELLING, ...btc, BTC_VOL];
}

// ---- the per-path record

/** The strategic holder's holdings: the classes, then its stakes in hedge funds (STRATEGIC_HOLDINGS' order). */
export const STRATEGIC = recordLayout({ classes: N, hedgeFunds: 1 });
if (STRATEGIC.hedgeFunds !== STRATEGIC_HOLDINGS.indexOf('hedgeFunds')) throw new Error('liquidity: STRATEGIC must follow STRATEGIC_HOLDINGS');

/**
 * A path's state: one record in state.path. Per-class fields are N wide (class j at offset + j).
 * The fields after `hfAdjust` hold this step's values from one mechanism to the next. Each
 * mechanism file binds the offsets it uses to module constants (`atLevel = PATH.level`): V8
 * folds those into the path loops, while a layout object of this many fields is a dictionary
 * (a lookup at every read) and even a fast-properties copy measured ~12% slower.
 */
export const PATH = recordLayout({
  /** ln price index of class j (0 at the start); slot CRYPTO unused (crypto is btc.price). */
  lnPrice: N,
  /** EWMA daily variance of class j's returns (margins). */
  variance: N,
  /** Strategic holdings, USD (the STRATEGIC sub-record). */
  strategic: STRATEGIC.width,
  /** Hedge funds' net exposures X_j, USD. */
  hfExposure: N,
  /** E: hedge funds' equity, USD. */
  hfEquity: 1,
  /** Y_j: leveraged traders' positions, USD. */
  levPosition: N,
  /** W: leveraged traders' equity, USD. */
  levEquity: 1,
  /** L: the liquidity level, USD. */
  level: 1,
  /** D: dry powder, USD. */
  dryPowder: 1,
  /** R: reverse-repo balance, USD. */
  rrp: 1,
  /** r of the previous step (this step's after the cost of capital). */
  rate: 1,
  /** Persistent shift of r from scheduled shocks on liquidity.rate. */
  rateShift: 1,
  /** BTC price the holders were last marked at. */
  lastBtc: 1,
  /** L₀ (= M_d at the start). */
  level0: 1,
  /** λ*: the hedge funds' target leverage (exposure / equity at the start). */
  hfTarget: 1,
  /** Q_j: this step's cumulative net sales of class j, USD. */
  sold: N,
  /** I(Q_j): this step's impact on class j so far (log price). */
  impact: N,
  /** This step's log return of class j so far. */
  ret: N,
  /** σ₀ of crypto: btc.vol at the start (the reference of crypto margins). */
  vol0Btc: 1,
  /** ln(L/M_d) of the previous step. */
  demandRatio: 1,
  /** 2^{−Δ/h_R}: what the reverse repo keeps in a step (paramsChanged). */
  rrpKeep: 1,
  /** 1 − (1 − a)^Δ: the share of the leverage gap hedge funds close in a step (paramsChanged). */
  hfAdjust: 1,
  /** S, then what is left of it: the AI need dry powder did not cover (the strategic funds' need), USD. */
  strategicNeed: 1,
  /** Δr: this step's change of the cost of capital. */
  dr: 1,
  /** Δln(L/M_d) this step. */
  dlnL: 1,
  /** m_j: the leveraged traders' margin rates of this step. */
  margin: N,
  /** The step's leverage target of the hedge funds. */
  leverageStep: 1,
  /** Redemptions the hedge funds still owe in this step's iteration, USD. */
  hfRedemptions: 1,
  /** The leverage the hedge funds hold this step (decided in the first round). */
  hfLeverage: 1,
  /** s_j: all holders' sales of class j in the current round, USD. */
  roundSales: N,
  /** Σ|s_j| over this step's rounds so far, USD. */
  roundTotal: 1,
  /** The rounds this step's iteration took. */
  rounds: 1,
});

// ---- what prepare builds, once per block workspace

/** Per-class constants and the holders' selling orders, from the `classes` and `holders` structs (paramsChanged). */
export interface ClassTables {
  /** D_j, C_j, β_j, V_j and σ_j (per √year). */
  duration: Float64Array;
  convexity: Float64Array;
  beta: Float64Array;
  volume: Float64Array;
  sigma: Float64Array;
  /** m0_j: the leveraged traders' margin rates at the starting volatility. */
  margin0: Float64Array;
  /** Holdings by rising conviction: strategic funds (N + 1, with the hedge-fund stakes), hedge funds, leveraged traders. */
  strategicOrder: Int32Array;
  hfOrder: Int32Array;
  levOrder: Int32Array;
}

/** Scratch of the step (no allocation in the step). */
export interface Scratch {
  /** One holder's sales of one path in a round (N + 1: the strategic holder's hedge-fund stakes last). */
  sales: Float64Array;
  /** σ_j√dt: the class's news in a step, and σ_d of its impact law. */
  noiseSd: Float64Array;
  /** ½σ_j²dt (0.5·s·s, s = noiseSd[j]): the lognormal drift correction of the class's news, the same on every path. */
  halfVariance: Float64Array;
  /** V_j·Δ: the class's depth in a step. */
  depth: Float64Array;
  /** The paths still iterating (indices in the block; the first `count` are live): blockSize wide. */
  active: Int32Array;
}

export interface LiquidityPrepared extends LiquidityShape {
  tables: ClassTables;
  scratch: Scratch;
  /** The outputs of the classes but crypto (index j − 1), bound at each step. */
  classPriceOut: Float64Array[];
  classReturnOut: Float64Array[];
}

export function prepareLiquidity(settings: ParamSettings<typeof liquidityParams>, env: PrepareEnv): LiquidityPrepared {
  const f = () => new Float64Array(N);
  return {
    ...shapeOf(settings),
    tables: { duration: f(), convexity: f(), beta: f(), volume: f(), sigma: f(), margin0: f(), strategicOrder: new Int32Array(STRATEGIC.width), hfOrder: new Int32Array(N), levOrder: new Int32Array(N) },
    scratch: { sales: new Float64Array(STRATEGIC.width), noiseSd: f(), halfVariance: f(), depth: f(), active: new Int32Array(env.blockSize) },
    classPriceOut: CLASS_PRICE.map(() => new Float64Array(0)),
    classReturnOut: CLASS_RETURN.map(() => new Float64Array(0)),
  };
}

/** What the model's init, paramsChanged, step and mechanisms receive. */
export type LiquidityContext = ModelContext<typeof liquidityParams, LiquidityPrepared>;
