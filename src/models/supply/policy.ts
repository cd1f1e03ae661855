import * as aa from '../../finance/anchoring-adjustment.js';
import * as erlang from '../../finance/erlang-stages.js';
import * as logistic from '../../finance/logistic-ramp.js';
import type { SupplyKernel } from './kernel.js';
import * as lay from './layout.js';
import type { Layout } from './layout.js';

/*
 * The policy presets: the preset in force copied into the path's policy block, what it does
 * to each channel (targeted or not), and the per-path constants of the ordering rule and the
 * grey channel — derived once after init and after every scheduled set, so that the step
 * computes no exp or log. Imports bound to module constants: loops read plain bindings.
 */
const stagePassShare = erlang.stagePassShare;
const smoothingGain = aa.smoothingGain;
const logisticDecay = logistic.logisticDecay;
const logisticRatePerDay = logistic.logisticRatePerDay;
const C = lay.C;
const G = lay.G;
const I = lay.I;
const PF = lay.PF;

/** Marks (1) the channels whose source a policy targets, from `supply.targetedSuppliers` as now set. */
export function markTargeted(layout: Layout, targetedSuppliers: readonly string[], out: Uint8Array): void {
  for (const ch of layout.channels) out[ch.index] = targetedSuppliers.includes(ch.source) ? 1 : 0;
}

/**
 * Path i (record at o): the preset in force copied into the policy block; each channel's open
 * share, customs and licence delays; the constants of the ordering rule and the grey channel.
 */
export function applyPolicy(k: SupplyKernel, i: number, o: number): void {
  const rec = k.rec;
  const p = k.ctx.p;
  const dt = k.ctx.stepDays;
  const preset = G.presets + k.policy * PF.width;
  for (let f = 0; f < PF.width; f++) rec[o + G.policy + f] = rec[o + preset + f];
  const pol = o + G.policy;
  rec[o + G.gainDemand] = smoothingGain(p.demandSmoothingDays[i], dt);
  rec[o + G.gainArrivals] = smoothingGain(p.arrivalSmoothingDays[i], dt);
  rec[o + G.alpha] = 1 / p.stockAdjustDays[i];
  rec[o + G.beta] = p.supplyLineWeight[i];
  rec[o + G.maxPlan] = p.maxPlanningLeadDays[i];
  rec[o + G.rampTrigger] = p.rampTriggerDays[i];
  rec[o + G.patience] = Math.min(1, dt / p.greyPatienceDays[i]);
  rec[o + G.triggerSpan] = p.greyTriggerRatio[i] - 1;
  rec[o + G.maxLead] = p.maxLeadTimeDays[i];
  rec[o + G.greyDecay] = logisticDecay(logisticRatePerDay(rec[pol + PF.greyRampDays]), dt);
  for (const it of k.layout.items) {
    rec[o + it.off + I.pGrey] = stagePassShare(rec[pol + PF.greyDays], it.stages, dt);
    for (const ch of it.channels) {
      const c = o + ch.off;
      const targeted = k.targeted[ch.index] === 1;
      const customs = targeted ? rec[pol + PF.customsDays] : rec[pol + PF.otherCustomsDays];
      const licence = targeted ? rec[pol + PF.licenceDays] : 0;
      rec[c + C.open] = targeted ? rec[pol + PF.openShare] : 1;
      rec[c + C.customsDays] = customs;
      rec[c + C.licenceDays] = licence;
      rec[c + C.pCustoms] = stagePassShare(customs, it.stages, dt);
      rec[c + C.pLicence] = stagePassShare(licence, it.stages, dt);
    }
  }
}

/** The preset in force as the model-wide signals of path i (what the mining model reads). */
export function writePolicySignals(k: SupplyKernel, i: number, o: number): void {
  const rec = k.rec;
  k.policyIndex[i] = k.policy;
  k.customsDays[i] = rec[o + G.policy + PF.customsDays];
  k.openShare[i] = rec[o + G.policy + PF.openShare];
  k.greyDefect[i] = rec[o + G.policy + PF.greyDefectShare];
}
