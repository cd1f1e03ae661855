import { z } from 'zod';
import { centralValue, type NumberOrDistribution } from '../../engine/distributions.js';
import { choice, num, struct } from '../../engine/params.js';
import { fallbackHashpriceParam } from '../../finance/constant-difficulty-hashprice.js';
import { fieldDefaults, idKey, numberFieldShape, optionalNumberFieldShape, wholeFieldShape } from '../../scenario/struct-fields.js';

/*
 * Parameters of the lender model. Two kinds:
 * - model-wide behaviour (`lenderParams` below, one value per path, may be distributions and
 *   scheduled with `set`);
 * - the lenders themselves (`lenders`, a struct: several lenders, each with its balance sheet,
 *   client segments and loan books). Every number inside a lender may also be a distribution,
 *   drawn once per path at the start (a balance sheet that is not public is uncertain).
 * Every field carries a unit, a default and a source; `cascade models` and the README's
 * generated table list them (the struct parameters document their entries' fields).
 */

const BLOCKFILLS = 'domain.md §0: BlockFills, ~2,000 institutional clients (≥ $10M), $61B volume in 2025, ~$75M lending loss [7][9][10]';

/** Fields of one lender (balance sheet and policy). Shares of total assets unless stated. */
export const LENDER_FIELDS = {
  depositsUsd: num({
    unit: 'USD',
    default: 1.5e9,
    min: 0,
    exclusiveMin: true,
    description: 'D₀: client claims (deposits) at the start.',
    source: `assumption: not public; ${BLOCKFILLS} make $1–3B of client balances plausible`,
  }),
  equityShare: num({
    unit: 'fraction of D₀',
    default: 0.08,
    min: -0.99,
    max: 10,
    description: 'E₀/D₀: book equity at the start, per dollar of client claims (negative: insolvent at book value).',
    source: 'assumption: a thinly capitalised non-bank lender; banks hold ~8–10% of assets',
  }),
  otherLiabilitiesShare: num({
    unit: 'fraction of D₀',
    default: 0,
    min: 0,
    max: 10,
    description: 'X/D₀: term debt and secured borrowing, senior to clients, not due within the horizon.',
    source: 'assumption: a prime broker funds itself with client money and equity',
  }),
  cashShare: num({
    unit: 'fraction of assets',
    default: 0.3,
    min: 0,
    max: 1,
    description: 'Cash and equivalents: pays withdrawals at once.',
    source: 'assumption: seed 000 says part of client money is kept as cash and the rest lent; the share is not public',
  }),
  liquidShare: num({
    unit: 'fraction of assets',
    default: 0.05,
    min: 0,
    max: 1,
    description: 'Liquid securities (T-bills, stablecoins): sold the same day at the liquid haircut.',
    source: 'assumption',
  }),
  ownBtcShare: num({
    unit: 'fraction of assets',
    default: 0.03,
    min: 0,
    max: 1,
    description: 'Own BTC position (trading inventory), marked to market; sold into the market when cash is short.',
    source: 'assumption: an OTC desk carries some inventory',
  }),
  otherAssetsShare: num({
    unit: 'fraction of assets',
    default: 0.02,
    min: 0,
    max: 1,
    description: 'Other, illiquid assets (receivables, stakes); revealed losses write these down first. Loans are the rest of the assets.',
    source: 'assumption',
  }),
  liquidHaircut: num({ unit: 'fraction', default: 0.02, min: 0, max: 1, description: 'h_L: loss when liquid securities are sold in a day.', source: 'assumption: bid–ask and fire-sale discount on T-bills/stablecoins under stress' }),
  ownBtcHaircut: num({
    unit: 'fraction',
    default: 0.01,
    min: 0,
    max: 1,
    description: 'h_B: fees and spread when own BTC is sold (the square-root impact comes on top).',
    source: 'assumption',
  }),
  otherAssetsHaircut: num({
    unit: 'fraction',
    default: 1,
    min: 0,
    max: 1,
    description: 'h_O: loss when other assets are sold in a day; 1 = they cannot be sold within the horizon.',
    source: 'assumption: stakes and receivables do not sell in a run',
  }),
  otherAssetsDays: num({
    unit: 'days',
    default: 365,
    min: 0,
    max: 3650,
    description: 'Day (after the start) on which other assets not sold before are realised at book value; until then clients value them like a loan maturing that day.',
    source: 'assumption: stakes and receivables are realised over about a year',
  }),
  clients: num({
    unit: 'clients',
    default: 2000,
    min: 0,
    integer: true,
    description: 'Number of clients; with the ten largest clients’ share it sets how lumpy withdrawals are (0: infinitely many, no lumpiness).',
    source: `${BLOCKFILLS}`,
  }),
  largestTenShare: num({
    unit: 'fraction of D',
    default: 0.25,
    min: 0,
    max: 1,
    description: 'Share of client claims held by the ten largest clients (concentration).',
    source: 'assumption: institutional platforms are concentrated; not public',
  }),
  cashFloorShare: num({
    unit: 'fraction of D₀',
    default: 0.02,
    min: 0,
    max: 1,
    description: 'Cash floor: the lender gates rather than let cash fall below this share of the starting claims.',
    source: 'assumption: operational cash for margin, fees and settlement',
  }),
  gateBelowCoverage: num({
    unit: 'ratio',
    default: 0,
    min: 0,
    max: 100,
    description: 'Also gate when the LCR-style coverage falls below this (0: only the cash floor gates).',
    source: 'assumption: policy choice; off by default',
  }),
  gatedPayoutShare: num({
    unit: 'fraction/step',
    default: 1,
    min: 0,
    max: 1,
    description: 'While gated, the share of cash above the floor paid out to queued clients each step (pro rata), until the whole queue can be paid and the lender reopens.',
    source: 'seed 000: the platform plans to repay as loans mature',
  }),
  callHaircut: num({
    unit: 'fraction',
    default: 0,
    min: 0,
    max: 1,
    description: 'h_call: share of a callable loan’s claim (principal + interest) given up when it is called early.',
    source: 'assumption: open-term crypto loans are callable at par',
  }),
  depositRateApr: num({
    unit: '1/year',
    default: 0,
    min: -1,
    max: 1,
    description: 'Interest credited to client claims (simple, daily).',
    source: 'assumption: institutional balances at a prime broker earn little',
  }),
};

