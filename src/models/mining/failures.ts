import { DAYS_PER_YEAR } from '../../engine/calendar.js';
import * as pathRng from '../../engine/rng/path-rng.js';
import * as erlang from '../../finance/erlang-stages.js';
import type { MiningKernel } from './kernel.js';
import * as L from './layout.js';
import type { GroupLayout } from './layout.js';
import { COMPONENTS, SITE_COMPONENTS } from './params.js';

/*
 * Failures and repairs (README.md, "Equations", 1, 3 and 4): components fail among operating
 * rigs; fans, PSUs and control boards are swapped on site from spares, hash boards go through
 * a repair centre (abroad for a share) and back through customs. Imports bound to module
 * constants: the step loop reads plain bindings.
 */
const wordToUniform = pathRng.wordToUniform;
const advanceStages = erlang.advanceStages;
const stagePassShare = erlang.stagePassShare;
const S = L.S;
const GR = L.GR;
const PC = L.PC;
const GL = L.GL;
const CF = L.CF;
const K = L.K;
const HASH_BOARD = COMPONENTS.indexOf('hashBoard');
const N_SITE = SITE_COMPONENTS.length;

/**
 * m_g·(1 + κ·age)·(grey multiplier): what multiplies every component's λ_c for a rig of
 * group g, `days` after the start.
 */
export function ageFactor(k: MiningKernel, i: number, o: number, g: GroupLayout, days: number): number {
  const p = k.ctx.p;
  const age = k.rec[o + g.off + GR.age] + days / DAYS_PER_YEAR;
  return k.rec[o + g.off + GR.failMult] * (1 + p.agingPerYear[i] * age) * (g.grey ? p.greyRigFailureMultiplier[i] : 1);
}

/**
 * Failures among operating rigs (curtailed ones rest) of path i: per group and component a
 * Poisson count with mean N_op·λ·Δ/365, at most the rigs still running. Fans, PSUs and control
 * boards wait for a spare on site; hash boards ship to a repair centre (overseas for a share,
 * while the maker may serve US buyers). `words` holds the step's random words, from `w` the
 * path's, one per group and component in that order (kernel.ts draws them for the block
 * before its per-path loop: no other draw of the step comes from the paths' streams).
 * `ageNow`: the age at the start of the step, in years beyond each group's starting age.
 */
export function failPath(k: MiningKernel, i: number, o: number, words: Uint32Array, w: number, ageNow: number): void {
  const rec = k.rec;
  const p = k.ctx.p;
  const dt = k.dt;
  const rng = k.ctx.rng;
  const slots = k.failureSlots;
  const groups = k.layout.groups;
  const NC = COMPONENTS.length;
  const aging = p.agingPerYear[i];
  const abroad = p.overseasRepairShare[i] * (k.openShare !== null ? k.openShare[i] : 1);
  for (let gi = 0, s = 0; gi < groups.length; gi++, s += NC) {
    const g = groups[gi];
    const go = o + g.off;
    let up = rec[go + S.operating];
    if (!(up > 0)) continue; // an empty cohort (an order not yet delivered): nothing fails
    // λ_c·m_g·(1 + κ·age)·(grey) per rig-day, the age at the start of the step (ageFactor)
    const age = rec[go + GR.age] + ageNow;
    const factor = rec[go + GR.failMult] * (1 + aging * age) * (g.grey ? p.greyRigFailureMultiplier[i] : 1);
    const perDay = (factor * dt) / DAYS_PER_YEAR;
    let toCentre = 0;
    let toAbroad = 0;
    for (let c = 0; c < NC; c++) {
      const mean = up * rec[o + GL.components + c * CF.width + CF.failuresPerYear] * perDay;
      let n = mean > 0 ? rng.poissonFromUniform(mean, wordToUniform(words[w + s + c]), i) : 0;
      if (n > up) n = up;
      up -= n;
      rec[o + slots[s + c]] += n;
      if (c === HASH_BOARD) {
        toAbroad += n * abroad;
        toCentre += n * (1 - abroad);
      } else rec[go + S.wait + c] += n;
    }
    rec[go + S.operating] = up;
    // into the first stage of each trip; the stages advance in repairCentre
    rec[go + S.toCentre] += toCentre;
    rec[go + S.abroad] += toAbroad;
  }
}

/**
 * {@link failPath} for every path of the block from the step's words (`perPath` a path), as
 * the step does (bench/block-kernels.mjs times it against bench/mining-kernel.c).
 */
export function failBlock(k: MiningKernel, paths: number, words: Uint32Array, perPath: number): void {
  const ageNow = (k.ctx.day - k.dt) / DAYS_PER_YEAR;
  for (let i = 0; i < paths; i++) failPath(k, i, i * k.width, words, i * perPath, ageNow);
}

/**
 * On site: spares are issued to the rigs waiting for them (`issue`); the rigs with a part in
 * hand queue for the technicians (capacity technicians × swaps per day), who fix the share
 * k.siteShare of the queue (pro rata; 1 when they keep up, −1 when no rig queues). The fix is
 * applied in repairCentre's pass over the groups, before the rigs' trips advance.
 */
export function repairOnSite(k: MiningKernel, i: number, o: number): void {
  const queue = issue(k, o, true);
  if (!(queue > 0)) {
    k.siteShare = -1;
    return;
  }
  const capacity = k.rec[o + GL.siteCapacity];
  k.siteShare = capacity >= queue ? 1 : capacity / queue;
}

