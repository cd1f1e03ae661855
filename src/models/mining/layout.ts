import type { NumberOrDistribution } from '../../engine/distributions.js';
import type { Column } from '../../engine/draw-number.js';
import type { EventDecl } from '../../engine/model.js';
import { recordLayout } from '../../engine/record-layout.js';
import { added, read, written, type SignalDecl } from '../../engine/signals.js';
import { CATALOGUE, type RigModel } from './catalogue.js';
import { COMPONENTS, COMPONENT_FIELDS, GROUP_FIELDS, LOAN_FIELDS, SITE_COMPONENTS, componentsSchema, fleetSchema, loansSchema, ordersSchema } from './params.js';
import type { Component, ComponentSpec, GroupSpec, LoanSpec, OrderSpec } from './params.js';

/*
 * The mining model's signals and its per-path record: the globals, then one block per rig
 * group (its rig states), per part channel (component × maker: spares, supply line), per rig
 * channel (maker: new rigs), per order and per loan. Numbers a scenario may give as
 * distributions are columns, drawn per path at init.
 */

/** The aggregate signals the model writes. */
export const OUT = {
  operatingHashrateEh: written('mining.operatingHashrateEh', 'EH/s', { headline: true }),
  hashrateShareOfStart: written('mining.hashrateShareOfStart', 'fraction'),
  operatingRigs: written('mining.operatingRigs', 'rigs', { headline: true }),
  curtailedRigs: written('mining.curtailedRigs', 'rigs'),
  awaitingPartRigs: written('mining.awaitingPartRigs', 'rigs'),
  onSiteRepairRigs: written('mining.onSiteRepairRigs', 'rigs'),
  atRepairCentreRigs: written('mining.atRepairCentreRigs', 'rigs'),
  inCustomsRigs: written('mining.inCustomsRigs', 'rigs'),
  retiredRigs: written('mining.retiredRigs', 'rigs'),
  brokenRigs: written('mining.brokenRigs', 'rigs'),
  rigsDelivered: written('mining.rigsDelivered', 'rigs'),
  rigsOnOrder: written('mining.rigsOnOrder', 'rigs'),
  partsLeadTimeDays: written('mining.partsLeadTimeDays', 'days'),
  revenueUsd: written('mining.revenueUsd', 'USD/step'),
  powerCostUsd: written('mining.powerCostUsd', 'USD/step'),
  partsCostUsd: written('mining.partsCostUsd', 'USD/step'),
  marginUsd: written('mining.marginUsd', 'USD/step', { headline: true }),
  cashUsd: written('mining.cashUsd', 'USD', { headline: true }),
  treasuryBtc: written('mining.treasuryBtc', 'BTC'),
  btcSoldUsd: written('mining.btcSoldUsd', 'USD/step', { headline: true }),
  leadTimeAboveNormal: written('mining.leadTimeAboveNormal', '0/1'),
  sparesExhausted: written('mining.sparesExhausted', '0/1'),
  hashrateBelowThreshold: written('mining.hashrateBelowThreshold', '0/1'),
} as const;

/** Spares on hand per component (COMPONENTS order): mining.<component>.sparesUnits (hash boards: the repair centre's). */
export const SPARES = COMPONENTS.map((c) => written(`mining.${c}.sparesUnits`, 'units'));

/** The loan signals, written when there are loans. */
export const LOAN_OUT = {
  loanUsd: written('mining.loanUsd', 'USD'),
  collateralBtc: written('mining.collateralBtc', 'BTC'),
  collateralRatio: written('mining.collateralRatio', 'ratio'),
  marginCalls: written('mining.marginCalls', 'calls'),
  loanDefaultUsd: written('mining.loanDefaultUsd', 'USD'),
  collateralSoldBtc: written('mining.collateralSoldBtc', 'BTC'),
} as const;

/** BTC sold by lenders and by the miner, for the market to price the next day. */
export const FORCED_SELLING = added('market.forcedSellingUsd', 'USD/day');

