import type { EventDecl, PrepareEnv } from '../../engine/model.js';
import type { ParamSettings } from '../../engine/params.js';
import { recordLayout } from '../../engine/record-layout.js';
import { read, updated, written, type SignalDecl } from '../../engine/signals.js';
import { LegResult } from './book.js';
import { leverageParams, MAX_MIX_CLASSES, type LeverageParams } from './params.js';

/*
 * What the leverage model declares and lays out: its signals (each once; the declarations are
 * the step code's handles), the per-path record, and what `prepare` builds once per block
 * workspace (LeverageRun).
 */

// the market's price, revised by the cascade (README.md, step 3)
export const PRICE = updated('btc.price');
export const RETURN = updated('btc.return');
export const DRAWDOWN = updated('btc.drawdown');
export const PEAK = updated('btc.peakUsd');
// V and σ_d of the impact law; σ of the synthetic entry history at the start
export const VOLUME = read('market.volumeUsd');
export const SIGMA_DAILY = read('market.sigmaDaily');
export const VOL = read('btc.vol', { optional: true });

export const LIQUIDATED_LONG = written('leverage.liquidatedLongUsd', 'USD/step');
export const LIQUIDATED_SHORT = written('leverage.liquidatedShortUsd', 'USD/step');
export const LIQUIDATED = written('leverage.liquidatedUsd', 'USD/step', { headline: true });
export const ADL = written('leverage.adlUsd', 'USD/step');
export const OPEN_INTEREST_USD = written('leverage.openInterestUsd', 'USD', { headline: true });
export const INSURANCE_FUND = written('leverage.insuranceFundUsd', 'USD', { headline: true });
export const LOW = written('leverage.lowUsd', 'USD', { shockable: true });
export const HIGH = written('leverage.highUsd', 'USD', { shockable: true });
export const CASCADE_RETURN = written('leverage.cascadeReturn', 'log return', { headline: true });
/** The contract accounting, written when diagnosticSignals is on (tests check the invariant on them). */
export const OPEN_INTEREST_BTC = written('leverage.openInterestBtc', 'BTC');
export const REMOVED_BTC = written('leverage.removedBtc', 'BTC/step');
export const NET_NEW_BTC = written('leverage.netNewBtc', 'BTC/step');

type Settings = Partial<ParamSettings<LeverageParams>>;

/** K, bins per side: sizes the record (io and prepare). */
export function bucketsOf(settings: Settings): number {
  return settings.buckets ?? leverageParams.buckets.default;
}

/** Whether the diagnostic signals are written (io and prepare). */
export function diagnosticsOf(settings: Settings): boolean {
  return (settings.diagnosticSignals ?? leverageParams.diagnosticSignals.default) === 'on';
}

/** Every signal the model touches with these settings. */
export function leverageSignals(diagnostics: boolean): SignalDecl[] {
  return [
    LIQUIDATED_LONG,
    LIQUIDATED_SHORT,
    LIQUIDATED,
    ADL,
    OPEN_INTEREST_USD,
    INSURANCE_FUND,
    LOW,
    HIGH,
    CASCADE_RETURN,
    ...(diagnostics ? [OPEN_INTEREST_BTC, REMOVED_BTC, NET_NEW_BTC] : []),
    PRICE,
    RETURN,
    DRAWDOWN,
    PEAK,
    VOLUME,
    SIGMA_DAILY,
    VOL,
  ];
}

export const EVENTS: EventDecl[] = [
  { name: 'leverage.adl', signal: ADL.name, op: '>', value: 0, description: 'auto-deleveraging fires (the insurance fund could not pay)' },
  { name: 'leverage.flush10B', signal: LIQUIDATED.name, op: '>=', value: 10e9, description: '$10B or more liquidated in a step' },
];

/** The scalars of a path's record, one double each (offsets from the record's `scalars` field). */
export const SCALARS = recordLayout({
  /** Grid index of bin 0, longs and shorts. */
  baseLong: 1,
  baseShort: 1,
  /** Contracts per stored unit. */
  scaleLong: 1,
  scaleShort: 1,
  /** Stored contracts that cannot be liquidated (unleveraged, hedged). */
  poolLong: 1,
  poolShort: 1,
  /** O: open interest in contracts (BTC), one side; O₀ at the start. */
  openInterest: 1,
  openInterestStart: 1,
  /** F: the insurance fund, USD. */
  fund: 1,
  /** m ∈ [0, 1]: the flush memory. */
  flushMemory: 1,
  /** 1 − e^{−Δ/τ}, 1 − 2^{−Δ/h_r}, 2^{−Δ/h_m}. */
  turnover: 1,
  rebuild: 1,
  mixDecay: 1,
  /** Bankruptcy over liquidation price: 1 − mmr (longs), 1 + mmr (shorts). */
  bankruptLong: 1,
  bankruptShort: 1,
  /** No long position above this bin (−1: none), no short below that one (K: none): where cascades start. */
  nearLong: 1,
  nearShort: 1,
});