/**
 * The repair centre: rigs ship in (Erlang), wait for a hash board (the centre's stock, ordered
 * through supply), are repaired by the centre's technicians (each model at its own rate;
 * a share is scrapped: k.centreShare of each group's rigs in repair are done this step, the
 * rest of the repair is in fleet.ts) and ship back. Overseas repairs come back through US
 * customs. One pass over the groups fixes the on-site queue (repairOnSite's share), advances
 * the trips and sums the rigs waiting at the centre; a second issues hash boards and sums the
 * technician-days their repairs need.
 */
export function repairCentre(k: MiningKernel, i: number, o: number): void {
  const rec = k.rec;
  const p = k.ctx.p;
  const dt = k.dt;
  const groups = k.layout.groups;
  const pShip = rec[o + GL.pShip];
  const pAbroad = rec[o + GL.pAbroad];
  // the customs days change only with the supply policy: their pass share is derived again only then
  const customsDays = k.customsDays ? k.customsDays[i] : p.fallbackCustomsDays[i];
  if (!(customsDays === rec[o + GL.customsDaysSeen])) {
    rec[o + GL.customsDaysSeen] = customsDays;
    rec[o + GL.pCustoms] = stagePassShare(customsDays, K, dt);
  }
  const pCustoms = rec[o + GL.pCustoms];
  const scrap = p.scrapShare[i];
  const siteShare = k.siteShare;
  const waiting = k.issueWaiting;
  for (let n = 0; n < waiting.length; n++) waiting[n] = 0;
  for (let gi = 0; gi < groups.length; gi++) {
    const g = groups[gi];
    const go = o + g.off;
    if (rec[go + GR.live] === 0) continue;
    if (siteShare >= 0) {
      const fixed = rec[go + S.onSiteRepair] * siteShare;
      rec[go + S.onSiteRepair] -= fixed;
      rec[go + S.operating] += fixed;
    }
    // the first stages already hold this step's new entries (failBlock, receiveRigs): inflow 0
    rec[go + S.centreWait] += advanceStages(rec, go + S.toCentre, K, pShip, 0);
    const back = advanceStages(rec, go + S.abroad, K, pAbroad, 0);
    rec[go + S.retired] += back * scrap;
    rec[go + S.operating] += advanceStages(rec, go + S.customs, K, pCustoms, back * (1 - scrap));
    waiting[g.parts[HASH_BOARD]] += rec[go + S.centreWait];
  }
  const techDays = issue(k, o, false);
  const capacity = rec[o + GL.centreCapacity];
  k.centreShare = techDays > 0 ? (capacity >= techDays ? 1 : capacity / techDays) : 0;
}

/**
 * Issues spares to the rigs waiting for them, pro rata over the groups of each part channel
 * (its maker's), as far as its stock goes: a good part moves its rig on; a defective one (the
 * stock's defective share) is used up and the rig waits on. On site (`site`): every site
 * component, from awaiting the part to the technicians' queue; returns the rigs in that queue.
 * At the centre: hash boards, from waiting at the centre (summed per channel in
 * k.issueWaiting by repairCentre's pass) to in repair; returns the technician-days the rigs in
 * repair need.
 *
 * Every channel in one pass over the groups: per channel the same sums and moves, group by
 * group in the same order, as one pass per channel; a group that has never held a rig (all
 * its states 0) adds nothing and moves nothing, so it is skipped.
 */
function issue(k: MiningKernel, o: number, site: boolean): number {
  const rec = k.rec;
  const groups = k.layout.groups;
  const parts = k.layout.parts;
  const waiting = k.issueWaiting;
  const good = k.issueGood;
  const c0 = site ? 0 : HASH_BOARD;
  const c1 = site ? N_SITE : HASH_BOARD + 1;
  const to = site ? S.onSiteRepair : S.centreRepair;
  if (site) {
    for (let n = 0; n < waiting.length; n++) waiting[n] = 0;
    for (let gi = 0; gi < groups.length; gi++) {
      const g = groups[gi];
      const go = o + g.off;
      if (rec[go + GR.live] === 0) continue;
      for (let c = 0; c < N_SITE; c++) waiting[g.parts[c]] += rec[go + S.wait + c];
    }
  }
  let any = false;
  for (let n = 0; n < parts.length; n++) {
    good[n] = 0;
    if (parts[n].site !== site) continue;
    const c = o + parts[n].off;
    const stock = rec[c + PC.stock];
    const issued = stock < waiting[n] ? stock : waiting[n];
    if (!(issued > 0)) continue;
    const badShare = rec[c + PC.defect] / stock;
    good[n] = issued * (1 - badShare);
    rec[c + PC.stock] = stock - issued;
    rec[c + PC.defect] -= issued * badShare;
    any = true;
  }
  let total = 0;
  for (let gi = 0; gi < groups.length; gi++) {
    const g = groups[gi];
    const go = o + g.off;
    if (rec[go + GR.live] === 0) continue;
    // the group's state `to` in a local: the record is stored once (reads after a store to a
    // typed array are not reused by V8)
    let into = rec[go + to];
    if (any) {
      const gParts = g.parts;
      for (let c = c0; c < c1; c++) {
        const n = gParts[c];
        const gd = good[n];
        // 0 where nothing was issued (and where every part issued was defective: nothing moves)
        if (!(gd > 0)) continue;
        const from = go + (site ? S.wait + c : S.centreWait);
        const x = rec[from];
        const moved = (gd * x) / waiting[n];
        rec[from] = x - moved;
        into += moved;
      }
      rec[go + to] = into;
    }
    total += site ? into : into / g.centreRepairsPerTechDay;
  }
  return total;
}
