import type { BlockArena } from '../../engine/block-arena.js';
import { EXP_FRACTION } from '../../engine/exp.js';
import type { ModelContext } from '../../engine/model.js';
import { recordLayout } from '../../engine/record-layout.js';
import { TRANSIENT_IMPACT_WIDTH } from '../../finance/transient-impact.js';
import { read, written } from '../../engine/signals.js';
import { ZIG_F, ZIG_K, ZIG_LAYERS, ZIG_SIGNED_W, ZIG_W } from '../../engine/rng/ziggurat.js';
import type { marketParams } from './params.js';
import type { MarketWasmLoops } from './wasm-loops.js';

/*
 * The market's signals, each declared once: the declarations are io()'s list and the handles
 * the step code passes to ctx.signal. Symbols as in README.md.
 */
/** P_t, shockable: a scenario's `shock` multiplies and adds to it. */
export const PRICE = written('btc.price', 'USD', { shockable: true, headline: true });
/** x, the step's log return (diffusion, jumps, impact, shock). */
export const RETURN = written('btc.return', 'log return');
/** 1 − P_t/peak_t. */
export const DRAWDOWN = written('btc.drawdown', 'fraction', { headline: true });
/** peak_t, the running peak behind the drawdown. */
export const PEAK_USD = written('btc.peakUsd', 'USD');
/** √(365·v_t), the EWMA realised volatility. */
export const VOL = written('btc.vol', '1/√year', { headline: true });
/** r after this step's switch. */
export const REGIME = written('market.regime', '0 calm, 1 stress', { headline: true });
/** V, the depth of the impact law this step (written only when a model or the run uses it). */
export const VOLUME_USD = written('market.volumeUsd', 'USD/step');
/** σ_d, the volatility in the impact law this step (written only when used). */
export const SIGMA_DAILY = written('market.sigmaDaily', 'log return');
/** Q, the previous step's net forced selling other models add to. */
export const FORCED_SELLING = read('market.forcedSellingUsd', { prev: true, optional: true });

/** Every signal of the market, in the order of its tables. */
export const SIGNALS = [PRICE, RETURN, DRAWDOWN, PEAK_USD, VOL, REGIME, VOLUME_USD, SIGMA_DAILY, FORCED_SELLING];

/** Regime r: 0 calm, 1 stress (the value of `market.regime` and of the record's `regime`). */
export const CALM = 0;
export const STRESS = 1;
const REGIMES = 2;

/**
 * The constants of one regime, derived from the parameters in paramsChanged (not every step):
 * p_leave, the probability of leaving the regime within one step; (μ − λμ_J)·dt, the diffusion's
 * drift; σ·√dt, the step's diffusion volatility at h = 1; and e^(−λ dt), the uniform at or
 * below which no jump occurs (see poissonZeroBelow). Width 4, so regime r's block starts
 * r << shift into `coefs`.
 */
export const REGIME_COEFS = recordLayout({ leave: 1, drift: 1, diffusion: 1, noJump: 1 }, { powerOfTwo: true });

/**
 * A path's record in state.path: its state and the constants its step derives from the
 * parameters, together in one Float64Array, because V8 re-checks every typed array a loop
 * touches on every iteration (its map, length and data pointer): about ten instructions per
 * array and path. The width is a power of two (32), so that a path's offset is a shift.
 * - lnPrice: ln P; peak: the running peak; ewmaVar: v, the EWMA of squared daily returns;
 *   regime: 0 calm, 1 stress; ewmaVarBefore: v before the last step's return was added (lets a
 *   revised return replace it);
 * - ewmaKeep: λ_EWMA, the weight of the previous variance; ewmaGain: (1 − λ_EWMA)/Δ, the
 *   weight of the step's squared return, per day;
 * - varRatio: h, the GARCH ratio of the conditional variance to the regime's (mean 1);
 * - coefs: REGIME_COEFS for calm, then for stress (at 8, a multiple of their width);
 * - trend: x, the momentum drift added to each step's return; trendKeep: 2^(−Δ/h_x);
 *   trendGain: κ; garchConst, garchAlpha, garchBeta: 1 − α − β, α, β;
 * - impact: the transient-impact state of the forced-selling metaorder (M, T, P:
 *   finance/transient-impact.ts); impactKeep: 2^(−Δ/h_I).
 * The width rounds up to 32, a power of two.
 */