/** Whole-number fields of a lender. */
export const LENDER_WHOLE_FIELDS = {
  callLagDays: num({
    unit: 'days',
    default: 3,
    min: 0,
    max: 365,
    integer: true,
    description: 'Notice before a called loan pays; 0 = same day (then only what is needed is called).',
    source: 'assumption: open-term crypto loans are callable with a few days’ notice',
  }),
};

/** Fields of one loan book: loans of one kind, in `buckets` maturity buckets. */
export const BOOK_FIELDS = {
  share: num({ unit: 'fraction of loans', default: 1, min: 0, max: 1, description: 'Share of the lender’s loans in this book (shares are normalised per path).', source: 'assumption' }),
  rateApr: num({ unit: '1/year', default: 0.12, min: 0, max: 1000, description: 'r: interest rate (simple, accrued daily, paid at maturity).', source: 'assumption: crypto institutional lending rates of 2025–26' }),
  collateralRatio: num({
    unit: 'ratio',
    default: 1.5,
    min: 0,
    max: 100,
    description: 'BTC collateral value / claim at origination (1/LTV₀); 0 = unsecured.',
    source: 'assumption: initial LTV 50–70% is common in crypto lending',
  }),
  marginCallLtv: num({ unit: 'ratio', default: 0.8, min: 0, exclusiveMin: true, max: 10, description: 'LTV (claim / collateral value) at which the borrower must top up.', source: 'assumption: common crypto lending terms' }),
  liquidationLtv: num({ unit: 'ratio', default: 0.9, min: 0, exclusiveMin: true, max: 10, description: 'LTV at which the collateral is sold at once, without a margin call.', source: 'assumption: common crypto lending terms' }),
  marginCallMeetProb: num({ unit: 'probability', default: 0.85, min: 0, max: 1, description: 'Probability that a borrower meets a margin call (tops up to LTV₀); otherwise the collateral is sold.', source: 'assumption' }),
  pdPerYear: num({
    unit: '1/year',
    default: 0.03,
    min: 0,
    max: 100,
    description: 'λ₀: default intensity of a borrower at the start price (rises as BTC falls, see pdDrawdownBeta).',
    source: 'assumption: of the order of speculative-grade corporate default rates (a few % a year)',
  }),
};

