import type { Column } from '../../engine/draw-number.js';
import { ITEM_FIELDS, POLICIES, POLICY_FIELDS, SOURCE_FIELDS, itemsSchema, policiesSchema, type ItemSpec, type PolicyPresets } from './params.js';

/*
 * The supply model's structs compiled into offsets, once per scenario: every path has one
 * record of `width` doubles (one typed array for the whole model: V8 re-checks every typed
 * array a loop touches), laid out as globals, then per item, then per channel (item × source).
 * Numbers a scenario may give as distributions are "columns": drawn per path at init into
 * their slot of the record.
 */

export const POLICY_KEYS = Object.keys(POLICY_FIELDS) as (keyof typeof POLICY_FIELDS)[];
/** Offset of a policy field within a block of policy values. */
export const PF = Object.fromEntries(POLICY_KEYS.map((k, j) => [k, j])) as Record<keyof typeof POLICY_FIELDS, number>;

const NP = POLICY_KEYS.length;
/** Slots of the policy in force and the presets, before the derived constants. */
const NG = NP * (1 + POLICIES.length);
/**
 * Globals: the policy in force (copied from its preset), the three presets' columns, then
 * per-path constants derived from the parameters (so that the step computes no exp or log).
 */
export const G = {
  /** Policy values in force, one block of POLICY_KEYS.length. */
  POLICY: 0,
  /** The presets, POLICIES order, each a block of POLICY_KEYS.length. */
  PRESETS: NP,
  /** Gains 1 − e^(−Δ/τ) of the demand and arrival smoothing; α_S; β; the planning cap. */
  GAIN_DEMAND: NG,
  GAIN_ARRIVALS: NG + 1,
  ALPHA: NG + 2,
  BETA: NG + 3,
  MAX_PLAN: NG + 4,
  RAMP_TRIGGER: NG + 5,
  /** min(1, Δ/patience): share of waiting orders that turn to grey per step at full trigger. */
  PATIENCE: NG + 6,
  /** greyTriggerRatio − 1. */
  TRIGGER_SPAN: NG + 7,
  MAX_LEAD: NG + 8,
  /** e^(−rΔ) of the grey channels' logistic ramp. */
  GREY_DECAY: NG + 9,
  WIDTH: NG + 10,
} as const;

/** Item slots (from the item's offset). Columns first. */
export const I = {
  DEMAND: 0,
  DOMESTIC_DAYS: 1,
  GREY_FACTOR: 2,
  /** Pass share of a domestic-delivery stage, of a grey-channel stage. */
  P_DOMESTIC: 3,
  P_GREY: 4,
  /** G: grey capacity now (units/day); G₀ at the start. */
  GREY_CAP: 5,
  GREY_CAP0: 6,
  /** Σ C₀ of the sources supplying at the start (units/day). */
  NORMAL_CAP: 7,
  /** π: price index now; the normal mix Σ w·costIndex it is relative to. */
  PRICE: 8,
  MIX0: 9,
  WIDTH: 10,
} as const;

