import * as aa from '../../finance/anchoring-adjustment.js';
import * as erlang from '../../finance/erlang-stages.js';
import { DUST } from './capacity.js';
import type { SupplyKernel } from './kernel.js';
import * as lay from './layout.js';
import type { ChannelLayout } from './layout.js';

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

/**
 * A channel's (record at c) orders of the step: the market's m and the consumers' own, to the
 * US stock's backlog B — the distributor first reorders on its stock and supply line at the
 * start of the step — or, made to order, to production's F.
 */
export function placeOrders(rec: Float64Array, o: number, c: number, stocked: boolean, market: number, own: number, capOpen: number, dt: number): void {
  if (!stocked) {
    rec[c + C.orders] += market + own;
    rec[c + C.ordersOwn] += own;
    return;
  }
  const maxPlan = rec[o + G.maxPlan];
  const expected = rec[c + C.expected] + rec[o + G.gainDemand] * ((market + own) / dt - rec[c + C.expected]);
  rec[c + C.expected] = expected;
  const queue = capOpen > 0 ? rec[c + C.orders] / capOpen : maxPlan;
  let lead = queue + rec[c + C.transitDays] + rec[c + C.customsDays] + rec[c + C.licenceDays];
  if (lead > maxPlan) lead = maxPlan;
  const stockGap = rec[c + C.coverDays] * expected - (rec[c + C.stock] - rec[c + C.buyers]);
  const lineGap = expected * lead - (rec[c + C.orders] + rec[c + C.pipe]);
  rec[c + C.orders] += dt * anchoringAdjustmentOrder(expected, stockGap, lineGap, rec[o + G.alpha], rec[o + G.beta]);
  rec[c + C.buyers] += market + own;
  rec[c + C.buyersOwn] += own;
}

/**
 * Production at the open capacity, then transit, customs and licence (Erlang stages); what
 * arrives fills the stock's backlog (from stock) or the consumers' orders (made to order), and
 * the consumers' units take the domestic delivery into deliveredUnits. Returns the units that
 * arrived (all buyers).
 */
export function produceAndDeliver(k: SupplyKernel, i: number, o: number, ch: ChannelLayout, stages: number, capOpen: number, pDomestic: number): number {
  const rec = k.rec;
  const dt = k.ctx.stepDays;
  const c = o + ch.off;
  const buf = k.ch[ch.index];
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
  return arrived;
}