/** Whole-number fields of a loan book. */
export const BOOK_WHOLE_FIELDS = {
  tenorDays: num({ unit: 'days', default: 60, min: 1, max: 3650, integer: true, description: 'T: term of a loan; the book’s loans mature evenly over the next T days, and are re-lent for T days.', source: 'assumption: 30–90-day term loans to members' }),
  buckets: num({ unit: 'buckets', default: 4, min: 1, max: 52, integer: true, description: 'Maturity buckets the book is split into (bucket j matures on day ⌈T·(j+1)/buckets⌉).', source: 'modelling choice' }),
  borrowers: num({ unit: 'borrowers', default: 5, min: 1, max: 1000, integer: true, description: 'Borrowers per bucket: defaults and failed margin calls happen borrower by borrower (concentration).', source: 'assumption: a few members borrow most' }),
};

/**
 * Fields of one client segment of a lender. A field left out takes the built-in segment's
 * value (SEGMENT_DEFAULTS); the defaults here are those of `others`, which any other name starts from.
 */
export const SEGMENT_FIELDS = {
  share: num({ unit: 'fraction of D₀', default: 0.15, min: 0, max: 1, description: 'Share of client claims in this segment (shares are normalised per path).', source: 'assumption' }),
  runOff30d: num({ unit: 'fraction', default: 1, min: 0, max: 1, description: 'Basel LCR run-off rate: share of the segment’s claims assumed to leave in a 30-day stress (coverage only).', source: 'domain.md §2 [33]–[35]' }),
  baseWithdrawalPerDay: num({
    unit: '1/day',
    default: 0.005,
    min: 0,
    max: 1,
    description: 'w₀: share of balances withdrawn on a normal day (matched by new deposits while clients do not doubt the lender).',
    source: 'assumption; FTX’s normal outflows were “tens of millions” a day (domain.md §2 [38])',
  }),
  crashWithdrawalPerLogFall: num({
    unit: '1/log-return',
    default: 0.2,
    min: 0,
    max: 100,
    description: 'w_c: extra share withdrawn per unit of BTC log fall over the step beyond crashThresholdLogFall (clients meeting margin calls elsewhere).',
    source: 'assumption: seed 000, a crash caused leveraged liquidations and cash outflows',
  }),
  runSpeedPerDay: num({ unit: '1/day', default: 0.5, min: 0, max: 1, description: 'κ: share of a running client’s balance requested per day (how fast decisions become requests).', source: 'assumption' }),
  runThreshold: num({ unit: 'ratio', default: 1, min: 0, max: 10, description: 'θ*: a client runs when its signal of stayer coverage falls below this.', source: 'Diamond–Dybvig/Goldstein–Pauzner: run when staying is worth less than withdrawing (θ* = 1)' }),
  signalNoise: num({
    unit: 'ratio',
    default: 0.33,
    min: 0,
    max: 10,
    description: 'σ: standard deviation of a client’s private error about stayer coverage (opacity, dispersion of beliefs).',
    source: 'calibrated on the SVB preset (25% of deposits out on day 1); the FTX preset keeps it',
  }),
};

/**
 * Built-in client segments: a lender's segment with one of these names starts from these
 * values; any other name starts from `others`. Sources in README.md.
 */
export const SEGMENT_DEFAULTS: Record<string, Record<keyof typeof SEGMENT_FIELDS, number>> = {
  // financial institutions: 100% run-off; they watch closely (small σ) and move money the same day
  hedgeFunds: { share: 0.4, runOff30d: 1, baseWithdrawalPerDay: 0.01, crashWithdrawalPerLogFall: 0.5, runSpeedPerDay: 1, runThreshold: 1, signalNoise: 0.33 },
  assetManagers: { share: 0.25, runOff30d: 1, baseWithdrawalPerDay: 0.005, crashWithdrawalPerLogFall: 0.2, runSpeedPerDay: 0.5, runThreshold: 1, signalNoise: 0.33 },
  // non-financial corporates: 40% run-off; operational balances, less informed
  miners: { share: 0.2, runOff30d: 0.4, baseWithdrawalPerDay: 0.01, crashWithdrawalPerLogFall: 0.3, runSpeedPerDay: 0.5, runThreshold: 1, signalNoise: 0.33 },
  others: fieldDefaults(SEGMENT_FIELDS),
};

