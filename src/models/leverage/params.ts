import { z } from 'zod';
import { choice, num, struct, type NumberParam } from '../../engine/params.js';
import { PERMANENT_SHARE, TRANSIENT_HALF_LIFE_DAYS } from '../../finance/transient-impact.js';
import { idKey } from '../../scenario/struct-fields.js';

/*
 * Parameters of the leverage model. Numbers are one value per path (they may be distributions
 * and scheduled with `set`); the leverage mixes, the grid and the entry history are structs,
 * the same for every path. README.md has the equations that use them, with the same symbols.
 */

/** One leverage class of a mix: positions opened at leverage ℓ hold this share of the leveraged open interest. */
export interface LeverageShare {
  leverage: number;
  share: number;
}

/** Classes a mix may list; the per-path record has room for the three mixes' classes (layout.ts). */
export const MAX_MIX_CLASSES = 16;

/** The fields of a mix's entries (the same for every path: no distributions). */
const MIX_FIELDS = {
  leverage: num({
    unit: '×',
    default: 10,
    min: 1,
    max: 1000,
    description: 'ℓ: the leverage of the class (given in every entry; each leverage once per mix). A scheduled set may use any leverage.',
    source: 'assumption: see the mix',
  }),
  share: num({
    unit: 'fraction',
    default: 1,
    min: 0,
    max: 1,
    description: 'The class’s share of the side’s leveraged open interest (given in every entry; the shares are normalised to sum 1).',
    source: 'assumption: see the mix',
  }),
};

/** A mix field's zod schema from its declaration: a plain number in its range. */
const mixField = (decl: NumberParam) => z.number().min(decl.min!).max(decl.max!);

const mixSchema = z
  .array(z.strictObject({ leverage: mixField(MIX_FIELDS.leverage), share: mixField(MIX_FIELDS.share) }))
  .min(1)
  .max(MAX_MIX_CLASSES)
  .refine((m) => m.some((c) => c.share > 0), 'at least one class with a share > 0')
  .refine((m) => new Set(m.map((c) => c.leverage)).size === m.length, 'each leverage once');

/** How a mix's entries are documented (`cascade models`, the README table). */
const mixFields = { entry: '[i]', fields: MIX_FIELDS };

const mixText = (m: LeverageShare[]) => m.map((c) => `${c.leverage}×: ${c.share}`).join(', ');

/** Assumption: no public distribution of leverage by position exists; see README.md, "Leverage mix". */
const LONG_MIX: LeverageShare[] = [
  { leverage: 2, share: 0.2 },
  { leverage: 3, share: 0.2 },
  { leverage: 5, share: 0.2 },
  { leverage: 10, share: 0.2 },
  { leverage: 20, share: 0.12 },
  { leverage: 50, share: 0.06 },
  { leverage: 100, share: 0.02 },
];
const SHORT_MIX: LeverageShare[] = [
  { leverage: 2, share: 0.25 },
  { leverage: 3, share: 0.25 },
  { leverage: 5, share: 0.2 },
  { leverage: 10, share: 0.17 },
  { leverage: 20, share: 0.09 },
  { leverage: 50, share: 0.03 },
  { leverage: 100, share: 0.01 },
];
const POST_FLUSH_MIX: LeverageShare[] = [
  { leverage: 2, share: 0.35 },
  { leverage: 3, share: 0.25 },
  { leverage: 5, share: 0.2 },
  { leverage: 10, share: 0.13 },
  { leverage: 20, share: 0.05 },
  { leverage: 50, share: 0.015 },
  { leverage: 100, share: 0.005 },
];


/** One venue: its share of the open interest and of the insurance funds, its ADL rule and (optionally) its own leverage mixes. */
export interface VenueSpec {
  title: string;
  openInterestShare: number;
  insuranceFundShare: number;
  fundDrawPerStep: number;
  longLeverageMix?: LeverageShare[];
  shortLeverageMix?: LeverageShare[];
}

/** Venues a run may hold (each adds two K-bin books per side to every path's record). */
export const MAX_VENUES = 8;

