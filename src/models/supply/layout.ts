import type { Column } from '../../engine/draw-number.js';
import { recordLayout } from '../../engine/record-layout.js';
import { read, written, type SignalDecl } from '../../engine/signals.js';
import { ITEM_FIELDS, POLICIES, POLICY_FIELDS, SOURCE_FIELDS, itemsSchema, policiesSchema, type ItemSpec, type PolicyPresets } from './params.js';

/*
 * The supply model's signals and its per-path record. Every path has one record (one typed
 * array for the whole model: V8 re-checks every typed array a loop touches), laid out as the
 * globals, then per item its block, then per channel (item × source) its scalars and its
 * Erlang stage blocks. Numbers a scenario may give as distributions are "columns": drawn per
 * path at init into their slot of the record.
 */

/** The model-wide signals: the preset in force, as the mining model reads it. */
export const POLICY_INDEX = written('supply.policyIndex', '—', { headline: true });
export const CUSTOMS_DAYS = written('supply.customsDays', 'days', { headline: true });
export const OPEN_SHARE = written('supply.openShare', 'fraction', { headline: true });
export const GREY_DEFECT_SHARE = written('supply.greyDefectShare', 'fraction', { headline: true });

/** The thermal model's diamond price index π_d and availability a_d: the `diamond` item's. */
export const THERMAL_SIGNALS = { priceIndex: 'supply.diamondPriceIndex', availability: 'supply.diamondAvailability' } as const;
const DIAMOND = 'diamond';

export const POLICY_KEYS = Object.keys(POLICY_FIELDS) as (keyof typeof POLICY_FIELDS)[];

/** A block of policy values (the one in force, or a preset): one slot per policy field. */
export const PF = recordLayout(Object.fromEntries(POLICY_KEYS.map((k) => [k, 1])) as Record<keyof typeof POLICY_FIELDS, number>);

/**
 * Globals: the policy in force (copied from its preset), the three presets' columns, then
 * per-path constants derived from the parameters (so that the step computes no exp or log).
 */
export const G = recordLayout({
  /** Policy values in force. */
  policy: PF.width,
  /** The presets, POLICIES order, each a PF block. */
  presets: PF.width * POLICIES.length,
  /** Gains 1 − e^(−Δ/τ) of the demand and arrival smoothing; α_S; β; the planning cap. */
  gainDemand: 1,
  gainArrivals: 1,
  alpha: 1,
  beta: 1,
  maxPlan: 1,
  rampTrigger: 1,
  /** min(1, Δ/patience): share of waiting orders that turn to grey per step at full trigger. */
  patience: 1,
  /** greyTriggerRatio − 1. */
  triggerSpan: 1,
  maxLead: 1,
  /** e^(−rΔ) of the grey channels' logistic ramp. */
  greyDecay: 1,
});

/** An item's block. Columns first. */
export const I = recordLayout({
  /** D, τ_d, φ. */
  demand: 1,
  domesticDays: 1,
  greyFactor: 1,
  /** Pass share of a domestic-delivery stage, of a grey-channel stage. */
  pDomestic: 1,
  pGrey: 1,
  /** G: grey capacity now (units/day); G₀ at the start. */
  greyCap: 1,
  greyCap0: 1,
  /** Σ C₀ of the sources supplying at the start (units/day). */
  normalCap: 1,
  /** π: price index now; the normal mix κ̄ = Σ w·costIndex it is relative to. */
  price: 1,
  mix0: 1,
});

/** A channel's (item × source) scalars; its stage blocks follow ({@link stageLayout}). Columns first. */
export const C = recordLayout({
  /** w_j, τ_t, c_j, h, K/C₀, T_r, κ_j. */
  share: 1,
  transitDays: 1,
  coverDays: 1,
  headroom: 1,
  maxMultiple: 1,
  rampDays: 1,
  costIndex: 1,
  /** w: normalised share of the item's market (0 for a source not supplying at the start). */
  w: 1,
  /** C_full = (1 + h)·w_full·D: capacity at full ramp (a new plant's too). */
  capFull: 1,
  /** X: capacity now (units/day). */
  cap: 1,
  /** e^(−rΔ) of the capacity ramp, r = ln 81/rampDays. */
  rampDecay: 1,
  /** S: US stock; B: buyers' unfilled orders at that stock, and the consumers' part of B. */
  stock: 1,
  buyers: 1,
  buyersOwn: 1,
  /** F: orders waiting for production (made to order: buyers'; stocked: the distributor's), and the consumers' part. */
  orders: 1,
  ordersOwn: 1,
  /** L̂: expected demand on this channel (units/day). */
  expected: 1,
  /** Â: smoothed arrivals into US stock (units/day). */
  arrivals: 1,
  /** λ: quoted lead time now; λ_normal under the status-quo preset. */
  lead: 1,
  leadNormal: 1,
  /** Pass shares of a transit, customs and licence stage. */
  pTransit: 1,
  pCustoms: 1,
  pLicence: 1,
  /** o: open share in force (1 for untargeted sources). */
  open: 1,
  /** Mean customs and licence days in force (for lead-time quotes). */
  customsDays: 1,
  licenceDays: 1,
  /** q_j: grey requests this step (all buyers), scratch. */
  greyRequests: 1,
  /** Content of the transit, customs and licence stages together (P), and of the customs stages. */
  pipe: 1,
  inCustoms: 1,
  /** Content of the grey stages (all buyers, and the consumers' part): the step skips empty ones. */
  greyContent: 1,
  greyContentOwn: 1,
});