export const BORROWER_TYPES = ['trading', 'miner', 'other'] as const;
export type BorrowerType = (typeof BORROWER_TYPES)[number];
const BORROWER = choice({
  unit: '—',
  values: BORROWER_TYPES,
  default: 'trading',
  description: 'Borrower type: trading (firms), miner, other. Miners’ defaults also follow hashprice.',
  source: 'modelling choice; LCR inflow rates by type from Basel III (INFLOW_RATE)',
});
/**
 * Basel LCR inflow rates of performing loans maturing within 30 days: 100% from financial
 * institutions (trading firms), 50% from non-financial corporates (miners, others).
 */
export const INFLOW_RATE: Record<BorrowerType, number> = { trading: 1, miner: 0.5, other: 0.5 };

type Uncertain = NumberOrDistribution;
type Fields<T> = { [K in keyof T]: Uncertain };
type Whole<T> = { [K in keyof T]: number };

export type BookSpec = Fields<typeof BOOK_FIELDS> & Whole<typeof BOOK_WHOLE_FIELDS> & { borrower: BorrowerType; callable: boolean; rollOver: boolean };
export type SegmentSpec = Partial<Fields<typeof SEGMENT_FIELDS>>;
export type LenderSpec = Fields<typeof LENDER_FIELDS> &
  Whole<typeof LENDER_WHOLE_FIELDS> & { title: string; segments: Record<string, SegmentSpec>; loans: BookSpec[] };

/** The default loan books: a BlockFills-like book of loans to members (assumptions, README.md). */
export const DEFAULT_BOOKS: BookSpec[] = [
  // trading firms, BTC-collateralised
  { borrower: 'trading', share: 0.45, rateApr: 0.1, collateralRatio: 1.5, marginCallLtv: 0.8, liquidationLtv: 0.9, marginCallMeetProb: 0.85, pdPerYear: 0.03, tenorDays: 60, buckets: 4, borrowers: 5, callable: false, rollOver: true },
  // trading firms, unsecured (credit lines to members)
  { borrower: 'trading', share: 0.2, rateApr: 0.14, collateralRatio: 0, marginCallLtv: 0.8, liquidationLtv: 0.9, marginCallMeetProb: 0.85, pdPerYear: 0.04, tenorDays: 30, buckets: 4, borrowers: 3, callable: false, rollOver: true },
  // miners, BTC-collateralised (equipment and treasury loans)
  { borrower: 'miner', share: 0.25, rateApr: 0.13, collateralRatio: 1.6, marginCallLtv: 0.8, liquidationLtv: 0.9, marginCallMeetProb: 0.8, pdPerYear: 0.05, tenorDays: 90, buckets: 4, borrowers: 5, callable: false, rollOver: true },
  // others, unsecured
  { borrower: 'other', share: 0.1, rateApr: 0.12, collateralRatio: 0, marginCallLtv: 0.8, liquidationLtv: 0.9, marginCallMeetProb: 0.85, pdPerYear: 0.03, tenorDays: 60, buckets: 4, borrowers: 3, callable: false, rollOver: true },
];

const bookSchema = z
  .strictObject({
  borrower: z.enum(BORROWER_TYPES).default(BORROWER.default).meta({ description: BORROWER.description }),
  callable: z.boolean().default(false).meta({ description: 'Whether the lender can call these loans before maturity (after callLagDays).' }),
  rollOver: z.boolean().default(true).meta({ description: 'Whether maturing loans are re-lent (while the lender is open and has spare cash).' }),
  ...numberFieldShape(BOOK_FIELDS),
  ...wholeFieldShape(BOOK_WHOLE_FIELDS),
  })
  .refine(
    (book) => {
      const b = book as Record<string, unknown>;
      const ratio = centralValue(b.collateralRatio as NumberOrDistribution);
      const mc = centralValue(b.marginCallLtv as NumberOrDistribution);
      const liq = centralValue(b.liquidationLtv as NumberOrDistribution);
      return ratio === 0 || (1 / ratio < mc && mc <= liq);
    },
    { message: 'a secured book needs 1/collateralRatio (the starting LTV) < marginCallLtv ≤ liquidationLtv (central values)', path: ['marginCallLtv'] },
  );

const segmentSchema = z.strictObject(optionalNumberFieldShape(SEGMENT_FIELDS));

/** Segments of the default lender: the four built-in ones, at their default shares. */
export const DEFAULT_SEGMENTS: Record<string, SegmentSpec> = { hedgeFunds: {}, assetManagers: {}, miners: {}, others: {} };

