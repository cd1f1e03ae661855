import { z } from 'zod';
import type { NumberOrDistribution } from '../../engine/distributions.js';
import { choice, num, struct, type NumberParam } from '../../engine/params.js';
import { idKey, numberFieldShape, overDefaults, wholeFieldShape } from '../../scenario/struct-fields.js';

/*
 * Parameters of the supply model. Four structured ones describe the world — the items and
 * their sources (`items`), which suppliers a policy targets (`targetedSuppliers`), the three
 * policy presets (`policies`) and the preset in force (`policy`, switched at a date by a
 * scheduled `set`) — and the numbers below them describe how buyers and distributors behave.
 * Every number inside a struct may be a distribution, drawn once per path at the start.
 * README.md lists every field with its unit, default and source.
 */

export const POLICIES = ['status-quo', 'mitigation', 'entity-list'] as const;
export type PolicyName = (typeof POLICIES)[number];

const SEED = 'seed 002 (DESIGN.md §1 S6)';
const CBP = 'domain.md §5: CBP held S21/T21 shipments up to ~2 months in Nov 2024, holds over 30 days "extremely rare" [72][73]';

/** Fields of a policy preset: what the policy does to targeted suppliers and to the grey channel. */
export const POLICY_FIELDS = {
  openShare: num({ unit: 'fraction', default: 1, min: 0, max: 1, description: 'o: share of a targeted supplier’s capacity that may be sold and paid for by US buyers (0: no sales, no USD settlement).', source: `${SEED}: an entity listing blocks sales and USD settlement` }),
  customsDays: num({ unit: 'days', default: 3, min: 0, max: 3650, description: 'τ_c: mean customs clearance of a targeted supplier’s goods (Erlang).', source: `${SEED}: clearance that "would take days" takes weeks under review; ${CBP}` }),
  otherCustomsDays: num({ unit: 'days', default: 3, min: 0, max: 3650, description: 'τ_c′: mean customs clearance of other suppliers’ goods (scrutiny spills over to every ASIC import).', source: 'assumption: as targeted goods in the status quo, a little slower under a policy' }),
  licenceDays: num({ unit: 'days', default: 0, min: 0, max: 3650, description: 'τ_l: mean wait for a licence, certification or export review before a targeted supplier’s goods move (Erlang).', source: `${SEED}: a milder outcome adds licences for certain chips or mandatory export review` }),
  extraCostShare: num({ unit: 'fraction', default: 0, min: 0, max: 10, description: 'Legal, audit and certification cost per unit of a targeted supplier’s goods, as a share of its price.', source: `${SEED}: under a mitigation agreement "legal costs rise"; the size is an assumption` }),
  greyCapacityShare: num({ unit: 'fraction', default: 0.02, min: 0, max: 10, description: 'g*: capacity of grey channels (used rigs, third-country routing) at full ramp, as a share of an item’s normal market demand (times the item’s greyCapacityFactor).', source: `${SEED}: a grey market fills part of the gap; the size is an assumption (domain.md §5: not found in any source)` }),
  greyRampDays: num({ unit: 'days', default: 90, min: 0, max: 3650, description: 'T_g: time for grey capacity to grow from 10% to 90% of g* once buyers seek it (logistic).', source: 'assumption: new routes through third countries take a few months to organise' }),
  greyPremium: num({ unit: 'fraction', default: 0.1, min: 0, max: 10, description: 'Price premium of grey units over the list price.', source: `${SEED}: the grey market raises prices; the size is an assumption (domain.md §5: grey-market pricing not found)` }),
  greyDefectShare: num({ unit: 'fraction', default: 0.05, min: 0, max: 1, description: 'Share of grey units that are defective on arrival (counterfeit, damaged, no warranty).', source: `${SEED}: authenticity, warranty and after-sales become problems; the share is an assumption` }),
  greyDays: num({ unit: 'days', default: 30, min: 0, max: 3650, description: 'τ_g: mean time from a grey order to delivery (third-country routing, Erlang).', source: 'assumption: routing through a third country adds weeks to a normal delivery' }),
};
export type PolicySpec = { [K in keyof typeof POLICY_FIELDS]: NumberOrDistribution };