/** What the model reads from the market, network and supply models when they run (else its fallbacks). */
export const BTC_PRICE = read('btc.price', { optional: true });
export const HASHPRICE = read('network.hashpriceUsdPerPhDay', { optional: true });
export const SUPPLY_POLICY = read('supply.policyIndex', { optional: true });
export const SUPPLY_OPEN_SHARE = read('supply.openShare', { optional: true });
export const SUPPLY_CUSTOMS_DAYS = read('supply.customsDays', { optional: true });
export const SUPPLY_GREY_DEFECT = read('supply.greyDefectShare', { optional: true });

/** The events of the three phases of seed 002, and of the loans. */
export const PHASES: EventDecl[] = [
  { name: 'mining.phase1LeadTime', signal: OUT.leadTimeAboveNormal.name, op: '>=', value: 1, description: 'Phase 1: a part’s lead time above leadTimeAlertRatio × its start value (customs delay)' },
  { name: 'mining.phase2SparesOut', signal: OUT.sparesExhausted.name, op: '>=', value: 1, description: 'Phase 2: a site spare (fan, PSU, control board) out of stock with rigs waiting for it' },
  { name: 'mining.phase3Hashrate', signal: OUT.hashrateBelowThreshold.name, op: '>=', value: 1, description: 'Phase 3: healthy fleet hashrate below hashrateThreshold × its start value' },
];
export const LOAN_EVENTS: EventDecl[] = [
  { name: 'mining.marginCall', signal: LOAN_OUT.marginCalls.name, op: '>=', value: 1, description: 'First margin call on an equipment loan' },
  { name: 'mining.collateralSold', signal: LOAN_OUT.collateralSoldBtc.name, op: '>', value: 0, description: 'A lender sells pledged BTC (a margin call not met, or the liquidation LTV reached)' },
  { name: 'mining.loanDefault', signal: LOAN_OUT.loanDefaultUsd.name, op: '>', value: 0, description: 'An equipment loan defaults (collateral sold below the principal)' },
];

/** Erlang stages of every delay inside the fleet (shipping to and from repair, customs, abroad). */
export const K = 2;
/** Erlang stages of the fallback order pipelines (no supply model). */
export const FALLBACK_STAGES = 3;

/**
 * Rig states of a group: every rig is in exactly one of them. Stage blocks (K each): shipping
 * to the repair centre, back from it, out and back from an overseas centre, and US customs on
 * the way back from abroad. `retired` last: the states before it are the rigs alive.
 */
const STATE_WIDTHS = {
  operating: 1,
  curtailed: 1,
  /** Broken, awaiting a part on site: one slot per site component (fan, psu, controlBoard). */
  wait: SITE_COMPONENTS.length,
  /** Part in hand, in the technicians' queue. */
  onSiteRepair: 1,
  toCentre: K,
  centreWait: 1,
  centreRepair: 1,
  fromCentre: K,
  abroad: K,
  customs: K,
  retired: 1,
};
/** The rig states, from the group's offset. */
export const S = recordLayout(STATE_WIDTHS);
/** A group's block: its states (as in S), then its per-path numbers. */
export const GR = recordLayout({
  ...STATE_WIDTHS,
  /** a₀ and m_g (columns). */
  age: 1,
  failMult: 1,
  /** 1 once the group has held a rig (an order's cohort is empty until its first delivery): the step skips empty groups. */
  live: 1,
});

/** A part channel: spares stock (and the defective units in it), supply line, expected use, lead times, the step's failures. */
export const PC = recordLayout({ stock: 1, defect: 1, onOrder: 1, expected: 1, lead0: 1, lead: 1, failures: 1 });

/**
 * A fallback pipeline (no supply model), of a part channel or of a rig channel (maker): an order
 * placed this step, the pipeline's stages. Laid out after every other block: with a supply
 * model the step does not touch them, and the record lines it touches are fewer.
 */
export const FB = recordLayout({ pending: 1, fallback: FALLBACK_STAGES });

/** An order: units still to be delivered, units placed so far. */
export const OC = recordLayout({ remaining: 1, placed: 1 });

/** A loan: the columns, then principal, collateral and whether it is open. */
export const LC = recordLayout({ principal0: 1, collateral0: 1, rate: 1, marginCall: 1, liquidation: 1, reset: 1, principal: 1, collateral: 1, open: 1 });

