import { drawColumns, type Column } from '../../engine/draw-number.js';
import type { ModelContext } from '../../engine/model.js';
import * as erlang from '../../finance/erlang-stages.js';
import * as logistic from '../../finance/logistic-ramp.js';
import { itemOpenCapacity, quote, rampAndQuote } from './capacity.js';
import { greyChannel } from './grey.js';
import * as lay from './layout.js';
import type { ItemLayout, Layout } from './layout.js';
import { ordersAndPipeline } from './orders.js';
import * as params from './params.js';
import type { supplyParams } from './params.js';
import { applyPolicy, markTargeted, writePolicySignals } from './policy.js';

/*
 * Imports bound once to module constants: the step loop then reads plain bindings, not
 * properties of module namespaces (which some loaders, e.g. the test runner's, turn into
 * getter calls in every iteration).
 */
const stagePassShare = erlang.stagePassShare;
const steadyStageContent = erlang.steadyStageContent;
const stagesContent = erlang.stagesContent;
const logisticDecay = logistic.logisticDecay;
const logisticRatePerDay = logistic.logisticRatePerDay;
const C = lay.C;
const G = lay.G;
const I = lay.I;
const PF = lay.PF;
const POLICIES = params.POLICIES;

export type Ctx = ModelContext<typeof supplyParams, SupplyKernel>;

/** Buffers of one channel's signals; `ordered` is null where no model orders on the channel (no consumer part to track). */
export interface ChannelBuffers {
  ordered: Float64Array | null;
  delivered: Float64Array | null;
  greyDelivered: Float64Array | null;
  leadTime: Float64Array | null;
}

/** An item's signals; the backlogs and goods in customs are null for an item nobody orders. */
interface ItemBuffers {
  backlog: Float64Array | null;
  marketBacklog: Float64Array | null;
  inCustoms: Float64Array | null;
  priceIndex: Float64Array;
  availability: Float64Array;
}

/**
 * The supply model's arithmetic over one block of paths (README.md, "Each step"): what
 * `prepare` builds once per block workspace from the items and presets. `init` and
 * `paramsChanged` bind it to the context's buffers and read the settings a scheduled set may
 * change (the preset in force, the targeted suppliers); the mechanisms are in policy.ts,
 * orders.ts, capacity.ts and grey.ts.
 */
export class SupplyKernel {
  rec!: Float64Array;
  ch: ChannelBuffers[] = [];
  private it: ItemBuffers[] = [];
  policyIndex!: Float64Array;
  customsDays!: Float64Array;
  openShare!: Float64Array;
  greyDefect!: Float64Array;
  ctx!: Ctx;
  /** Index of the preset in force in POLICIES (a choice: the same on every path; set in bind). */
  policy = 0;
  private readonly W: number;
  /** The numbers drawn per path at init. */
  private readonly columns: Column[];
  /** Per channel: whether the source supplies at the end of this step (its start day has come). */
  readonly started: Uint8Array;
  /** Per channel: whether `supply.targetedSuppliers` (as now set) names its source. */
  readonly targeted: Uint8Array;
  /** Per item: 1 if no consumer orders on any of its channels (its step then reads nothing of a path but its record). */
  private readonly unordered: Uint8Array;
  /**
   * Per item: 1 if path 0 steps it and the other paths copy it. Set in paramsChanged (after
   * init and every scheduled set, the only changes of the record besides the step) where the
   * item is unordered and its slots and the globals are alike on every path ({@link alike}); the
   * step keeps them alike, as it reads nothing else of a path.
   */
  readonly shared: Uint8Array;
  /** Scratch of an item's step: each channel's open capacity X·o·s at the start of the step. */
  readonly capOpen: Float64Array;
  /** Scratch of an item's step: the official units that arrived, and their cost (orders.ts, for grey.ts's price index). */
  officialUnits = 0;
  officialCost = 0;

  constructor(
    readonly layout: Layout,
    policies: unknown,
  ) {
    this.W = layout.width;
    this.columns = lay.columnsOf(layout, policies);
    this.started = new Uint8Array(layout.channels.length);
    this.targeted = new Uint8Array(layout.channels.length);
    this.capOpen = new Float64Array(layout.channels.length);
    this.unordered = new Uint8Array(layout.items.length);
    this.shared = new Uint8Array(layout.items.length);
  }

