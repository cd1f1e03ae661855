import { sqrtImpactLogReturn } from '../../finance/square-root-impact.js';
import { defineModel, type ModelContext } from '../../engine/model.js';
import { exp } from '../../engine/exp.js';
import { normalFastFromWord, poissonZeroBelow, starStar, wordToUniform } from '../../engine/rng/path-rng.js';
import { marketParams } from './params.js';

const DAYS_PER_YEAR = 365;
/** Smallest factor a scheduled shock can multiply the price by (it stays positive). */
const MIN_SHOCK_FACTOR = 1e-9;
const CALM = 0;
const STRESS = 1;

/*
 * A path's state and the constants its step derives from the parameters (in paramsChanged,
 * not every step) live together in one record of RECORD doubles in state.path, at the offsets
 * below. One array rather than one per field, because V8 re-checks every typed array a loop
 * touches on every iteration (its map, length and data pointer): about ten instructions per
 * array and path. RECORD is 16, a power of two, so that a path's offset is a shift.
 */
/** ln P, the log price. */
const LN_PRICE = 0;
/** The running peak of the price. */
const PEAK = 1;
/** The EWMA of squared daily returns. */
const EWMA_VAR = 2;
/** 0 calm, 1 stress. */
const REGIME = 3;
/** The EWMA before the last step's return was added: lets a revised return replace it. */
const EWMA_VAR_BEFORE = 6;
/** λ_EWMA: weight of the previous variance. */
const EWMA_KEEP = 4;
/** (1 − λ_EWMA)/days: weight of the step's squared return, per day. */
const EWMA_GAIN = 5;
/** Per regime r, from offset REGIME_COEFS + r·2^COEF_SHIFT (7 is spare): */
const REGIME_COEFS = 8;
/** probability of leaving the regime within one step; */
const LEAVE = 0;
/** (μ − σ²/2)·dt; */
const DRIFT = 1;
/** σ·√dt, the step's diffusion volatility; */
const DIFFUSION = 2;
/** the uniform at or below which no jump occurs: e^(−λ dt), see poissonZeroBelow. */
const NO_JUMP = 3;
const COEF_SHIFT = 2;
const RECORD_SHIFT = 4;
const RECORD = 1 << RECORD_SHIFT;

/**
 * Offset of path i's constants for regime r (0 or 1), by shifts: they turn the double r into
 * an integer without the checked conversion that a product of doubles used as an index needs.
 */
function coefBase(i: number, r: number): number {
  return (i << RECORD_SHIFT) + REGIME_COEFS + (r << COEF_SHIFT);
}

/** Scratch lists of the step's rare cases (path index, and the word it drew), grown to the largest block. */
let slowNormalList = new Int32Array(0);
let slowNormalWordList = new Int32Array(0);
let jumpList = new Int32Array(0);
let jumpWordList = new Int32Array(0);
function pendingSlowNormals(n: number): Int32Array {
  if (slowNormalList.length < n) {
    slowNormalList = new Int32Array(n);
    slowNormalWordList = new Int32Array(n);
  }
  return slowNormalList;
}
function pendingJumps(n: number): Int32Array {
  if (jumpList.length < n) {
    jumpList = new Int32Array(n);
    jumpWordList = new Int32Array(n);
  }
  return jumpList;
}

function setRegimeCoefs(
  rec: Float64Array,
  o: number,
  leavePerDay: number,
  enterPerDay: number,
  mu: number,
  sigma: number,
  jumpsPerYear: number,
  days: number,
): void {
  const dt = days / DAYS_PER_YEAR;
  // The probability of being in the other regime after `days` daily steps of the two-state
  // chain: p_leave·(1 − (1 − p_leave − p_enter)^Δ)/(p_leave + p_enter), exact for any Δ.
  const both = leavePerDay + enterPerDay;
  rec[o + LEAVE] = days === 1 || both === 0 ? leavePerDay : (leavePerDay * (1 - Math.pow(1 - both, days))) / both;
  rec[o + DRIFT] = (mu - 0.5 * sigma * sigma) * dt;
  rec[o + DIFFUSION] = sigma * Math.sqrt(dt);
  rec[o + NO_JUMP] = poissonZeroBelow(jumpsPerYear * dt);
}

/**
 * BTC price: a regime-switching (calm/stress) log price with Merton jumps, moved also by net
 * forced selling through the square-root impact law. Equations: README.md (same symbols).
 */