export const COMPONENT_KEYS = Object.keys(COMPONENT_FIELDS) as (keyof typeof COMPONENT_FIELDS)[];
/** A component's columns (COMPONENT_FIELDS order). */
export const CF = recordLayout(Object.fromEntries(COMPONENT_KEYS.map((k) => [k, 1])) as Record<keyof typeof COMPONENT_FIELDS, number>);

/** Globals: the component columns (per component, a CF block), then the accounts. */
export const GL = recordLayout({
  components: CF.width * COMPONENTS.length,
  cash: 1,
  treasury: 1,
  loanDefault: 1,
  marginCalls: 1,
  /** Healthy hashrate at the start (TH/s), the price at the start, rigs delivered so far. */
  h0: 1,
  p0: 1,
  delivered: 1,
  /** BTC sold into the market this step (USD), scratch. */
  sold: 1,
  /** Pledged BTC sold by lenders so far. */
  collateralSold: 1,
  /**
   * Per-path constants of the step, derived from the parameters in `paramsChanged` (so that the
   * step computes no exp and fewer divisions): the gain 1 − e^(−Δ/θ) of the spares' expected
   * use, α_S, the pass shares of a stage of the trip to the repair centre and of the overseas
   * repair, and the products of parameters below.
   */
  gainDemand: 1,
  stockAdjust: 1,
  pShip: 1,
  pAbroad: 1,
  /** Rigs the site's technicians can fix a step (technicians × swaps a day × Δ), technician-days of the centre a step, the power price with overhead (USD/kWh). */
  siteCapacity: 1,
  centreCapacity: 1,
  powerPrice: 1,
  /** The customs days the pass share pCustoms was last derived from (NaN: none yet); it changes only with the policy. */
  customsDaysSeen: 1,
  pCustoms: 1,
});

/** A group of rigs: its specs (the catalogue's, or overridden) and where its states live. */
export interface GroupLayout extends Omit<RigModel, 'source'> {
  off: number;
  /** Rigs at the start (0 for a cohort of an order). */
  units: number;
  /** Index of the part channel of each component (COMPONENTS order) for this group's maker. */
  parts: number[];
  /** Whether the cohort came through grey channels (higher failure rates). */
  grey: boolean;
  /** thPerUnit / 1000: PH/s a rig (the accounts'). */
  phPerUnit: number;
  /** a₀ and m_g as given (drawn per path at init). */
  age: NumberOrDistribution;
  failureMultiplier: NumberOrDistribution;
}

/** The supply signals of one channel (an item from one maker). */
export interface ChannelSignals {
  ordered: SignalDecl<'added'>;
  delivered: SignalDecl<'read'>;
  greyDelivered: SignalDecl<'read'>;
  leadTime: SignalDecl<'read'>;
  priceIndex: SignalDecl<'read'>;
}

export interface PartChannelLayout {
  off: number;
  /** Offset of its fallback pipeline (an FB block). */
  fallbackOff: number;
  component: Component;
  componentIndex: number;
  supplier: string;
  site: boolean;
  /** Groups whose rigs use this channel's parts. */
  groups: number[];
  signals: ChannelSignals;
}

export interface RigChannelLayout {
  /** Offset of its fallback pipeline (an FB block). */
  off: number;
  supplier: string;
  /** Orders placed with this maker, in the order they were given (deliveries fill them first come, first served). */
  orders: number[];
  signals: ChannelSignals;
}

export interface OrderLayout {
  /** Offset of its OC block. */
  off: number;
  spec: OrderSpec;
  /** The cohort group of its new rigs, and of those that came through grey channels. */
  group: number;
  greyGroup: number;
  rigChannel: number;
  priceUsd: number;
}

export interface LoanLayout {
  off: number;
  spec: LoanSpec;
}