  /** Points the kernel at the context's buffers and reads the preset in force and the targeted suppliers. */
  private bind(ctx: Ctx): void {
    this.ctx = ctx;
    this.rec = ctx.state.rec;
    this.shared.fill(0); // until paramsChanged finds the paths alike
    this.ch = this.layout.channels.map((c) => ({
      ordered: c.orderable && ctx.has(c.signals.ordered) ? ctx.prev(c.signals.ordered) : null,
      delivered: c.orderable ? ctx.signal(c.signals.delivered) : null,
      greyDelivered: c.orderable ? ctx.signal(c.signals.greyDelivered) : null,
      leadTime: c.orderable ? ctx.signal(c.signals.leadTime) : null,
    }));
    this.it = this.layout.items.map((it) => ({
      backlog: it.spec.orderable ? ctx.signal(it.signals.backlog) : null,
      marketBacklog: it.spec.orderable ? ctx.signal(it.signals.marketBacklog) : null,
      inCustoms: it.spec.orderable ? ctx.signal(it.signals.inCustoms) : null,
      priceIndex: ctx.signal(it.signals.priceIndex),
      availability: ctx.signal(it.signals.availability),
    }));
    this.policyIndex = ctx.signal(lay.POLICY_INDEX);
    this.customsDays = ctx.signal(lay.CUSTOMS_DAYS);
    this.openShare = ctx.signal(lay.OPEN_SHARE);
    this.greyDefect = ctx.signal(lay.GREY_DEFECT_SHARE);
    for (const it of this.layout.items) this.unordered[it.index] = it.channels.every((ch) => this.ch[ch.index].ordered === null) ? 1 : 0;
    this.policy = POLICIES.indexOf(ctx.p.policy);
    markTargeted(this.layout, ctx.p.targetedSuppliers, this.targeted);
  }

  private setStarted(day: number): void {
    for (const ch of this.layout.channels) this.started[ch.index] = ch.startDay === 0 || (ch.startDay > 0 && day >= ch.startDay) ? 1 : 0;
  }

  /** Draws the columns, sets every path in the steady state of the starting policy, writes step 0. */
  init(ctx: Ctx): void {
    this.bind(ctx);
    this.setStarted(0);
    const rec = this.rec;
    const { rng } = ctx;
    for (let i = 0; i < ctx.paths; i++) {
      const o = i * this.W;
      drawColumns(this.columns, rec, o, rng, i);
      applyPolicy(this, i, o);
      for (const it of this.layout.items) this.setUpItem(o, it);
      for (const ch of this.layout.channels) {
        const buf = this.ch[ch.index];
        if (buf.leadTime !== null) buf.leadTime[i] = rec[o + ch.off + C.lead];
        if (buf.delivered !== null) buf.delivered[i] = 0;
        if (buf.greyDelivered !== null) buf.greyDelivered[i] = 0;
      }
      this.writeOutputs(i, o);
    }
  }

  /**
   * After init and after a scheduled set (the policy, the targeted suppliers, any number): what
   * derives from them, and which items path 0 steps for every path ({@link shared}).
   */
  paramsChanged(ctx: Ctx): void {
    this.bind(ctx);
    for (let i = 0; i < ctx.paths; i++) {
      applyPolicy(this, i, i * this.W);
      writePolicySignals(this, i, i * this.W);
    }
    // the record's bits (two words a double), to compare paths bit for bit
    const bits = new Int32Array(this.rec.buffer, this.rec.byteOffset, 2 * this.rec.length);
    const globalsAlike = this.alike(bits, ctx.paths, 0, G.width);
    for (const it of this.layout.items) this.shared[it.index] = globalsAlike && this.unordered[it.index] === 1 && this.alike(bits, ctx.paths, it.off, it.width) ? 1 : 0;
  }

