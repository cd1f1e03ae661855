import { defineModel, type ModelContext } from '../../engine/model.js';
import { exp } from '../../engine/exp.js';
import { wordToUniform } from '../../engine/rng/path-rng.js';
import * as bridge from '../../finance/brownian-bridge-extremes.js';
import * as book from './book.js';
import { leverageParams, type LeverageShare } from './params.js';

/*
 * A path's state is one record of W doubles in state.path: the long side at [0, 2K) (K bins,
 * each its contracts and their moment: see book.ts), the short side at [2K, 4K), the scalars below
 * (offsets from 4K), then the liquidation offsets ln(p_liq/p_e) of the leverage classes: for
 * longs at [4K + G, 4K + G + J), for shorts after them.
 */
const BASE_L = 0; // grid index of long bin 0
const BASE_S = 1; // grid index of short bin 0
const SCALE_L = 2; // contracts per stored unit, longs
const SCALE_S = 3;
const POOL_L = 4; // stored contracts that cannot be liquidated (unleveraged, hedged), longs
const POOL_S = 5;
const OI = 6; // open interest in contracts (BTC), one side
const OI_START = 7; // O₀
const FUND = 8; // insurance fund, USD
const MIX = 9; // flush memory m ∈ [0, 1]
const TURNOVER = 10; // 1 − e^{−Δ/τ}
const REBUILD = 11; // 1 − 2^{−Δ/h_r}
const MIX_DECAY = 12; // 2^{−Δ/h_m}
const BANKRUPT_L = 13; // 1 − mmr: bankruptcy over liquidation price, longs
const BANKRUPT_S = 14; // 1 + mmr
const NEAR_L = 15; // no long position above this bin (−1: none): where a long cascade starts
const NEAR_S = 16; // no short position below this bin (K: none)
const G = 17;

/** Grid placement: the price sits TOP_GAP bins inside the near end; the grid moves when it drifts SLACK bins. */
const TOP_GAP = 5;
const SLACK = 8;
/** A side's scale is folded back into its bins when it falls below this. */
const RENORMALISE_BELOW = 1e-100;
const DAYS_PER_YEAR = 365;
/** σ of the backward walk of entry prices when no model writes btc.vol: near BTC's long-run ~0.5/√year (the market's calm 0.48). */
const FALLBACK_VOL = 0.5;

/** The leverage classes and the per-path layout, derived from a run's settings. */
interface Layout {
  K: number;
  h: number;
  /** Leverages of the union of the three mixes, ascending. */
  leverage: number[];
  /** Normalised weights per class: longs, shorts, post-flush. */
  wLong: Float64Array;
  wShort: Float64Array;
  wFlush: Float64Array;
  W: number;
}

function weights(mix: LeverageShare[], leverage: number[]): Float64Array {
  const w = new Float64Array(leverage.length);
  let total = 0;
  for (const c of mix) total += c.share;
  for (const c of mix) w[leverage.indexOf(c.leverage)] = c.share / total;
  return w;
}

function classesOf(settings: { longLeverageMix?: unknown; shortLeverageMix?: unknown; postFlushLeverageMix?: unknown }): number[] {
  const d = leverageParams;
  const mixes = [settings.longLeverageMix ?? d.longLeverageMix.default, settings.shortLeverageMix ?? d.shortLeverageMix.default, settings.postFlushLeverageMix ?? d.postFlushLeverageMix.default] as LeverageShare[][];
  return [...new Set(mixes.flat().map((c) => c.leverage))].sort((a, b) => a - b);
}

function widthOf(K: number, J: number): number {
  return 4 * K + G + 2 * J;
}

/** Offset of path i's scalars in its record at o. */
function scalars(o: number, K: number): number {
  return o + 4 * K;
}

const layouts = new WeakMap<object, Layout>();