/** A channel's Erlang stage blocks, k stages each, after its scalars; `…Own`: the consumers' units. */
export function stageLayout(k: number) {
  return recordLayout({ transit: k, transitOwn: k, customs: k, customsOwn: k, licence: k, licenceOwn: k, domesticOwn: k, grey: k, greyOwn: k });
}

/** A channel's signals: consumers add their orders (read the next step) and read what is delivered to them. */
export interface ChannelSignals {
  ordered: SignalDecl<'read'>;
  delivered: SignalDecl<'written'>;
  greyDelivered: SignalDecl<'written'>;
  leadTime: SignalDecl<'written'>;
}

/** An item's signals; the backlogs and goods in customs only for an item models order. */
export interface ItemSignals {
  priceIndex: SignalDecl<'written'>;
  availability: SignalDecl<'written'>;
  backlog: SignalDecl<'written'>;
  marketBacklog: SignalDecl<'written'>;
  inCustoms: SignalDecl<'written'>;
}

export interface ChannelLayout {
  /** Index in Layout.channels. */
  index: number;
  item: string;
  source: string;
  /** Offset of the channel's scalars in the path record. */
  off: number;
  stocked: boolean;
  /** Whether consumer models may order on it (the item is orderable). */
  orderable: boolean;
  /** Day the source starts supplying: 0 at the start, > 0 later, −1 never. */
  startDay: number;
  /** Stage blocks, each `stages` long, from the record's start. */
  transit: number;
  transitOwn: number;
  customs: number;
  customsOwn: number;
  licence: number;
  licenceOwn: number;
  domesticOwn: number;
  grey: number;
  greyOwn: number;
  /** The stage blocks that hold consumers' units (their open orders in the pipeline). */
  consumerBlocks: number[];
  /**
   * The consumer blocks a consumer's units can enter: all of them made to order; from US stock
   * only the domestic delivery and the grey channel (the transit, customs and licence blocks of
   * consumers' units stay 0: the distributor's goods are nobody's yet), so that the backlog
   * output sums no blocks that are 0 by construction (adding 0 to it changes nothing).
   */
  ownBlocks: number[];
  signals: ChannelSignals;
}

export interface ItemLayout {
  index: number;
  id: string;
  spec: ItemSpec;
  off: number;
  /** Doubles of the item's block and its channels (scalars and stage blocks), contiguous from `off`. */
  width: number;
  stages: number;
  substitutable: boolean;
  channels: ChannelLayout[];
  signals: ItemSignals;
}

/** The items compiled: offsets in the record, signal handles, and every signal declared. */
export interface Layout {
  items: ItemLayout[];
  channels: ChannelLayout[];
  /** Doubles per path. */
  width: number;
  /** Every signal the model writes or reads, in the order io declares them. */
  signals: SignalDecl[];
}

function itemSignals(id: string): ItemSignals {
  return {
    // the diamond item's indices carry the names the thermal model reads
    priceIndex: written(id === DIAMOND ? THERMAL_SIGNALS.priceIndex : `supply.${id}.priceIndex`, '—'),
    availability: written(id === DIAMOND ? THERMAL_SIGNALS.availability : `supply.${id}.availability`, 'ratio'),
    backlog: written(`supply.${id}.backlogUnits`, 'units'),
    marketBacklog: written(`supply.${id}.marketBacklogUnits`, 'units'),
    inCustoms: written(`supply.${id}.inCustomsUnits`, 'units'),
  };
}

function channelSignals(id: string, source: string): ChannelSignals {
  return {
    ordered: read(`supply.${id}.${source}.orderedUnits`, { prev: true, optional: true }),
    delivered: written(`supply.${id}.${source}.deliveredUnits`, 'units/step'),
    greyDelivered: written(`supply.${id}.${source}.greyDeliveredUnits`, 'units/step'),
    leadTime: written(`supply.${id}.${source}.leadTimeDays`, 'days'),
  };
}

type StageLayout = ReturnType<typeof stageLayout>;

