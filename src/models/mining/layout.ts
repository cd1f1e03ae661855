import type { NumberOrDistribution } from '../../engine/distributions.js';
import type { Column } from '../../engine/draw-number.js';
import { CATALOGUE, type RigModel } from './catalogue.js';
import {
  COMPONENTS,
  COMPONENT_FIELDS,
  GROUP_FIELDS,
  LOAN_FIELDS,
  SITE_COMPONENTS,
  componentsSchema,
  fleetSchema,
  loansSchema,
  ordersSchema,
  type Component,
  type ComponentSpec,
  type GroupSpec,
  type LoanSpec,
  type OrderSpec,
} from './params.js';

/*
 * The mining model's structs compiled into offsets of one per-path record: globals, then one
 * block per rig group (its rig states), per part channel (component × maker: spares, supply
 * line), per rig channel (maker: new rigs), per order and per loan. Numbers a scenario may give
 * as distributions are columns, drawn per path at init.
 */

/** Erlang stages of every delay inside the fleet (shipping to and from repair, customs, abroad). */
export const K = 2;
/** Erlang stages of the fallback order pipelines (no supply model). */
export const FALLBACK_STAGES = 3;

/**
 * Rig states of a group, from the group's offset: every rig is in exactly one of them. Stage
 * blocks (K each): shipping to the repair centre, back from it, out and back from an overseas
 * centre, and US customs on the way back from abroad.
 */
export const S = {
  OPERATING: 0,
  CURTAILED: 1,
  /** Broken, awaiting a part on site: one slot per site component (fan, psu, controlBoard). */
  WAIT: 2,
  /** Part in hand, in the technicians' queue. */
  ON_SITE_REPAIR: 5,
  TO_CENTRE: 6,
  CENTRE_WAIT: 6 + K,
  CENTRE_REPAIR: 7 + K,
  FROM_CENTRE: 8 + K,
  ABROAD: 8 + 2 * K,
  CUSTOMS: 8 + 3 * K,
  RETIRED: 8 + 4 * K,
  WIDTH: 9 + 4 * K,
} as const;

/** Per-path numbers of a group, after its states. */
export const GC = {
  AGE: S.WIDTH,
  FAIL_MULT: S.WIDTH + 1,
  /** 1 once the group has held a rig (an order's cohort is empty until its first delivery): the step skips empty groups. */
  LIVE: S.WIDTH + 2,
  WIDTH: S.WIDTH + 3,
} as const;

/** Part channel slots: spares stock (and the defective units in it), supply line, expected use, lead times, fallback pipeline. */
export const PC = { STOCK: 0, DEFECT: 1, ON_ORDER: 2, EXPECTED: 3, LEAD0: 4, LEAD: 5, FAILURES: 6, PENDING: 7, FALLBACK: 8, WIDTH: 8 + FALLBACK_STAGES } as const;

/** Rig channel slots: an order placed this step (fallback pipeline only), the fallback pipeline. */
export const RC = { PENDING: 0, FALLBACK: 1, WIDTH: 1 + FALLBACK_STAGES } as const;

/** Loan slots: the columns, then principal, collateral and whether it is open. */
export const LC = { PRINCIPAL0: 0, COLLATERAL0: 1, RATE: 2, MARGIN_CALL: 3, LIQUIDATION: 4, RESET: 5, PRINCIPAL: 6, COLLATERAL: 7, OPEN: 8, WIDTH: 9 } as const;

/** Globals: the component columns (per component: the COMPONENT_FIELDS), then accounts. */
export const COMPONENT_KEYS = Object.keys(COMPONENT_FIELDS) as (keyof typeof COMPONENT_FIELDS)[];
export const CF = Object.fromEntries(COMPONENT_KEYS.map((k, j) => [k, j])) as Record<keyof typeof COMPONENT_FIELDS, number>;
/** Slots of the component columns at the start of the record. */
const NC = COMPONENTS.length * COMPONENT_KEYS.length;
export const GL = {
  COMPONENTS: 0,
  CASH: NC,
  TREASURY: NC + 1,
  LOAN_DEFAULT: NC + 2,
  MARGIN_CALLS: NC + 3,
  /** Healthy hashrate at the start (TH/s), the price at the start, rigs delivered so far. */
  H0: NC + 4,
  P0: NC + 5,
  DELIVERED: NC + 6,
  /** BTC sold into the market this step (USD), scratch. */
  SOLD: NC + 7,
  /** Pledged BTC sold by lenders so far. */
  COLLATERAL_SOLD: NC + 8,
  WIDTH: NC + 9,
} as const;

/** A group of rigs: its specs (the catalogue's, or overridden) and where its states live. */
export interface GroupLayout extends Omit<RigModel, 'source'> {
  off: number;
  /** Rigs at the start (0 for a cohort of an order). */
  units: number;
  /** Index of the part channel of each component (COMPONENTS order) for this group's maker. */
  parts: number[];
  /** Whether the cohort came through grey channels (higher failure rates). */
  grey: boolean;
}