/** The three presets. Each is a documented set of the fields above; any field can be overridden. */
export const POLICY_PRESETS: Record<PolicyName, Record<keyof typeof POLICY_FIELDS, number>> = {
  // the investigation ends in nothing: clearance in days, a small used-rig market
  'status-quo': { openShare: 1, customsDays: 3, otherCustomsDays: 3, licenceDays: 0, extraCostShare: 0, greyCapacityShare: 0.02, greyRampDays: 90, greyPremium: 0.1, greyDefectShare: 0.05, greyDays: 30 },
  // firmware certification, audits, audited domestic partners: weeks at the border, a licence
  // step, legal cost; with 35 days of production and freight a 6-week rig becomes a 3-month one
  mitigation: { openShare: 1, customsDays: 21, otherCustomsDays: 5, licenceDays: 30, extraCostShare: 0.05, greyCapacityShare: 0.05, greyRampDays: 90, greyPremium: 0.2, greyDefectShare: 0.05, greyDays: 30 },
  // entity list / sanctions: no sales, no USD settlement; what is already shipped is held for
  // about the longest hold on record; parts and rigs only through grey channels
  'entity-list': { openShare: 0, customsDays: 60, otherCustomsDays: 10, licenceDays: 0, extraCostShare: 0, greyCapacityShare: 0.25, greyRampDays: 90, greyPremium: 0.5, greyDefectShare: 0.1, greyDays: 45 },
};

/** Fields of one source of an item (a supplier, or a country of origin for diamond). */
export const SOURCE_FIELDS = {
  share: num({ unit: 'fraction', default: 1, min: 0, max: 1, description: 'w_j: share of the item’s normal US market this source supplies at full capacity (normalised over the sources supplying at the start).', source: 'per item (README.md)' }),
  transitDays: num({ unit: 'days', default: 10, min: 0, max: 3650, description: 'τ_t: mean production and freight time from dispatch to the US border (Erlang).', source: 'assumption: air freight of parts from Shenzhen with handling' }),
  stockCoverDays: num({ unit: 'days', default: 0, min: 0, max: 3650, description: 'c_j: US stock (distributor, service centre) the source keeps, in days of expected demand; 0 = made to order (orders go straight to production).', source: 'assumption (per item)' }),
  capacityHeadroom: num({ unit: 'fraction', default: 0.25, min: 0, max: 100, description: 'h: normal capacity for US buyers above the source’s normal demand, C₀ = (1 + h)·w_j·D.', source: 'assumption: ~80% utilisation of production and logistics' }),
  maxCapacityMultiple: num({ unit: 'ratio', default: 1.5, min: 1, max: 1000, description: 'K/C₀: ceiling of capacity ramp-up when orders pile up.', source: `assumption; ${SEED}: MicroBT and Canaan cannot absorb the demand (production bottlenecks, chip allocation)` }),
  rampDays: num({ unit: 'days', default: 180, min: 0, max: 3650, description: 'T_r: time for added capacity to grow from 10% to 90% of the ceiling (logistic), once the backlog exceeds rampTriggerDays of capacity.', source: 'assumption: wafer orders alone take ≥ 9 weeks (domain.md §5 [75])' }),
  costIndex: num({ unit: 'ratio', default: 1, min: 0, max: 1000, description: 'Unit price of this source’s goods relative to the item’s reference price.', source: 'assumption: one price per item' }),
};

/** Whole-number fields of a source. */
export const SOURCE_WHOLE_FIELDS = {
  startDay: num({ unit: 'days', default: 0, min: -1, max: 36500, integer: true, description: 'Day the source starts supplying (0: at the start, as in normal times; > 0: a new plant whose capacity ramps up over rampDays from then; −1: never).', source: 'a scenario input (e.g. a US diamond plant)' }),
};

/** Fields of an item. */
export const ITEM_FIELDS = {
  marketUnitsPerDay: num({ unit: 'units/day', default: 100, min: 0, max: 1e12, description: 'D: normal US market demand of the item from all other buyers (the consumer models’ own orders come on top).', source: 'per item (README.md)' }),
  domesticDays: num({ unit: 'days', default: 3, min: 0, max: 3650, description: 'τ_d: mean delivery time from US stock (or the border) to the buyer (Erlang).', source: 'assumption: domestic courier or freight' }),
  greyCapacityFactor: num({ unit: 'ratio', default: 1, min: 0, max: 1000, description: 'How easily grey channels supply this item: multiplies the policy’s greyCapacityShare.', source: 'assumption (per item)' }),
};