/** Channel (item × source) scalar slots, from the channel's offset; stage blocks follow at `stage*`. */
export const C = {
  SHARE: 0,
  TRANSIT_DAYS: 1,
  COVER_DAYS: 2,
  HEADROOM: 3,
  MAX_MULTIPLE: 4,
  RAMP_DAYS: 5,
  COST_INDEX: 6,
  /** w: normalised share of the item's market (0 for a source not supplying at the start). */
  W: 7,
  /** C_full = (1 + h)·w_full·D: capacity at full ramp (a new plant's too). */
  CAP_FULL: 8,
  /** X: capacity now (units/day). */
  CAP: 9,
  /** e^(−rΔ) of the capacity ramp, r = ln 81/rampDays. */
  RAMP_DECAY: 10,
  /** S: US stock; BB: buyers' unfilled orders at that stock (and the consumers' part). */
  STOCK: 11,
  BB: 12,
  BB_C: 13,
  /** F: orders waiting for production (made to order: buyers'; stocked: the distributor's). */
  F: 14,
  F_C: 15,
  /** L̂: expected demand on this channel (units/day). */
  EXPECTED: 16,
  /** Smoothed arrivals into US stock (units/day). */
  ARRIVALS: 17,
  /** λ: quoted lead time now; λ_normal under the status-quo preset. */
  LEAD: 18,
  LEAD_NORMAL: 19,
  P_TRANSIT: 20,
  P_CUSTOMS: 21,
  P_LICENCE: 22,
  /** o: open share in force (1 for untargeted sources). */
  OPEN: 23,
  /** Mean customs and licence days in force (for lead-time quotes). */
  CUSTOMS_DAYS: 24,
  LICENCE_DAYS: 25,
  /** Grey requests this step (all buyers), scratch. */
  GREY_REQ: 26,
  /** Content of the transit, customs and licence stages together, and of the customs stages. */
  PIPE: 27,
  IN_CUSTOMS: 28,
  /** Content of the grey stages (all buyers, and the consumers' part): the step skips empty ones. */
  GREY_CONTENT: 29,
  GREY_CONTENT_C: 30,
  SCALARS: 31,
} as const;

export interface ChannelLayout {
  /** Index in Layout.channels. */
  index: number;
  item: string;
  source: string;
  /** Offset of the channel in the path record. */
  off: number;
  stocked: boolean;
  targeted: boolean;
  /** Whether consumer models may order on it (the item is orderable). */
  orderable: boolean;
  /** Day the source starts supplying: 0 at the start, > 0 later, −1 never. */
  startDay: number;
  /** Stage blocks, each `stages` long, from the record's start. */
  transit: number;
  transitC: number;
  customs: number;
  customsC: number;
  licence: number;
  licenceC: number;
  domesticC: number;
  grey: number;
  greyC: number;
  /** The stage blocks that hold consumers' units (their open orders in the pipeline). */
  consumerBlocks: number[];
  signals: { ordered: string; delivered: string; greyDelivered: string; leadTime: string };
}

export interface ItemLayout {
  index: number;
  id: string;
  spec: ItemSpec;
  off: number;
  stages: number;
  substitutable: boolean;
  channels: ChannelLayout[];
  signals: { backlog: string; marketBacklog: string; inCustoms: string; priceIndex: string; availability: string };
}

export interface Layout {
  items: ItemLayout[];
  channels: ChannelLayout[];
  columns: Column[];
  width: number;
}

/** The signals of one item, one channel, and the model-wide ones. */
export const GLOBAL_SIGNALS = {
  policyIndex: 'supply.policyIndex',
  customsDays: 'supply.customsDays',
  openShare: 'supply.openShare',
  greyDefectShare: 'supply.greyDefectShare',
} as const;
/** The thermal model's diamond price index π_d and availability a_d: the `diamond` item's. */
export const THERMAL_SIGNALS = { priceIndex: 'supply.diamondPriceIndex', availability: 'supply.diamondAvailability' } as const;
const DIAMOND = 'diamond';

const cache = new WeakMap<object, { policies: unknown; key: string; layout: Layout }>();