export interface PartChannelLayout {
  off: number;
  component: Component;
  componentIndex: number;
  supplier: string;
  site: boolean;
  /** Groups whose rigs use this channel's parts. */
  groups: number[];
  signals: { ordered: string; delivered: string; greyDelivered: string; leadTime: string; priceIndex: string };
}

export interface RigChannelLayout {
  off: number;
  supplier: string;
  /** Orders placed with this maker, in the order they were given (deliveries fill them first come, first served). */
  orders: number[];
  signals: { ordered: string; delivered: string; greyDelivered: string; leadTime: string; priceIndex: string };
}

export interface OrderLayout {
  /** Slots: units still to be delivered, units placed so far. */
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

export interface Layout {
  groups: GroupLayout[];
  parts: PartChannelLayout[];
  rigs: RigChannelLayout[];
  orders: OrderLayout[];
  loans: LoanLayout[];
  columns: Column[];
  width: number;
  /** Suppliers whose parts the fleet needs, in order of first appearance. */
  suppliers: string[];
}

/** Order slots. */
export const OC = { REMAINING: 0, PLACED: 1, WIDTH: 2 } as const;

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

function supplySignals(item: string, supplier: string) {
  return {
    ordered: `supply.${item}.${supplier}.orderedUnits`,
    delivered: `supply.${item}.${supplier}.deliveredUnits`,
    greyDelivered: `supply.${item}.${supplier}.greyDeliveredUnits`,
    leadTime: `supply.${item}.${supplier}.leadTimeDays`,
    priceIndex: `supply.${item}.priceIndex`,
  };
}

/** The supply item new rigs are ordered as. */
export const RIG_ITEM = 'rig';

const cache = new WeakMap<object, { orders: unknown; components: unknown; loans: unknown; layout: Layout }>();

/** Compiles (and caches per settings objects) the fleet, orders, components and loans. */
export function compileLayout(fleetRaw: unknown, ordersRaw: unknown, componentsRaw: unknown, loansRaw: unknown): Layout {
  const hit = typeof fleetRaw === 'object' && fleetRaw !== null ? cache.get(fleetRaw) : undefined;
  if (hit && hit.orders === ordersRaw && hit.components === componentsRaw && hit.loans === loansRaw) return hit.layout;
  const fleet = fleetSchema.parse(fleetRaw) as GroupSpec[];
  const orders = ordersSchema.parse(ordersRaw ?? []) as OrderSpec[];
  const components = componentsSchema.parse(componentsRaw ?? {}) as Record<Component, ComponentSpec>;
  const loans = loansSchema.parse(loansRaw ?? []) as LoanSpec[];
  const columns: Column[] = [];
  COMPONENTS.forEach((c, j) => {
    for (const k of COMPONENT_KEYS) columns.push({ slot: GL.COMPONENTS + j * COMPONENT_KEYS.length + CF[k], value: components[c][k], decl: COMPONENT_FIELDS[k] });
  });
  let off = GL.WIDTH;
  const take = (n: number) => {
    const at = off;
    off += n;
    return at;
  };
  const suppliers: string[] = [];
  const groups: GroupLayout[] = [];
  const addGroup = (spec: ReturnType<typeof specOf>, units: number, grey: boolean, age: NumberOrDistribution, mult: NumberOrDistribution): number => {
    if (!suppliers.includes(spec.supplier)) suppliers.push(spec.supplier);
    const g: GroupLayout = { off: take(GC.WIDTH), ...spec, units, parts: [], grey };
    columns.push({ slot: g.off + GC.AGE, value: age, decl: GROUP_FIELDS.ageYears });
    columns.push({ slot: g.off + GC.FAIL_MULT, value: mult, decl: GROUP_FIELDS.failureMultiplier });
    groups.push(g);
    return groups.length - 1;
  };
  for (const g of fleet) addGroup(specOf(g), g.units, false, g.ageYears, g.failureMultiplier);
  const orderLayouts: OrderLayout[] = [];
  const rigs: RigChannelLayout[] = [];
  for (const o of orders) {
    const spec = specOf(o);
    const group = addGroup(spec, 0, false, 0, 1);
    const greyGroup = addGroup({ ...spec, title: `${spec.title} (grey)` }, 0, true, 0, 1);
    let rc = rigs.findIndex((r) => r.supplier === spec.supplier);
    if (rc < 0) {
      rigs.push({ off: take(RC.WIDTH), supplier: spec.supplier, orders: [], signals: supplySignals(RIG_ITEM, spec.supplier) });
      rc = rigs.length - 1;
    }
    rigs[rc].orders.push(orderLayouts.length);
    orderLayouts.push({ off: take(OC.WIDTH), spec: o, group, greyGroup, rigChannel: rc, priceUsd: spec.priceUsd });
  }
  const parts: PartChannelLayout[] = [];
  COMPONENTS.forEach((component, componentIndex) => {
    for (const supplier of suppliers) {
      parts.push({
        off: take(PC.WIDTH),
        component,
        componentIndex,
        supplier,
        site: SITE_COMPONENTS.includes(component),
        groups: groups.map((g, j) => (g.supplier === supplier ? j : -1)).filter((j) => j >= 0),
        signals: supplySignals(component, supplier),
      });
    }
  });
  for (const g of groups) g.parts = COMPONENTS.map((c) => parts.findIndex((p) => p.component === c && p.supplier === g.supplier));
  const loanLayouts: LoanLayout[] = loans.map((spec) => {
    const l = { off: take(LC.WIDTH), spec };
    const cols: [number, keyof typeof LOAN_FIELDS][] = [
      [LC.PRINCIPAL0, 'principalUsd'],
      [LC.COLLATERAL0, 'collateralBtc'],
      [LC.RATE, 'rateApr'],
      [LC.MARGIN_CALL, 'marginCallLtv'],
      [LC.LIQUIDATION, 'liquidationLtv'],
      [LC.RESET, 'resetLtv'],
    ];
    for (const [slot, f] of cols) columns.push({ slot: l.off + slot, value: spec[f], decl: LOAN_FIELDS[f] });
    return l;
  });
  const layout: Layout = { groups, parts, rigs, orders: orderLayouts, loans: loanLayouts, columns, width: off, suppliers };
  if (typeof fleetRaw === 'object' && fleetRaw !== null) cache.set(fleetRaw, { orders: ordersRaw, components: componentsRaw, loans: loansRaw, layout });
  return layout;
}

/** The aggregate signals the model writes (loan signals only when there are loans). */
export const OUT = {
  operatingHashrateEh: 'mining.operatingHashrateEh',
  hashrateShareOfStart: 'mining.hashrateShareOfStart',
  operatingRigs: 'mining.operatingRigs',
  curtailedRigs: 'mining.curtailedRigs',
  awaitingPartRigs: 'mining.awaitingPartRigs',
  onSiteRepairRigs: 'mining.onSiteRepairRigs',
  atRepairCentreRigs: 'mining.atRepairCentreRigs',
  inCustomsRigs: 'mining.inCustomsRigs',
  retiredRigs: 'mining.retiredRigs',
  brokenRigs: 'mining.brokenRigs',
  rigsDelivered: 'mining.rigsDelivered',
  rigsOnOrder: 'mining.rigsOnOrder',
  partsLeadTimeDays: 'mining.partsLeadTimeDays',
  revenueUsd: 'mining.revenueUsd',
  powerCostUsd: 'mining.powerCostUsd',
  partsCostUsd: 'mining.partsCostUsd',
  marginUsd: 'mining.marginUsd',
  cashUsd: 'mining.cashUsd',
  treasuryBtc: 'mining.treasuryBtc',
  btcSoldUsd: 'mining.btcSoldUsd',
  leadTimeAboveNormal: 'mining.leadTimeAboveNormal',
  sparesExhausted: 'mining.sparesExhausted',
  hashrateBelowThreshold: 'mining.hashrateBelowThreshold',
} as const;

export const LOAN_OUT = {
  loanUsd: 'mining.loanUsd',
  collateralBtc: 'mining.collateralBtc',
  collateralRatio: 'mining.collateralRatio',
  marginCalls: 'mining.marginCalls',
  loanDefaultUsd: 'mining.loanDefaultUsd',
  collateralSoldBtc: 'mining.collateralSoldBtc',
} as const;

export const OUT_UNITS: Record<string, string> = {
  [OUT.operatingHashrateEh]: 'EH/s',
  [OUT.hashrateShareOfStart]: 'fraction',
  [OUT.operatingRigs]: 'rigs',
  [OUT.curtailedRigs]: 'rigs',
  [OUT.awaitingPartRigs]: 'rigs',
  [OUT.onSiteRepairRigs]: 'rigs',
  [OUT.atRepairCentreRigs]: 'rigs',
  [OUT.inCustomsRigs]: 'rigs',
  [OUT.retiredRigs]: 'rigs',
  [OUT.brokenRigs]: 'rigs',
  [OUT.rigsDelivered]: 'rigs',
  [OUT.rigsOnOrder]: 'rigs',
  [OUT.partsLeadTimeDays]: 'days',
  [OUT.revenueUsd]: 'USD/step',
  [OUT.powerCostUsd]: 'USD/step',
  [OUT.partsCostUsd]: 'USD/step',
  [OUT.marginUsd]: 'USD/step',
  [OUT.cashUsd]: 'USD',
  [OUT.treasuryBtc]: 'BTC',
  [OUT.btcSoldUsd]: 'USD/step',
  [OUT.leadTimeAboveNormal]: '0/1',
  [OUT.sparesExhausted]: '0/1',
  [OUT.hashrateBelowThreshold]: '0/1',
  [LOAN_OUT.loanUsd]: 'USD',
  [LOAN_OUT.collateralBtc]: 'BTC',
  [LOAN_OUT.collateralRatio]: 'ratio',
  [LOAN_OUT.marginCalls]: 'calls',
  [LOAN_OUT.loanDefaultUsd]: 'USD',
  [LOAN_OUT.collateralSoldBtc]: 'BTC',
};

/** Spares on hand per component: mining.<component>.sparesUnits (hash boards: the repair centre's). */
export function sparesSignal(c: Component): string {
  return `mining.${c}.sparesUnits`;
}