/** The layout for a block context; rebuilt when a scheduled `set` changes a mix. */
function layoutFor(ctx: Ctx, rebuild = false): Layout {
  let L = layouts.get(ctx);
  if (L && !rebuild) return L;
  const p = ctx.p;
  if (L && (p.buckets !== L.K || p.bucketWidthLog !== L.h)) {
    // K sizes every path's record and h gives its bins' grid indices their prices: a new value
    // would read past the records or misplace every position
    throw new Error(`leverage: a scheduled set cannot change leverage.buckets or leverage.bucketWidthLog (they shape every path's book); the run started with ${L.K} bins of ${L.h}`);
  }
  const leverage = classesOf(p);
  if (L && leverage.some((l) => !L!.leverage.includes(l))) {
    throw new Error(`leverage: a scheduled mix may only use the leverages the scenario starts with (${L.leverage.join(', ')}); found ${leverage.join(', ')}`);
  }
  const classes = L ? L.leverage : leverage;
  L = {
    K: p.buckets,
    h: p.bucketWidthLog,
    leverage: classes,
    wLong: weights(p.longLeverageMix, classes),
    wShort: weights(p.shortLeverageMix, classes),
    wFlush: weights(p.postFlushLeverageMix, classes),
    W: widthOf(p.buckets, classes.length),
  };
  layouts.set(ctx, L);
  return L;
}

type Ctx = ModelContext<typeof leverageParams>;

/** Constants of each path that depend only on its parameters. */
function derive(ctx: Ctx, L: Layout): void {
  const { p } = ctx;
  const rec = ctx.state.path;
  const { K, W, leverage } = L;
  const J = leverage.length;
  const d = ctx.stepDays;
  for (let i = 0; i < ctx.paths; i++) {
    const g = scalars(i * W, K);
    const mmr = p.maintenanceMarginRate[i];
    rec[g + TURNOVER] = 1 - Math.exp(-d / p.holdingDays[i]);
    rec[g + REBUILD] = 1 - Math.pow(2, -d / p.rebuildHalfLifeDays[i]);
    rec[g + MIX_DECAY] = Math.pow(2, -d / p.mixShiftHalfLifeDays[i]);
    rec[g + BANKRUPT_L] = 1 - mmr;
    rec[g + BANKRUPT_S] = 1 + mmr;
    const k = p.leverageMultiplier[i];
    for (let j = 0; j < J; j++) {
      const l = 1 + (leverage[j] - 1) * k;
      // a 1× long is never liquidated: −∞ sends it to the pool
      rec[g + G + j] = l > 1 ? Math.log((1 - 1 / l) / (1 - mmr)) : -Infinity;
      rec[g + G + J + j] = Math.log((1 + 1 / l) / (1 + mmr));
    }
  }
}

/** The grid index of long bin 0 that puts log price lnP TOP_GAP bins below the top. */
function longBaseFor(lnP: number, L: Layout): number {
  return Math.ceil(lnP / L.h) + TOP_GAP - (L.K - 1);
}

function shortBaseFor(lnP: number, L: Layout): number {
  return Math.floor(lnP / L.h) - TOP_GAP;
}

/** Moves path i's grids so that log price lnP sits inside them (both sides). */
function recentre(rec: Float64Array, o: number, L: Layout, lnP: number): void {
  const g = scalars(o, L.K);
  const K = L.K;
  const baseL = rec[g + BASE_L];
  const wantL = longBaseFor(lnP, L);
  if (baseL + K - 1 < Math.ceil(lnP / L.h) + 1 || baseL < wantL - SLACK) moveGrid(rec, o, g, K, 1, BASE_L, NEAR_L, wantL);
  const baseS = rec[g + BASE_S];
  const wantS = shortBaseFor(lnP, L);
  if (baseS > Math.floor(lnP / L.h) - 1 || baseS > wantS + SLACK) moveGrid(rec, o + 2 * K, g, K, -1, BASE_S, NEAR_S, wantS);
}

/** Moves one side's grid (at rec[side …]) so that bin 0 is grid index `want`, with its contents and its near bound. */
function moveGrid(rec: Float64Array, side: number, g: number, K: number, sg: number, baseAt: number, nearAt: number, want: number): void {
  const shift = want - rec[g + baseAt];
  book.shiftBook(rec, side, K, shift);
  rec[g + baseAt] = want;
  // what was merged into an end bin is still there: the bound moves with the grid, clipped
  // (−1 for longs, K for shorts: the side holds no position)
  const near = rec[g + nearAt];
  const none = sg > 0 ? near < 0 : near >= K;
  rec[g + nearAt] = none ? near : Math.min(K - 1, Math.max(0, near - shift));
}

