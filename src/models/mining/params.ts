import { z } from 'zod';
import type { NumberOrDistribution } from '../../engine/distributions.js';
import { num, struct, type NumberParam } from '../../engine/params.js';
import { centralValue } from '../../engine/distributions.js';
import { fallbackHashpriceParam } from '../../finance/constant-difficulty-hashprice.js';
import { numberFieldShape, overDefaults, wholeField, wholeFieldShape } from '../../scenario/struct-fields.js';
import { CATALOGUE, CATALOGUE_IDS } from './catalogue.js';

/*
 * Parameters of the mining model: the fleet (by rig model), pending orders of new rigs, the four
 * components that fail and how they are repaired, the equipment loans, and the site's economics
 * and repair capacity. Numbers inside the structs may be distributions (drawn per path at the
 * start). README.md lists every field with its unit, default and source.
 */

const SEED = 'seed 002 (DESIGN.md §1 S6)';
const NO_RATES = 'assumption: public component failure rates are scarce (domain.md §4: ~10% of S19 XP fleets failed [70]; annualised component rates not found)';

/** The components that fail. Fans, PSUs and control boards are swapped on site from spares; hash boards go to a repair centre. */
export const COMPONENTS = ['fan', 'psu', 'controlBoard', 'hashBoard'] as const;
export type Component = (typeof COMPONENTS)[number];
/** Components repaired on site (the others, hash boards, through the repair centre). */
export const SITE_COMPONENTS: readonly Component[] = ['fan', 'psu', 'controlBoard'];

export const COMPONENT_FIELDS = {
  failuresPerYear: num({ unit: '1/year', default: 0.05, min: 0, max: 100, description: 'λ_c: failures of this component per operating rig per year, at age 0.', source: NO_RATES }),
  partUsd: num({ unit: 'USD', default: 100, min: 0, max: 1e7, description: 'Price of one replacement part (before the supply model’s price index).', source: 'assumption: distributor prices of 2025' }),
  sparesCoverDays: num({ unit: 'days', default: 60, min: 0, max: 3650, description: 'c_S: spares the site aims to hold, in days of expected use (the ordering rule’s target S* = c_S·Û).', source: `assumption; ${SEED}: well-funded operators stock parts, small ones do not` }),
  initialSparesDays: num({ unit: 'days', default: 60, min: 0, max: 3650, description: 'S₀: spares on hand at the start, in days of expected use at the start (used unless initialSparesUnits is given).', source: 'assumption: at the target' }),
  initialSparesUnits: num({ unit: 'units', default: -1, min: -1, max: 1e9, description: 'S₀ as a count of parts on hand (split over makers in proportion to their rigs’ expected use); −1: use initialSparesDays.', source: 'scenario input' }),
  fallbackLeadTimeDays: num({ unit: 'days', default: 3, min: 0, max: 3650, description: 'Lead time of orders when no supply model runs (Erlang, 3 stages).', source: 'assumption: parts from a US distributor in days (seed 002: a process that takes days)' }),
};

type Fields<T> = { [K in keyof T]: NumberOrDistribution };
export type ComponentSpec = Fields<typeof COMPONENT_FIELDS>;

/** Default failure rates and prices of the components: every one an assumption (README.md). */
export const DEFAULT_COMPONENTS: Record<Component, Record<keyof typeof COMPONENT_FIELDS, number>> = {
  fan: { failuresPerYear: 0.08, partUsd: 25, sparesCoverDays: 60, initialSparesDays: 60, initialSparesUnits: -1, fallbackLeadTimeDays: 3 },
  psu: { failuresPerYear: 0.06, partUsd: 250, sparesCoverDays: 60, initialSparesDays: 60, initialSparesUnits: -1, fallbackLeadTimeDays: 3 },
  controlBoard: { failuresPerYear: 0.03, partUsd: 150, sparesCoverDays: 60, initialSparesDays: 60, initialSparesUnits: -1, fallbackLeadTimeDays: 3 },
  // the repair centre orders a board for each rig it receives: no stock of its own by default
  hashBoard: { failuresPerYear: 0.08, partUsd: 1200, sparesCoverDays: 0, initialSparesDays: 0, initialSparesUnits: -1, fallbackLeadTimeDays: 3 },
};