export const market = defineModel({
  name: 'market',
  title: 'BTC price: regime-switching diffusion, Merton jumps, square-root impact of forced flows',
  readme: 'src/models/market/README.md',
  params: marketParams,
  io: () => ({
    writes: ['btc.price', 'btc.return', 'btc.drawdown', 'btc.peakUsd', 'btc.vol', 'market.regime', 'market.volumeUsd', 'market.sigmaDaily'],
    reads: [{ name: 'market.forcedSellingUsd', prev: true, optional: true }],
    shockable: ['btc.price'],
    state: { path: RECORD },
    units: {
      'btc.price': 'USD',
      'btc.return': 'log return',
      'btc.drawdown': 'fraction',
      'btc.peakUsd': 'USD',
      'btc.vol': '1/√year',
      'market.regime': '0 calm, 1 stress',
      'market.volumeUsd': 'USD/step',
      'market.sigmaDaily': 'log return',
    },
    events: [
      { name: 'market.stress', signal: 'market.regime', op: '>=', value: 1, description: 'first day in the stress regime' },
    ],
  }),

  init(ctx) {
    const { p, rng } = ctx;
    const rec = ctx.state.path;
    const price = ctx.signal('btc.price');
    const ret = ctx.signal('btc.return');
    const dd = ctx.signal('btc.drawdown');
    const peakOut = ctx.signal('btc.peakUsd');
    const vol = ctx.signal('btc.vol');
    const regimeOut = ctx.signal('market.regime');
    for (let i = 0; i < ctx.paths; i++) {
      rng.load(i);
      let regime = CALM;
      if (p.initialRegime === 'stress') regime = STRESS;
      else if (p.initialRegime === 'stationary') {
        const share = p.calmToStressPerDay[i] / (p.calmToStressPerDay[i] + p.stressToCalmPerDay[i]);
        regime = rng.uniform() < share ? STRESS : CALM;
      }
      rng.store(i);
      const sigma = regime === STRESS ? p.volStressPerSqrtYear[i] : p.volCalmPerSqrtYear[i];
      const o = i * RECORD;
      const peak = Math.max(p.peakUsd[i], p.priceUsd[i]);
      rec[o + REGIME] = regime;
      rec[o + LN_PRICE] = Math.log(p.priceUsd[i]);
      rec[o + PEAK] = peak;
      rec[o + EWMA_VAR] = (sigma * sigma) / DAYS_PER_YEAR;
      rec[o + EWMA_VAR_BEFORE] = rec[o + EWMA_VAR];
      price[i] = p.priceUsd[i];
      peakOut[i] = peak;
      ret[i] = 0;
      dd[i] = 1 - p.priceUsd[i] / peak;
      vol[i] = sigma;
      regimeOut[i] = regime;
    }
  },

  paramsChanged(ctx) {
    const { p } = ctx;
    const rec = ctx.state.path;
    const days = ctx.stepDays;
    for (let i = 0; i < ctx.paths; i++) {
      const o = i * RECORD;
      rec[o + EWMA_KEEP] = p.ewmaLambda[i];
      rec[o + EWMA_GAIN] = (1 - p.ewmaLambda[i]) / days;
      setRegimeCoefs(rec, coefBase(i, CALM), p.calmToStressPerDay[i], p.stressToCalmPerDay[i], p.driftCalmPerYear[i], p.volCalmPerSqrtYear[i], p.jumpsCalmPerYear[i], days);
      setRegimeCoefs(rec, coefBase(i, STRESS), p.stressToCalmPerDay[i], p.calmToStressPerDay[i], p.driftStressPerYear[i], p.volStressPerSqrtYear[i], p.jumpsStressPerYear[i], days);
    }
  },

  step(ctx) {
    const { rng } = ctx;
    const rec = ctx.state.path;
    const price = ctx.signal('btc.price');
    const ret = ctx.signal('btc.return');
    const dd = ctx.signal('btc.drawdown');
    const peakOut = ctx.signal('btc.peakUsd');
    const vol = ctx.signal('btc.vol');
    const regimeOut = ctx.signal('market.regime');
    const shock = ctx.shock('btc.price');
    const n = ctx.paths;
    if (ctx.isUpdated('btc.price')) adoptRevisedPrice(ctx);
    // Three words per path: regime switch, diffusion, jump count. The jump size needs a
    // fourth number on the ~1% of path-steps with a jump only, and draws it from the path's
    // stream then (rng.normalOf), which saves a quarter of the generator's work.
    // The words come from the path's xoshiro128** generator advanced here, in the loop, rather
    // than from rng.drawWords: a buffer of words written in one pass and read in the next, or
    // a call per word, cost 17% of the step (bench/README.md). The lines below are exactly
    // PathRng.nextU32 (path-rng.spec.ts checks that the market draws the same words).
    // The main loop does the common case and only notes the paths with a rare one (a slow
    // ziggurat draw, a jump) and their word for the loops after it, so that it makes no calls
    // (which measured ~5% faster in V8). Per path the draws keep one order: the three words,
    // then slow normal, jump count, jump size.
    const state = rng.state;
    const slowNormals = pendingSlowNormals(n);
    const slowNormalWords = slowNormalWordList;
    const jumps = pendingJumps(n);
    const jumpWords = jumpWordList;
    let slowCount = 0;
    let jumpCount = 0;
    for (let i = 0; i < n; i++) {
      const k = i << 2;
      let a = state[k] | 0;
      let b = state[k + 1] | 0;
      let c = state[k + 2] | 0;
      let d = state[k + 3] | 0;
      let t = 0;
      const switchWord = starStar(b); t = b << 9; c ^= a; d ^= b; b ^= c; a ^= d; c ^= t; d = (d << 11) | (d >>> 21);
      const diffusionWord = starStar(b); t = b << 9; c ^= a; d ^= b; b ^= c; a ^= d; c ^= t; d = (d << 11) | (d >>> 21);
      const jumpWord = starStar(b); t = b << 9; c ^= a; d ^= b; b ^= c; a ^= d; c ^= t; d = (d << 11) | (d >>> 21);
      state[k] = a;
      state[k + 1] = b;
      state[k + 2] = c;
      state[k + 3] = d;
      // regime switch: leave the current regime with its per-step probability
      const o = i * RECORD;
      let r = rec[o + REGIME];
      if (wordToUniform(switchWord) < rec[coefBase(i, r) + LEAVE]) r = 1 - r;
      rec[o + REGIME] = r;
      regimeOut[i] = r;
      const cb = coefBase(i, r);
      // diffusion: (μ − σ²/2)dt + σ√dt·Z
      const z = normalFastFromWord(diffusionWord);
      if (z === z) ret[i] = rec[cb + DRIFT] + rec[cb + DIFFUSION] * z;
      else {
        slowNormalWords[slowCount] = diffusionWord;
        slowNormals[slowCount++] = i;
      }
      // Merton jumps: k ~ Poisson(λ dt) is 0 at or below the precomputed e^(−λ dt), as the
      // sampler would say; above it there is a jump to draw
      if (wordToUniform(jumpWord) > rec[cb + NO_JUMP]) {
        jumpWords[jumpCount] = jumpWord;
        jumps[jumpCount++] = i;
      }
    }
    for (let s = 0; s < slowCount; s++) {
      const i = slowNormals[s];
      const cb = coefBase(i, rec[i * RECORD + REGIME]);
      ret[i] = rec[cb + DRIFT] + rec[cb + DIFFUSION] * rng.normalFromWord(slowNormalWords[s], i);
    }
    if (jumpCount > 0) addJumps(ctx, jumps, jumpWords, jumpCount);
    if (ctx.isUsed('market.volumeUsd') || ctx.isUsed('market.sigmaDaily')) writeImpactInputs(ctx);
    if (ctx.has('market.forcedSellingUsd')) addImpact(ctx);
    if (shock !== null) {
      // P ← P·multiply + add on the price this step would otherwise reach; a shock cannot take
      // the price to zero or below, so the factor is floored at MIN_SHOCK_FACTOR
      for (let i = 0; i < n; i++) {
        const factor = shock.multiply[i] + shock.add[i] / exp(rec[i * RECORD + LN_PRICE] + ret[i]);
        ret[i] += Math.log(factor > MIN_SHOCK_FACTOR ? factor : MIN_SHOCK_FACTOR);
      }
    }
    // the price path from the returns
    for (let i = 0; i < n; i++) {
      const o = i * RECORD;
      const x = ret[i];
      const ln = rec[o + LN_PRICE] + x;
      rec[o + LN_PRICE] = ln;
      const px = exp(ln); // not Math.exp: see engine/exp.ts
      const pk = px > rec[o + PEAK] ? px : rec[o + PEAK];
      rec[o + PEAK] = pk;
      const before = rec[o + EWMA_VAR];
      const variance = rec[o + EWMA_KEEP] * before + rec[o + EWMA_GAIN] * x * x;
      rec[o + EWMA_VAR_BEFORE] = before;
      rec[o + EWMA_VAR] = variance;
      price[i] = px;
      peakOut[i] = pk;
      dd[i] = 1 - px / pk;
      vol[i] = Math.sqrt(variance * DAYS_PER_YEAR);
    }
  },
});

