import * as erlang from '../../finance/erlang-stages.js';
import type { MiningKernel } from './kernel.js';
import * as L from './layout.js';
import { COMPONENTS, SITE_COMPONENTS } from './params.js';

/*
 * The step's last pass over the rig groups, after the repairs (README.md, "Equations", 4 to
 * 6, and the outputs): the centre's repairs of the step finished, curtailment, and every sum
 * over the groups the rest of the step reads (the accounts, the fleet's outputs, the rigs
 * waiting for each part channel). Imports bound to module constants: the step loop reads plain
 * bindings.
 */
const advanceStages = erlang.advanceStages;
const S = L.S;
const GR = L.GR;
const GL = L.GL;
const K = L.K;
const HASH_BOARD = COMPONENTS.indexOf('hashBoard');
// fleetPass reads a group's states one by one, in S's slot order: two Erlang stages a trip,
// three site components (a change of the states must change it too)
if (K !== 2 || SITE_COMPONENTS.length !== 3 || S.retired !== 16 || HASH_BOARD !== 3) throw new Error('mining/fleet.ts: the rig states changed: update fleetPass');

/** USD per (PH/s)/day of power per J/TH per USD/kWh: 1 PH/s at ε J/TH draws ε kW, 24ε kWh a day. */
export const POWER_PER_PH_DAY = 24;
const TH_PER_EH = 1e6;

/**
 * One pass over the groups of path i that have held a rig (the others' states are all 0: they
 * add nothing to any sum). With `repairs` (the step; not at init) the centre first finishes
 * k.centreShare of each group's rigs in repair (a share `scrapShare` retired, the rest shipped
 * back, Erlang). Then curtailment: a group's healthy rigs run while hashprice net of the pool
 * fee covers their power, HP·(1 − f) ≥ 24·ε·p·(1 + overhead). Then the sums: running PH/s,
 * power and installed PH/s for `account` (k.runningPh, k.powerKw, k.installedPh), the rigs
 * waiting for each part channel for the spares orders and phase 2 (k.waiting: on site those
 * awaiting the part, at the centre those on the way or waiting there), and the fleet's outputs
 * (the state counts, hashrate and its share of the start, phase 3).
 *
 * Each sum adds the same terms in the same (group) order as a pass of its own did, and no
 * later part of the step changes a rig state, so the outputs are those of a pass at the end.
 */
export function fleetPass(k: MiningKernel, i: number, o: number, repairs: boolean): void {
  const rec = k.rec;
  const p = k.ctx.p;
  const groups = k.layout.groups;
  const out = k.out;
  const X = k.X;
  const waiting = k.waiting;
  for (let n = 0; n < waiting.length; n++) waiting[n] = 0;
  const share = k.centreShare;
  const scrap = p.scrapShare[i];
  const pShip = rec[o + GL.pShip];
  const net = k.hp * (1 - p.poolFeeShare[i]);
  const price = rec[o + GL.powerPrice];
  let runningPh = 0;
  let powerKw = 0;
  let installedPh = 0;
  let opTh = 0;
  let healthyTh = 0;
  let op = 0;
  let cur = 0;
  let wait = 0;
  let fix = 0;
  let centre = 0;
  let customs = 0;
  let retired = 0;
  for (let gi = 0; gi < groups.length; gi++) {
    const g = groups[gi];
    const go = o + g.off;
    if (rec[go + GR.live] === 0) continue;
    if (repairs) {
      const done = rec[go + S.centreRepair] * share;
      rec[go + S.centreRepair] -= done;
      rec[go + S.retired] += done * scrap;
      rec[go + S.operating] += advanceStages(rec, go + S.fromCentre, K, pShip, done * (1 - scrap));
    }
    const healthy = rec[go + S.operating] + rec[go + S.curtailed];
    const runs = net >= POWER_PER_PH_DAY * g.jPerTh * price;
    const gOp = runs ? healthy : 0;
    const gCur = runs ? 0 : healthy;
    rec[go + S.operating] = gOp;
    rec[go + S.curtailed] = gCur;
    // the group's states, each read once (the sums below add them in the order of separate passes)
    const w0 = rec[go + S.wait];
    const w1 = rec[go + S.wait + 1];
    const w2 = rec[go + S.wait + 2];
    const onSite = rec[go + S.onSiteRepair];
    const to0 = rec[go + S.toCentre];
    const to1 = rec[go + S.toCentre + 1];
    const cWait = rec[go + S.centreWait];
    const cRepair = rec[go + S.centreRepair];
    const from0 = rec[go + S.fromCentre];
    const from1 = rec[go + S.fromCentre + 1];
    const ab0 = rec[go + S.abroad];
    const ab1 = rec[go + S.abroad + 1];
    const cu0 = rec[go + S.customs];
    const cu1 = rec[go + S.customs + 1];
    // the accounts: running and installed (every state but retired, in slot order) PH/s
    const ph = g.phPerUnit;
    runningPh += gOp * ph;
    powerKw += gOp * ph * g.jPerTh;
    // added left to right, as the pass over the slots did (its leading 0 + changes no sum)
    const alive = gOp + gCur + w0 + w1 + w2 + onSite + to0 + to1 + cWait + cRepair + from0 + from1 + ab0 + ab1 + cu0 + cu1;
    installedPh += alive * ph;
    // the rigs waiting for each part channel (stagesContent: 0 + first + second)
    const toCentre = 0 + to0 + to1 + cWait;
    const parts = g.parts;
    waiting[parts[0]] += w0;
    waiting[parts[1]] += w1;
    waiting[parts[2]] += w2;
    waiting[parts[HASH_BOARD]] += toCentre;
    // the fleet's outputs
    op += gOp;
    cur += gCur;
    wait = wait + w0 + w1 + w2;
    fix += onSite;
    centre += toCentre + cRepair + (0 + from0 + from1) + (0 + ab0 + ab1);
    customs += 0 + cu0 + cu1;
    retired += rec[go + S.retired];
    opTh += gOp * g.thPerUnit;
    healthyTh += (gOp + gCur) * g.thPerUnit;
  }
  k.runningPh = runningPh;
  k.powerKw = powerKw;
  k.installedPh = installedPh;
  const h0 = rec[o + GL.h0];
  const healthyShare = h0 > 0 ? healthyTh / h0 : 1;
  out[X.operatingHashrateEh][i] = opTh / TH_PER_EH;
  out[X.hashrateShareOfStart][i] = healthyShare;
  out[X.operatingRigs][i] = op;
  out[X.curtailedRigs][i] = cur;
  out[X.awaitingPartRigs][i] = wait;
  out[X.onSiteRepairRigs][i] = fix;
  out[X.atRepairCentreRigs][i] = centre;
  out[X.inCustomsRigs][i] = customs;
  out[X.retiredRigs][i] = retired;
  out[X.brokenRigs][i] = wait + fix + centre + customs;
  out[X.hashrateBelowThreshold][i] = healthyShare < p.hashrateThreshold[i] ? 1 : 0;
}