const componentsSchema = z.preprocess(
  (raw) => overDefaults(DEFAULT_COMPONENTS, raw ?? {}),
  z.strictObject(Object.fromEntries(COMPONENTS.map((c) => [c, z.strictObject(numberFieldShape(COMPONENT_FIELDS, DEFAULT_COMPONENTS[c]))])) as unknown as Record<Component, z.ZodType>),
);

/** Fields of a fleet entry (a group of rigs of one model). */
export const GROUP_FIELDS = {
  ageYears: num({ unit: 'years', default: 1, min: 0, max: 30, description: 'a₀: age of the rigs at the start (failure rates rise with age, see agingPerYear).', source: 'scenario input' }),
  failureMultiplier: num({ unit: 'ratio', default: 1, min: 0, max: 100, description: 'm_g: multiplies every component failure rate of this group (a bad batch, hot sites).', source: 'scenario input' }),
};

/** The rig count of a fleet entry or an order: a whole number every entry gives (the schema has no default for it). */
const UNITS = (min: number, shown: number, description: string) => num({ unit: 'rigs', default: shown, min, max: 10_000_000, integer: true, description, source: 'scenario input' });
export const GROUP_WHOLE_FIELDS = { units: UNITS(0, 16_000, 'Rigs in the group at the start; required in every entry (16,000: the default fleet’s).') };
export const ORDER_WHOLE_FIELDS = {
  units: UNITS(1, 1, 'Rigs ordered; required in every order (1 is the smallest).'),
  startDay: num({ unit: 'days', default: 0, min: 0, max: 36500, integer: true, description: 'Day the first units are ordered.', source: 'scenario input' }),
  overDays: num({ unit: 'days', default: 1, min: 1, max: 36500, integer: true, description: 'Orders are placed evenly over this many days (a delivery schedule).', source: 'scenario input' }),
};

/** Zod schema of a required whole-number field (the rig count of an entry). */
function requiredWhole(decl: NumberParam) {
  return z.int().min(decl.min!).max(decl.max!).meta({ description: decl.description });
}

const specOverrides = {
  title: z.string().optional().meta({ description: 'Display name (default: the model’s)' }),
  thPerUnit: z.number().positive().max(1e6).optional().meta({ description: 'h: hashrate per rig, TH/s (default: the catalogue’s)' }),
  jPerTh: z.number().positive().max(1000).optional().meta({ description: 'ε: efficiency, J/TH (default: the catalogue’s)' }),
  supplier: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/).optional().meta({ description: 'Maker: the supply source of its parts and new units (default: the catalogue’s)' }),
  priceUsd: z.number().min(0).max(1e8).optional().meta({ description: 'Price of a new unit, USD (default: the catalogue’s)' }),
  centreRepairsPerTechDay: z.number().positive().max(1000).optional().meta({ description: 'Hash-board repairs per repair-centre technician per day (default: the catalogue’s)' }),
};

const modelId = z.string().meta({ description: `A catalogue model (${CATALOGUE_IDS.join(', ')}) or "custom" with thPerUnit, jPerTh and supplier given` });

function checkModel(g: { model: string; thPerUnit?: number; jPerTh?: number; supplier?: string }, ctx: z.RefinementCtx): void {
  if (g.model === 'custom') {
    for (const k of ['thPerUnit', 'jPerTh', 'supplier'] as const) if (g[k] === undefined) ctx.addIssue({ code: 'custom', path: [k], message: `a custom model needs ${k}` });
  } else if (!(g.model in CATALOGUE)) {
    ctx.addIssue({ code: 'custom', path: ['model'], message: `one of ${[...CATALOGUE_IDS, 'custom'].join(', ')}, found ${JSON.stringify(g.model)}` });
  }
}

const groupSchema = z
  .strictObject({
    model: modelId,
    units: requiredWhole(GROUP_WHOLE_FIELDS.units),
    ...numberFieldShape(GROUP_FIELDS),
    ...specOverrides,
  })
  .superRefine(checkModel);

const orderSchema = z
  .strictObject({
    model: modelId,
    units: requiredWhole(ORDER_WHOLE_FIELDS.units),
    startDay: wholeField(ORDER_WHOLE_FIELDS.startDay),
    overDays: wholeField(ORDER_WHOLE_FIELDS.overDays),
    financed: z.boolean().default(false).meta({ description: 'Paid by an equipment loan (no cash at delivery) rather than from cash' }),
    ...specOverrides,
  })
  .superRefine(checkModel);