type MarketContext = ModelContext<typeof marketParams>;

/**
 * When another model revised last step's price (a liquidation cascade: ModelIO.updates), take
 * its price, return and peak as the market's own before stepping on. The signal buffers still
 * hold last step's final values: a writer's buffer keeps them until it writes again.
 */
function adoptRevisedPrice(ctx: MarketContext): void {
  const rec = ctx.state.path;
  const price = ctx.signal('btc.price');
  const ret = ctx.signal('btc.return');
  const peakIn = ctx.signal('btc.peakUsd');
  for (let i = 0; i < ctx.paths; i++) {
    const o = i * RECORD;
    const x = ret[i];
    rec[o + LN_PRICE] = Math.log(price[i]);
    rec[o + PEAK] = Math.max(rec[o + PEAK], peakIn[i], price[i]);
    rec[o + EWMA_VAR] = rec[o + EWMA_KEEP] * rec[o + EWMA_VAR_BEFORE] + rec[o + EWMA_GAIN] * x * x;
  }
}

/** Adds the Merton jumps of the paths listed in `jumps` (those whose word, in `words`, passed NO_JUMP). */
function addJumps(ctx: MarketContext, jumps: Int32Array, words: Int32Array, count: number): void {
  const { p, rng } = ctx;
  const rec = ctx.state.path;
  const ret = ctx.signal('btc.return');
  const dt = ctx.stepDays / DAYS_PER_YEAR;
  const { jumpsCalmPerYear, jumpsStressPerYear, jumpMeanLog, jumpSdLog } = p;
  for (let s = 0; s < count; s++) {
    const i = jumps[s];
    const stress = rec[i * RECORD + REGIME] === STRESS;
    // λ·dt as computed for NO_JUMP (same product), so the sampler agrees with that threshold
    const lambda = (stress ? jumpsStressPerYear[i] : jumpsCalmPerYear[i]) * dt;
    const k = rng.poissonFromUniform(lambda, wordToUniform(words[s]), i);
    // the sum of k N(μ_J, σ_J²) jumps is N(kμ_J, kσ_J²)
    if (k > 0) ret[i] += k * jumpMeanLog[i] + Math.sqrt(k) * jumpSdLog[i] * rng.normalOf(i);
  }
}