/** Whole-number fields of an item. */
export const ITEM_WHOLE_FIELDS = {
  stages: num({ unit: 'stages', default: 3, min: 1, max: 12, integer: true, description: 'k: Erlang stages of every delay of this item (more stages, less dispersed delays).', source: 'modelling choice: k = 3 is the usual material delay (Sterman, Business Dynamics ch. 11)' }),
};

/**
 * Every number field of an item as `cascade models` and the README list them: the item's own,
 * then its sources' (under `sources.<source>.`).
 */
const ITEM_ENTRY_FIELDS: Record<string, NumberParam> = {
  ...ITEM_FIELDS,
  ...ITEM_WHOLE_FIELDS,
  ...Object.fromEntries(Object.entries({ ...SOURCE_FIELDS, ...SOURCE_WHOLE_FIELDS }).map(([k, decl]) => [`sources.<source>.${k}`, decl])),
};

type Fields<T> = { [K in keyof T]: NumberOrDistribution };
type Whole<T> = { [K in keyof T]: number };
export type SourceSpec = Fields<typeof SOURCE_FIELDS> & Whole<typeof SOURCE_WHOLE_FIELDS>;
export type ItemSpec = Fields<typeof ITEM_FIELDS> &
  Whole<typeof ITEM_WHOLE_FIELDS> & { title: string; substitutable: boolean; orderable: boolean; sources: Record<string, SourceSpec> };

const sourceSchema = z.strictObject({ ...numberFieldShape(SOURCE_FIELDS), ...wholeFieldShape(SOURCE_WHOLE_FIELDS) });

export const itemSchema = z
  .strictObject({
    title: z.string().default('').meta({ description: 'Display name' }),
    substitutable: z.boolean().default(false).meta({ description: 'Whether buyers of a closed or new source move to the others (rigs of any maker; not an Antminer hash board).' }),
    orderable: z.boolean().default(true).meta({ description: 'Whether models order the item through supply (then it reads supply.<item>.<source>.orderedUnits and writes what it delivers to them); false for an item only watched through its indices (diamond).' }),
    ...numberFieldShape(ITEM_FIELDS),
    ...wholeFieldShape(ITEM_WHOLE_FIELDS),
    sources: z.record(idKey, sourceSchema).refine((s) => Object.keys(s).length > 0, 'at least one source').meta({ description: 'Sources by id (supplier names, e.g. bitmain, or origins, e.g. china): signals supply.<item>.<source>.*' }),
  });

/** A US Antminer base of ~1.64M rigs: 36% of ~1,000 EH/s at ~180 TH/s a rig, 82% Bitmain. */
const INSTALLED_BASE = 'derived: ~1.64M US Antminers (domain.md §4: US share ~36% of ~1,000 EH/s, Bitmain 82% [62][63]; ~180 TH/s a rig: assumption)';
const BITMAIN_PARTS = { share: 1, transitDays: 10, stockCoverDays: 30, capacityHeadroom: 0.25, maxCapacityMultiple: 1.5, rampDays: 180, costIndex: 1, startDay: 0 };

/** Sources of new rigs: the makers’ shares of hashpower sold (domain.md §4 [63]). */
const RIG_SOURCE = (share: number, maxCapacityMultiple: number): SourceSpec => ({ share, transitDays: 35, stockCoverDays: 0, capacityHeadroom: 0.25, maxCapacityMultiple, rampDays: 180, costIndex: 1, startDay: 0 });
const DIAMOND_SOURCE = (share: number, startDay = 0): SourceSpec => ({ share, transitDays: 30, stockCoverDays: 60, capacityHeadroom: 0.25, maxCapacityMultiple: 1.5, rampDays: 365, costIndex: 1, startDay });

/**
 * The default items: repair parts of Antminers (from Bitmain’s US service stock), new rigs from
 * the three makers, and synthetic-diamond substrates by origin for the thermal model. Each
 * demand figure is derived in README.md; every stock, time and capacity is an assumption unless
 * its field says otherwise.
 */