/**
 * A path's record (state.path): the long side's K bins (contracts and moment each, see
 * book.ts), the short side's, then the scalars.
 */
export function pathLayout(K: number) {
  return recordLayout({ longBins: 2 * K, shortBins: 2 * K, scalars: SCALARS.width });
}

/** One leverage class of a path: its liquidation offsets ln(p_liq/p_e), longs and shorts. */
export const CLASS = recordLayout({ long: 1, short: 1 });

/**
 * Leverage classes a path has room for: the three mixes' classes, each mix at most
 * MAX_MIX_CLASSES. Room for all of them (not only the classes the scenario starts with) lets a
 * scheduled `set` of a mix use any leverages.
 */
export const CLASS_CAPACITY = 3 * MAX_MIX_CLASSES;

/**
 * A path's classes (state.classes): CLASS_CAPACITY class records, the first J in use (the
 * classes of the mixes in force). A record of their own, apart from the path's: room for every
 * class in the path's record would widen it by a third, and the step ran ~15% slower (the
 * block's records no longer fit the caches as well); only `open` reads them in the step.
 */
export const CLASSES_WIDTH = CLASS_CAPACITY * CLASS.width;

export type PathLayout = ReturnType<typeof pathLayout>;

/** What one path-step's two cascades did (cascade.ts): one reused object, no allocation per path. */
export class DayResult {
  /** The cascades' own impacts on the log price, I_L ≤ 0 and I_S ≥ 0. */
  impactLong = 0;
  impactShort = 0;
  /** R: contracts liquidated + auto-deleveraged, both sides. */
  removed = 0;
  /** Liquidated in the market (USD at liquidation prices), per side; auto-deleveraged (USD at bankruptcy prices). */
  longUsd = 0;
  shortUsd = 0;
  adlUsd = 0;
}

/** The block's output buffers (outputs.ts binds them each step; empty until then). */
export class Outputs {
  longUsd: Float64Array = new Float64Array(0);
  shortUsd: Float64Array = new Float64Array(0);
  totalUsd: Float64Array = new Float64Array(0);
  adlUsd: Float64Array = new Float64Array(0);
  oiUsd: Float64Array = new Float64Array(0);
  fund: Float64Array = new Float64Array(0);
  low: Float64Array = new Float64Array(0);
  high: Float64Array = new Float64Array(0);
  cascade: Float64Array = new Float64Array(0);
  oiBtc: Float64Array = new Float64Array(0);
  removed: Float64Array = new Float64Array(0);
  netNew: Float64Array = new Float64Array(0);
}

/**
 * What `prepare` builds once per block workspace: the record layout, the classes of the mixes
 * in force (refilled from ctx.p by classes.ts whenever the parameters change), and reused
 * result objects and scratch (nothing is allocated in the step).
 */
export class LeverageRun {
  /** Bins per side and their width in log price. */
  readonly K: number;
  readonly h: number;
  readonly record: PathLayout;
  /** Doubles per path. */
  readonly W: number;
  readonly diagnostics: boolean;
  /** J: classes in force; their leverages ascending, and each mix's normalised weight per class. */
  J = 0;
  readonly leverage = new Float64Array(CLASS_CAPACITY);
  readonly wLong = new Float64Array(CLASS_CAPACITY);
  readonly wShort = new Float64Array(CLASS_CAPACITY);
  readonly wFlush = new Float64Array(CLASS_CAPACITY);
  /** The last leg's totals (book.cascadeLeg) and the last path-step's cascades (cascade.ts). */
  readonly leg = new LegResult();
  readonly day = new DayResult();
  /** The output buffers of the block, and where the diagnostics go when nobody asked for them. */
  readonly out = new Outputs();
  readonly scratch: Float64Array;

  constructor(K: number, h: number, diagnostics: boolean, blockSize: number) {
    this.K = K;
    this.h = h;
    this.record = pathLayout(K);
    this.W = this.record.width;
    this.diagnostics = diagnostics;
    this.scratch = new Float64Array(diagnostics ? 0 : blockSize);
  }
}

/** The model's `prepare`: reads only what shapes the run (K, h, the diagnostic signals). */
export function prepareRun(settings: Settings, env: PrepareEnv): LeverageRun {
  return new LeverageRun(bucketsOf(settings), settings.bucketWidthLog ?? leverageParams.bucketWidthLog.default, diagnosticsOf(settings), env.blockSize);
}