  /** Start: shares, capacities, stocks and full pipelines at the normal flow (README.md, "Start"). */
  private setUpItem(o: number, it: ItemLayout): void {
    const rec = this.rec;
    const dt = this.ctx.stepDays;
    const io = o + it.off;
    const k = it.stages;
    const D = rec[io + I.demand];
    rec[io + I.pDomestic] = stagePassShare(rec[io + I.domesticDays], k, dt);
    let shares = 0;
    for (const ch of it.channels) if (ch.startDay === 0) shares += rec[o + ch.off + C.share];
    let normalCap = 0;
    let mix = 0;
    const sq = o + G.presets; // the status-quo preset: what "normal" lead times are measured against
    for (const ch of it.channels) {
      const c = o + ch.off;
      const wFull = shares > 0 ? rec[c + C.share] / shares : 0;
      const w = ch.startDay === 0 ? wFull : 0;
      rec[c + C.w] = w;
      rec[c + C.capFull] = (1 + rec[c + C.headroom]) * wFull * D;
      rec[c + C.cap] = ch.startDay === 0 ? rec[c + C.capFull] : 0;
      rec[c + C.rampDecay] = logisticDecay(logisticRatePerDay(rec[c + C.rampDays]), dt);
      rec[c + C.pTransit] = stagePassShare(rec[c + C.transitDays], k, dt);
      const flow = w * D * dt;
      rec[c + C.expected] = w * D;
      rec[c + C.arrivals] = w * D;
      rec[c + C.stock] = ch.stocked ? rec[c + C.coverDays] * w * D : 0;
      rec[c + C.buyers] = rec[c + C.buyersOwn] = rec[c + C.orders] = rec[c + C.ordersOwn] = rec[c + C.greyRequests] = rec[c + C.greyContent] = rec[c + C.greyContentOwn] = 0;
      for (let s = 0; s < k; s++) {
        rec[o + ch.transit + s] = steadyStageContent(flow, rec[c + C.pTransit]);
        rec[o + ch.customs + s] = steadyStageContent(flow, rec[c + C.pCustoms]);
        rec[o + ch.licence + s] = steadyStageContent(flow, rec[c + C.pLicence]);
        rec[o + ch.grey + s] = 0;
        for (const b of ch.consumerBlocks) rec[o + b + s] = 0;
      }
      rec[c + C.inCustoms] = stagesContent(rec, o + ch.customs, k);
      rec[c + C.pipe] = stagesContent(rec, o + ch.transit, k) + rec[c + C.inCustoms] + stagesContent(rec, o + ch.licence, k);
      const targeted = this.targeted[ch.index] === 1;
      const normalCustoms = targeted ? rec[sq + PF.customsDays] : rec[sq + PF.otherCustomsDays];
      const normalLicence = targeted ? rec[sq + PF.licenceDays] : 0;
      rec[c + C.leadNormal] = ch.stocked ? rec[io + I.domesticDays] : rec[c + C.transitDays] + normalCustoms + normalLicence + rec[io + I.domesticDays];
      rec[c + C.lead] = quote(this, o, io, ch);
      normalCap += rec[c + C.cap];
      mix += w * rec[c + C.costIndex];
    }
    rec[io + I.normalCap] = normalCap;
    rec[io + I.mix0] = mix > 0 ? mix : 1;
    rec[io + I.price] = 1;
    const grey = rec[o + G.policy + PF.greyCapacityShare] * rec[io + I.greyFactor] * D;
    rec[io + I.greyCap] = grey;
    rec[io + I.greyCap0] = grey;
  }

  step(ctx: Ctx): void {
    this.ctx = ctx;
    this.setStarted(ctx.day);
    const items = this.layout.items;
    const shared = this.shared;
    for (let i = 0; i < ctx.paths; i++) {
      const o = i * this.W;
      writePolicySignals(this, i, o);
      for (let n = 0; n < items.length; n++) {
        if (i > 0 && shared[n] === 1) this.copyItem(i, o, items[n]);
        else this.stepItem(i, o, items[n]);
      }
    }
  }