/** A lender's client segments, documented like a parameter (its fields: SEGMENT_FIELDS). */
const SEGMENTS = struct({
  unit: '—',
  schema: z.record(idKey, segmentSchema).refine((s) => Object.keys(s).length > 0, 'at least one segment'),
  default: DEFAULT_SEGMENTS,
  summary: '{ hedgeFunds, assetManagers, miners, others }',
  description:
    'Client segments by name; hedgeFunds, assetManagers, miners and others have built-in behaviour (README.md), any other name starts from others; a field given replaces the built-in value.',
  source: 'seed 000 names hedge funds, asset managers and miners among the clients; run-off rates Basel III (domain.md §2)',
  fields: { entry: '<name>', fields: SEGMENT_FIELDS },
});

/** A lender's loan books, documented like a parameter (its fields: the borrower type, BOOK_FIELDS, BOOK_WHOLE_FIELDS). */
const LOANS = struct({
  unit: '—',
  schema: z.array(bookSchema),
  default: DEFAULT_BOOKS,
  summary: 'four BlockFills-like books (README.md)',
  description:
    'Loan books (empty: no loans). Each also says whether the lender can call its loans before maturity (callable: false by default) and whether maturing loans are re-lent (rollOver: true).',
  source: 'assumption: a BlockFills-like book of loans to members (README.md)',
  fields: { entry: '[i]', fields: { borrower: BORROWER, ...BOOK_FIELDS, ...BOOK_WHOLE_FIELDS } },
});

export const lenderSchema = z.strictObject({
  title: z.string().default('').meta({ description: 'Display name' }),
  ...numberFieldShape(LENDER_FIELDS),
  ...wholeFieldShape(LENDER_WHOLE_FIELDS),
  segments: SEGMENTS.schema.default(SEGMENTS.default).meta({ description: SEGMENTS.description }),
  loans: LOANS.schema.default(LOANS.default).meta({ description: LOANS.description }),
});

/** The default lender: BlockFills-like, every figure an assumption stated in README.md. */
export const DEFAULT_LENDER: LenderSpec = {
  title: 'BlockFills-like prime broker (assumed balance sheet)',
  ...fieldDefaults(LENDER_FIELDS),
  ...fieldDefaults(LENDER_WHOLE_FIELDS),
  segments: DEFAULT_SEGMENTS,
  loans: DEFAULT_BOOKS,
};

export const lendersSchema = z.record(idKey, lenderSchema).refine((m) => Object.keys(m).length > 0, 'at least one lender');

