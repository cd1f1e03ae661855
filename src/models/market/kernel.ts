import { DAYS_PER_YEAR } from '../../engine/calendar.js';
import type { ShockLanes } from '../../engine/model.js';
import { exp } from '../../engine/exp.js';
import { normalFastFromWord, poissonZeroBelow, starStar, wordToUniform } from '../../engine/rng/path-rng.js';
import { addImpact, writeImpactInputs } from './impact.js';
import { MarketWasmLoops } from './wasm-loops.js';
import { CALM, coefBase, DRAWDOWN, FORCED_SELLING, type MarketContext, PATH, PEAK_USD, PRICE, REGIME, REGIME_COEFS, RETURN, SIGMA_DAILY, STRESS, VOL, VOLUME_USD } from './layout.js';

/** Smallest factor a scheduled shock can multiply the price by (it stays positive). */
const MIN_SHOCK_FACTOR = 1e-9;

/*
 * Offsets of the record (layout.ts), bound once to module constants: the loops below index
 * with the same kind of constant as the hand-numbered offsets they replace.
 */
const RECORD = PATH.width;
const LN_PRICE = PATH.lnPrice;
const PEAK = PATH.peak;
const EWMA_VAR = PATH.ewmaVar;
const STATE_REGIME = PATH.regime;
const EWMA_KEEP = PATH.ewmaKeep;
const EWMA_GAIN = PATH.ewmaGain;
const EWMA_VAR_BEFORE = PATH.ewmaVarBefore;
const VAR_RATIO = PATH.varRatio;
const TREND = PATH.trend;
const TREND_KEEP = PATH.trendKeep;
const TREND_GAIN = PATH.trendGain;
const GARCH_CONST = PATH.garchConst;
const GARCH_ALPHA = PATH.garchAlpha;
const GARCH_BETA = PATH.garchBeta;
const LEAVE = REGIME_COEFS.leave;
const DRIFT = REGIME_COEFS.drift;
const DIFFUSION = REGIME_COEFS.diffusion;
const NO_JUMP = REGIME_COEFS.noJump;

