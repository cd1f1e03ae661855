import { DAYS_PER_YEAR } from '../../engine/calendar.js';
import * as aa from '../../finance/anchoring-adjustment.js';
import * as erlang from '../../finance/erlang-stages.js';
import { ageFactor } from './failures.js';
import type { ChannelBuffers, MiningKernel } from './kernel.js';
import * as L from './layout.js';

/*
 * Spares and their reordering through supply (README.md, "Equations", 2 and 8): spares on hand
 * at the start, parts delivered (official and grey) into the stock, and the site's orders by
 * anchoring and adjustment, added to supply.<component>.<maker>.orderedUnits (or a fallback
 * pipeline without a supply model). Imports bound to module constants: the step loop reads
 * plain bindings.
 */
const advanceStages = erlang.advanceStages;
const stagePassShare = erlang.stagePassShare;
const anchoringAdjustmentOrder = aa.anchoringAdjustmentOrder;
const S = L.S;
const PC = L.PC;
const FB = L.FB;
const GL = L.GL;
const CF = L.CF;
const FALLBACK_STAGES = L.FALLBACK_STAGES;

/**
 * Spares at the start: initialSparesUnits split over makers by expected use, or
 * initialSparesDays of the expected use; lead times as quoted at the start.
 */
export function setUpParts(k: MiningKernel, i: number, o: number): void {
  const rec = k.rec;
  const parts = k.layout.parts;
  const groups = k.layout.groups;
  const partUse = k.partUse;
  const totalUse = k.totalUse.fill(0);
  for (let n = 0; n < parts.length; n++) {
    const pc = parts[n];
    const rate = rec[o + GL.components + pc.componentIndex * CF.width + CF.failuresPerYear];
    let u = 0;
    for (const gi of pc.groups) u += (rec[o + groups[gi].off + S.operating] * rate * ageFactor(k, i, o, groups[gi], 0)) / DAYS_PER_YEAR;
    partUse[n] = u;
    totalUse[pc.componentIndex] += u;
  }
  for (let n = 0; n < parts.length; n++) {
    const pc = parts[n];
    const c = o + pc.off;
    const col = o + GL.components + pc.componentIndex * CF.width;
    const u = partUse[n];
    for (let s = 0; s < PC.width; s++) rec[c + s] = 0;
    for (let s = 0; s < FB.width; s++) rec[o + pc.fallbackOff + s] = 0;
    rec[c + PC.expected] = u;
    const count = rec[col + CF.initialSparesUnits];
    const total = totalUse[pc.componentIndex];
    rec[c + PC.stock] = count >= 0 ? (total > 0 ? (count * u) / total : count / k.layout.suppliers.length) : rec[col + CF.initialSparesDays] * u;
    const lead = leadOf(k, i, o, n);
    rec[c + PC.lead0] = lead;
    rec[c + PC.lead] = lead;
  }
}

/** The lead time of part channel n now: the supply model's quote, or the fallback. */
function leadOf(k: MiningKernel, i: number, o: number, n: number): number {
  const buf = k.parts[n].leadTime;
  return buf ? buf[i] : k.rec[o + GL.components + k.layout.parts[n].componentIndex * CF.width + CF.fallbackLeadTimeDays];
}

/**
 * What a channel delivers this step: the supply model's official deliveries (and grey ones,
 * left in k.greyArrived), or without a supply model the orders of the previous step (at
 * `pending`) coming out of a fallback Erlang pipeline (at `pipe`) with the lead time
 * lead[leadAt] (read only then: with a supply model it is not needed).
 */
export function arrivals(k: MiningKernel, i: number, buf: ChannelBuffers, pending: number, pipe: number, lead: Float64Array, leadAt: number): number {
  if (buf.delivered) {
    k.greyArrived = buf.greyDelivered ? buf.greyDelivered[i] : 0;
    return buf.delivered[i];
  }
  const rec = k.rec;
  k.greyArrived = 0;
  const out = advanceStages(rec, pipe, FALLBACK_STAGES, stagePassShare(lead[leadAt], FALLBACK_STAGES, k.dt), rec[pending]);
  rec[pending] = 0;
  return out;
}

/**
 * Parts delivered this step (official and grey; the grey ones carry the supply model's defect
 * share) go to the spares stock and off the supply line; without a supply model, orders
 * placed last step come out of the fallback pipeline.
 */
export function receiveParts(k: MiningKernel, i: number, o: number): void {
  const rec = k.rec;
  const defect = k.greyDefect ? k.greyDefect[i] : 0;
  for (let n = 0; n < k.layout.parts.length; n++) {
    const pc = k.layout.parts[n];
    const c = o + pc.off;
    const buf = k.parts[n];
    const f = o + pc.fallbackOff;
    const official = arrivals(k, i, buf, f + FB.pending, f + FB.fallback, rec, o + GL.components + pc.componentIndex * CF.width + CF.fallbackLeadTimeDays);
    const grey = k.greyArrived;
    const got = official + grey;
    if (!(got > 0)) continue;
    rec[c + PC.stock] += got;
    rec[c + PC.defect] += grey * defect;
    const left = rec[c + PC.onOrder] - got;
    rec[c + PC.onOrder] = left > 0 ? left : 0;
    const index = buf.priceIndex ? buf.priceIndex[i] : 1;
    k.partsCost += got * rec[o + GL.components + pc.componentIndex * CF.width + CF.partUsd] * index;
  }
}

/**
 * Spares reorder by anchoring and adjustment (src/finance/anchoring-adjustment.ts): expected
 * use Û (smoothed failures), net stock = spares − rigs waiting for them (fleet.ts sums them),
 * supply line = on order; S* = c_S·Û, SL* = Û·min(λ, maxPlanningLeadDays). Orders go to supply
 * (read there next step).
 */
export function orderParts(k: MiningKernel, i: number, o: number): void {
  const rec = k.rec;
  const p = k.ctx.p;
  const dt = k.dt;
  const gain = rec[o + GL.gainDemand];
  const alpha = rec[o + GL.stockAdjust];
  const beta = p.supplyLineWeight[i];
  const maxPlan = p.maxPlanningLeadDays[i];
  for (let n = 0; n < k.layout.parts.length; n++) {
    const pc = k.layout.parts[n];
    const c = o + pc.off;
    const use = rec[c + PC.expected] + gain * (rec[c + PC.failures] / dt - rec[c + PC.expected]);
    rec[c + PC.expected] = use;
    rec[c + PC.failures] = 0;
    const waiting = k.waiting[n];
    const lead = leadOf(k, i, o, n);
    rec[c + PC.lead] = lead;
    const cover = rec[o + GL.components + pc.componentIndex * CF.width + CF.sparesCoverDays];
    const order = dt * anchoringAdjustmentOrder(use, cover * use - (rec[c + PC.stock] - waiting), use * Math.min(lead, maxPlan) - rec[c + PC.onOrder], alpha, beta);
    if (!(order > 0)) continue;
    rec[c + PC.onOrder] += order;
    const buf = k.parts[n];
    if (buf.ordered) buf.ordered[i] += order;
    else rec[o + pc.fallbackOff + FB.pending] += order;
  }
}