/** Model-wide parameters (per path; distributions and scheduled sets allowed). */
export const lenderParams = {
  lenders: struct({
    unit: '—',
    schema: lendersSchema as unknown as z.ZodType<Record<string, LenderSpec>>,
    default: { prime: DEFAULT_LENDER },
    summary: '{ prime: a BlockFills-like prime broker }',
    description:
      'The lenders, by id (the id names their signals: lender.<id>.cash, …); each with a title, balance sheet, client segments, loan books and policy. Every number of a lender may be a distribution, drawn per path at the start; whole numbers may not.',
    source: 'assumptions stated per field',
    shapesState: 'each lender id names its signals and events, and its segments and loan buckets lay out the per-path state',
    fields: { entry: '<id>', fields: { ...LENDER_FIELDS, ...LENDER_WHOLE_FIELDS, segments: SEGMENTS, loans: LOANS } },
  }),
  haltHorizonsDays: struct({
    unit: 'days',
    schema: z.array(z.int().min(1).max(36500)).max(12),
    default: [7, 30, 90],
    description: 'Horizons d for which each lender reports P(first halt within d days): signals lender.<id>.haltedWithin<d>d and events lender.<id>.haltWithin<d>d.',
    source: 'issue 4: P(halt within 7/30/90 days)',
    shapesState: 'each horizon d is a signal lender.<id>.haltedWithin<d>d and an event of every lender',
  }),
  gateCostPerYear: num({
    unit: '1/year',
    default: 0.3,
    min: 0,
    max: 100,
    description: 'ρ: rate at which clients discount money that must wait for loans to mature (the cost of being gated).',
    source: 'assumption: claims on gated crypto lenders traded at deep discounts (Celsius, FTX, 2022); 30%/yr is a mild one',
  }),
  gateHaircut: num({
    unit: 'fraction',
    default: 0.1,
    min: 0,
    max: 1,
    description: 'g: share of a claim clients expect to lose, beyond time, if it is trapped behind a gate (legal delay, hidden losses, bankruptcy risk).',
    source: 'assumption: claims on gated crypto lenders traded from ~10% (solvent-looking) to 90% (FTX) below par in 2022',
  }),
  peerHaltShift: num({
    unit: 'ratio',
    default: 0.05,
    min: 0,
    max: 10,
    description: 'Contagion: each halted peer lowers the stayer coverage clients perceive by this (they infer hidden losses).',
    source: 'assumption: 2022 lender gates followed one another within weeks (Celsius, Voyager, BlockFi)',
  }),
  runVisibility: num({
    unit: 'ratio per share withdrawn',
    default: 0.5,
    min: 0,
    max: 100,
    description: 'v: herding on a visible run: the share of claims withdrawn in the previous step by runners, crash withdrawals and shocks (not ordinary withdrawals) lowers the stayer coverage clients perceive by v times that share.',
    source: 'assumption, bounded by calibration: the SVB preset needs v = 1.4 (day 2’s ~$100B after σ = 0.33 fits day 1’s $42B), a herding gain above 1 that turns any run total; 0.5 keeps the gain v·φ(z₀)/(σ·(1 − Φ(z₀)))·κ below 1 at the start, so small runs die out and large ones still spiral (README.md)',
  }),
  pdDrawdownBeta: num({
    unit: '1/fraction',
    default: 6,
    min: 0,
    max: 50,
    description: 'β: default intensity λ = λ₀·e^{β·x}, x = BTC fall since the start (from btc.drawdown).',
    source: 'assumption: λ ≈ 40× λ₀ for a 60% fall (≈120%/yr for λ₀ = 3%), as in mid-2022 (BTC $47k→$19k) when unsecured loans to crypto trading firms (3AC, then Alameda) defaulted across lenders',
  }),
  minerHashpriceBeta: num({
    unit: '—',
    default: 1.5,
    min: 0,
    max: 10,
    description: 'γ: miners’ default intensity is multiplied by (hashpriceRef / hashprice)^γ.',
    source: 'assumption: miners below their cash cost borrow and default more',
  }),
  hashpriceRefUsdPerPhDay: num({
    unit: 'USD/(PH/s)/day',
    default: 40,
    min: 0,
    exclusiveMin: true,
    description: 'Hashprice at which miners’ default intensity is λ₀.',
    source: 'domain.md §4: $40/PH/day is the widely seen threshold (Luxor) [54]',
  }),
  hashpriceUsdPerPhDay: fallbackHashpriceParam,
  collateralSaleCost: num({
    unit: 'fraction',
    default: 0.01,
    min: 0,
    max: 1,
    description: 'Fees and spread when seized collateral is sold (the square-root impact comes on top).',
    source: 'assumption',
  }),
  saleDailyVolumeUsd: num({
    unit: 'USD/day',
    default: 40e9,
    min: 0,
    exclusiveMin: true,
    description: 'V_d for the execution cost of the lender’s BTC sales (square-root law).',
    source: 'as market.dailyVolumeUsd (assumption there)',
  }),
  impactY: num({ unit: '—', default: 1, min: 0, max: 10, description: 'Y of the square-root law for the lender’s BTC sales.', source: 'domain.md §1: Y = O(1) [16][17]' }),
  fallbackVolPerSqrtYear: num({
    unit: '1/√year',
    default: 0.6,
    min: 0,
    max: 10,
    description: 'BTC volatility for execution costs when no model writes btc.vol.',
    source: 'market model: 30-day realised vol median ~0.58 (2017–2025)',
  }),
  crashThresholdLogFall: num({
    unit: 'log-return',
    default: 0.05,
    min: 0,
    max: 1,
    description: 'Crash withdrawals count only the part of a step’s BTC log fall beyond this (ordinary volatility does not drain a lender).',
    source: 'assumption: about 1.5 daily standard deviations in the stress regime (market σ_stress = 1.15/√365 ≈ 0.06)',
  }),
  unsecuredRecovery: num({
    unit: 'fraction',
    default: 0,
    min: 0,
    max: 1,
    description: 'Share of a defaulted claim beyond its collateral recovered within the horizon.',
    source: 'assumption: recoveries from bankrupt crypto borrowers took years (3AC, Celsius)',
  }),
  inflowCap: num({ unit: 'fraction', default: 0.75, min: 0, max: 1, description: 'LCR cap on inflows as a share of outflows.', source: 'domain.md §2: Basel III 75% (⚠ quoted from memory there)' }),
};