/**
 * Publishes the inputs of the square-root law for this step, V (volume, thinned in stress)
 * and σ_d (the regime's step volatility), so that a model that moves the price by its own
 * flows within the step (the leverage cascade) uses the same depth as the market.
 */
function writeImpactInputs(ctx: MarketContext): void {
  const { dailyVolumeUsd, stressVolumeFactor } = ctx.p;
  const rec = ctx.state.path;
  const volume = ctx.signal('market.volumeUsd');
  const sigma = ctx.signal('market.sigmaDaily');
  for (let i = 0; i < ctx.paths; i++) {
    const r = rec[i * RECORD + REGIME];
    volume[i] = dailyVolumeUsd[i] * (r === STRESS ? stressVolumeFactor[i] : 1) * ctx.stepDays;
    sigma[i] = rec[coefBase(i, r) + DIFFUSION];
  }
}

/** Adds the price impact of the previous step's forced selling, by the square-root law. */
function addImpact(ctx: MarketContext): void {
  const { p } = ctx;
  const rec = ctx.state.path;
  const ret = ctx.signal('btc.return');
  const flow = ctx.prev('market.forcedSellingUsd');
  const days = ctx.stepDays;
  const { dailyVolumeUsd, stressVolumeFactor, impactY } = p;
  for (let i = 0; i < ctx.paths; i++) {
    const q = flow[i];
    if (q === 0) continue;
    const r = rec[i * RECORD + REGIME];
    const v = dailyVolumeUsd[i] * (r === STRESS ? stressVolumeFactor[i] : 1) * days;
    ret[i] += sqrtImpactLogReturn(q, v, rec[coefBase(i, r) + DIFFUSION], impactY[i]);
  }
}