export const DEFAULT_ITEMS: Record<string, ItemSpec> = {
  fan: { title: 'Antminer fans', substitutable: false, orderable: true, marketUnitsPerDay: 360, domesticDays: 3, greyCapacityFactor: 2, stages: 3, sources: { bitmain: BITMAIN_PARTS } },
  psu: { title: 'Antminer power supplies', substitutable: false, orderable: true, marketUnitsPerDay: 270, domesticDays: 3, greyCapacityFactor: 1.5, stages: 3, sources: { bitmain: BITMAIN_PARTS } },
  hashBoard: { title: 'Antminer hash boards (repair-centre parts)', substitutable: false, orderable: true, marketUnitsPerDay: 360, domesticDays: 3, greyCapacityFactor: 0.5, stages: 3, sources: { bitmain: BITMAIN_PARTS } },
  controlBoard: { title: 'Antminer control boards', substitutable: false, orderable: true, marketUnitsPerDay: 135, domesticDays: 3, greyCapacityFactor: 1, stages: 3, sources: { bitmain: BITMAIN_PARTS } },
  rig: {
    title: 'new mining rigs',
    substitutable: true,
    orderable: true,
    marketUnitsPerDay: 1100,
    domesticDays: 4,
    greyCapacityFactor: 1,
    stages: 3,
    sources: { bitmain: RIG_SOURCE(0.82, 1.5), microbt: RIG_SOURCE(0.15, 2), canaan: RIG_SOURCE(0.02, 2) },
  },
  diamond: {
    title: 'synthetic-diamond substrates',
    substitutable: true,
    orderable: false,
    marketUnitsPerDay: 1,
    domesticDays: 5,
    greyCapacityFactor: 1,
    stages: 3,
    sources: { china: DIAMOND_SOURCE(0.85), india: DIAMOND_SOURCE(0.1), other: DIAMOND_SOURCE(0.05), usPlant: DIAMOND_SOURCE(0.1, -1) },
  },
};

/** Where each default item's figures come from (for README.md and `cascade models`). */
export const ITEM_SOURCES: Record<string, string> = {
  fan: `${INSTALLED_BASE} × 8% a year (the mining model’s fan failure rate, an assumption) = 360/day`,
  psu: `${INSTALLED_BASE} × 6% a year = 270/day`,
  hashBoard: `${INSTALLED_BASE} × 8% a year = 360/day`,
  controlBoard: `${INSTALLED_BASE} × 3% a year = 135/day`,
  rig: 'derived: ~2.0M US rigs (domain.md §4, ~36% of ~1,000 EH/s at ~180 TH/s) × 0.2 new machines per installed machine a year (the network model’s deliveriesPerYear) = 1,100/day; shares Bitmain 82%, MicroBT 15%, Canaan 2% (domain.md §4 [63]); 35 days of production and freight + 3 of customs + 4 of delivery = the 6 weeks of seed 002',
  diamond: 'domain.md §6 and DESIGN.md §1 S2: China ~85% (HPHT), India ~10% (CVD), the rest elsewhere; a US plant is a scenario input (usPlant.startDay); demand is normalised to 1 unit/day: only the thermal model’s indices use it',
};

const policySchema = (name: PolicyName) => z.strictObject(numberFieldShape(POLICY_FIELDS, POLICY_PRESETS[name])).default(POLICY_PRESETS[name]);

export const policiesSchema = z.strictObject({
  'status-quo': policySchema('status-quo'),
  mitigation: policySchema('mitigation'),
  'entity-list': policySchema('entity-list'),
});
export type PolicyPresets = Record<PolicyName, PolicySpec>;

/**
 * The items, laid over the defaults: a default item named in a scenario keeps the fields it does
 * not set (and its sources merge the same way), a new id starts from the field defaults, and
 * `null` removes an item or a source.
 */
export const itemsSchema = z.preprocess(
  (raw) => overDefaults(DEFAULT_ITEMS, raw),
  z.record(idKey, itemSchema).refine((m) => Object.keys(m).length > 0, 'at least one item'),
);

