import { drawColumns } from '../../engine/draw-number.js';
import type { ModelContext } from '../../engine/model.js';
import * as aa from '../../finance/anchoring-adjustment.js';
import * as erlang from '../../finance/erlang-stages.js';
import * as logistic from '../../finance/logistic-ramp.js';
import * as lay from './layout.js';
import type { ChannelLayout, ItemLayout, Layout } from './layout.js';
import * as params from './params.js';
import type { supplyParams } from './params.js';

/*
 * Imports bound once to module constants: the step loop then reads plain bindings, not
 * properties of module namespaces (which some loaders, e.g. the test runner's, turn into
 * getter calls in every iteration).
 */
const advanceStages = erlang.advanceStages;
const stagePassShare = erlang.stagePassShare;
const steadyStageContent = erlang.steadyStageContent;
const stagesContent = erlang.stagesContent;
const anchoringAdjustmentOrder = aa.anchoringAdjustmentOrder;
const smoothingGain = aa.smoothingGain;
const logisticStep = logistic.logisticStepByDecay;
const logisticDecay = logistic.logisticDecay;
const logisticRatePerDay = logistic.logisticRatePerDay;
const C = lay.C;
const G = lay.G;
const I = lay.I;
const PF = lay.PF;
const POLICY_KEYS = lay.POLICY_KEYS;
const GLOBAL_SIGNALS = lay.GLOBAL_SIGNALS;
const POLICIES = params.POLICIES;

type Ctx = ModelContext<typeof supplyParams>;

/** Share of a ceiling at which a ramp starts (a new plant on its first day, an expansion when triggered). */
const RAMP_SEED = 0.1;
/** Backlogs below this (units) count as none. */
const DUST = 1e-9;

/** Buffers of one channel's signals; `ordered` is null where no model orders on the channel (no consumer part to track). */
interface ChannelBuffers {
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
 * The supply model's arithmetic over one block of paths (README.md, "Each step", in the order
 * of the methods here). One kernel per layout and block workspace; `bind` points it at buffers.
 */
export class SupplyKernel {
  private rec!: Float64Array;
  private ch: ChannelBuffers[] = [];
  private it: ItemBuffers[] = [];
  private policyIndex!: Float64Array;
  private customsDays!: Float64Array;
  private openShare!: Float64Array;
  private greyDefect!: Float64Array;
  private ctx!: Ctx;
  /** Index of the preset in force in POLICIES (a choice: the same on every path; set in bind). */
  private policy = 0;
  private readonly W: number;
  /** Per channel: whether the source supplies at the end of this step (its start day has come). */
  private readonly started: Uint8Array;

  constructor(readonly layout: Layout) {
    this.W = layout.width;
    this.started = new Uint8Array(layout.channels.length);
  }