/**
 * Opens `contracts` new contracts (both sides) at log price lnP with path i's current mix:
 * a share 1 − λ unleveraged (the pools), the rest by class at its liquidation price.
 */
function open(rec: Float64Array, o: number, L: Layout, lnP: number, contracts: number, leveraged: number): void {
  if (!(contracts > 0)) return;
  const { K, h, leverage, wLong, wShort, wFlush } = L;
  const J = leverage.length;
  const g = scalars(o, K);
  const m = rec[g + MIX];
  const inL = 1 / rec[g + SCALE_L];
  const inS = 1 / rec[g + SCALE_S];
  const baseL = rec[g + BASE_L];
  const baseS = rec[g + BASE_S];
  let poolL = (1 - leveraged) * contracts;
  rec[g + POOL_S] += (1 - leveraged) * contracts * inS;
  for (let j = 0; j < J; j++) {
    const nl = leveraged * contracts * ((1 - m) * wLong[j] + m * wFlush[j]);
    const ns = leveraged * contracts * ((1 - m) * wShort[j] + m * wFlush[j]);
    const dl = rec[g + G + j];
    if (dl === -Infinity) poolL += nl;
    else if (nl > 0) {
      const b = book.addPositions(rec, o, K, baseL, h, lnP + dl, nl * inL);
      if (b > rec[g + NEAR_L]) rec[g + NEAR_L] = b;
    }
    if (ns > 0) {
      const b = book.addPositions(rec, o + 2 * K, K, baseS, h, lnP + rec[g + G + J + j], ns * inS);
      if (b < rec[g + NEAR_S]) rec[g + NEAR_S] = b;
    }
  }
  rec[g + POOL_L] += poolL * inL;
}

/** Scales both sides and the open interest by (1 − f): a share f of every position closes. */
function closeShare(rec: Float64Array, g: number, f: number): void {
  const keep = f < 1 ? 1 - f : 0;
  rec[g + SCALE_L] *= keep;
  rec[g + SCALE_S] *= keep;
  rec[g + OI] *= keep;
}

/** Folds a side's scale back into its bins (at rec[s …]) and pool when it has become tiny (or zero). */
function renormalise(rec: Float64Array, side: number, g: number, K: number, scaleAt: number, poolAt: number): void {
  const s = rec[g + scaleAt];
  if (s > RENORMALISE_BELOW) return;
  for (let j = 0; j < 2 * K; j++) rec[side + j] *= s; // contracts and moments (contracts × level) alike
  rec[g + poolAt] *= s;
  rec[g + scaleAt] = 1;
}

/**
 * One side's cascade on path i (book.cascadeLeg, whose totals stay in book.legResult), then the
 * bookkeeping that follows: the counterparties of every closed contract leave the other side
 * pro rata, and the open interest falls by the contracts closed. Returns those contracts.
 */
function liquidateSide(rec: Float64Array, o: number, L: Layout, sg: number, ext: number, v: number, sigma: number, y: number, remaining: number, gap: number): number {
  const { K, h } = L;
  const g = scalars(o, K);
  const mine = sg > 0 ? o : o + 2 * K;
  const near = sg > 0 ? NEAR_L : NEAR_S;
  book.cascadeLeg(rec, mine, K, rec[g + near], rec[g + (sg > 0 ? BASE_L : BASE_S)], h, rec[g + (sg > 0 ? SCALE_L : SCALE_S)], sg, ext, v, sigma, y, rec[g + (sg > 0 ? BANKRUPT_L : BANKRUPT_S)], rec[g + FUND], remaining, gap);
  const r = book.legResult;
  rec[g + FUND] = r.fund;
  rec[g + near] = r.next;
  const removed = r.contracts + r.adlContracts;
  const oi = rec[g + OI];
  if (removed > 0 && oi > 0) {
    const keep = removed < oi ? (oi - removed) / oi : 0;
    rec[g + (sg > 0 ? SCALE_S : SCALE_L)] *= keep;
    rec[g + OI] = oi - removed > 0 ? oi - removed : 0;
  }
  return removed;
}