/** Model-wide parameters. */
export const supplyParams = {
  policy: choice({
    unit: '—',
    values: POLICIES,
    default: 'status-quo',
    description: 'The policy preset in force; a scheduled set (at: DATE, set: {supply.policy: entity-list}) switches it on that date.',
    source: `${SEED}: the US investigation may end in nothing, a mitigation agreement, or sanctions / the entity list`,
  }),
  policies: struct({
    unit: '—',
    schema: policiesSchema as unknown as z.ZodType<PolicyPresets>,
    default: POLICY_PRESETS,
    summary: 'status-quo, mitigation, entity-list: each a set of the policy fields (README.md); override any field, e.g. { entity-list: { greyCapacityShare: 0.4 } }',
    description: 'The three policy presets: openShare, customsDays, otherCustomsDays, licenceDays, extraCostShare, greyCapacityShare, greyRampDays, greyPremium, greyDefectShare, greyDays.',
    source: 'seed 002 for what each policy does; the sizes are assumptions stated per field in README.md',
    shapesState: 'the presets’ numbers are drawn per path into the state at the start; switch the preset in force with supply.policy',
    fields: { entry: '<preset>', fields: POLICY_FIELDS },
  }),
  targetedSuppliers: struct({
    unit: '—',
    schema: z.array(idKey).max(32),
    default: ['bitmain'],
    description: 'Source ids the policy applies to (openShare, customsDays, licenceDays, extraCostShare); other sources clear customs in otherCustomsDays. A scheduled set retargets the preset in force from that step (normal lead times stay those of the start).',
    source: `${SEED}: the investigation targets Bitmain`,
  }),
  items: struct({
    unit: '—',
    schema: itemsSchema as unknown as z.ZodType<Record<string, ItemSpec>>,
    default: DEFAULT_ITEMS,
    summary: 'fan, psu, hashBoard, controlBoard (bitmain), rig (bitmain 82%, microbt 15%, canaan 2%), diamond (china 85%, india 10%, other 5%, usPlant not built)',
    description: 'The items by id, each with its sources (signals supply.<item>.<source>.*, supply.<item>.*); laid over the defaults (a field you set replaces the default’s, null removes an item or source).',
    source: 'README.md derives every default demand; stocks, times and capacities are assumptions',
    shapesState: 'the items and their sources name the signals and size the state (stages per channel), and their numbers are drawn per path at the start',
    fields: { entry: '<item>', fields: ITEM_ENTRY_FIELDS },
  }),
  stockAdjustDays: num({
    unit: 'days',
    default: 27,
    min: 0,
    exclusiveMin: true,
    max: 3650,
    description: '1/α_S: time over which a distributor orders away the gap between desired and actual stock.',
    source: 'domain.md §5: α_S ≈ 0.26 per week in Sterman’s beer game (⚠ quoted from memory there): 7/0.26 = 27 days',
  }),
  supplyLineWeight: num({
    unit: '—',
    default: 0.34,
    min: 0,
    max: 10,
    description: 'β: weight of the supply-line gap relative to the stock gap in the ordering rule (1 = the supply line fully counted).',
    source: 'domain.md §5: β ≈ 0.34 (⚠ quoted from memory there); low β causes oscillation',
  }),
  demandSmoothingDays: num({ unit: 'days', default: 14, min: 0, max: 3650, description: 'θ: time constant of the expected demand L̂ distributors order on.', source: 'assumption: about two weeks of orders' }),
  maxPlanningLeadDays: num({
    unit: 'days',
    default: 180,
    min: 0,
    max: 3650,
    description: 'Longest lead time a distributor plans its supply line for (SL* = L̂·min(λ̂, this)).',
    source: 'assumption: nobody orders a year ahead on a quoted lead time that just jumped',
  }),
  greyPatienceDays: num({
    unit: 'days',
    default: 30,
    min: 0,
    exclusiveMin: true,
    max: 3650,
    description: 'Buyers with waiting orders turn to grey channels at the rate 1/this per day, times the trigger (below).',
    source: 'assumption: a miner with idle machines looks elsewhere within about a month',
  }),
  greyTriggerRatio: num({
    unit: 'ratio',
    default: 2,
    min: 1,
    exclusiveMin: true,
    max: 1000,
    description: 'Buyers seek grey units in proportion to (λ/λ_normal − 1)/(ratio − 1), up to 1: not at the normal lead time, fully at this multiple of it (or when the source is closed).',
    source: 'assumption',
  }),
  rampTriggerDays: num({
    unit: 'days',
    default: 14,
    min: 0,
    max: 3650,
    description: 'An open source adds capacity (logistic ramp) while its backlog exceeds this many days of its capacity.',
    source: 'assumption: a makers’ backlog of two weeks is normal order flow, more is a signal to expand',
  }),
  arrivalSmoothingDays: num({
    unit: 'days',
    default: 7,
    min: 0,
    max: 3650,
    description: 'Time constant of the arrival rate into US stock that quoted lead times divide the backlog by.',
    source: 'assumption: a week of arrivals',
  }),
  maxLeadTimeDays: num({
    unit: 'days',
    default: 3650,
    min: 1,
    max: 36500,
    description: 'Quoted lead times are capped here (a closed source quotes this: an order that may never be filled).',
    source: 'display cap',
  }),
};

export type SupplyParams = typeof supplyParams;
