import type { EventDecl, PrepareEnv } from '../../engine/model.js';
import type { ParamSettings } from '../../engine/params.js';
import { recordLayout } from '../../engine/record-layout.js';
import { read, updated, written, type SignalDecl } from '../../engine/signals.js';
import { TRANSIENT_IMPACT_WIDTH } from '../../finance/transient-impact.js';
import { LegResult, type VenueScalars } from './book.js';
import { leverageParams, MAX_MIX_CLASSES, type LeverageParams, type VenueSpec } from './params.js';

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

/** The venues of these settings, by id in the scenario's order. */
export function venuesOf(settings: Settings): Record<string, VenueSpec> {
  return settings.venues ?? leverageParams.venues.default;
}

/** The signals of one venue, by role, with their units. */
export const VENUE_OUTPUT_UNITS = {
  liquidatedUsd: 'USD/step',
  liquidatedLongUsd: 'USD/step',
  adlUsd: 'USD/step',
  insuranceFundUsd: 'USD',
  openInterestUsd: 'USD',
} as const;
export type VenueOutput = keyof typeof VENUE_OUTPUT_UNITS;
export const VENUE_OUTPUTS = Object.keys(VENUE_OUTPUT_UNITS) as VenueOutput[];

/** The signals of venue `id`: leverage.<id>.<role>. */
export function venueSignals(id: string): Record<VenueOutput, SignalDecl<'written'>> {
  return Object.fromEntries(VENUE_OUTPUTS.map((k) => [k, written(`leverage.${id}.${k}`, VENUE_OUTPUT_UNITS[k])])) as Record<VenueOutput, SignalDecl<'written'>>;
}