/** The fleet, orders and loans compiled: offsets in the record, signal handles and every signal declared. */
export interface Layout {
  groups: GroupLayout[];
  parts: PartChannelLayout[];
  rigs: RigChannelLayout[];
  orders: OrderLayout[];
  loans: LoanLayout[];
  /** Doubles per path. */
  width: number;
  /** Suppliers whose parts the fleet needs, in order of first appearance. */
  suppliers: string[];
  /** Every signal the model writes, adds to or reads, in the order io declares them. */
  signals: SignalDecl[];
  events: EventDecl[];
}

function specOf(g: GroupSpec | OrderSpec) {
  const base = g.model === 'custom' ? undefined : CATALOGUE[g.model];
  return {
    title: g.title ?? base?.title ?? 'custom rig',
    thPerUnit: g.thPerUnit ?? base!.thPerUnit,
    jPerTh: g.jPerTh ?? base!.jPerTh,
    supplier: g.supplier ?? base!.supplier,
    priceUsd: g.priceUsd ?? base?.priceUsd ?? 0,
    centreRepairsPerTechDay: g.centreRepairsPerTechDay ?? base?.centreRepairsPerTechDay ?? 10,
  };
}

const TH_PER_PH = 1000;

/** The supply item new rigs are ordered as. */
export const RIG_ITEM = 'rig';

/** Blocks laid one after another in the path record: `take(n)` gives the next n slots. */
class Blocks {
  constructor(public width: number) {}
  take(n: number): number {
    const at = this.width;
    this.width += n;
    return at;
  }
}

/**
 * The fleet, orders and loans laid out in the record, with their signals and events: what `io`
 * needs (the components' numbers are only columns, see {@link columnsOf}).
 */
export function compileLayout(fleetRaw: unknown, ordersRaw: unknown, loansRaw: unknown): Layout {
  const fleet = fleetSchema.parse(fleetRaw) as GroupSpec[];
  const orders = ordersSchema.parse(ordersRaw ?? []) as OrderSpec[];
  const loans = loansSchema.parse(loansRaw ?? []) as LoanSpec[];
  const blocks = new Blocks(GL.width);
  const suppliers: string[] = [];
  const groups: GroupLayout[] = [];
  const addGroup = (spec: ReturnType<typeof specOf>, units: number, grey: boolean, age: NumberOrDistribution, failureMultiplier: NumberOrDistribution): number => {
    if (!suppliers.includes(spec.supplier)) suppliers.push(spec.supplier);
    groups.push({ off: blocks.take(GR.width), ...spec, units, parts: [], grey, phPerUnit: spec.thPerUnit / TH_PER_PH, age, failureMultiplier });
    return groups.length - 1;
  };
  for (const g of fleet) addGroup(specOf(g), g.units, false, g.ageYears, g.failureMultiplier);
  const signals = new SignalSet();
  const orderLayouts: OrderLayout[] = [];
  const rigs: RigChannelLayout[] = [];
  for (const o of orders) {
    const spec = specOf(o);
    const group = addGroup(spec, 0, false, 0, 1);
    const greyGroup = addGroup({ ...spec, title: `${spec.title} (grey)` }, 0, true, 0, 1);
    let rc = rigs.findIndex((r) => r.supplier === spec.supplier);
    if (rc < 0) {
      rigs.push({ off: -1, supplier: spec.supplier, orders: [], signals: signals.channel(RIG_ITEM, spec.supplier) });
      rc = rigs.length - 1;
    }
    rigs[rc].orders.push(orderLayouts.length);
    orderLayouts.push({ off: blocks.take(OC.width), spec: o, group, greyGroup, rigChannel: rc, priceUsd: spec.priceUsd });
  }
  const parts: PartChannelLayout[] = [];
  COMPONENTS.forEach((component, componentIndex) => {
    for (const supplier of suppliers) {
      const groupsOf = groups.map((g, j) => (g.supplier === supplier ? j : -1)).filter((j) => j >= 0);
      parts.push({ off: blocks.take(PC.width), fallbackOff: -1, component, componentIndex, supplier, site: SITE_COMPONENTS.includes(component), groups: groupsOf, signals: signals.channel(component, supplier) });
    }
  });
  for (const g of groups) g.parts = COMPONENTS.map((c) => parts.findIndex((p) => p.component === c && p.supplier === g.supplier));
  const loanLayouts: LoanLayout[] = loans.map((spec) => ({ off: blocks.take(LC.width), spec }));
  for (const pc of parts) pc.fallbackOff = blocks.take(FB.width);
  for (const rc of rigs) rc.off = blocks.take(FB.width);
  const { list, events } = signals.declarations(parts, rigs, loanLayouts.length > 0);
  return { groups, parts, rigs, orders: orderLayouts, loans: loanLayouts, width: blocks.width, suppliers, signals: list, events };
}

