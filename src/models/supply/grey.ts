import * as erlang from '../../finance/erlang-stages.js';
import * as logistic from '../../finance/logistic-ramp.js';
import { DUST, RAMP_SEED } from './capacity.js';
import type { SupplyKernel } from './kernel.js';
import * as lay from './layout.js';
import type { ChannelLayout, ItemLayout } from './layout.js';

/*
 * The grey market (README.md, "Each step", 7 and 8): buyers who wait turn to grey channels,
 * whose capacity ramps up while they are sought; the price index of the step's deliveries.
 * Imports bound to module constants: the step loop reads plain bindings.
 */
const advanceStages = erlang.advanceStages;
const logisticStep = logistic.logisticStepByDecay;
const C = lay.C;
const G = lay.G;
const I = lay.I;
const PF = lay.PF;

/**
 * Σ q_j: the orders waiting at an item's channels that turn to grey channels this step, each
 * kept in its greyRequests slot: all of them at the patience rate if the source was closed at
 * the start of the step (k.capOpen), else as its lead time λ stretches beyond normal.
 */
function greyRequests(k: SupplyKernel, o: number, it: ItemLayout): number {
  const rec = k.rec;
  const span = rec[o + G.triggerSpan];
  const patience = rec[o + G.patience];
  const channels = it.channels;
  let requests = 0;
  for (let j = 0; j < channels.length; j++) {
    const ch = channels[j];
    const c = o + ch.off;
    const waiting = ch.stocked ? rec[c + C.buyers] : rec[c + C.orders];
    let trigger = k.capOpen[ch.index] > 0 ? (rec[c + C.lead] / rec[c + C.leadNormal] - 1) / span : 1;
    trigger = trigger < 0 ? 0 : trigger > 1 ? 1 : trigger;
    const req = waiting * trigger * patience;
    rec[c + C.greyRequests] = req;
    requests += req;
  }
  return requests;
}

/**
 * The grey channel of an item: buyers who wait turn to it, fully if their source is closed, else
 * as its lead time stretches; its capacity ramps logistically toward g*·factor·D while buyers seek
 * it; it serves the requests pro rata up to its capacity, taking the orders it fills out of the
 * waiting backlogs (the buyers cancel them), and delivers after the grey delay. Then the price
 * index of the step's deliveries.
 */
export function greyChannel(k: SupplyKernel, i: number, o: number, it: ItemLayout): void {
  const requests = greyRequests(k, o, it);
  const officialUnits = k.officialUnits;
  const officialCost = k.officialCost;
  const rec = k.rec;
  const dt = k.ctx.stepDays;
  const io = o + it.off;
  const pol = o + G.policy;
  const ceiling = rec[pol + PF.greyCapacityShare] * rec[io + I.greyFactor] * rec[io + I.demand];
  let g = rec[io + I.greyCap];
  if (g > ceiling) g = ceiling;
  else if (requests > 0) g = logisticStep(g > RAMP_SEED * ceiling ? g : RAMP_SEED * ceiling, ceiling, rec[o + G.greyDecay]);
  rec[io + I.greyCap] = g;
  const served = requests < g * dt ? requests : g * dt;
  const scale = requests > 0 ? served / requests : 0;
  let greyUnits = 0;
  const channels = it.channels;
  for (let j = 0; j < channels.length; j++) greyUnits += serveChannel(k, i, o, channels[j], it.stages, rec[io + I.pGrey], scale);
  const units = officialUnits + greyUnits;
  const mix0 = rec[io + I.mix0];
  if (units > DUST) rec[io + I.price] = (officialCost + greyUnits * mix0 * (1 + rec[pol + PF.greyPremium])) / (units * mix0);
}

/**
 * One channel's share `scale` of its grey requests: taken out of the waiting orders (the
 * consumers' part in proportion), into the grey stages; returns the grey units delivered this
 * step (all buyers) and writes the consumers' part to greyDeliveredUnits.
 */
function serveChannel(k: SupplyKernel, i: number, o: number, ch: ChannelLayout, stages: number, pGrey: number, scale: number): number {
  const rec = k.rec;
  const c = o + ch.off;
  const buf = k.ch[ch.index];
  const take = rec[c + C.greyRequests] * scale;
  const total = ch.stocked ? C.buyers : C.orders;
  const own = ch.stocked ? C.buyersOwn : C.ordersOwn;
  const waiting = rec[c + total];
  const takeOwn = waiting > 0 ? (take * rec[c + own]) / waiting : 0;
  rec[c + total] = waiting - take;
  rec[c + own] -= takeOwn;
  let out = 0;
  // an empty grey pipeline with nothing entering stays empty (the status quo): skip it
  if (take > 0 || rec[c + C.greyContent] > 0) {
    out = advanceStages(rec, o + ch.grey, stages, pGrey, take);
    rec[c + C.greyContent] += take - out;
  }
  if (buf.greyDelivered !== null) {
    let outOwn = 0;
    if (takeOwn > 0 || rec[c + C.greyContentOwn] > 0) {
      outOwn = advanceStages(rec, o + ch.greyOwn, stages, pGrey, takeOwn);
      rec[c + C.greyContentOwn] += takeOwn - outOwn;
    }
    buf.greyDelivered[i] = outOwn;
  }
  return out;
}