export const LOAN_FIELDS = {
  principalUsd: num({ unit: 'USD', default: 0, min: 0, max: 1e12, description: 'L: the obligation the BTC secures.', source: 'scenario input' }),
  collateralBtc: num({ unit: 'BTC', default: 0, min: 0, max: 1e7, description: 'Q: BTC pledged at the start.', source: 'scenario input' }),
  rateApr: num({ unit: '1/year', default: 0.08, min: 0, max: 10, description: 'r: interest on L, paid daily from cash.', source: 'assumption: BTC-backed loans to miners in 2025' }),
  marginCallLtv: num({ unit: 'ratio', default: 0.8, min: 0, exclusiveMin: true, max: 10, description: 'LTV = L/(Q·P) at which the lender calls for more collateral.', source: 'assumption: common crypto lending terms' }),
  liquidationLtv: num({ unit: 'ratio', default: 0.9, min: 0, exclusiveMin: true, max: 10, description: 'LTV at which the lender sells the collateral without a call.', source: 'assumption: common crypto lending terms' }),
  resetLtv: num({ unit: 'ratio', default: 0.65, min: 0, exclusiveMin: true, max: 10, description: 'LTV a margin call must restore (top-up of BTC, or cash that pays down L).', source: 'assumption' }),
};

export const LOAN_WHOLE_FIELDS = {
  tenorDays: num({ unit: 'days', default: 0, min: 0, max: 36500, integer: true, description: 'Days to maturity (L repaid from cash, collateral released); 0 = beyond the horizon.', source: 'scenario input' }),
};

const loanSchema = z
  .strictObject({
    title: z.string().default('').meta({ description: 'Display name' }),
    ...numberFieldShape(LOAN_FIELDS),
    ...wholeFieldShape(LOAN_WHOLE_FIELDS),
  })
  .superRefine((l: Record<string, unknown>, ctx) => {
    const c = (v: unknown) => centralValue(v as NumberOrDistribution);
    if (!(c(l.resetLtv) < c(l.marginCallLtv) && c(l.marginCallLtv) <= c(l.liquidationLtv))) {
      ctx.addIssue({ code: 'custom', path: ['marginCallLtv'], message: 'resetLtv < marginCallLtv ≤ liquidationLtv (central values)' });
    }
  });

/** Specs a fleet entry or an order may override (default: the catalogue model's). */
interface SpecOverrides {
  title?: string;
  thPerUnit?: number;
  jPerTh?: number;
  supplier?: string;
  priceUsd?: number;
  centreRepairsPerTechDay?: number;
}
export type GroupSpec = { model: string; units: number } & Fields<typeof GROUP_FIELDS> & SpecOverrides;
export type OrderSpec = { model: string; units: number; startDay: number; overDays: number; financed: boolean } & SpecOverrides;
export type LoanSpec = { title: string; tenorDays: number } & Fields<typeof LOAN_FIELDS>;

export const fleetSchema = z.array(groupSchema).min(1).max(64);
export const ordersSchema = z.array(orderSchema).max(64);
export const loansSchema = z.array(loanSchema).max(16);
export { componentsSchema };

/** The default fleet: 16,000 S21 XP-class rigs, as in seed 002’s example purchase. */
export const DEFAULT_FLEET: GroupSpec[] = [{ model: 's21-xp', units: 16_000, ageYears: 0.5, failureMultiplier: 1 }];

const loanExample = 'seed 002: a miner pledged 2,234 BTC to secure 16,000 rigs bought for $314M (the loan’s terms are not public)';

