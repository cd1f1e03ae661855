import { z } from 'zod';
import { choice, num, struct, type NumberParam } from '../../engine/params.js';
import { bondConvexity, bondModifiedDuration } from '../../finance/bond.js';
import { gordonDurationConvexity } from '../../finance/duration-convexity.js';

/*
 * Parameters of the liquidity model. Numbers are one value per path (distributions and
 * scheduled `set`s allowed); the asset classes and the holders are structs, the same for every
 * path. Every figure has a unit and a source; most are assumptions (README.md says which
 * results depend on them most).
 */

/** The asset classes, in state order. Crypto is BTC: its price is the market's. */
export const CLASSES = ['crypto', 'software', 'memory', 'treasuries', 'gold'] as const;
export type AssetClass = (typeof CLASSES)[number];
/** What a strategic holder can sell: the classes and its stakes in hedge funds (a redemption). */
export const STRATEGIC_HOLDINGS = [...CLASSES, 'hedgeFunds'] as const;

/** The long-Treasury class: a 20-year 4.5% coupon bond at a 4.75% yield (semiannual). */
export const LONG_TREASURY = { couponRate: 0.045, yieldRate: 0.0475, years: 20 };
const TREASURY_D = bondModifiedDuration(LONG_TREASURY.couponRate, LONG_TREASURY.yieldRate, LONG_TREASURY.years);
const TREASURY_C = bondConvexity(LONG_TREASURY.couponRate, LONG_TREASURY.yieldRate, LONG_TREASURY.years);
const CRYPTO_DC = gordonDurationConvexity(0.04);
const SOFTWARE_DC = gordonDurationConvexity(0.04);
const MEMORY_DC = gordonDurationConvexity(1 / 6);

/**
 * A plain number inside a struct (the same on every path: no distribution), checked against its
 * declaration's range and defaulting to `fallback` (the entry's own default).
 */
function plainNumber(decl: NumberParam, fallback: number) {
  let n = z.number();
  if (decl.min !== undefined) n = decl.exclusiveMin ? n.gt(decl.min) : n.min(decl.min);
  if (decl.max !== undefined) n = decl.exclusiveMax ? n.lt(decl.max) : n.max(decl.max);
  return n.default(fallback).meta({ description: `${decl.description} Unit: ${decl.unit}.` });
}

/** A mapping of plain numbers, one per key, each defaulting to `defaults[key]`. */
function plainNumbers<K extends string>(decl: NumberParam, keys: readonly K[], defaults: Record<K, number>) {
  const shape = Object.fromEntries(keys.map((k) => [k, plainNumber(decl, defaults[k])])) as Record<K, ReturnType<typeof plainNumber>>;
  // every key has a default, so {} is a valid input (zod cannot see that through the generic K)
  return z.strictObject(shape).prefault({} as never);
}

const CLASS_DEFAULTS = {
  // crypto: V and σ unused (the market prices BTC and its forced sales)
  crypto: { duration: CRYPTO_DC.duration, convexity: CRYPTO_DC.convexity, liquidityBeta: 2, dailyVolumeUsd: 40e9, volPerSqrtYear: 0 },
  software: { duration: SOFTWARE_DC.duration, convexity: SOFTWARE_DC.convexity, liquidityBeta: 1.2, dailyVolumeUsd: 60e9, volPerSqrtYear: 0.35 },
  memory: { duration: MEMORY_DC.duration, convexity: MEMORY_DC.convexity, liquidityBeta: 0.6, dailyVolumeUsd: 30e9, volPerSqrtYear: 0.5 },
  treasuries: { duration: TREASURY_D, convexity: TREASURY_C, liquidityBeta: 0, dailyVolumeUsd: 150e9, volPerSqrtYear: 0.12 },
  gold: { duration: 10, convexity: 200, liquidityBeta: 0.5, dailyVolumeUsd: 150e9, volPerSqrtYear: 0.16 },
};
const PER_CLASS = 'each class has its own default (README.md, “Asset classes”; the one shown is software’s)';
const CLASS_SOURCE = 'README.md, “Asset classes”: Gordon durations (domain.md §3), a 20-year bond (src/finance/bond.ts); the rest assumptions';

