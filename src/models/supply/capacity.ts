import * as logistic from '../../finance/logistic-ramp.js';
import type { SupplyKernel } from './kernel.js';
import * as lay from './layout.js';
import type { ChannelLayout, ItemLayout } from './layout.js';

/*
 * Suppliers and their capacity: what is open to US buyers, the logistic ramps (a new plant, an
 * expansion when orders pile up), and the lead time each source quotes (README.md, "Each step",
 * 5 and 6). Imports bound to module constants: the step loop reads plain bindings.
 */
const logisticStep = logistic.logisticStepByDecay;
const C = lay.C;
const G = lay.G;
const I = lay.I;

/** Share of a ceiling at which a ramp starts (a new plant on its first day, an expansion when triggered). */
export const RAMP_SEED = 0.1;
/** Backlogs below this (units) count as none. */
export const DUST = 1e-9;

/**
 * Σ X·o·s over an item's sources (X·o·s: a channel's capacity open to US buyers now, 0 before its
 * start day): how a substitutable item's market orders are shared.
 */
export function itemOpenCapacity(k: SupplyKernel, o: number, it: ItemLayout): number {
  let total = 0;
  const rec = k.rec;
  const started = k.started;
  const channels = it.channels;
  // X·o·s written out here and in quote: as a shared function V8 left it out of line (4.6% of a
  // supply-and-mining profile)
  for (let j = 0; j < channels.length; j++) {
    const ch = channels[j];
    const c = o + ch.off;
    total += started[ch.index] === 1 ? rec[c + C.cap] * rec[c + C.open] : 0;
  }
  return total;
}

/**
 * Capacity: a new plant ramps from 10% to 90% of its full capacity in rampDays from its start
 * day; an open source whose backlog exceeds rampTriggerDays of capacity adds capacity toward
 * maxCapacityMultiple × C_full, logistically (the first tenth of the addition at once).
 */
function rampCapacity(rec: Float64Array, o: number, c: number, ch: ChannelLayout): void {
  const full = rec[c + C.capFull];
  const cap = rec[c + C.cap];
  const decay = rec[c + C.rampDecay];
  if (ch.startDay > 0 && cap < full) {
    rec[c + C.cap] = logisticStep(cap > RAMP_SEED * full ? cap : RAMP_SEED * full, full, decay);
  } else if (rec[c + C.open] > 0 && rec[c + C.orders] > rec[o + G.rampTrigger] * cap) {
    const room = (rec[c + C.maxMultiple] - 1) * full;
    const added = cap - full;
    rec[c + C.cap] = full + logisticStep(added > RAMP_SEED * room ? added : RAMP_SEED * room, room, decay);
  }
}

/**
 * An item's capacity and quotes after the step's production on path i (record at o): each
 * started source ramps, then quotes its lead time (into leadTimeDays).
 */
export function rampAndQuote(k: SupplyKernel, i: number, o: number, it: ItemLayout): void {
  const rec = k.rec;
  const io = o + it.off;
  const channels = it.channels;
  for (let j = 0; j < channels.length; j++) {
    const ch = channels[j];
    const c = o + ch.off;
    if (k.started[ch.index] === 1) rampCapacity(rec, o, c, ch);
    const lead = quote(k, o, io, ch);
    rec[c + C.lead] = lead;
    const out = k.ch[ch.index].leadTime;
    if (out !== null) out[i] = lead;
  }
}

/**
 * λ: the lead time quoted for an order placed now. From US stock: the delivery time, plus
 * the backlog ahead divided by the rate at which stock arrives when there is a backlog. Made
 * to order: the backlog ahead over the open capacity, plus production, customs, licence and
 * delivery. A closed source quotes the cap.
 */
export function quote(k: SupplyKernel, o: number, io: number, ch: ChannelLayout): number {
  const rec = k.rec;
  const c = o + ch.off;
  const cap = rec[o + G.maxLead];
  const domestic = rec[io + I.domesticDays];
  let lead: number;
  if (ch.stocked) {
    const bb = rec[c + C.buyers];
    lead = bb > DUST ? domestic + bb / rec[c + C.arrivals] : domestic;
  } else {
    const open = k.started[ch.index] === 1 ? rec[c + C.cap] * rec[c + C.open] : 0; // X·o·s
    lead = open > 0 ? rec[c + C.orders] / open + rec[c + C.transitDays] + rec[c + C.customsDays] + rec[c + C.licenceDays] + domestic : Infinity;
  }
  return lead < cap ? lead : cap;
}