/** The number fields of a venue (the same for every path: they split per-path totals). */
const VENUE_FIELDS = {
  openInterestShare: num({
    unit: 'fraction',
    default: 1,
    min: 0,
    max: 1,
    description: 's_v: the venue’s share of the open interest (openInterestUsd); the shares are normalised to sum 1.',
    source: 'per venue: README.md, Venues',
  }),
  insuranceFundShare: num({
    unit: 'fraction',
    default: 1,
    min: 0,
    max: 1,
    description: 'f_v: the venue’s share of the insurance funds (insuranceFundUsd); normalised to sum 1.',
    source: 'per venue: README.md, Venues',
  }),
  fundDrawPerStep: num({
    unit: 'fraction',
    default: 1,
    min: 0,
    exclusiveMin: true,
    max: 1,
    description: 'd_v: the ADL rule: the share of its fund at the step’s start that the venue lets the fund pay in a step; beyond it every further shortfall is auto-deleveraged in proportion (1: the fund pays until empty).',
    source: 'per venue: README.md, Venues (Binance pays from a large pooled fund; Bybit’s per-contract funds and Hyperliquid’s capped liquidator vault trigger ADL on a drawdown threshold)',
  }),
};

const venueSchema = z.strictObject({
  title: z.string().default(''),
  openInterestShare: mixField(VENUE_FIELDS.openInterestShare).default(1),
  insuranceFundShare: mixField(VENUE_FIELDS.insuranceFundShare).default(1),
  fundDrawPerStep: mixField(VENUE_FIELDS.fundDrawPerStep).gt(0).default(1),
  longLeverageMix: mixSchema.optional(),
  shortLeverageMix: mixSchema.optional(),
});

/** A venue's own mixes, documented like the model's (optional: the model's mixes otherwise). */
const VENUE_LONG_MIX = struct({
  unit: 'shares of leveraged longs',
  schema: mixSchema,
  default: LONG_MIX,
  fields: mixFields,
  summary: 'longLeverageMix',
  description: 'w_L,v: the venue’s own mix of new leveraged longs (optional; else longLeverageMix).',
  source: 'assumption: README.md, Venues',
});
const VENUE_SHORT_MIX = struct({
  unit: 'shares of leveraged shorts',
  schema: mixSchema,
  default: SHORT_MIX,
  fields: mixFields,
  summary: 'shortLeverageMix',
  description: 'w_S,v: the venue’s own mix of new leveraged shorts (optional; else shortLeverageMix).',
  source: 'assumption: README.md, Venues',
});

export const venuesSchema = z
  .record(idKey, venueSchema)
  .refine((m) => Object.keys(m).length > 0, 'at least one venue')
  .refine((m) => Object.keys(m).length <= MAX_VENUES, `at most ${MAX_VENUES} venues`)
  .refine((m) => Object.values(m).some((v) => v.openInterestShare > 0), 'at least one venue with openInterestShare > 0');

/**
 * The default venues, calibrated to 2025-10-10 (README.md, Venues, has every figure and
 * whether it is reported or assumed).
 */
export const DEFAULT_VENUES: Record<string, VenueSpec> = {
  majors: {
    title: 'large centralised venues with large pooled insurance funds (Binance, OKX)',
    openInterestShare: 0.4,
    insuranceFundShare: 0.69,
    fundDrawPerStep: 1,
  },
  socialised: {
    title: 'centralised venues with thin per-contract funds whose losses go to ADL once drained (Bybit before Dec 2025, Bitget, Gate, …)',
    openInterestShare: 0.536,
    insuranceFundShare: 0.15,
    fundDrawPerStep: 1,
  },
  vault: {
    title: 'on-chain vault venue with thin insurance (Hyperliquid: the HLP vault, its liquidator capped)',
    openInterestShare: 0.064,
    insuranceFundShare: 0.16,
    fundDrawPerStep: 0.15,
    longLeverageMix: [
      { leverage: 3, share: 0.1 },
      { leverage: 5, share: 0.15 },
      { leverage: 10, share: 0.3 },
      { leverage: 20, share: 0.25 },
      { leverage: 40, share: 0.2 },
    ],
    shortLeverageMix: [
      { leverage: 3, share: 0.15 },
      { leverage: 5, share: 0.2 },
      { leverage: 10, share: 0.3 },
      { leverage: 20, share: 0.2 },
      { leverage: 40, share: 0.15 },
    ],
  },
};