/** The fields of an asset class (`classes.<class>`): how it reprices and how deep its market is. */
export const CLASS_FIELDS = {
  duration: num({ unit: 'years', default: CLASS_DEFAULTS.software.duration, min: 0, description: `D: modified duration; ${PER_CLASS}.`, source: CLASS_SOURCE }),
  convexity: num({ unit: 'years²', default: CLASS_DEFAULTS.software.convexity, min: 0, description: `C: convexity; ${PER_CLASS}.`, source: CLASS_SOURCE }),
  liquidityBeta: num({ unit: '—', default: CLASS_DEFAULTS.software.liquidityBeta, description: `β: log return per unit log change of the liquidity level relative to money demand, L/M_d; ${PER_CLASS}.`, source: CLASS_SOURCE }),
  dailyVolumeUsd: num({ unit: 'USD/day', default: CLASS_DEFAULTS.software.dailyVolumeUsd, min: 0, exclusiveMin: true, description: `V: daily volume absorbing forced sales (square-root impact); unused for crypto (the market’s); ${PER_CLASS}.`, source: CLASS_SOURCE }),
  volPerSqrtYear: num({ unit: '1/√year', default: CLASS_DEFAULTS.software.volPerSqrtYear, min: 0, description: `σ: volatility of the class’s own news (also σ_d of its impact law and σ₀ of its margins); unused for crypto (btc.vol); ${PER_CLASS}.`, source: CLASS_SOURCE }),
};

/** One asset class: its fields, with the class's own defaults. */
const classSchema = (d: Record<keyof typeof CLASS_FIELDS, number>) =>
  z.strictObject(Object.fromEntries(Object.entries(CLASS_FIELDS).map(([k, decl]) => [k, plainNumber(decl, d[k as keyof typeof CLASS_FIELDS])])) as Record<keyof typeof CLASS_FIELDS, ReturnType<typeof plainNumber>>).prefault({});

const classesSchema = z
  .strictObject(Object.fromEntries(CLASSES.map((c) => [c, classSchema(CLASS_DEFAULTS[c])])) as Record<AssetClass, ReturnType<typeof classSchema>>)
  .prefault({});

const STRATEGIC_HOLDINGS_USD = { crypto: 10e9, software: 300e9, memory: 100e9, treasuries: 600e9, gold: 100e9, hedgeFunds: 200e9 };
const STRATEGIC_CONVICTION = { crypto: 0.1, hedgeFunds: 0.2, software: 0.3, memory: 0.6, gold: 0.8, treasuries: 0.9 };
const HF_EQUITY = 400e9;
const HF_EXPOSURE = { crypto: 10e9, software: 150e9, memory: 60e9, treasuries: 50e9, gold: 20e9 };
const HF_CONVICTION = { crypto: 0.2, software: 0.3, memory: 0.5, gold: 0.6, treasuries: 0.7 };
const LEV_EQUITY = 50e9;
const LEV_HOLDINGS = { crypto: 55e9, software: 35e9, memory: 20e9, treasuries: 0, gold: 10e9 };
const LEV_MARGIN = { crypto: 0.5, software: 0.3, memory: 0.3, treasuries: 0.05, gold: 0.1 };
const LEV_CONVICTION = { crypto: 0.3, software: 0.4, memory: 0.5, gold: 0.6, treasuries: 0.9 };

const perHolder = (shown: string) => `each holder and class has its own default (README.md, “Holders”; the one shown is ${shown})`;
const HOLDER_SOURCE = 'assumption: orders of magnitude (README.md, “Holders”)';

/**
 * The fields of a holder (`holders.<holder>`, holder = strategic, hedgeFunds or leveraged);
 * `<class>` is an asset class, `<holding>` a class or (strategic only) `hedgeFunds`, its stakes
 * in the hedge funds.
 */
