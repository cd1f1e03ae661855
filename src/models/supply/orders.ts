import * as aa from '../../finance/anchoring-adjustment.js';
import * as erlang from '../../finance/erlang-stages.js';
import { DUST } from './capacity.js';
import type { SupplyKernel } from './kernel.js';
import * as lay from './layout.js';
import type { ItemLayout } from './layout.js';

/*
 * Orders and the pipeline (README.md, "Each step", 1 to 4): buyers' orders go to US stock
 * (which reorders by anchoring and adjustment) or straight to production; production at the
 * open capacity enters the Erlang stages of transit, customs and licence; what arrives fills
 * the stock's backlog or the consumers' orders, who receive it after the domestic delivery.
 * Imports bound to module constants: the step loop reads plain bindings.
 */
const advanceStages = erlang.advanceStages;
const anchoringAdjustmentOrder = aa.anchoringAdjustmentOrder;
const C = lay.C;
const G = lay.G;
const I = lay.I;

/**
 * An item's orders and pipeline on path i (record at o), per channel: the market's orders m
 * and the consumers' own go to the US stock's backlog B (the distributor first reorders, see
 * {@link reorder}) or, made to order, to production's F; production at the open capacity
 * enters the transit, customs and licence stages; what arrives fills B (from stock) or the
 * consumers' orders (made to order), whose units then take the domestic delivery into
 * deliveredUnits. Keeps each channel's open capacity at the start of the step in k.capOpen (the
 * grey trigger uses it), and the official units that arrived and their cost in k.officialUnits
 * and k.officialCost (the price index). One function: the per-channel work stays in one
 * compiled loop (split into calls, it ran 20% slower).
 */
export function ordersAndPipeline(k: SupplyKernel, i: number, o: number, it: ItemLayout, openTotal: number): void {
  const rec = k.rec;
  const dt = k.ctx.stepDays;
  const D = rec[o + it.off + I.demand];
  const pDomestic = rec[o + it.off + I.pDomestic];
  const extraCost = rec[o + G.policy + lay.PF.extraCostShare];
  const stages = it.stages;
  const channels = it.channels;
  const started = k.started;
  const capOpens = k.capOpen;
  const targeted = k.targeted;
  const bufs = k.ch;
  let officialUnits = 0;
  let officialCost = 0;
  for (let j = 0; j < channels.length; j++) {
    const ch = channels[j];
    const c = o + ch.off;
    const buf = bufs[ch.index];
    const capOpen = started[ch.index] === 1 ? rec[c + C.cap] * rec[c + C.open] : 0;
    capOpens[ch.index] = capOpen;
    // substitutable items: the market's orders go to the open sources in proportion to capacity
    const w = it.substitutable && openTotal > 0 ? capOpen / openTotal : rec[c + C.w];
    const market = D * w * dt;
    const own = buf.ordered !== null ? buf.ordered[i] : 0;
    if (ch.stocked) {
      reorder(rec, o, c, market + own, capOpen, dt);
      rec[c + C.buyers] += market + own;
      rec[c + C.buyersOwn] += own;
    } else {
      rec[c + C.orders] += market + own;
      rec[c + C.ordersOwn] += own;
    }
    // production at the open capacity, then transit, customs and licence (Erlang stages)
    const backlog = rec[c + C.orders];
    const sent = backlog < capOpen * dt ? backlog : capOpen * dt;
    const sentOwn = backlog > 0 ? (sent * rec[c + C.ordersOwn]) / backlog : 0;
    rec[c + C.orders] = backlog - sent;
    rec[c + C.ordersOwn] -= sentOwn;
    let arrived = 0;
    // an empty pipeline with nothing sent (a closed source, drained) stays empty: skip it
    if (sent > 0 || rec[c + C.pipe] > DUST) {
      const crossed = advanceStages(rec, o + ch.transit, stages, rec[c + C.pTransit], sent);
      const cleared = advanceStages(rec, o + ch.customs, stages, rec[c + C.pCustoms], crossed);
      arrived = advanceStages(rec, o + ch.licence, stages, rec[c + C.pLicence], cleared);
      rec[c + C.inCustoms] += crossed - cleared;
      rec[c + C.pipe] += sent - arrived;
    }
    let toBuyer = 0;
    if (ch.stocked) {
      rec[c + C.arrivals] += rec[o + G.gainArrivals] * (arrived / dt - rec[c + C.arrivals]);
      const stock = rec[c + C.stock] + arrived;
      const bb = rec[c + C.buyers];
      const shipped = stock < bb ? stock : bb;
      toBuyer = bb > 0 ? (shipped * rec[c + C.buyersOwn]) / bb : 0;
      rec[c + C.stock] = stock - shipped;
      rec[c + C.buyers] = bb - shipped;
      rec[c + C.buyersOwn] -= toBuyer;
    } else if (buf.ordered !== null) {
      const a = advanceStages(rec, o + ch.transitOwn, stages, rec[c + C.pTransit], sentOwn);
      const b = advanceStages(rec, o + ch.customsOwn, stages, rec[c + C.pCustoms], a);
      toBuyer = advanceStages(rec, o + ch.licenceOwn, stages, rec[c + C.pLicence], b);
    }
    if (buf.delivered !== null) buf.delivered[i] = buf.ordered !== null ? advanceStages(rec, o + ch.domesticOwn, stages, pDomestic, toBuyer) : 0;
    officialUnits += arrived;
    officialCost += arrived * rec[c + C.costIndex] * (targeted[ch.index] === 1 ? 1 + extraCost : 1);
  }
  k.officialUnits = officialUnits;
  k.officialCost = officialCost;
}

/**
 * The distributor of a stocked channel (record at c) orders from production at the start of the
 * step, on its stock and supply line, by anchoring and adjustment: L̂ smoothed toward the step's
 * orders, λ̂ the planning lead time, R added to F.
 */
function reorder(rec: Float64Array, o: number, c: number, ordered: number, capOpen: number, dt: number): void {
  const maxPlan = rec[o + G.maxPlan];
  const expected = rec[c + C.expected] + rec[o + G.gainDemand] * (ordered / dt - rec[c + C.expected]);
  rec[c + C.expected] = expected;
  const queue = capOpen > 0 ? rec[c + C.orders] / capOpen : maxPlan;
  let lead = queue + rec[c + C.transitDays] + rec[c + C.customsDays] + rec[c + C.licenceDays];
  if (lead > maxPlan) lead = maxPlan;
  const stockGap = rec[c + C.coverDays] * expected - (rec[c + C.stock] - rec[c + C.buyers]);
  const lineGap = expected * lead - (rec[c + C.orders] + rec[c + C.pipe]);
  rec[c + C.orders] += dt * anchoringAdjustmentOrder(expected, stockGap, lineGap, rec[o + G.alpha], rec[o + G.beta]);
}