/**
 * Perpetual-futures leverage and the liquidation cascade: per path, open interest held as bins
 * of liquidation price for longs and shorts; each step the market's pre-cascade price path
 * (a Brownian bridge between its prices) crosses liquidation prices, the liquidations move
 * the price by the square-root law until the cascade's fixed point, the insurance fund pays
 * losses past the bankruptcy price and auto-deleveraging closes what it cannot; the revised
 * price is the one every other model sees. Equations: README.md (same symbols).
 */
export const leverage = defineModel({
  name: 'leverage',
  title: 'Leverage: liquidation-price buckets, in-step liquidation cascade, insurance fund, ADL, open-interest rebuild',
  readme: 'src/models/leverage/README.md',
  params: leverageParams,
  io: (settings) => {
    const K = (settings.buckets as number | undefined) ?? leverageParams.buckets.default;
    const diagnostics = (settings.diagnosticSignals ?? leverageParams.diagnosticSignals.default) === 'on';
    const J = classesOf(settings).length;
    return {
      writes: [
        'leverage.liquidatedLongUsd',
        'leverage.liquidatedShortUsd',
        'leverage.liquidatedUsd',
        'leverage.adlUsd',
        'leverage.openInterestUsd',
        'leverage.insuranceFundUsd',
        'leverage.lowUsd',
        'leverage.highUsd',
        'leverage.cascadeReturn',
        ...(diagnostics ? DIAGNOSTIC_SIGNALS : []),
      ],
      updates: ['btc.price', 'btc.return', 'btc.drawdown', 'btc.peakUsd'],
      reads: [{ name: 'market.volumeUsd' }, { name: 'market.sigmaDaily' }, { name: 'btc.vol', optional: true }],
      shockable: ['leverage.lowUsd', 'leverage.highUsd'],
      state: { path: widthOf(K, J) },
      units: {
        'leverage.liquidatedLongUsd': 'USD/step',
        'leverage.liquidatedShortUsd': 'USD/step',
        'leverage.liquidatedUsd': 'USD/step',
        'leverage.adlUsd': 'USD/step',
        'leverage.openInterestUsd': 'USD',
        'leverage.insuranceFundUsd': 'USD',
        'leverage.lowUsd': 'USD',
        'leverage.highUsd': 'USD',
        'leverage.cascadeReturn': 'log return',
        'leverage.openInterestBtc': 'BTC',
        'leverage.removedBtc': 'BTC/step',
        'leverage.netNewBtc': 'BTC/step',
      },
      events: [
        { name: 'leverage.adl', signal: 'leverage.adlUsd', op: '>', value: 0, description: 'auto-deleveraging fires (the insurance fund could not pay)' },
        { name: 'leverage.flush10B', signal: 'leverage.liquidatedUsd', op: '>=', value: 10e9, description: '$10B or more liquidated in a step' },
      ],
    };
  },

  init(ctx) {
    const L = layoutFor(ctx, true);
    derive(ctx, L);
    const { p, rng } = ctx;
    const rec = ctx.state.path;
    const { K, W, h, leverage: lev } = L;
    const J = lev.length;
    const price = ctx.signal('btc.price');
    const vol = ctx.has('btc.vol') ? ctx.signal('btc.vol') : null;
    const history = p.entryHistoryUsd;
    const out = outputs(ctx);
    for (let i = 0; i < ctx.paths; i++) {
      const o = i * W;
      const g = scalars(o, K);
      const lnP = Math.log(price[i]);
      const oi = p.openInterestUsd[i] / price[i];
      rec[g + BASE_L] = longBaseFor(lnP, L);
      rec[g + BASE_S] = shortBaseFor(lnP, L);
      rec[g + SCALE_L] = 1;
      rec[g + SCALE_S] = 1;
      rec[g + FUND] = p.insuranceFundUsd[i];
      rec[g + NEAR_L] = -1;
      rec[g + NEAR_S] = K;
      // entries over the look-back window: age a = 0 is the start price, a ≥ 1 the history
      // (given, or a random walk backward at the market's volatility); weight e^{−a/τ}; a
      // position survives only if no later price reached its liquidation price
      const ages = history.length > 0 ? Math.min(p.lookbackDays[i], history.length + 1) : p.lookbackDays[i];
      const dailyVol = (vol && vol[i] > 0 ? vol[i] : FALLBACK_VOL) / Math.sqrt(DAYS_PER_YEAR);
      const lambda = p.leveragedShare[i];
      let lnEntry = lnP;
      let minLater = Infinity;
      let maxLater = -Infinity;
      let totalL = 0;
      let totalS = 0;
      rng.load(i);
      for (let a = 0; a < ages; a++) {
        if (a > 0) {
          minLater = Math.min(minLater, lnEntry);
          maxLater = Math.max(maxLater, lnEntry);
          lnEntry = history.length > 0 ? Math.log(history[history.length - a]) : lnEntry - dailyVol * rng.normal();
        }
        const w = Math.exp(-a / p.holdingDays[i]);
        rec[g + POOL_L] += (1 - lambda) * w;
        rec[g + POOL_S] += (1 - lambda) * w;
        totalL += (1 - lambda) * w;
        totalS += (1 - lambda) * w;
        for (let j = 0; j < J; j++) {
          const dl = rec[g + G + j];
          const nl = w * lambda * L.wLong[j];
          if (dl === -Infinity) {
            rec[g + POOL_L] += nl;
            totalL += nl;
          } else if (nl > 0 && lnEntry + dl < minLater) {
            rec[g + NEAR_L] = Math.max(rec[g + NEAR_L], book.addPositions(rec, o, K, rec[g + BASE_L], h, lnEntry + dl, nl));
            totalL += nl;
          }
          const ds = rec[g + G + J + j];
          const ns = w * lambda * L.wShort[j];
          if (ns > 0 && lnEntry + ds > maxLater) {
            rec[g + NEAR_S] = Math.min(rec[g + NEAR_S], book.addPositions(rec, o + 2 * K, K, rec[g + BASE_S], h, lnEntry + ds, ns));
            totalS += ns;
          }
        }
      }
      rng.store(i);
      // survivors carry the reported open interest: O₀ contracts on each side
      rec[g + SCALE_L] = oi / totalL;
      rec[g + SCALE_S] = oi / totalS;
      rec[g + OI] = oi;
      rec[g + OI_START] = oi;
      writeOutputs(out, i, 0, 0, 0, oi * price[i], rec[g + FUND], price[i], price[i], 0, oi, 0, 0);
    }
  },

  paramsChanged(ctx) {
    derive(ctx, layoutFor(ctx, true));
  },

  step(ctx) {
    const L = layoutFor(ctx);
    const { p, rng } = ctx;
    const rec = ctx.state.path;
    const { K, W } = L;
    const price = ctx.signal('btc.price');
    const ret = ctx.signal('btc.return');
    const dd = ctx.signal('btc.drawdown');
    const peak = ctx.signal('btc.peakUsd');
    const volume = ctx.signal('market.volumeUsd');
    const sigmaD = ctx.signal('market.sigmaDaily');
    const lowShock = ctx.shock('leverage.lowUsd');
    const highShock = ctx.shock('leverage.highUsd');
    const out = outputs(ctx);
    const { gapShare, intradayRangeScale, cascadeDepthShare, impactY, impactPersistence, remainingMarginToFund, deleverageRatio, targetOpenInterestShare, leveragedShare, mixShiftPerFlushShare } = p;
    // two words a path: the uniforms of the bridge's low and high
    const words = rng.drawWords(ctx.paths, 2);
    for (let i = 0; i < ctx.paths; i++) {
      const o = i * W;
      const g = scalars(o, K);
      const lnB = Math.log(price[i]);
      const lnA = lnB - ret[i];
      const s = intradayRangeScale[i] * sigmaD[i];
      let lo = bridge.bridgeMinFromUniform(lnA, lnB, s, wordToUniform(words[2 * i]));
      let hi = bridge.bridgeMaxFromUniform(lnA, lnB, s, wordToUniform(words[2 * i + 1]));
      if (lowShock !== null) lo = Math.min(lo, Math.log(Math.max(1e-300, exp(lo) * lowShock.multiply[i] + lowShock.add[i])));
      if (highShock !== null) hi = Math.max(hi, Math.log(Math.max(1e-300, exp(hi) * highShock.multiply[i] + highShock.add[i])));
      const v = volume[i] * cascadeDepthShare[i];
      const sig = sigmaD[i];
      const y = impactY[i];
      const rem = remainingMarginToFund[i];
      const oiBefore = rec[g + OI];
      // the leg against the step's net move first: a down step's high comes before its low
      let impactL = 0;
      let impactS = 0;
      let removed = 0;
      let longUsd = 0;
      let shortUsd = 0;
      let adlUsd = 0;
      for (let k = 0; k < 2; k++) {
        const sg = (k === 0) === (lnB < lnA) ? -1 : 1;
        removed += liquidateSide(rec, o, L, sg, sg > 0 ? lo : hi, v, sig, y, rem, gapShare[i]);
        const r = book.legResult;
        if (sg > 0) {
          impactL = r.impact;
          longUsd = r.usd;
        } else {
          impactS = r.impact;
          shortUsd = r.usd;
        }
        adlUsd += r.adlUsd;
      }
      // the close: the market's price plus the share ψ of the cascades' impact that persists
      const lnC = lnB + impactPersistence[i] * (impactL + impactS);
      const pc = exp(lnC);
      price[i] = pc;
      ret[i] += lnC - lnB;
      const pk = pc > peak[i] ? pc : peak[i];
      peak[i] = pk;
      dd[i] = 1 - pc / pk;
      // after the cascade: deleveraging in proportion to the flush, turnover, the rebuild
      // (each a share of every position closing, both sides); then new positions at the close
      let closed = 0;
      const before = rec[g + OI];
      if (removed > 0 && before > 0) {
        const f = Math.min(1, (deleverageRatio[i] * removed) / before);
        closed += f * before;
        closeShare(rec, g, f);
      }
      // the rebuild closes a share of the gap to the target; turnover closes and reopens (net 0)
      const gap = (targetOpenInterestShare[i] * rec[g + OI_START] - rec[g + OI]) * rec[g + REBUILD];
      const turnover = rec[g + TURNOVER] * rec[g + OI];
      closed += turnover;
      closeShare(rec, g, rec[g + TURNOVER]);
      if (gap < 0 && rec[g + OI] > 0) {
        closed -= gap;
        closeShare(rec, g, -gap / rec[g + OI]);
      }
      const opened = turnover + (gap > 0 ? gap : 0);
      const m = rec[g + MIX] * rec[g + MIX_DECAY] + (oiBefore > 0 ? (mixShiftPerFlushShare[i] * removed) / oiBefore : 0);
      rec[g + MIX] = m < 1 ? m : 1;
      recentre(rec, o, L, lnC);
      renormalise(rec, o, g, K, SCALE_L, POOL_L);
      renormalise(rec, o + 2 * K, g, K, SCALE_S, POOL_S);
      open(rec, o, L, lnC, opened, leveragedShare[i]);
      rec[g + OI] += opened;
      const oi = rec[g + OI];
      writeOutputs(out, i, longUsd, shortUsd, adlUsd, oi * pc, rec[g + FUND], exp(lo + impactL), exp(hi + impactS), lnC - lnB, oi, removed, opened - closed);
    }
  },
});