export const HOLDER_FIELDS = {
  equityUsd: num({ unit: 'USD', default: HF_EQUITY, min: 0, exclusiveMin: true, description: `E: the hedge funds’ equity (net asset value); W: the leveraged traders’ equity (not for strategic); ${perHolder('the hedge funds’')}.`, source: HOLDER_SOURCE }),
  'holdingsUsd.<holding>': num({ unit: 'USD', default: STRATEGIC_HOLDINGS_USD.software, min: 0, description: `What strategic funds hold (with hedgeFunds) and leveraged traders’ positions, per class; ${perHolder('the strategic funds’ software')}.`, source: HOLDER_SOURCE }),
  'exposureUsd.<class>': num({ unit: 'USD', default: HF_EXPOSURE.software, min: 0, description: `The hedge funds’ net long exposure per class; ${perHolder('software’s')}.`, source: HOLDER_SOURCE }),
  'marginRate.<class>': num({ unit: 'fraction', default: LEV_MARGIN.software, min: 0, description: `m0: the leveraged traders’ margin per USD of position at the starting volatility; ${perHolder('software’s')}.`, source: HOLDER_SOURCE }),
  'conviction.<holding>': num({ unit: '—', default: STRATEGIC_CONVICTION.software, min: 0, max: 1, description: `Conviction in a holding: 0 sold first, 1 last (ties keep the listed order); ${perHolder('the strategic funds’ software')}.`, source: 'assumption: seed 001’s order for strategic funds (README.md, “Holders”)' }),
};

const holdersSchema = z
  .strictObject({
    strategic: z
      .strictObject({
        holdingsUsd: plainNumbers(HOLDER_FIELDS['holdingsUsd.<holding>'], STRATEGIC_HOLDINGS, STRATEGIC_HOLDINGS_USD),
        conviction: plainNumbers(HOLDER_FIELDS['conviction.<holding>'], STRATEGIC_HOLDINGS, STRATEGIC_CONVICTION),
      })
      .prefault({})
      .meta({ description: 'Sovereign and strategic funds with AI commitments: they fund the AI need dry powder cannot, selling lowest conviction first' }),
    hedgeFunds: z
      .strictObject({
        equityUsd: plainNumber(HOLDER_FIELDS.equityUsd, HF_EQUITY),
        exposureUsd: plainNumbers(HOLDER_FIELDS['exposureUsd.<class>'], CLASSES, HF_EXPOSURE),
        conviction: plainNumbers(HOLDER_FIELDS['conviction.<holding>'], CLASSES, HF_CONVICTION),
      })
      .prefault({})
      .meta({ description: 'Multi-strategy hedge funds: leverage targeting and redemptions after losses' }),
    leveraged: z
      .strictObject({
        equityUsd: plainNumber(HOLDER_FIELDS.equityUsd, LEV_EQUITY),
        holdingsUsd: plainNumbers(HOLDER_FIELDS['holdingsUsd.<holding>'], CLASSES, LEV_HOLDINGS),
        marginRate: plainNumbers(HOLDER_FIELDS['marginRate.<class>'], CLASSES, LEV_MARGIN),
        conviction: plainNumbers(HOLDER_FIELDS['conviction.<holding>'], CLASSES, LEV_CONVICTION),
      })
      .prefault({})
      .meta({ description: 'Leveraged traders on margin: margins rise with volatility' }),
  })
  .prefault({});

export type ClassSettings = z.output<typeof classesSchema>;
export type HolderSettings = z.output<typeof holdersSchema>;