export const PATH = recordLayout(
  {
    lnPrice: 1,
    peak: 1,
    ewmaVar: 1,
    regime: 1,
    ewmaKeep: 1,
    ewmaGain: 1,
    ewmaVarBefore: 1,
    varRatio: 1,
    coefs: REGIMES * REGIME_COEFS.width,
    trend: 1,
    trendKeep: 1,
    trendGain: 1,
    garchConst: 1,
    garchAlpha: 1,
    garchBeta: 1,
    impact: TRANSIENT_IMPACT_WIDTH,
    impactKeep: 1,
  },
  { powerOfTwo: true },
);

const RECORD_SHIFT = PATH.shift;
const COEFS = PATH.coefs;
const COEF_SHIFT = REGIME_COEFS.shift;

/**
 * Offset of path i's constants for regime r (0 or 1) in state.path, by shifts: they turn the
 * double r into an integer without the checked conversion that a product of doubles used as
 * an index needs.
 */
export function coefBase(i: number, r: number): number {
  return (i << RECORD_SHIFT) + COEFS + (r << COEF_SHIFT);
}

/**
 * The read-only tables of the market's WebAssembly loops (wasm-kernel.ts), one after the other
 * in MarketScratch.tables: the ziggurat's (engine/rng/ziggurat.ts) and exp's 2^(j/64)
 * (engine/exp.ts), copied bit for bit.
 */
export const WASM_TABLES = recordLayout({ zigK: ZIG_LAYERS, zigSignedW: 2 * ZIG_LAYERS, zigW: ZIG_LAYERS, zigF: ZIG_LAYERS, expFraction: EXP_FRACTION.length });

/**
 * What `prepare` builds once per block workspace: the lists of the step's rare cases (a slow
 * ziggurat draw, a jump), each a path index and the word it drew, for up to `blockSize` paths.
 * The main loop only notes them; the loops after it finish them (see kernel.ts). With the
 * workspace's arena, they and copies of the tables the WebAssembly loops read (wasm-kernel.ts)
 * are cut from it, so that they lie in the same memory as the block's signals and state.
 */
export class MarketScratch {
  readonly slowNormals: Int32Array;
  readonly slowNormalWords: Int32Array;
  readonly jumps: Int32Array;
  readonly jumpWords: Int32Array;
  /** The count of jumps the WebAssembly main loop listed (it finishes slow normals itself). */
  readonly counts: Int32Array;
  /** The addresses of the jump parameters' arrays, for the WebAssembly loops (wasm-kernel.ts). */
  readonly jumpParams: Int32Array;
  /** Copies of the ziggurat's and exp's tables for the WebAssembly loops, laid out as WASM_TABLES. */
  readonly tables: Float64Array;
  /** The WebAssembly loops bound to this workspace's arrays (kernel.ts binds them at its first step); null: the JS loops. */
  loops: MarketWasmLoops | null | undefined = undefined;

  constructor(blockSize: number, arena?: BlockArena) {
    const int32 = (n: number): Int32Array => (arena ? arena.int32(n) : new Int32Array(n));
    const float64 = (n: number): Float64Array => (arena ? arena.float64(n) : new Float64Array(n));
    this.slowNormals = int32(blockSize);
    this.slowNormalWords = int32(blockSize);
    this.jumps = int32(blockSize);
    this.jumpWords = int32(blockSize);
    this.counts = int32(1);
    this.jumpParams = int32(4);
    this.tables = float64(WASM_TABLES.width);
    this.tables.set(ZIG_K, WASM_TABLES.zigK);
    this.tables.set(ZIG_SIGNED_W, WASM_TABLES.zigSignedW);
    this.tables.set(ZIG_W, WASM_TABLES.zigW);
    this.tables.set(ZIG_F, WASM_TABLES.zigF);
    this.tables.set(EXP_FRACTION, WASM_TABLES.expFraction);
  }
}

/** The context the market's init, paramsChanged and step receive. */
export type MarketContext = ModelContext<typeof marketParams, MarketScratch>;