/** Step 0: the regime (fixed or drawn from the stationary mix), the log price, peak and EWMA variance. */
export function initMarket(ctx: MarketContext): void {
  const { p, rng } = ctx;
  const rec = ctx.state.path;
  const price = ctx.signal(PRICE);
  const ret = ctx.signal(RETURN);
  const dd = ctx.signal(DRAWDOWN);
  const peakOut = ctx.signal(PEAK_USD);
  const vol = ctx.signal(VOL);
  const regimeOut = ctx.signal(REGIME);
  for (let i = 0; i < ctx.paths; i++) {
    rng.load(i);
    let regime = CALM;
    if (p.initialRegime === 'stress') regime = STRESS;
    else if (p.initialRegime === 'stationary') {
      const share = p.calmToStressPerDay[i] / (p.calmToStressPerDay[i] + p.stressToCalmPerDay[i]);
      regime = rng.uniform() < share ? STRESS : CALM;
    }
    rng.store(i);
    const regimeSigma = regime === STRESS ? p.volStressPerSqrtYear[i] : p.volCalmPerSqrtYear[i];
    // σ₀ when given: the conditional volatility at the start, h₀ = (σ₀/σ_r₀)²
    const sigma = p.initialVolPerSqrtYear[i] > 0 ? p.initialVolPerSqrtYear[i] : regimeSigma;
    const o = i * RECORD;
    const peak = Math.max(p.peakUsd[i], p.priceUsd[i]);
    rec[o + STATE_REGIME] = regime;
    rec[o + VAR_RATIO] = regimeSigma > 0 ? (sigma * sigma) / (regimeSigma * regimeSigma) : 1;
    rec[o + TREND] = 0;
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
}

/** Derives each path's per-step constants from its parameters (after init and after a scheduled set). */
export function marketParamsChanged(ctx: MarketContext): void {
  const { p } = ctx;
  const rec = ctx.state.path;
  const days = ctx.stepDays;
  for (let i = 0; i < ctx.paths; i++) {
    const o = i * RECORD;
    rec[o + EWMA_KEEP] = p.ewmaLambda[i];
    rec[o + EWMA_GAIN] = (1 - p.ewmaLambda[i]) / days;
    rec[o + TREND_KEEP] = Math.pow(2, -days / p.trendHalfLifeDays[i]);
    rec[o + TREND_GAIN] = p.trendGain[i];
    // α + β ≤ 1 keeps h's mean at 1 (at α + β = 1, h is a martingale); a sum above 1 is scaled down
    const persistence = p.garchAlpha[i] + p.garchBeta[i];
    const scale = persistence > 1 ? 1 / persistence : 1;
    rec[o + GARCH_ALPHA] = p.garchAlpha[i] * scale;
    rec[o + GARCH_BETA] = p.garchBeta[i] * scale;
    rec[o + GARCH_CONST] = 1 - rec[o + GARCH_ALPHA] - rec[o + GARCH_BETA];
    rec[o + PATH.impactKeep] = Math.pow(2, -days / p.impactHalfLifeDays[i]);
    const jumpMean = p.jumpMeanLog[i];
    setRegimeCoefs(rec, coefBase(i, CALM), p.calmToStressPerDay[i], p.stressToCalmPerDay[i], p.driftCalmPerYear[i], p.volCalmPerSqrtYear[i], p.jumpsCalmPerYear[i], jumpMean, days);
    setRegimeCoefs(rec, coefBase(i, STRESS), p.stressToCalmPerDay[i], p.calmToStressPerDay[i], p.driftStressPerYear[i], p.volStressPerSqrtYear[i], p.jumpsStressPerYear[i], jumpMean, days);
  }
}

function setRegimeCoefs(rec: Float64Array, o: number, leavePerDay: number, enterPerDay: number, mu: number, sigma: number, jumpsPerYear: number, jumpMeanLog: number, days: number): void {
  const dt = days / DAYS_PER_YEAR;
  // The probability of being in the other regime after `days` daily steps of the two-state
  // chain: p_leave·(1 − (1 − p_leave − p_enter)^Δ)/(p_leave + p_enter), exact for any Δ.
  const both = leavePerDay + enterPerDay;
  rec[o + LEAVE] = days === 1 || both === 0 ? leavePerDay : (leavePerDay * (1 - Math.pow(1 - both, days))) / both;
  // μ is the expected log return: the diffusion's drift leaves room for the jumps' mean λμ_J
  rec[o + DRIFT] = (mu - jumpsPerYear * jumpMeanLog) * dt;
  rec[o + DIFFUSION] = sigma * Math.sqrt(dt);
  rec[o + NO_JUMP] = poissonZeroBelow(jumpsPerYear * dt);
}

/**
 * One step, in this order: regime switch, diffusion and whether a jump is to be drawn (the main
 * loop); the rare cases it left (slow ziggurat draws, then jumps); the impact of last step's
 * forced selling; a scheduled shock; the price path. Per path the draws keep one order: the
 * three words, then slow normal, jump count, jump size.
 *
 * Why one function of ~100 lines: its loops are the benchmarked kernel (bench/README.md).
 * Split into a main-loop function and a price-path function, they ran as many instructions per
 * path-step as before the layout (cachegrind: 522; 508 as one function) but slower in
 * wall-clock time in 10 of 13 alternating pairs of processes (by up to a third; the 2-core
 * machine was shared, so single figures are noisy). As one function they ran as fast as
 * before, so the step keeps the form that was measured.
 */
export function stepMarket(ctx: MarketContext): void {
  const { rng } = ctx;
  const scratch = ctx.prepared;
  // the same step with its two loops in WebAssembly (wasm-kernel.ts) where the block's arrays allow
  if (scratch.loops === undefined) scratch.loops = bindWasmLoops(ctx);
  if (scratch.loops !== null) return stepMarketWasm(ctx, scratch.loops);
  const rec = ctx.state.path;
  const price = ctx.signal(PRICE);
  const ret = ctx.signal(RETURN);
  const dd = ctx.signal(DRAWDOWN);
  const peakOut = ctx.signal(PEAK_USD);
  const vol = ctx.signal(VOL);
  const regimeOut = ctx.signal(REGIME);
  const n = ctx.paths;
  if (ctx.isUpdated(PRICE)) adoptRevisedPrice(ctx);
  // Three words per path: regime switch, diffusion, jump count. The jump size needs a fourth
  // number on the ~1% of path-steps with a jump only, and draws it from the path's stream then
  // (rng.normalOf), which saves a quarter of the generator's work.
  // The words come from the path's xoshiro128** generator advanced here, in the loop, rather
  // than from rng.drawWords: a buffer of words written in one pass and read in the next, or a
  // call per word, cost 17% of the step (bench/README.md). The lines below are exactly
  // PathRng.nextU32 (market.step.spec.ts checks that the market draws the same words).
  // The main loop does the common case and only notes the paths with a rare one (a slow
  // ziggurat draw, a jump) and their word in the prepared lists, for the loops after it, so
  // that it makes no calls (which measured ~5% faster in V8).
  const state = rng.state;
  const slowNormals = scratch.slowNormals;
  const slowNormalWords = scratch.slowNormalWords;
  const jumps = scratch.jumps;
  const jumpWords = scratch.jumpWords;
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
    let r = rec[o + STATE_REGIME];
    if (wordToUniform(switchWord) < rec[coefBase(i, r) + LEAVE]) r = 1 - r;
    rec[o + STATE_REGIME] = r;
    regimeOut[i] = r;
    const cb = coefBase(i, r);
    // diffusion: (μ − λμ_J)dt + x + σ√(h·dt)·Z
    const z = normalFastFromWord(diffusionWord);
    if (z === z) ret[i] = diffusionReturn(rec, o, cb, z);
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
    ret[i] = diffusionReturn(rec, i * RECORD, coefBase(i, rec[i * RECORD + STATE_REGIME]), rng.normalFromWord(slowNormalWords[s], i));
  }
  finishReturns(ctx, jumps, jumpWords, jumpCount);
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
}