/** Every signal the model touches with these settings. */
export function leverageSignals(diagnostics: boolean, venueIds: readonly string[]): SignalDecl[] {
  return [
    ...venueIds.flatMap((id) => Object.values(venueSignals(id))),
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

/** The model's events: on the totals, and ADL per venue. */
export function leverageEvents(venueIds: readonly string[]): EventDecl[] {
  return [
    { name: 'leverage.adl', signal: ADL.name, op: '>', value: 0, description: 'auto-deleveraging fires on some venue (a fund could not or would not pay)' },
    { name: 'leverage.flush10B', signal: LIQUIDATED.name, op: '>=', value: 10e9, description: '$10B or more liquidated in a step' },
    ...venueIds.map((id): EventDecl => ({ name: `leverage.${id}.adl`, signal: `leverage.${id}.adlUsd`, op: '>', value: 0, description: `auto-deleveraging fires on venue ${id}` })),
  ];
}

/** The scalars of a path's record shared by its venues (offsets from the record's `scalars` field). */
export const SCALARS = recordLayout({
  /** Grid index of bin 0, longs and shorts (one grid per side for every venue). */
  baseLong: 1,
  baseShort: 1,
  /** 1 − e^{−Δ/τ}, 1 − 2^{−Δ/h_r}, 2^{−Δ/h_m}, 2^{−Δ/h_I}. */
  turnover: 1,
  rebuild: 1,
  mixDecay: 1,
  impactKeep: 1,
  /** Bankruptcy over liquidation price: 1 − mmr (longs), 1 + mmr (shorts). */
  bankruptLong: 1,
  bankruptShort: 1,
  /** No long position of any venue above this bin (−1: none), no short below that one (K: none): where cascades start. */
  nearLong: 1,
  nearShort: 1,
  /** The cascades' metaorder state (M, T, P: finance/transient-impact.ts). */
  impact: TRANSIENT_IMPACT_WIDTH,
});

/** The scalars of one venue on a path (offsets from the venue's own, at `venues` + v·VENUE.width). */
export const VENUE = recordLayout({
  /** Contracts per stored unit. */
  scaleLong: 1,
  scaleShort: 1,
  /** Stored contracts that cannot be liquidated (unleveraged, hedged). */
  poolLong: 1,
  poolShort: 1,
  /** O_v: the venue's open interest in contracts (BTC), one side; at the start. */
  openInterest: 1,
  openInterestStart: 1,
  /** F_v: the venue's insurance fund, USD; the floor below which it pays nothing this step. */
  fund: 1,
  fundFloor: 1,
  /** m_v ∈ [0, 1]: the venue's flush memory. */
  flushMemory: 1,
});

/**
 * A path's record (state.path): each side's K grid bins, each bin one (contracts, moment) pair
 * per venue side by side (book.ts), then each venue's scalars, then the shared scalars.
 */
export function pathLayout(K: number, V: number) {
  return recordLayout({ longBins: 2 * K * V, shortBins: 2 * K * V, venues: V * VENUE.width, scalars: SCALARS.width });
}

/** One leverage class of a path: its liquidation offsets ln(p_liq/p_e), longs and shorts. */
export const CLASS = recordLayout({ long: 1, short: 1 });

/**
 * Leverage classes a path has room for: the three model mixes' classes, each mix at most
 * MAX_MIX_CLASSES (room for all of them, not only the classes the scenario starts with, lets a
 * scheduled `set` of a mix use any leverages), and the distinct leverages of the venues' own
 * mixes (fixed for the run: `venues` shapes the state).
 */
export function classCapacity(venues: Record<string, VenueSpec>): number {
  const own = new Set(Object.values(venues).flatMap((v) => [...(v.longLeverageMix ?? []), ...(v.shortLeverageMix ?? [])].map((c) => c.leverage)));
  return 3 * MAX_MIX_CLASSES + own.size;
}

/**
 * A path's classes (state.classes): classCapacity class records, the first J in use (the
 * classes of the mixes in force). A record of their own, apart from the path's: room for every
 * class in the path's record would widen it by a third, and the step ran ~15% slower (the
 * block's records no longer fit the caches as well); only `open` reads them in the step.
 */
export function classesWidth(venues: Record<string, VenueSpec>): number {
  return classCapacity(venues) * CLASS.width;
}

export type PathLayout = ReturnType<typeof pathLayout>;

/** What one path-step's two cascades did (cascade.ts): one reused object, no allocation per path. */
export class DayResult {
  /** The cascades' own impacts on the log price, I_L ≤ 0 and I_S ≥ 0. */
  impactLong = 0;
  impactShort = 0;
  /** R: contracts liquidated + auto-deleveraged, both sides, all venues. */
  removed = 0;
  /** Liquidated in the market (USD at liquidation prices), per side; auto-deleveraged (USD at bankruptcy prices); all venues. */
  longUsd = 0;
  shortUsd = 0;
  adlUsd = 0;
  /** The same per venue. */
  readonly venueRemoved: Float64Array;
  readonly venueLongUsd: Float64Array;
  readonly venueShortUsd: Float64Array;
  readonly venueAdlUsd: Float64Array;

  constructor(V: number) {
    this.venueRemoved = new Float64Array(V);
    this.venueLongUsd = new Float64Array(V);
    this.venueShortUsd = new Float64Array(V);
    this.venueAdlUsd = new Float64Array(V);
  }
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
  /** Per venue, per role (VENUE_OUTPUTS order). */
  readonly venue: Float64Array[][];

  constructor(V: number) {
    this.venue = Array.from({ length: V }, () => VENUE_OUTPUTS.map(() => new Float64Array(0)));
  }
}

/** Index of each role in a venue's list of output buffers. */
export const VOUT = Object.fromEntries(VENUE_OUTPUTS.map((k, j) => [k, j])) as Record<VenueOutput, number>;

/**
 * What `prepare` builds once per block workspace: the record layout, the venues, the classes of
 * the mixes in force (refilled from ctx.p by classes.ts whenever the parameters change), and
 * reused result objects and scratch (nothing is allocated in the step).
 */
export class LeverageRun {
  /** Bins per side and their width in log price. */
  readonly K: number;
  readonly h: number;
  /** V: venues; their ids, signals, and shares of open interest and funds (normalised), ADL draw limits. */
  readonly V: number;
  readonly venueIds: readonly string[];
  readonly venueSpecs: readonly VenueSpec[];
  readonly venueSignals: Record<VenueOutput, SignalDecl<'written'>>[];
  readonly oiShare: Float64Array;
  readonly fundShare: Float64Array;
  readonly fundDraw: Float64Array;
  readonly record: PathLayout;
  /** Doubles per path, in the path's record and in its classes' record. */
  readonly W: number;
  readonly classesWidth: number;
  /**
   * Doubles between two paths' classes as the step reads them: classesWidth, or 0 when every
   * path of the block has the same classes (classes.ts), so that the step reads path 0's, one
   * cache line, instead of a line or two more per path.
   */
  classesStride = 0;
  readonly diagnostics: boolean;
  /** J: classes in force; their leverages ascending, and each mix's normalised weight per class (wLong, wShort: per venue, v·capacity + j). */
  J = 0;
  readonly capacity: number;
  readonly leverage: Float64Array;
  readonly wLong: Float64Array;
  readonly wShort: Float64Array;
  readonly wFlush: Float64Array;
  /** The last leg's totals (book.cascadeLeg) and the last path-step's cascades (cascade.ts). */
  readonly leg: LegResult;
  readonly day: DayResult;
  /** Where a leg finds each venue's scale, fund and floor, longs and shorts (`venues` set per path). */
  readonly longVenues: VenueScalars;
  readonly shortVenues: VenueScalars;
  /** Per venue: its open interest before the step's cascades, and the contracts it opens at the close (scratch). */
  readonly oiBefore: Float64Array;
  readonly opened: Float64Array;
  /** Per class while new positions open (scratch): its liquidation log price and grid bin, longs (bin −1: a 1× long, to the pool) and shorts. */
  readonly openLnLong: Float64Array;
  readonly openLnShort: Float64Array;
  readonly openBinLong: Int32Array;
  readonly openBinShort: Int32Array;
  /** The output buffers of the block, and where the diagnostics go when nobody asked for them. */
  readonly out: Outputs;
  readonly scratch: Float64Array;
  /** The sum of what the step read ahead (kernel.ts, warmScalars and warmRows), kept so that those reads are not optimised away. */
  touched = 0;

  constructor(K: number, h: number, diagnostics: boolean, blockSize: number, venues: Record<string, VenueSpec> = { all: { title: '', openInterestShare: 1, insuranceFundShare: 1, fundDrawPerStep: 1 } }) {
    this.K = K;
    this.h = h;
    this.venueIds = Object.keys(venues);
    this.venueSpecs = Object.values(venues);
    const V = (this.V = this.venueIds.length);
    this.venueSignals = this.venueIds.map(venueSignals);
    this.oiShare = normalised(this.venueSpecs.map((v) => v.openInterestShare));
    this.fundShare = normalised(this.venueSpecs.map((v) => v.insuranceFundShare));
    this.fundDraw = Float64Array.from(this.venueSpecs.map((v) => v.fundDrawPerStep));
    this.record = pathLayout(K, V);
    this.W = this.record.width;
    this.capacity = classCapacity(venues);
    this.classesWidth = this.capacity * CLASS.width;
    this.leverage = new Float64Array(this.capacity);
    this.wLong = new Float64Array(V * this.capacity);
    this.wShort = new Float64Array(V * this.capacity);
    this.wFlush = new Float64Array(this.capacity);
    this.leg = new LegResult(V);
    this.day = new DayResult(V);
    this.longVenues = { venues: 0, stride: VENUE.width, scale: VENUE.scaleLong, fund: VENUE.fund, floor: VENUE.fundFloor };
    this.shortVenues = { venues: 0, stride: VENUE.width, scale: VENUE.scaleShort, fund: VENUE.fund, floor: VENUE.fundFloor };
    this.out = new Outputs(V);
    this.oiBefore = new Float64Array(V);
    this.opened = new Float64Array(V);
    this.openLnLong = new Float64Array(this.capacity);
    this.openLnShort = new Float64Array(this.capacity);
    this.openBinLong = new Int32Array(this.capacity);
    this.openBinShort = new Int32Array(this.capacity);
    this.diagnostics = diagnostics;
    this.scratch = new Float64Array(diagnostics ? 0 : blockSize);
  }
}

/** Shares normalised to sum 1 (all zero: equal shares). */
function normalised(shares: number[]): Float64Array {
  const total = shares.reduce((a, b) => a + b, 0);
  return Float64Array.from(shares, (x) => (total > 0 ? x / total : 1 / shares.length));
}

/** The model's `prepare`: reads only what shapes the run (K, h, the venues, the diagnostic signals). */
export function prepareRun(settings: Settings, env: PrepareEnv): LeverageRun {
  return new LeverageRun(bucketsOf(settings), settings.bucketWidthLog ?? leverageParams.bucketWidthLog.default, diagnosticsOf(settings), env.blockSize, venuesOf(settings));
}