/** A channel laid out from `off`: its scalars, then its stage blocks. */
function channelAt(off: number, index: number, id: string, spec: ItemSpec, source: string, blocks: StageLayout): ChannelLayout {
  const s = spec.sources[source];
  const at = (f: keyof typeof blocks.widths) => off + C.width + blocks[f];
  const consumerBlocks = [at('transitOwn'), at('customsOwn'), at('licenceOwn'), at('domesticOwn'), at('greyOwn')];
  // a source is stocked if its cover can be positive on some path
  const stocked = typeof s.stockCoverDays === 'number' ? s.stockCoverDays > 0 : true;
  return {
    index,
    item: id,
    source,
    off,
    stocked,
    orderable: spec.orderable,
    startDay: s.startDay,
    transit: at('transit'),
    transitOwn: at('transitOwn'),
    customs: at('customs'),
    customsOwn: at('customsOwn'),
    licence: at('licence'),
    licenceOwn: at('licenceOwn'),
    domesticOwn: at('domesticOwn'),
    grey: at('grey'),
    greyOwn: at('greyOwn'),
    consumerBlocks,
    ownBlocks: stocked ? [at('domesticOwn'), at('greyOwn')] : consumerBlocks,
    signals: channelSignals(id, source),
  };
}

/**
 * The items laid out in the record (the globals, then per item its block and its channels) with
 * their signals. Reads only the items: what `io` needs; `prepare` adds the columns.
 */
export function compileLayout(itemsRaw: unknown): Layout {
  const items = itemsSchema.parse(itemsRaw) as Record<string, ItemSpec>;
  let off = G.width;
  const itemLayouts: ItemLayout[] = [];
  const channels: ChannelLayout[] = [];
  const signals: SignalDecl[] = [POLICY_INDEX, CUSTOMS_DAYS, OPEN_SHARE, GREY_DEFECT_SHARE];
  for (const [id, spec] of Object.entries(items)) {
    const item: ItemLayout = { index: itemLayouts.length, id, spec, off, width: 0, stages: spec.stages, substitutable: spec.substitutable, channels: [], signals: itemSignals(id) };
    off += I.width;
    signals.push(item.signals.priceIndex, item.signals.availability);
    // an item nobody orders (diamond) is watched through its indices only
    if (spec.orderable) signals.push(item.signals.backlog, item.signals.marketBacklog, item.signals.inCustoms);
    const blocks = stageLayout(spec.stages);
    for (const source of Object.keys(spec.sources)) {
      const ch = channelAt(off, channels.length, id, spec, source, blocks);
      off += C.width + blocks.width;
      if (spec.orderable) signals.push(ch.signals.leadTime, ch.signals.delivered, ch.signals.greyDelivered, ch.signals.ordered);
      item.channels.push(ch);
      channels.push(ch);
    }
    item.width = off - item.off;
    itemLayouts.push(item);
  }
  return { items: itemLayouts, channels, width: off, signals };
}

/** Fields of a source drawn into its channel's scalars. */
const SOURCE_COLUMNS: [keyof typeof C.widths, keyof typeof SOURCE_FIELDS][] = [
  ['share', 'share'],
  ['transitDays', 'transitDays'],
  ['coverDays', 'stockCoverDays'],
  ['headroom', 'capacityHeadroom'],
  ['maxMultiple', 'maxCapacityMultiple'],
  ['rampDays', 'rampDays'],
  ['costIndex', 'costIndex'],
];

/** The numbers drawn per path at init: the presets' fields, then per item its fields and its sources'. */
export function columnsOf(layout: Layout, policiesRaw: unknown): Column[] {
  const presets = policiesSchema.parse(policiesRaw ?? {}) as PolicyPresets;
  const columns: Column[] = [];
  POLICIES.forEach((name, j) => {
    for (const k of POLICY_KEYS) columns.push({ slot: G.presets + j * PF.width + PF[k], value: presets[name][k], decl: POLICY_FIELDS[k] });
  });
  for (const it of layout.items) {
    const spec = it.spec;
    columns.push({ slot: it.off + I.demand, value: spec.marketUnitsPerDay, decl: ITEM_FIELDS.marketUnitsPerDay });
    columns.push({ slot: it.off + I.domesticDays, value: spec.domesticDays, decl: ITEM_FIELDS.domesticDays });
    columns.push({ slot: it.off + I.greyFactor, value: spec.greyCapacityFactor, decl: ITEM_FIELDS.greyCapacityFactor });
    for (const ch of it.channels) {
      const s = spec.sources[ch.source];
      for (const [slot, f] of SOURCE_COLUMNS) columns.push({ slot: ch.off + C[slot], value: s[f], decl: SOURCE_FIELDS[f] });
    }
  }
  return columns;
}