/**
 * The step's returns after the main loop, in both forms of the step: the listed jumps not yet
 * drawn, the impact inputs and the forced selling's impact, then a scheduled shock.
 */
function finishReturns(ctx: MarketContext, jumps: Int32Array, jumpWords: Int32Array, jumpCount: number): void {
  if (jumpCount > 0) addJumps(ctx, jumps, jumpWords, jumpCount);
  if (ctx.isUsed(VOLUME_USD) || ctx.isUsed(SIGMA_DAILY)) writeImpactInputs(ctx);
  if (ctx.has(FORCED_SELLING)) addImpact(ctx);
  const shock = ctx.shock(PRICE);
  if (shock !== null) addShock(ctx.state.path, ctx.signal(RETURN), shock, ctx.paths);
}

/**
 * A scheduled shock P ← P·multiply + add on the price this step would otherwise reach; a shock
 * cannot take the price to zero or below, so the factor is floored at MIN_SHOCK_FACTOR.
 */
function addShock(rec: Float64Array, ret: Float64Array, shock: ShockLanes, n: number): void {
  for (let i = 0; i < n; i++) {
    const factor = shock.multiply[i] + shock.add[i] / exp(rec[i * RECORD + LN_PRICE] + ret[i]);
    ret[i] += Math.log(factor > MIN_SHOCK_FACTOR ? factor : MIN_SHOCK_FACTOR);
  }
}

/** The WebAssembly loops bound to this workspace's arrays, or null (then the JS loops run). */
function bindWasmLoops(ctx: MarketContext): MarketWasmLoops | null {
  const s = ctx.prepared;
  const { p } = ctx;
  return MarketWasmLoops.bind({
    rec: ctx.state.path,
    state: ctx.rng.state,
    ret: ctx.signal(RETURN),
    regime: ctx.signal(REGIME),
    price: ctx.signal(PRICE),
    peak: ctx.signal(PEAK_USD),
    drawdown: ctx.signal(DRAWDOWN),
    vol: ctx.signal(VOL),
    jumps: s.jumps,
    jumpWords: s.jumpWords,
    counts: s.counts,
    jumpParams: s.jumpParams,
    jumpsCalmPerYear: p.jumpsCalmPerYear,
    jumpsStressPerYear: p.jumpsStressPerYear,
    jumpMeanLog: p.jumpMeanLog,
    jumpSdLog: p.jumpSdLog,
    tables: s.tables,
  });
}