/** The supply channels' signals, one declaration per name (an item's price index is shared by its makers). */
class SignalSet {
  private readonly priceIndex = new Map<string, SignalDecl<'read'>>();

  channel(item: string, supplier: string): ChannelSignals {
    const index = `supply.${item}.priceIndex`;
    if (!this.priceIndex.has(index)) this.priceIndex.set(index, read(index, { optional: true }));
    return {
      ordered: added(`supply.${item}.${supplier}.orderedUnits`, 'units/step'),
      delivered: read(`supply.${item}.${supplier}.deliveredUnits`, { optional: true }),
      greyDelivered: read(`supply.${item}.${supplier}.greyDeliveredUnits`, { optional: true }),
      leadTime: read(`supply.${item}.${supplier}.leadTimeDays`, { optional: true }),
      priceIndex: this.priceIndex.get(index)!,
    };
  }

  /** Every signal in io's order: the outputs, the flows it adds to, what it reads; and the events. */
  declarations(parts: PartChannelLayout[], rigs: RigChannelLayout[], withLoans: boolean): { list: SignalDecl[]; events: EventDecl[] } {
    const list: SignalDecl[] = [...Object.values(OUT), ...SPARES, ...(withLoans ? Object.values(LOAN_OUT) : []), FORCED_SELLING];
    list.push(BTC_PRICE, HASHPRICE, SUPPLY_POLICY, SUPPLY_OPEN_SHARE, SUPPLY_CUSTOMS_DAYS, SUPPLY_GREY_DEFECT);
    const seen = new Set<SignalDecl>();
    for (const ch of [...parts, ...rigs]) {
      list.push(ch.signals.ordered);
      for (const s of [ch.signals.delivered, ch.signals.greyDelivered, ch.signals.leadTime, ch.signals.priceIndex]) {
        if (!seen.has(s)) list.push(s);
        seen.add(s);
      }
    }
    return { list, events: withLoans ? [...PHASES, ...LOAN_EVENTS] : [...PHASES] };
  }
}

/** Fields of a loan drawn into its block. */
const LOAN_COLUMNS: [keyof typeof LC.widths, keyof typeof LOAN_FIELDS][] = [
  ['principal0', 'principalUsd'],
  ['collateral0', 'collateralBtc'],
  ['rate', 'rateApr'],
  ['marginCall', 'marginCallLtv'],
  ['liquidation', 'liquidationLtv'],
  ['reset', 'resetLtv'],
];

/** The numbers drawn per path at init, in this order: the components' fields, each group's age and multiplier, each loan's fields. */
export function columnsOf(layout: Layout, componentsRaw: unknown): Column[] {
  const components = componentsSchema.parse(componentsRaw ?? {}) as Record<Component, ComponentSpec>;
  const columns: Column[] = [];
  COMPONENTS.forEach((c, j) => {
    for (const k of COMPONENT_KEYS) columns.push({ slot: GL.components + j * CF.width + CF[k], value: components[c][k], decl: COMPONENT_FIELDS[k] });
  });
  for (const g of layout.groups) {
    columns.push({ slot: g.off + GR.age, value: g.age, decl: GROUP_FIELDS.ageYears });
    columns.push({ slot: g.off + GR.failMult, value: g.failureMultiplier, decl: GROUP_FIELDS.failureMultiplier });
  }
  for (const l of layout.loans) for (const [slot, f] of LOAN_COLUMNS) columns.push({ slot: l.off + LC[slot], value: l.spec[f], decl: LOAN_FIELDS[f] });
  return columns;
}