  bind(ctx: Ctx): void {
    this.ctx = ctx;
    this.rec = ctx.state.rec;
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
    this.policyIndex = ctx.signal(GLOBAL_SIGNALS.policyIndex);
    this.customsDays = ctx.signal(GLOBAL_SIGNALS.customsDays);
    this.openShare = ctx.signal(GLOBAL_SIGNALS.openShare);
    this.greyDefect = ctx.signal(GLOBAL_SIGNALS.greyDefectShare);
    this.policy = POLICIES.indexOf(ctx.p.policy);
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
      drawColumns(this.layout.columns, rec, o, rng, i);
      this.derive(i, o);
      for (const it of this.layout.items) this.setUpItem(o, it);
      for (const ch of this.layout.channels) {
        const buf = this.ch[ch.index];
        if (buf.leadTime !== null) buf.leadTime[i] = rec[o + ch.off + C.LEAD];
        if (buf.delivered !== null) buf.delivered[i] = 0;
        if (buf.greyDelivered !== null) buf.greyDelivered[i] = 0;
      }
      this.writeOutputs(i, o);
    }
  }

  /** After a scheduled set (the policy, or any parameter): the policy in force and what derives from it. */
  paramsChanged(ctx: Ctx): void {
    this.bind(ctx);
    for (let i = 0; i < ctx.paths; i++) {
      this.derive(i, i * this.W);
      this.writeGlobals(i, i * this.W);
    }
  }

  /**
   * Per path: the preset in force copied into the policy block; each channel's open share,
   * customs and licence delays; the constants of the ordering rule and the grey channel.
   */
  private derive(i: number, o: number): void {
    const rec = this.rec;
    const p = this.ctx.p;
    const dt = this.ctx.stepDays;
    const preset = G.PRESETS + this.policy * POLICY_KEYS.length;
    for (let f = 0; f < POLICY_KEYS.length; f++) rec[o + G.POLICY + f] = rec[o + preset + f];
    const pol = o + G.POLICY;
    rec[o + G.GAIN_DEMAND] = smoothingGain(p.demandSmoothingDays[i], dt);
    rec[o + G.GAIN_ARRIVALS] = smoothingGain(p.arrivalSmoothingDays[i], dt);
    rec[o + G.ALPHA] = 1 / p.stockAdjustDays[i];
    rec[o + G.BETA] = p.supplyLineWeight[i];
    rec[o + G.MAX_PLAN] = p.maxPlanningLeadDays[i];
    rec[o + G.RAMP_TRIGGER] = p.rampTriggerDays[i];
    rec[o + G.PATIENCE] = Math.min(1, dt / p.greyPatienceDays[i]);
    rec[o + G.TRIGGER_SPAN] = p.greyTriggerRatio[i] - 1;
    rec[o + G.MAX_LEAD] = p.maxLeadTimeDays[i];
    rec[o + G.GREY_DECAY] = logisticDecay(logisticRatePerDay(rec[pol + PF.greyRampDays]), dt);
    for (const it of this.layout.items) {
      rec[o + it.off + I.P_GREY] = stagePassShare(rec[pol + PF.greyDays], it.stages, dt);
      for (const ch of it.channels) {
        const c = o + ch.off;
        const customs = ch.targeted ? rec[pol + PF.customsDays] : rec[pol + PF.otherCustomsDays];
        const licence = ch.targeted ? rec[pol + PF.licenceDays] : 0;
        rec[c + C.OPEN] = ch.targeted ? rec[pol + PF.openShare] : 1;
        rec[c + C.CUSTOMS_DAYS] = customs;
        rec[c + C.LICENCE_DAYS] = licence;
        rec[c + C.P_CUSTOMS] = stagePassShare(customs, it.stages, dt);
        rec[c + C.P_LICENCE] = stagePassShare(licence, it.stages, dt);
      }
    }
  }

  /** Start: shares, capacities, stocks and full pipelines at the normal flow (README.md, "Start"). */
  private setUpItem(o: number, it: ItemLayout): void {
    const rec = this.rec;
    const dt = this.ctx.stepDays;
    const io = o + it.off;
    const k = it.stages;
    const D = rec[io + I.DEMAND];
    rec[io + I.P_DOMESTIC] = stagePassShare(rec[io + I.DOMESTIC_DAYS], k, dt);
    let shares = 0;
    for (const ch of it.channels) if (ch.startDay === 0) shares += rec[o + ch.off + C.SHARE];
    let normalCap = 0;
    let mix = 0;
    const sq = o + G.PRESETS; // the status-quo preset: what "normal" lead times are measured against
    for (const ch of it.channels) {
      const c = o + ch.off;
      const wFull = shares > 0 ? rec[c + C.SHARE] / shares : 0;
      const w = ch.startDay === 0 ? wFull : 0;
      rec[c + C.W] = w;
      rec[c + C.CAP_FULL] = (1 + rec[c + C.HEADROOM]) * wFull * D;
      rec[c + C.CAP] = ch.startDay === 0 ? rec[c + C.CAP_FULL] : 0;
      rec[c + C.RAMP_DECAY] = logisticDecay(logisticRatePerDay(rec[c + C.RAMP_DAYS]), dt);
      rec[c + C.P_TRANSIT] = stagePassShare(rec[c + C.TRANSIT_DAYS], k, dt);
      const flow = w * D * dt;
      rec[c + C.EXPECTED] = w * D;
      rec[c + C.ARRIVALS] = w * D;
      rec[c + C.STOCK] = ch.stocked ? rec[c + C.COVER_DAYS] * w * D : 0;
      rec[c + C.BB] = rec[c + C.BB_C] = rec[c + C.F] = rec[c + C.F_C] = rec[c + C.GREY_REQ] = rec[c + C.GREY_CONTENT] = rec[c + C.GREY_CONTENT_C] = 0;
      for (let s = 0; s < k; s++) {
        rec[o + ch.transit + s] = steadyStageContent(flow, rec[c + C.P_TRANSIT]);
        rec[o + ch.customs + s] = steadyStageContent(flow, rec[c + C.P_CUSTOMS]);
        rec[o + ch.licence + s] = steadyStageContent(flow, rec[c + C.P_LICENCE]);
        rec[o + ch.grey + s] = 0;
        for (const b of ch.consumerBlocks) rec[o + b + s] = 0;
      }
      rec[c + C.IN_CUSTOMS] = stagesContent(rec, o + ch.customs, k);
      rec[c + C.PIPE] = stagesContent(rec, o + ch.transit, k) + rec[c + C.IN_CUSTOMS] + stagesContent(rec, o + ch.licence, k);
      const normalCustoms = ch.targeted ? rec[sq + PF.customsDays] : rec[sq + PF.otherCustomsDays];
      const normalLicence = ch.targeted ? rec[sq + PF.licenceDays] : 0;
      rec[c + C.LEAD_NORMAL] = ch.stocked ? rec[io + I.DOMESTIC_DAYS] : rec[c + C.TRANSIT_DAYS] + normalCustoms + normalLicence + rec[io + I.DOMESTIC_DAYS];
      rec[c + C.LEAD] = this.quote(o, io, ch);
      normalCap += rec[c + C.CAP];
      mix += w * rec[c + C.COST_INDEX];
    }
    rec[io + I.NORMAL_CAP] = normalCap;
    rec[io + I.MIX0] = mix > 0 ? mix : 1;
    rec[io + I.PRICE] = 1;
    const grey = rec[o + G.POLICY + PF.greyCapacityShare] * rec[io + I.GREY_FACTOR] * D;
    rec[io + I.GREY_CAP] = grey;
    rec[io + I.GREY_CAP0] = grey;
  }

  /**
   * λ: the lead time quoted for an order placed now. From US stock: the delivery time, plus
   * the backlog ahead divided by the rate at which stock arrives when there is a backlog. Made
   * to order: the backlog ahead over the open capacity, plus production, customs, licence and
   * delivery. A closed source quotes the cap.
   */
  private quote(o: number, io: number, ch: ChannelLayout): number {
    const rec = this.rec;
    const c = o + ch.off;
    const cap = rec[o + G.MAX_LEAD];
    const domestic = rec[io + I.DOMESTIC_DAYS];
    let lead: number;
    if (ch.stocked) {
      const bb = rec[c + C.BB];
      lead = bb > DUST ? domestic + bb / rec[c + C.ARRIVALS] : domestic;
    } else {
      const open = this.started[ch.index] === 1 ? rec[c + C.CAP] * rec[c + C.OPEN] : 0;
      lead = open > 0 ? rec[c + C.F] / open + rec[c + C.TRANSIT_DAYS] + rec[c + C.CUSTOMS_DAYS] + rec[c + C.LICENCE_DAYS] + domestic : Infinity;
    }
    return lead < cap ? lead : cap;
  }

  step(ctx: Ctx): void {
    this.ctx = ctx;
    this.setStarted(ctx.day);
    const items = this.layout.items;
    for (let i = 0; i < ctx.paths; i++) {
      const o = i * this.W;
      for (let n = 0; n < items.length; n++) this.stepItem(i, o, items[n]);
      this.writeOutputs(i, o);
    }
  }

  /** One step of an item on path i: orders, production, pipelines, stock, grey channel, quotes. */
  private stepItem(i: number, o: number, it: ItemLayout): void {
    const rec = this.rec;
    const dt = this.ctx.stepDays;
    const io = o + it.off;
    const k = it.stages;
    const D = rec[io + I.DEMAND];
    const gainDemand = rec[o + G.GAIN_DEMAND];
    const gainArrivals = rec[o + G.GAIN_ARRIVALS];
    const alphaS = rec[o + G.ALPHA];
    const beta = rec[o + G.BETA];
    const maxPlan = rec[o + G.MAX_PLAN];
    const patience = rec[o + G.PATIENCE];
    const triggerSpan = rec[o + G.TRIGGER_SPAN];
    const extraCost = rec[o + G.POLICY + PF.extraCostShare];
    const pDomestic = rec[io + I.P_DOMESTIC];
    const channels = it.channels;
    // substitutable items: the market's orders go to the open sources in proportion to capacity
    let openTotal = 0;
    if (it.substitutable) {
      for (let j = 0; j < channels.length; j++) {
        const c = o + channels[j].off;
        openTotal += this.started[channels[j].index] === 1 ? rec[c + C.CAP] * rec[c + C.OPEN] : 0;
      }
    }
    let greyRequests = 0;
    let officialUnits = 0;
    let officialCost = 0;
    for (let j = 0; j < channels.length; j++) {
      const ch = channels[j];
      const c = o + ch.off;
      const buf = this.ch[ch.index];
      const started = this.started[ch.index] === 1;
      const capOpen = started ? rec[c + C.CAP] * rec[c + C.OPEN] : 0;
      const w = it.substitutable && openTotal > 0 ? capOpen / openTotal : rec[c + C.W];
      const market = D * w * dt;
      const own = buf.ordered !== null ? buf.ordered[i] : 0;
      // orders: to US stock (which reorders by anchoring and adjustment) or straight to production
      if (ch.stocked) {
        // the distributor orders on its stock and supply line at the start of the step
        const expected = rec[c + C.EXPECTED] + gainDemand * ((market + own) / dt - rec[c + C.EXPECTED]);
        rec[c + C.EXPECTED] = expected;
        const queue = capOpen > 0 ? rec[c + C.F] / capOpen : maxPlan;
        let lead = queue + rec[c + C.TRANSIT_DAYS] + rec[c + C.CUSTOMS_DAYS] + rec[c + C.LICENCE_DAYS];
        if (lead > maxPlan) lead = maxPlan;
        const stockGap = rec[c + C.COVER_DAYS] * expected - (rec[c + C.STOCK] - rec[c + C.BB]);
        const lineGap = expected * lead - (rec[c + C.F] + rec[c + C.PIPE]);
        rec[c + C.F] += dt * anchoringAdjustmentOrder(expected, stockGap, lineGap, alphaS, beta);
        rec[c + C.BB] += market + own;
        rec[c + C.BB_C] += own;
      } else {
        rec[c + C.F] += market + own;
        rec[c + C.F_C] += own;
      }
      // production at the open capacity, then transit, customs and licence (Erlang stages)
      const backlog = rec[c + C.F];
      const sent = backlog < capOpen * dt ? backlog : capOpen * dt;
      const sentOwn = backlog > 0 ? (sent * rec[c + C.F_C]) / backlog : 0;
      rec[c + C.F] = backlog - sent;
      rec[c + C.F_C] -= sentOwn;
      let arrived = 0;
      // an empty pipeline with nothing sent (a closed source, drained) stays empty: skip it
      if (sent > 0 || rec[c + C.PIPE] > DUST) {
        const crossed = advanceStages(rec, o + ch.transit, k, rec[c + C.P_TRANSIT], sent);
        const cleared = advanceStages(rec, o + ch.customs, k, rec[c + C.P_CUSTOMS], crossed);
        arrived = advanceStages(rec, o + ch.licence, k, rec[c + C.P_LICENCE], cleared);
        rec[c + C.IN_CUSTOMS] += crossed - cleared;
        rec[c + C.PIPE] += sent - arrived;
      }
      let toBuyer = 0;
      if (ch.stocked) {
        rec[c + C.ARRIVALS] += gainArrivals * (arrived / dt - rec[c + C.ARRIVALS]);
        const stock = rec[c + C.STOCK] + arrived;
        const bb = rec[c + C.BB];
        const shipped = stock < bb ? stock : bb;
        toBuyer = bb > 0 ? (shipped * rec[c + C.BB_C]) / bb : 0;
        rec[c + C.STOCK] = stock - shipped;
        rec[c + C.BB] = bb - shipped;
        rec[c + C.BB_C] -= toBuyer;
      } else if (buf.ordered !== null) {
        const a = advanceStages(rec, o + ch.transitC, k, rec[c + C.P_TRANSIT], sentOwn);
        const b = advanceStages(rec, o + ch.customsC, k, rec[c + C.P_CUSTOMS], a);
        toBuyer = advanceStages(rec, o + ch.licenceC, k, rec[c + C.P_LICENCE], b);
      }
      if (buf.delivered !== null) buf.delivered[i] = buf.ordered !== null ? advanceStages(rec, o + ch.domesticC, k, pDomestic, toBuyer) : 0;
      officialUnits += arrived;
      officialCost += arrived * rec[c + C.COST_INDEX] * (ch.targeted ? 1 + extraCost : 1);
      if (started) this.rampCapacity(o, c, ch);
      const lead = this.quote(o, io, ch);
      rec[c + C.LEAD] = lead;
      if (buf.leadTime !== null) buf.leadTime[i] = lead;
      // buyers who wait turn to grey channels: fully if the source is closed, else as its lead time stretches
      const waiting = ch.stocked ? rec[c + C.BB] : rec[c + C.F];
      let trigger = capOpen > 0 ? (lead / rec[c + C.LEAD_NORMAL] - 1) / triggerSpan : 1;
      trigger = trigger < 0 ? 0 : trigger > 1 ? 1 : trigger;
      const req = waiting * trigger * patience;
      rec[c + C.GREY_REQ] = req;
      greyRequests += req;
    }
    this.greyChannel(i, o, it, greyRequests, officialUnits, officialCost);
  }

  /**
   * Capacity: a new plant ramps from 10% to 90% of its full capacity in rampDays from its start
   * day; an open source whose backlog exceeds rampTriggerDays of capacity adds capacity toward
   * maxCapacityMultiple × C_full, logistically (the first tenth of the addition at once).
   */
  private rampCapacity(o: number, c: number, ch: ChannelLayout): void {
    const rec = this.rec;
    const full = rec[c + C.CAP_FULL];
    const cap = rec[c + C.CAP];
    const decay = rec[c + C.RAMP_DECAY];
    if (ch.startDay > 0 && cap < full) {
      rec[c + C.CAP] = logisticStep(cap > RAMP_SEED * full ? cap : RAMP_SEED * full, full, decay);
    } else if (rec[c + C.OPEN] > 0 && rec[c + C.F] > rec[o + G.RAMP_TRIGGER] * cap) {
      const room = (rec[c + C.MAX_MULTIPLE] - 1) * full;
      const added = cap - full;
      rec[c + C.CAP] = full + logisticStep(added > RAMP_SEED * room ? added : RAMP_SEED * room, room, decay);
    }
  }

  /**
   * The grey channel of an item: capacity ramps logistically toward g*·factor·D while buyers seek
   * it; it serves the requests pro rata up to its capacity, taking the orders it fills out of the
   * waiting backlogs (the buyers cancel them), and delivers after the grey delay. Then the price
   * index of the step's deliveries.
   */
  private greyChannel(i: number, o: number, it: ItemLayout, requests: number, officialUnits: number, officialCost: number): void {
    const rec = this.rec;
    const dt = this.ctx.stepDays;
    const io = o + it.off;
    const k = it.stages;
    const pol = o + G.POLICY;
    const ceiling = rec[pol + PF.greyCapacityShare] * rec[io + I.GREY_FACTOR] * rec[io + I.DEMAND];
    let g = rec[io + I.GREY_CAP];
    if (g > ceiling) g = ceiling;
    else if (requests > 0) g = logisticStep(g > RAMP_SEED * ceiling ? g : RAMP_SEED * ceiling, ceiling, rec[o + G.GREY_DECAY]);
    rec[io + I.GREY_CAP] = g;
    const served = requests < g * dt ? requests : g * dt;
    const scale = requests > 0 ? served / requests : 0;
    const pGrey = rec[io + I.P_GREY];
    let greyUnits = 0;
    const channels = it.channels;
    for (let j = 0; j < channels.length; j++) {
      const ch = channels[j];
      const c = o + ch.off;
      const buf = this.ch[ch.index];
      const take = rec[c + C.GREY_REQ] * scale;
      const total = ch.stocked ? C.BB : C.F;
      const own = ch.stocked ? C.BB_C : C.F_C;
      const waiting = rec[c + total];
      const takeOwn = waiting > 0 ? (take * rec[c + own]) / waiting : 0;
      rec[c + total] = waiting - take;
      rec[c + own] -= takeOwn;
      // an empty grey pipeline with nothing entering stays empty (the status quo): skip it
      if (take > 0 || rec[c + C.GREY_CONTENT] > 0) {
        const out = advanceStages(rec, o + ch.grey, k, pGrey, take);
        rec[c + C.GREY_CONTENT] += take - out;
        greyUnits += out;
      }
      if (buf.greyDelivered !== null) {
        let outOwn = 0;
        if (takeOwn > 0 || rec[c + C.GREY_CONTENT_C] > 0) {
          outOwn = advanceStages(rec, o + ch.greyC, k, pGrey, takeOwn);
          rec[c + C.GREY_CONTENT_C] += takeOwn - outOwn;
        }
        buf.greyDelivered[i] = outOwn;
      }
    }
    const units = officialUnits + greyUnits;
    const mix0 = rec[io + I.MIX0];
    if (units > DUST) rec[io + I.PRICE] = (officialCost + greyUnits * mix0 * (1 + rec[pol + PF.greyPremium])) / (units * mix0);
  }

  private writeGlobals(i: number, o: number): void {
    const rec = this.rec;
    this.policyIndex[i] = this.policy;
    this.customsDays[i] = rec[o + G.POLICY + PF.customsDays];
    this.openShare[i] = rec[o + G.POLICY + PF.openShare];
    this.greyDefect[i] = rec[o + G.POLICY + PF.greyDefectShare];
  }

  /**
   * Per item: the consumers' open orders (waiting, in the pipeline, in delivery, in the grey
   * channel), the market's waiting orders, goods in customs, the price index and availability
   * (open capacity and grey over normal).
   */
  private writeOutputs(i: number, o: number): void {
    const rec = this.rec;
    this.writeGlobals(i, o);
    const items = this.layout.items;
    for (let n = 0; n < items.length; n++) {
      const it = items[n];
      const io = o + it.off;
      const out = this.it[n];
      let market = 0;
      let customs = 0;
      let openCap = 0;
      let own = 0;
      const channels = it.channels;
      const k = it.stages;
      for (let j = 0; j < channels.length; j++) {
        const ch = channels[j];
        const c = o + ch.off;
        if (this.ch[ch.index].ordered !== null) {
          own += rec[c + C.BB_C] + rec[c + C.F_C];
          for (let b = 0; b < ch.consumerBlocks.length; b++) own += stagesContent(rec, o + ch.consumerBlocks[b], k);
        }
        market += ch.stocked ? rec[c + C.BB] : rec[c + C.F];
        customs += rec[c + C.IN_CUSTOMS];
        if (this.started[ch.index] === 1) openCap += rec[c + C.CAP] * rec[c + C.OPEN];
      }
      if (out.backlog !== null) out.backlog[i] = own;
      if (out.marketBacklog !== null) out.marketBacklog[i] = market;
      if (out.inCustoms !== null) out.inCustoms[i] = customs;
      out.priceIndex[i] = rec[io + I.PRICE];
      const normal = rec[io + I.NORMAL_CAP] + rec[io + I.GREY_CAP0];
      out.availability[i] = normal > 0 ? (openCap + rec[io + I.GREY_CAP]) / normal : 0;
    }
  }
}