/**
 * stepMarket with its main loop (slow normals and jumps included, but for PTRS draws) and its
 * price path in WebAssembly: the same steps in the same order, with the same results.
 */
function stepMarketWasm(ctx: MarketContext, loops: MarketWasmLoops): void {
  const n = ctx.paths;
  if (ctx.isUpdated(PRICE)) adoptRevisedPrice(ctx);
  loops.main(n, ctx.stepDays / DAYS_PER_YEAR);
  finishReturns(ctx, loops.arrays.jumps, loops.arrays.jumpWords, loops.arrays.counts[0]);
  loops.price(n);
}

/**
 * The diffusion's return of the path whose record is at o, in the regime whose constants are at
 * cb, for the standard normal z: (μ − λμ_J)·dt + x + σ√(h·dt)·z; then the trend and the GARCH
 * ratio move on, x′ = x·keep + κ·σ√(h·dt)·z and h′ = 1 − α − β + (α·z² + β)·h. Small enough for
 * V8 to inline into the main loop.
 */
function diffusionReturn(rec: Float64Array, o: number, cb: number, z: number): number {
  const h = rec[o + VAR_RATIO];
  const shock = rec[cb + DIFFUSION] * Math.sqrt(h) * z;
  const x = rec[o + TREND];
  rec[o + TREND] = x * rec[o + TREND_KEEP] + rec[o + TREND_GAIN] * shock;
  rec[o + VAR_RATIO] = rec[o + GARCH_CONST] + (rec[o + GARCH_ALPHA] * z * z + rec[o + GARCH_BETA]) * h;
  return rec[cb + DRIFT] + x + shock;
}

/** Adds the Merton jumps of the paths listed in `jumps` (those whose word, in `words`, passed NO_JUMP). */
function addJumps(ctx: MarketContext, jumps: Int32Array, words: Int32Array, count: number): void {
  const { p, rng } = ctx;
  const rec = ctx.state.path;
  const ret = ctx.signal(RETURN);
  const dt = ctx.stepDays / DAYS_PER_YEAR;
  const { jumpsCalmPerYear, jumpsStressPerYear, jumpMeanLog, jumpSdLog } = p;
  for (let s = 0; s < count; s++) {
    const i = jumps[s];
    const stress = rec[i * RECORD + STATE_REGIME] === STRESS;
    // λ·dt as computed for NO_JUMP (same product), so the sampler agrees with that threshold
    const lambda = (stress ? jumpsStressPerYear[i] : jumpsCalmPerYear[i]) * dt;
    const k = rng.poissonFromUniform(lambda, wordToUniform(words[s]), i);
    // the sum of k N(μ_J, σ_J²) jumps is N(kμ_J, kσ_J²)
    if (k > 0) ret[i] += k * jumpMeanLog[i] + Math.sqrt(k) * jumpSdLog[i] * rng.normalOf(i);
  }
}

/**
 * When another model revised last step's price (a liquidation cascade: an `updated`
 * declaration), take its price, return and peak as the market's own before stepping on. The
 * signal buffers still hold last step's final values: a writer's buffer keeps them until it
 * writes again.
 */
function adoptRevisedPrice(ctx: MarketContext): void {
  const rec = ctx.state.path;
  const price = ctx.signal(PRICE);
  const ret = ctx.signal(RETURN);
  const peakIn = ctx.signal(PEAK_USD);
  for (let i = 0; i < ctx.paths; i++) {
    const o = i * RECORD;
    const x = ret[i];
    rec[o + LN_PRICE] = Math.log(price[i]);
    rec[o + PEAK] = Math.max(rec[o + PEAK], peakIn[i], price[i]);
    rec[o + EWMA_VAR] = rec[o + EWMA_KEEP] * rec[o + EWMA_VAR_BEFORE] + rec[o + EWMA_GAIN] * x * x;
  }
}