/** Compiles (and caches per settings object) the items, presets and targeted suppliers. */
export function compileLayout(itemsRaw: unknown, policiesRaw: unknown, targeted: readonly string[]): Layout {
  const key = targeted.join(',');
  const hit = typeof itemsRaw === 'object' && itemsRaw !== null ? cache.get(itemsRaw) : undefined;
  if (hit && hit.key === key && hit.policies === policiesRaw) return hit.layout;
  const items = itemsSchema.parse(itemsRaw) as Record<string, ItemSpec>;
  const presets = policiesSchema.parse(policiesRaw ?? {}) as PolicyPresets;
  const columns: Column[] = [];
  POLICIES.forEach((name, j) => {
    for (const k of POLICY_KEYS) {
      columns.push({ slot: G.PRESETS + j * POLICY_KEYS.length + PF[k], value: presets[name][k], decl: POLICY_FIELDS[k] });
    }
  });
  let off = G.WIDTH;
  const itemLayouts: ItemLayout[] = [];
  const channels: ChannelLayout[] = [];
  for (const [id, spec] of Object.entries(items)) {
    const itemOff = off;
    off += I.WIDTH;
    columns.push({ slot: itemOff + I.DEMAND, value: spec.marketUnitsPerDay, decl: ITEM_FIELDS.marketUnitsPerDay });
    columns.push({ slot: itemOff + I.DOMESTIC_DAYS, value: spec.domesticDays, decl: ITEM_FIELDS.domesticDays });
    columns.push({ slot: itemOff + I.GREY_FACTOR, value: spec.greyCapacityFactor, decl: ITEM_FIELDS.greyCapacityFactor });
    const k = spec.stages;
    const itemChannels: ChannelLayout[] = [];
    for (const [source, s] of Object.entries(spec.sources)) {
      const ch = off;
      const block = (n: number) => {
        const at = off;
        off += n * k;
        return at;
      };
      off += C.SCALARS;
      const layout: ChannelLayout = {
        index: channels.length,
        item: id,
        source,
        off: ch,
        stocked: false,
        targeted: targeted.includes(source),
        orderable: spec.orderable,
        startDay: s.startDay,
        transit: block(1),
        transitC: block(1),
        customs: block(1),
        customsC: block(1),
        licence: block(1),
        licenceC: block(1),
        domesticC: block(1),
        grey: block(1),
        greyC: block(1),
        consumerBlocks: [],
        signals: {
          ordered: `supply.${id}.${source}.orderedUnits`,
          delivered: `supply.${id}.${source}.deliveredUnits`,
          greyDelivered: `supply.${id}.${source}.greyDeliveredUnits`,
          leadTime: `supply.${id}.${source}.leadTimeDays`,
        },
      };
      layout.consumerBlocks = [layout.transitC, layout.customsC, layout.licenceC, layout.domesticC, layout.greyC];
      // a source is stocked if its cover can be positive on some path
      const cover = s.stockCoverDays;
      layout.stocked = typeof cover === 'number' ? cover > 0 : true;
      const cols: [number, keyof typeof SOURCE_FIELDS][] = [
        [C.SHARE, 'share'],
        [C.TRANSIT_DAYS, 'transitDays'],
        [C.COVER_DAYS, 'stockCoverDays'],
        [C.HEADROOM, 'capacityHeadroom'],
        [C.MAX_MULTIPLE, 'maxCapacityMultiple'],
        [C.RAMP_DAYS, 'rampDays'],
        [C.COST_INDEX, 'costIndex'],
      ];
      for (const [slot, f] of cols) columns.push({ slot: ch + slot, value: s[f], decl: SOURCE_FIELDS[f] });
      itemChannels.push(layout);
      channels.push(layout);
    }
    itemLayouts.push({
      index: itemLayouts.length,
      id,
      spec,
      off: itemOff,
      stages: k,
      substitutable: spec.substitutable,
      channels: itemChannels,
      signals: {
        backlog: `supply.${id}.backlogUnits`,
        marketBacklog: `supply.${id}.marketBacklogUnits`,
        inCustoms: `supply.${id}.inCustomsUnits`,
        // the diamond item's indices carry the names the thermal model reads
        priceIndex: id === DIAMOND ? THERMAL_SIGNALS.priceIndex : `supply.${id}.priceIndex`,
        availability: id === DIAMOND ? THERMAL_SIGNALS.availability : `supply.${id}.availability`,
      },
    });
  }
  const layout: Layout = { items: itemLayouts, channels, columns, width: off };
  if (typeof itemsRaw === 'object' && itemsRaw !== null) cache.set(itemsRaw, { policies: policiesRaw, key, layout });
  return layout;
}