/** Model-wide parameters (per path; distributions and scheduled sets allowed). */
export const miningParams = {
  fleet: struct({
    unit: '—',
    schema: fleetSchema as unknown as z.ZodType<GroupSpec[]>,
    default: DEFAULT_FLEET,
    summary: '16,000 S21 XP (270 TH/s, 13.5 J/TH) aged 0.5 years',
    description: 'Groups of rigs at the start: model (catalogue id or custom), units, ageYears, failureMultiplier; specs may be overridden.',
    source: `${SEED}: 16,000 rigs; specs from the catalogue (catalogue.ts, domain.md §4)`,
    shapesState: 'each group is a block of rig states in the per-path record, its makers name the supply channels the model orders on, and its numbers are drawn per path at the start',
    fields: { entry: '[i]', fields: { ...GROUP_WHOLE_FIELDS, ...GROUP_FIELDS } },
  }),
  orders: struct({
    unit: '—',
    schema: ordersSchema as unknown as z.ZodType<OrderSpec[]>,
    default: [],
    description: 'Orders of new rigs: model, units, startDay, overDays, financed; placed with the model’s maker through supply (supply.rig.<maker>.orderedUnits) and arriving after its lead time.',
    source: 'scenario input',
    shapesState: 'each order has its cohorts of rig states and its slots in the per-path record, and its maker names a supply channel the model orders on',
    fields: { entry: '[i]', fields: ORDER_WHOLE_FIELDS },
  }),
  components: struct({
    unit: '—',
    schema: componentsSchema as unknown as z.ZodType<Record<Component, ComponentSpec>>,
    default: DEFAULT_COMPONENTS,
    summary: 'fan 8%/yr $25, psu 6%/yr $250, controlBoard 3%/yr $150 (60 days of spares each); hashBoard 8%/yr $1,200 (repair centre)',
    description: 'Per component (fan, psu, controlBoard on site; hashBoard at the repair centre): failuresPerYear, partUsd, sparesCoverDays, initialSparesDays or initialSparesUnits, fallbackLeadTimeDays. Laid over the defaults.',
    source: NO_RATES,
    shapesState: 'its numbers are drawn per path into the state at the start',
    fields: { entry: '<component>', fields: COMPONENT_FIELDS },
  }),
  loans: struct({
    unit: '—',
    schema: loansSchema as unknown as z.ZodType<LoanSpec[]>,
    default: [],
    description: 'BTC-collateralised equipment loans: principalUsd, collateralBtc, rateApr, marginCallLtv, liquidationLtv, resetLtv, tenorDays.',
    source: `scenario input; e.g. ${loanExample}`,
    shapesState: 'each loan has its slots in the per-path record (its numbers drawn per path at the start), and with loans the model writes the loan signals and offers the loan events',
    fields: { entry: '[i]', fields: { ...LOAN_FIELDS, ...LOAN_WHOLE_FIELDS } },
  }),
  powerUsdPerKwh: num({ unit: 'USD/kWh', default: 0.04, min: 0, max: 10, description: 'p: the site’s all-in power price.', source: 'as network.usPowerUsdPerKwh: public miners’ cash costs of $26–30/PH/day (domain.md §4 [54][55])' }),
  powerOverheadShare: num({ unit: 'fraction', default: 0, min: 0, max: 10, description: 'Cooling and conversion losses on top of the rigs’ nameplate power.', source: 'domain.md §4: the power cost rule 24·ε·p has none; hydro and immersion sites add a few %' }),
  poolFeeShare: num({ unit: 'fraction', default: 0.02, min: 0, max: 1, description: 'Pool fee taken from revenue.', source: 'assumption: FPPS pools charge 1–3%' }),
  otherOpexUsdPerPhDay: num({ unit: 'USD/(PH/s)/day', default: 5, min: 0, max: 1000, description: 'Staff, hosting and insurance per PH/s installed (not retired), per day.', source: 'assumption: public miners’ cash costs of $26–30/PH/day (domain.md §4 [54][55]) are mostly power' }),
  hashpriceUsdPerPhDay: fallbackHashpriceParam,
  btcPriceUsd: num({ unit: 'USD', default: 73_300, min: 0, exclusiveMin: true, description: 'Fallback BTC price when no model writes btc.price.', source: 'domain.md §0: ~$73.3k on 2026-02-05' }),
  agingPerYear: num({ unit: '1/year', default: 0.2, min: 0, max: 10, description: 'κ: failure rates grow as λ·(1 + κ·age).', source: 'assumption: wear-out of fans and solder joints' }),
  technicians: num({ unit: 'technicians', default: 4, min: 0, max: 1e5, description: 'Site technicians swapping fans, PSUs and control boards.', source: 'assumption: a 16,000-rig site' }),
  siteSwapsPerTechDay: num({ unit: 'rigs/day', default: 20, min: 0, max: 1000, description: 'On-site swaps a technician completes per day.', source: 'assumption: a module swap takes 15–30 minutes' }),
  centreTechnicians: num({
    unit: 'technicians',
    default: 3,
    min: 0,
    max: 1e5,
    description: 'Repair-centre technicians working on this fleet’s hash boards (each completes the model’s centreRepairsPerTechDay).',
    source: 'assumption: the fleet’s share of an authorised centre',
  }),
  shipToCentreDays: num({ unit: 'days', default: 4, min: 0, max: 3650, description: 'Mean shipping time to and from a domestic repair centre, each way (Erlang).', source: `assumption; ${SEED}: centres on routes through Arkansas, North Dakota, Oklahoma` }),
  overseasRepairShare: num({ unit: 'fraction', default: 0.2, min: 0, max: 1, description: 'Share of hash-board repairs sent to the maker’s overseas centres (whose parts are local) while it may serve US buyers (× supply.openShare).', source: `assumption; ${SEED}: Bitmain lists overseas and regional centres covering the US` }),
  overseasRepairDays: num({ unit: 'days', default: 45, min: 0, max: 3650, description: 'Mean time out and back and in repair abroad, before US customs on return (Erlang).', source: 'assumption: ocean or air freight both ways and the centre’s queue' }),
  fallbackCustomsDays: num({ unit: 'days', default: 3, min: 0, max: 3650, description: 'Customs clearance of rigs returning from abroad when no supply model writes supply.customsDays.', source: `${SEED}: clearance takes days in normal times` }),
  scrapShare: num({ unit: 'fraction', default: 0.05, min: 0, max: 1, description: 'Share of hash-board repairs that fail for good: the rig is retired.', source: 'assumption' }),
  greyRigFailureMultiplier: num({ unit: 'ratio', default: 2, min: 0, max: 100, description: 'Failure rates of rigs bought through grey channels, relative to new ones (no warranty, unknown history).', source: `assumption; ${SEED}: quality control problems` }),
  fallbackRigLeadDays: num({ unit: 'days', default: 42, min: 0, max: 3650, description: 'Lead time of new rigs when no supply model runs (Erlang, 3 stages).', source: `${SEED}: new rigs normally take 6 weeks` }),
  stockAdjustDays: num({ unit: 'days', default: 27, min: 0, exclusiveMin: true, max: 3650, description: '1/α_S of the site’s spares ordering rule.', source: 'domain.md §5: α_S ≈ 0.26 per week (⚠ quoted from memory there)' }),
  supplyLineWeight: num({ unit: '—', default: 0.34, min: 0, max: 10, description: 'β of the site’s spares ordering rule.', source: 'domain.md §5: β ≈ 0.34 (⚠ quoted from memory there)' }),
  demandSmoothingDays: num({ unit: 'days', default: 14, min: 0, max: 3650, description: 'Time constant of the expected use Û of each part.', source: 'assumption: about two weeks of failures' }),
  maxPlanningLeadDays: num({ unit: 'days', default: 90, min: 0, max: 3650, description: 'Longest lead time the site plans its spares supply line for.', source: 'assumption: a miner does not order a quarter’s worth of extra spares on a quote that just jumped' }),
  leadTimeAlertRatio: num({ unit: 'ratio', default: 2, min: 1, exclusiveMin: true, max: 1000, description: 'Phase 1: a part’s lead time above this multiple of its value at the start.', source: `${SEED}: deliveries that took days take weeks` }),
  hashrateThreshold: num({ unit: 'fraction', default: 0.9, min: 0, max: 10, description: 'Phase 3: healthy hashrate (operating or curtailed) below this share of its start value.', source: 'issue 5: default 90% of start' }),
  cashUsd: num({ unit: 'USD', default: 20e6, min: -1e12, max: 1e12, description: 'Cash at the start.', source: 'assumption' }),
  treasuryBtc: num({ unit: 'BTC', default: 500, min: 0, max: 1e7, description: 'BTC held outside the loans (tops up margin calls; sold when cash runs out).', source: 'assumption' }),
  holdMinedShare: num({ unit: 'fraction', default: 0, min: 0, max: 1, description: 'Share of mined BTC kept in the treasury rather than sold for costs.', source: 'assumption: miners sell most of what they mine' }),
};

export type MiningParams = typeof miningParams;