/** The contract accounting, written when diagnosticSignals is on (tests check the invariant on them). */
const DIAGNOSTIC_SIGNALS = ['leverage.openInterestBtc', 'leverage.removedBtc', 'leverage.netNewBtc'];
const SCRATCH = new Float64Array(0);

type Outputs = Record<'longUsd' | 'shortUsd' | 'totalUsd' | 'adlUsd' | 'oiUsd' | 'fund' | 'low' | 'high' | 'cascade' | 'oiBtc' | 'removed' | 'netNew', Float64Array>;
const outputCache = new WeakMap<object, Outputs>();

let scratchBuffer = SCRATCH;
function scratchOf(n: number): Float64Array {
  if (scratchBuffer.length < n) scratchBuffer = new Float64Array(n);
  return scratchBuffer;
}

/** The model's output buffers for a block (looked up once per block context). */
function outputs(ctx: Ctx): Outputs {
  let out = outputCache.get(ctx);
  if (!out) {
    out = makeOutputs(ctx);
    outputCache.set(ctx, out);
  }
  return out;
}

function makeOutputs(ctx: Ctx): Outputs {
  return {
    longUsd: ctx.signal('leverage.liquidatedLongUsd'),
    shortUsd: ctx.signal('leverage.liquidatedShortUsd'),
    totalUsd: ctx.signal('leverage.liquidatedUsd'),
    adlUsd: ctx.signal('leverage.adlUsd'),
    oiUsd: ctx.signal('leverage.openInterestUsd'),
    fund: ctx.signal('leverage.insuranceFundUsd'),
    low: ctx.signal('leverage.lowUsd'),
    high: ctx.signal('leverage.highUsd'),
    cascade: ctx.signal('leverage.cascadeReturn'),
    // without diagnostics these three go to a scratch buffer nobody records
    oiBtc: ctx.p.diagnosticSignals === 'on' ? ctx.signal('leverage.openInterestBtc') : scratchOf(ctx.paths),
    removed: ctx.p.diagnosticSignals === 'on' ? ctx.signal('leverage.removedBtc') : scratchOf(ctx.paths),
    netNew: ctx.p.diagnosticSignals === 'on' ? ctx.signal('leverage.netNewBtc') : scratchOf(ctx.paths),
  };
}