  /**
   * Whether every path's record slots (read as `bits`, two words a double) [from, from + length) equal path 0's bit for bit. An item
   * no consumer orders reads, in its step, only its own slots, the globals and what every path
   * shares (the step, the started and targeted sources): if these are alike on every path at
   * the start of a step, so are the item's slots and outputs at its end, and path 0's can be
   * copied (the default diamond item, whose parameters are plain numbers, is alike on every
   * path; an item with a parameter drawn from a distribution is not, nor one a consumer orders).
   */
  private alike(bits: Int32Array, paths: number, from: number, length: number): boolean {
    const words = 2 * length;
    const first = 2 * from;
    for (let i = 1; i < paths; i++) {
      const at = 2 * (i * this.W + from);
      for (let w = 0; w < words; w++) if (bits[at + w] !== bits[first + w]) return false;
    }
    return true;
  }

  /** Path 0's step of an item, copied to path i (record at o): its slots and its outputs. */
  private copyItem(i: number, o: number, it: ItemLayout): void {
    this.rec.copyWithin(o + it.off, it.off, it.off + it.width);
    const out = this.it[it.index];
    if (out.backlog !== null) out.backlog[i] = out.backlog[0];
    if (out.marketBacklog !== null) out.marketBacklog[i] = out.marketBacklog[0];
    if (out.inCustoms !== null) out.inCustoms[i] = out.inCustoms[0];
    out.priceIndex[i] = out.priceIndex[0];
    out.availability[i] = out.availability[0];
    const channels = it.channels;
    for (let j = 0; j < channels.length; j++) {
      const buf = this.ch[channels[j].index];
      if (buf.delivered !== null) buf.delivered[i] = buf.delivered[0];
      if (buf.greyDelivered !== null) buf.greyDelivered[i] = buf.greyDelivered[0];
      if (buf.leadTime !== null) buf.leadTime[i] = buf.leadTime[0];
    }
  }

  /**
   * One step of an item on path i, one mechanism after another over its channels (each channel
   * only reads its own slots, so this is the order of README.md's steps per channel): orders,
   * production, pipelines and deliveries; capacity and quotes; the grey channel and the price;
   * then the item's outputs (no later item reads its slots).
   */
  private stepItem(i: number, o: number, it: ItemLayout): void {
    ordersAndPipeline(this, i, o, it, it.substitutable ? itemOpenCapacity(this, o, it) : 0);
    rampAndQuote(this, i, o, it);
    greyChannel(this, i, o, it);
    this.writeItemOutputs(i, o, it);
  }

  /** Step 0's outputs of path i: the policy signals and every item's. */
  private writeOutputs(i: number, o: number): void {
    writePolicySignals(this, i, o);
    const items = this.layout.items;
    for (let n = 0; n < items.length; n++) this.writeItemOutputs(i, o, items[n]);
  }

  /**
   * An item's outputs on path i: the consumers' open orders (waiting, in the pipeline, in
   * delivery, in the grey channel), the market's waiting orders, goods in customs, the price
   * index and availability (open capacity and grey over normal).
   */
  private writeItemOutputs(i: number, o: number, it: ItemLayout): void {
    const rec = this.rec;
    const bufs = this.ch;
    const started = this.started;
    const io = o + it.off;
    const out = this.it[it.index];
    let market = 0;
    let customs = 0;
    let openCap = 0;
    let own = 0;
    const channels = it.channels;
    const k = it.stages;
    for (let j = 0; j < channels.length; j++) {
      const ch = channels[j];
      const c = o + ch.off;
      if (bufs[ch.index].ordered !== null) {
        own += rec[c + C.buyersOwn] + rec[c + C.ordersOwn];
        const blocks = ch.ownBlocks;
        for (let b = 0; b < blocks.length; b++) own += stagesContent(rec, o + blocks[b], k);
      }
      market += ch.stocked ? rec[c + C.buyers] : rec[c + C.orders];
      customs += rec[c + C.inCustoms];
      if (started[ch.index] === 1) openCap += rec[c + C.cap] * rec[c + C.open];
    }
    if (out.backlog !== null) out.backlog[i] = own;
    if (out.marketBacklog !== null) out.marketBacklog[i] = market;
    if (out.inCustoms !== null) out.inCustoms[i] = customs;
    out.priceIndex[i] = rec[io + I.price];
    const normal = rec[io + I.normalCap] + rec[io + I.greyCap0];
    out.availability[i] = normal > 0 ? (openCap + rec[io + I.greyCap]) / normal : 0;
  }
}