export const leverageParams = {
  openInterestUsd: num({
    unit: 'USD',
    default: 61e9,
    min: 0,
    exclusiveMin: true,
    description: 'O₀·P₀: open interest of BTC perpetuals and futures at the start (one side: longs = shorts), valued at P₀.',
    source: 'domain.md §1: BTC futures OI >$90B → $61B → $49B in early Feb 2026 (VanEck [5])',
  }),
  leveragedShare: num({
    unit: 'fraction',
    default: 0.4,
    min: 0,
    max: 1,
    description: 'λ: share of open interest held by leveraged positions that can be liquidated (the rest: hedged or unleveraged, e.g. basis trades, market makers).',
    source: 'fitted to the liquidation total of 2025-10-10 (README.md, Validation); not observed',
  }),
  longLeverageMix: struct({
    unit: 'shares of leveraged longs',
    schema: mixSchema,
    default: LONG_MIX,
    fields: mixFields,
    summary: mixText(LONG_MIX),
    description: 'w_L: leverage ℓ of new leveraged longs and the share opened at each (normalised to sum 1).',
    source: 'assumption: no public position-level leverage data; retail venues offer up to 100–125×, most notional sits at 2–20×',
  }),
  shortLeverageMix: struct({
    unit: 'shares of leveraged shorts',
    schema: mixSchema,
    default: SHORT_MIX,
    fields: mixFields,
    summary: mixText(SHORT_MIX),
    description: 'w_S: leverage of new leveraged shorts and their shares (normalised).',
    source: 'assumption: shorts somewhat less leveraged than longs after a rally (positive funding, data/btc_funding_rate_daily_binance.csv: Oct 2025 mean +0.007%/8h)',
  }),
  postFlushLeverageMix: struct({
    unit: 'shares of leveraged positions',
    schema: mixSchema,
    default: POST_FLUSH_MIX,
    fields: mixFields,
    summary: mixText(POST_FLUSH_MIX),
    description: 'w_F: the mix new positions (both sides) move toward after a flush, by the flush memory m.',
    source: 'assumption: traders re-enter with less leverage after being wiped out',
  }),
  leverageMultiplier: num({
    unit: '—',
    default: 1,
    min: 0,
    max: 10,
    description: 'k: scales every class’s leverage above 1, ℓ′ = 1 + (ℓ − 1)·k: one number for how leveraged the mix is (1: the mixes as given).',
    source: 'modelling choice: lets a scenario make the mix uncertain or vary it in a sensitivity',
  }),
  mixShiftPerFlushShare: num({
    unit: '1/fraction',
    default: 4,
    min: 0,
    max: 1000,
    description: 'g: a step that removes a share φ of open interest (liquidated + ADL) raises the flush memory m by g·φ (capped at 1).',
    source: 'assumption: a 25% flush moves new positions fully to the post-flush mix',
  }),
  mixShiftHalfLifeDays: num({
    unit: 'days',
    default: 30,
    min: 0,
    exclusiveMin: true,
    description: 'h_m: half-life of the flush memory m.',
    source: 'assumption: leverage returns over about a month',
  }),
  maintenanceMarginRate: num({
    unit: 'fraction',
    default: 0.004,
    min: 0,
    max: 0.5,
    exclusiveMax: true,
    description: 'mmr: maintenance margin rate; long liquidation at p_e(1 − 1/ℓ)/(1 − mmr), short at p_e(1 + 1/ℓ)/(1 + mmr).',
    source: 'domain.md §1: Binance lowest tier 0.4% [14] (rises with notional; tiers not modelled)',
  }),
  lookbackDays: num({
    unit: 'days',
    default: 30,
    min: 1,
    max: 365,
    integer: true,
    description: 'W: entry prices of the starting open interest span the W days up to the start.',
    source: 'assumption: most perpetual positions are weeks old at most (see holdingDays)',
  }),
  holdingDays: num({
    unit: 'days',
    default: 7,
    min: 0,
    exclusiveMin: true,
    description: 'τ: mean holding time; each day a share 1 − e^{−Δ/τ} of positions closes and reopens at the day’s price (turnover), and starting positions of age a weigh e^{−a/τ}.',
    source: 'assumption: leveraged perpetual positions are held for days (perpetual volume is ~1× open interest a day)',
  }),
  rebuildHalfLifeDays: num({
    unit: 'days',
    default: 14,
    min: 0,
    exclusiveMin: true,
    description: 'h_r: open interest moves toward its target with this half-life (new positions when below, closes when above).',
    source: 'assumption: after 2025-10-10 BTC open interest took weeks to rebuild; in Feb 2026 it kept falling (domain.md §1 [5])',
  }),
  targetOpenInterestShare: num({
    unit: 'fraction of O₀',
    default: 1,
    min: 0,
    max: 100,
    description: 'O*/O₀: target open interest in contracts (BTC), as a share of the start.',
    source: 'assumption: the market returns to its starting size in coins',
  }),
  deleverageRatio: num({
    unit: 'contracts per contract liquidated',
    default: 2,
    min: 0,
    max: 100,
    description: 'c: in a step, traders and market makers close c contracts (pairs, both sides) for every contract liquidated or auto-deleveraged.',
    source: 'fitted to 2025-10-10: open interest −43% with the model’s liquidations (README.md, Validation)',
  }),
  insuranceFundUsd: num({
    unit: 'USD',
    default: 2.2e9,
    min: 0,
    description: 'F₀: the venues’ insurance funds at the start, together (each venue holds its insuranceFundShare); a fund pays liquidation losses beyond the bankruptcy price, then auto-deleveraging closes the rest.',
    source: 'Binance’s BTC/ETH/BNB USDT-M fund $1.23B on 2025-10-10 (binance.bh post 30856400292745) + assumed: OKX $0.29B, Bybit and others $0.33B, Hyperliquid’s HLP vault $0.35B (README.md, Venues)',
  }),
  venues: struct({
    unit: '—',
    schema: venuesSchema as unknown as z.ZodType<Record<string, VenueSpec>>,
    default: DEFAULT_VENUES,
    summary: '{ majors, socialised, vault } (README.md, Venues)',
    description:
      'The venues, by id (the id names their signals: leverage.<id>.liquidatedUsd, …): each with its share of the open interest and of the funds, its ADL rule (fundDrawPerStep) and, optionally, its own long and short leverage mixes (else the model’s). All venues meet in one price. A scenario’s venues replace the default ones.',
    source: 'calibrated to 2025-10-10: README.md, Venues (which figures are reported, which assumed)',
    shapesState: 'each venue id names its signals, and every venue adds its books to the per-path record',
    fields: { entry: '<id>', fields: { ...VENUE_FIELDS, longLeverageMix: VENUE_LONG_MIX, shortLeverageMix: VENUE_SHORT_MIX } },
  }),
  remainingMarginToFund: num({
    unit: 'fraction',
    default: 1,
    min: 0,
    max: 1,
    description: 'Share of a liquidated position’s remaining margin (fill above the bankruptcy price) paid into the insurance fund.',
    source: 'Binance liquidation rules: the remaining margin goes to the insurance fund',
  }),
  impactPersistence: num({
    unit: 'fraction',
    default: 0.7,
    min: 0,
    max: 1,
    description: 'ψ: share of the cascade’s intraday impact that persists to the close (the rest reverts as the book refills).',
    source: 'near the ~2/3 of peak impact that stays after metaorders (Bershova & Rakhlin 2013, ⚠ equities); with the close shock of 2025-10-10 fitted jointly to that day’s low and next open (README.md, Validation)',
  }),
  impactPermanentShare: num({
    unit: 'fraction',
    default: PERMANENT_SHARE,
    min: 0,
    max: 1,
    description: 'φ: share of a cascade’s end-of-day impact (ψ of its intraday impact) that stays once liquidations stop; the rest relaxes (finance/transient-impact.ts).',
    source: 'Bucci, Benzaquen, Lillo & Bouchaud (2019): impact relaxes to ≈ 1/2 of its end-of-day value after ~50 days (as market.impactPermanentShare)',
  }),
  impactHalfLifeDays: num({
    unit: 'days',
    default: TRANSIENT_HALF_LIFE_DAYS,
    min: 0,
    exclusiveMin: true,
    max: 365,
    description: 'h_I: half-life of the transient part of the cascades’ impact, and of the metaorder memory that prices the next cascade.',
    source: 'assumption: one exponential for the power-law relaxation of Bucci et al. (2019), as market.impactHalfLifeDays',
  }),
  gapShare: num({
    unit: 'fraction',
    default: 0,
    min: 0,
    max: 1,
    description: 'γ: in a fast move, a liquidation order the market’s own move crossed triggers a share γ of the way from its liquidation price to the step’s extreme (0: a continuous market fills it at its liquidation price).',
    source: 'assumption: 0 on ordinary days; a scenario sets it for a news crash (Kaiko on 2025-10-10: bids only at the 4–10% bands [25])',
  }),
  intradayRangeScale: num({
    unit: '—',
    default: 1,
    min: 0,
    max: 10,
    description: 'κ: the step’s pre-cascade high and low are those of a Brownian bridge from the previous price to the market’s price with volatility κ·σ_d.',
    source: 'Brownian-bridge extremes (src/finance/brownian-bridge-extremes.ts); 1 = the market’s own diffusion',
  }),
  cascadeDepthShare: num({
    unit: 'fraction',
    default: 1,
    min: 0,
    exclusiveMin: true,
    max: 10,
    description: 'The cascade’s depth V_c is this share of the market’s V (market.volumeUsd).',
    source: 'assumption: 1, the market’s own depth; below 1 for books emptier than the market’s stress thinning (Kaiko on 2025-10-10 [25])',
  }),
  impactY: num({
    unit: '—',
    default: 1,
    min: 0,
    max: 10,
    description: 'Y of the square-root law in the cascade; keep it equal to market.impactY so that both move one price by one law.',
    source: 'domain.md §1: Y = O(1) [16][17]',
  }),
  entryHistoryUsd: struct({
    unit: 'USD',
    schema: z.array(z.number().positive()).max(365),
    default: [] as number[],
    summary: '[] (a random walk back from P₀ at btc.vol)',
    description: 'Daily prices before the start, oldest first (the day before the start last): the entry prices of the starting open interest. Empty: a random walk backward from P₀ with the market’s volatility, per path.',
    source: 'scenario input, e.g. data/btc_price_daily_usd_bitstamp.csv',
  }),
  diagnosticSignals: choice({
    values: ['off', 'on'] as const,
    default: 'off',
    unit: '—',
    description: 'on: also write the contract accounting (leverage.openInterestBtc, .removedBtc, .netNewBtc: OI_t = OI_{t−1} − removed + netNew).',
    source: 'modelling choice: off by default, so that runs record fewer signals',
    shapesState: 'it decides which signals the model writes',
  }),
  buckets: struct({
    unit: 'bins per side',
    schema: z.int().min(16).max(1024),
    default: 64,
    description: 'K: liquidation-price bins per side (longs, shorts) per path.',
    source: 'modelling choice: 64 bins of 1.25% reach ~72% beyond the price (2× longs and 1× shorts fit)',
    shapesState: 'K sizes every path’s record (its 2K bins a side)',
  }),
  bucketWidthLog: struct({
    unit: 'log price',
    schema: z.number().min(0.001).max(0.1),
    default: 0.0125,
    description: 'h: width of a bin in log price; positions are grouped by the nearest bin centre n·h, and each bin keeps the contract-weighted mean of its positions’ liquidation prices.',
    source: 'modelling choice: finer than the 1.6% between 50× and 100× liquidations, coarse enough that 64 bins reach 2× longs',
    shapesState: 'h gives every stored bin its price (grid index × h): the books would move',
  }),
};

export type LeverageParams = typeof leverageParams;