export const liquidityParams = {
  liquidityUsd: num({
    unit: 'USD',
    default: 5.8e12,
    min: 0,
    exclusiveMin: true,
    description: 'L₀: the liquidity level (the bathtub’s water: money held in financial assets) at the start; also M_d, money demanded at the reference rate.',
    source: 'assumption: US net liquidity (Fed balance sheet − TGA − RRP) of ~$5.8T in early 2026 (⚠ not in domain.md)',
  }),
  dryPowderUsd: num({
    unit: 'USD',
    default: 300e9,
    min: 0,
    description: 'D₀: idle capital of the deep pockets at the start; AI funding draws on it before anything is sold.',
    source: 'assumption: seed 001 ("Saudi and SoftBank have basically run dry"); not observed — set per scenario',
  }),
  aiCapexUsdPerYear: num({
    unit: 'USD/year',
    default: 680e9,
    min: 0,
    description: 'K: AI capital expenditure (schedule it with `set` at dates).',
    source: 'domain.md §3: top-5 hyperscaler 2026 capex ~$650–697B [43][44]',
  }),
  marketFundedShare: num({
    unit: 'fraction',
    default: 0.3,
    min: 0,
    max: 1,
    description: 'f: share of AI capex raised from financial markets (bonds, investors’ commitments, asset sales) rather than operating cash flow.',
    source: 'assumption: capex ≈ 93% of operating cash flow (domain.md §3 [43][44]) and the AI labs’ funding comes from investors; ~30% external',
  }),
  recirculationShare: num({
    unit: 'fraction',
    default: 0.3,
    min: 0,
    max: 1,
    description: 'm: share of AI spending that returns to financial assets within the step (the multiplier: suppliers’ and workers’ savings).',
    source: 'assumption: seed 001 (AI capex as fiscal stimulus while funded from dry powder)',
  }),
  dryPowderInflowUsdPerYear: num({
    unit: 'USD/year',
    default: 0,
    min: 0,
    description: 'New idle capital per year (savings into the deep pockets).',
    source: 'assumption: none in a stress test',
  }),
  qeUsdPerYear: num({
    unit: 'USD/year',
    default: 290e9,
    min: -1e13,
    max: 1e13,
    description: 'Q_cb: central-bank purchases (QE, reserve-management purchases; negative for QT): a pipe into the level.',
    source: 'assumption: reserve-management purchases sized to keep up with money demand (g·L₀ = 5% of $5.8T); ~$40B/month were announced in Dec 2025 (⚠ not in domain.md; seed 001 names RMP)',
  }),
  rrpUsd: num({
    unit: 'USD',
    default: 5e9,
    min: 0,
    description: 'R₀: money parked at the reverse-repo facility; it drains into the level with a half-life.',
    source: 'assumption: ON RRP near empty by late 2025 (⚠ not in domain.md; seed 001 names RRP)',
  }),
  rrpHalfLifeDays: num({
    unit: 'days',
    default: 30,
    min: 0,
    exclusiveMin: true,
    description: 'h_R: half-life of the reverse-repo drain.',
    source: 'assumption: a month, so that what is parked reaches the level within a stress horizon; with the default R₀ (near empty) results barely depend on it',
  }),
  policyRate: num({
    unit: '1/year',
    default: 0.0364,
    min: -0.05,
    max: 0.5,
    description: 'r_p: the policy rate (schedule cuts and hikes with `set`).',
    source: 'assumption: fed funds 3.50–3.75% after the Dec 2025 cut (⚠ not in domain.md)',
  }),
  termPremium: num({
    unit: '1/year',
    default: 0.006,
    min: -0.05,
    max: 0.5,
    description: 'τ₀: spread of the cost of capital over the policy rate when money demand equals supply (r̄ = r_p + τ₀).',
    source: 'assumption: 10-year yield ~4.2% in early 2026 (⚠ not in domain.md)',
  }),
  moneyDemandSemiElasticity: num({
    unit: '1/(1/year)',
    default: 7,
    min: 0,
    exclusiveMin: true,
    max: 1000,
    description: 'η: semi-elasticity of money demand; r = r̄ + ln(M_d/L)/η.',
    source: 'Lucas (2000, Econometrica) semi-log fit to US M1: ξ ≈ 7 (⚠ from memory; Ireland 2009 finds ~2 after 1980)',
  }),
  moneyDemandGrowthPerYear: num({
    unit: '1/year',
    default: 0.05,
    min: -1,
    max: 1,
    description: 'g: growth of money demand without AI: M_d = L₀·e^{g·t}; pipes that match it leave the rate and prices unchanged.',
    source: 'assumption: nominal GDP growth of ~5%',
  }),
  hedgeFundLeverageAdjustPerDay: num({
    unit: '1/day',
    default: 0.3,
    min: 0,
    max: 1,
    description: 'a: share of the gap to target leverage hedge funds close per day (both ways: leverage targeting).',
    source: 'assumption: multi-strategy risk limits cut exposure within days (domain.md §1 [20], Greenwood–Landier–Thesmar)',
  }),
  hedgeFundRedemptionPerLoss: num({
    unit: 'fraction per fraction',
    default: 1,
    min: 0,
    max: 100,
    description: 'ρ: outside investors redeem ρ times the funds’ equity loss beyond the threshold in a step.',
    source: 'assumption: flows follow performance (seed 001: redemptions after losses)',
  }),
  hedgeFundLossThreshold: num({
    unit: 'fraction',
    default: 0.01,
    min: 0,
    max: 1,
    description: 'ℓ₀: a step’s equity loss below this triggers no redemptions.',
    source: 'assumption: only a bad day (Feb 4 2026, "worst multi-strat day in years", domain.md §3 ⚠ [45]) does',
  }),
  marginVolExponent: num({
    unit: '—',
    default: 1,
    min: 0,
    max: 10,
    description: 'κ: margin rates scale as max(1, σ_t/σ₀)^κ, σ₀ the volatility at the start (Brunnermeier–Pedersen margin spiral).',
    source: 'domain.md §1 [19]: margins rise with volatility; κ = 1 (margins proportional to volatility, as VaR-based margins) is an assumption',
  }),
  ewmaLambda: num({
    unit: '—',
    default: 0.94,
    min: 0,
    max: 1,
    exclusiveMax: true,
    description: 'λ of the exponentially weighted variance of each class’s returns behind its margins (σ_j of m_j), per step: v ← λ·v + (1 − λ)·x²/Δ.',
    source: 'RiskMetrics Technical Document (J.P. Morgan 1996): 0.94 for daily data (the market model’s ewmaLambda, the same default)',
  }),
  impactY: num({ unit: '—', default: 1, min: 0, max: 10, description: 'Y of the square-root law for the classes’ forced sales.', source: 'domain.md §1: Y = O(1) [16][17]' }),
  btcChannel: choice({
    values: ['price', 'flows'] as const,
    default: 'price',
    unit: '—',
    description: 'price: the crypto class’s repricing (rates, liquidity) revises btc.price in the step, and its forced sales go to the market; flows: only the forced sales reach BTC.',
    source: 'modelling choice: one BTC price for every model',
    shapesState: 'price declares btc.price, btc.return, btc.drawdown and btc.peakUsd as revised by this model within the step (flows only reads btc.price): the choice decides the model’s signals and its place in the step order',
  }),
  diagnosticSignals: choice({
    values: ['off', 'on'] as const,
    default: 'off',
    unit: '—',
    description: 'on: also write liquidity.rounds, the rounds the in-step iteration took.',
    source: 'modelling choice: off by default, so that runs record fewer signals',
    shapesState: 'on adds the signal liquidity.rounds to the run',
  }),
  classes: struct({
    unit: 'per class',
    schema: classesSchema,
    default: classesSchema.parse({}),
    summary: `crypto D ${CRYPTO_DC.duration.toFixed(0)} β 2; software D ${SOFTWARE_DC.duration} β 1.2; memory D ${MEMORY_DC.duration} β 0.6; treasuries D ${TREASURY_D.toFixed(2)} C ${TREASURY_C.toFixed(0)}; gold D 10 β 0.5 (README.md)`,
    description: 'Per asset class (crypto, software, memory, treasuries, gold): duration, convexity, liquidity beta, daily volume, volatility.',
    source: 'README.md, "Asset classes": Gordon durations at r − g = 4% (crypto and software, domain.md §3), 1/6 (memory: near cash flows); treasuries a 20-year 4.5% bond at 4.75% (src/finance/bond.ts); betas, volumes and gold are assumptions',
    fields: { entry: '<class>', fields: CLASS_FIELDS },
  }),
  holders: struct({
    unit: 'per holder',
    schema: holdersSchema,
    default: holdersSchema.parse({}),
    summary: 'strategic funds $1.31T (BTC $10B, lowest conviction), hedge funds $400B equity at 0.73× net, leveraged traders $50B equity (README.md)',
    description: 'The holders who must sell: strategic funds (AI funding), hedge funds (leverage target, redemptions), leveraged traders (margins); holdings and conviction per class.',
    source: 'assumption: orders of magnitude (sovereign funds hold trillions; multi-strategy AUM ~$400B); README.md lists every figure',
    fields: { entry: '<holder>', fields: HOLDER_FIELDS },
  }),
  maxRounds: struct({
    unit: 'rounds',
    schema: z.int().min(1).max(1000),
    default: 50,
    description: 'Most rounds of the in-step iteration (sales → prices → new needs).',
    source: 'modelling choice: the iteration converges in a few rounds (see README.md)',
  }),
};

export type LiquidityParams = typeof liquidityParams;