function writeOutputs(
  out: Outputs,
  i: number,
  longUsd: number,
  shortUsd: number,
  adlUsd: number,
  oiUsd: number,
  fund: number,
  low: number,
  high: number,
  cascade: number,
  oiBtc: number,
  removed: number,
  netNew: number,
): void {
  out.longUsd[i] = longUsd;
  out.shortUsd[i] = shortUsd;
  out.totalUsd[i] = longUsd + shortUsd;
  out.adlUsd[i] = adlUsd;
  out.oiUsd[i] = oiUsd;
  out.fund[i] = fund;
  out.low[i] = low;
  out.high[i] = high;
  out.cascade[i] = cascade;
  out.oiBtc[i] = oiBtc;
  out.removed[i] = removed;
  out.netNew[i] = netNew;
}

/** One path's books as numbers (for tests and diagnostics): contracts per side (bins + pool), the open interest, the fund and the flush memory. */
export function inspectPath(ctx: ModelContext<typeof leverageParams>, i: number) {
  const L = layoutFor(ctx);
  const rec = ctx.state.path;
  const o = i * L.W;
  const g = scalars(o, L.K);
  const longBins = book.bookContracts(rec, o, L.K, rec[g + SCALE_L]);
  const shortBins = book.bookContracts(rec, o + 2 * L.K, L.K, rec[g + SCALE_S]);
  /** The side's non-empty bins: level (mean liquidation log price) and contracts. */
  const bins = (side: number, scale: number) => {
    const out: { index: number; level: number; contracts: number }[] = [];
    for (let j = 0; j < L.K; j++) if (rec[side + 2 * j] > 0) out.push({ index: j, level: rec[side + 2 * j + 1] / rec[side + 2 * j], contracts: rec[side + 2 * j] * scale });
    return out;
  };
  return {
    longContracts: longBins + rec[g + POOL_L] * rec[g + SCALE_L],
    shortContracts: shortBins + rec[g + POOL_S] * rec[g + SCALE_S],
    longPool: rec[g + POOL_L] * rec[g + SCALE_L],
    shortPool: rec[g + POOL_S] * rec[g + SCALE_S],
    openInterest: rec[g + OI],
    fund: rec[g + FUND],
    flushMemory: rec[g + MIX],
    /** No long position above this bin, no short below that one (where cascades start). */
    nearLong: rec[g + NEAR_L],
    nearShort: rec[g + NEAR_S],
    longBins: bins(o, rec[g + SCALE_L]),
    shortBins: bins(o + 2 * L.K, rec[g + SCALE_S]),
  };
}
