import * as fastExp from '../../engine/exp.js';
import * as runShare from '../../finance/global-games-run-share.js';
import type { LenderBlock } from './block.js';
import * as gate from './gate.js';
import * as layout from './layout.js';
import type { LenderLayout } from './layout.js';

/*
 * Withdrawals and runs (README.md, step 5): ordinary and crash-driven withdrawals, peer halts
 * and the visible run lowering what clients perceive, and the global-games run on stayer
 * coverage; the requests are then paid or queued (gate.ts). Imports bound once (see
 * balance-sheet.ts).
 */
const globalGamesRunShare = runShare.globalGamesRunShare;
const exp = fastExp.exp;
const payOrQueue = gate.payOrQueue;
const LV = layout.LV;
const SG = layout.SG;

/**
 * Clients whose signal of the starting stayer coverage θ₀ is below their threshold are not
 * clients at the start (they would have left): the share Φ((θ* − θ₀)/σ) counts as decided.
 */
export function selectClients(blk: LenderBlock, i: number, l: number): void {
  const L = blk.lenders[l];
  const sg = blk.sg;
  const u = blk.u;
  const ub = i * blk.uW;
  const ks = i * blk.sgW;
  const theta = blk.lv[i * blk.lvW + L.at + LV.theta];
  for (const s of L.segments) {
    const share = globalGamesRunShare(theta, u[ub + s.col.runThreshold], u[ub + s.col.signalNoise]);
    sg[ks + s.at + SG.decided] = share;
    sg[ks + s.at + SG.startShare] = share;
  }
}

/**
 * Withdrawal requests of lender l on path i by segment (two random words per segment from
 * `w`), then payment or the queue (gate.ts). While gated every request is queued.
 */
export function withdrawals(blk: LenderBlock, i: number, l: number, L: LenderLayout, o: number, words: Uint32Array | null, w: number): void {
  const lv = blk.lv;
  const sg = blk.sg;
  const u = blk.u;
  const ub = i * blk.uStride;
  const ks = i * blk.sgW;
  const days = blk.days;
  const gated = lv[o + LV.halted] === 1;
  const theta = perceivedCoverage(blk, i, l, o);
  const d0 = lv[o + LV.d0];
  const neff = lv[o + LV.neff];
  // an extra withdrawal scheduled on this step (shock on lender.<id>.extraWithdrawalsUsd)
  const shock = blk.extraShock[l];
  let extra = shock === null ? 0 : Math.max(0, shock.add[i]);
  let undecidedTotal = 0;
  for (const s of L.segments) undecidedTotal += sg[ks + s.at + SG.dep] - sg[ks + s.at + SG.pending];
  if (!(undecidedTotal > 0)) extra = 0;
  blk.extraUsd = extra;
  let requests = 0;
  let visible = 0;
  let claimsBefore = lv[o + LV.queue];
  // cash in a local over the segments (V8 cannot tell lv from sg: a load and a store each)
  let cash = lv[o + LV.cash];
  // the last segment's θ*, σ and run share: segments alike in both (the built-in ones) share
  // Φ, computed once (a Math.exp, a call into C)
  let lastThreshold = NaN;
  let lastNoise = NaN;
  let share = 0;
  for (const s of L.segments) {
    const k = ks + s.at;
    let dep = sg[k + SG.dep];
    const undecidedBefore = dep - sg[k + SG.pending];
    claimsBefore += dep;
    // clients whose (persistent) private signal is now below the threshold decide to run;
    // those below it at the start were never clients (startShare), so runs follow a fall
    const threshold = u[ub + s.col.runThreshold];
    const noise = u[ub + s.col.signalNoise];
    // ±0 compare equal and give the same share (Φ(±0) = ½; σ = ±0 compares θ with θ*)
    if (threshold !== lastThreshold || noise !== lastNoise) {
      share = globalGamesRunShare(theta, threshold, noise);
      lastThreshold = threshold;
      lastNoise = noise;
    }
    const startShare = sg[k + SG.startShare];
    const stay = startShare < 1 ? Math.min(1, Math.max(0, (1 - share) / (1 - startShare))) : 0;
    let pending = joinRunners(blk, i, k, share, neff, d0, words, w);
    const kappa = u[ub + s.col.runSpeedPerDay];
    const run = pending * (days === 1 ? kappa : 1 - Math.pow(1 - kappa, days));
    pending -= run;
    const undecided = dep - run - pending;
    const w0 = u[ub + s.col.baseWithdrawalPerDay];
    const base = days === 1 ? w0 : 1 - Math.pow(1 - w0, days);
    const crash = u[ub + s.col.crashWithdrawalPerLogFall] * blk.fall;
    const rate = Math.min(1, base + crash);
    const z = words ? blk.ctx.rng.normalFromWord(words[w + 1], i) : 0;
    const lump = lumpiness(rate, (neff * undecided) / d0, z);
    let ordinary = Math.min(undecided, undecided * rate * lump);
    if (extra > 0) ordinary = Math.min(undecided, ordinary + (extra * undecidedBefore) / undecidedTotal);
    // what clients see of the run: runners, crash withdrawals and shocks, not ordinary days
    visible += run + Math.max(0, ordinary - undecided * base * lump);
    dep -= run + ordinary;
    // new deposits replace ordinary withdrawals, from clients who do not doubt the lender
    if (!gated) {
      const inflow = (undecided - ordinary) * base * stay;
      dep += inflow;
      cash += inflow;
    }
    sg[k + SG.dep] = dep;
    sg[k + SG.pending] = pending;
    requests += run + ordinary;
    w += 2;
  }
  lv[o + LV.cash] = cash;
  blk.requestedUsd = requests;
  lv[o + LV.runSeen] = claimsBefore > 0 ? visible / claimsBefore : 0;
  payOrQueue(blk, i, L, o, requests, gated);
}

/**
 * θ_p, the stayer coverage clients perceive: the last θ, less peerHaltShift per peer halted at
 * the end of the previous step, less runVisibility times the run they saw in it.
 */
function perceivedCoverage(blk: LenderBlock, i: number, l: number, o: number): number {
  const lv = blk.lv;
  const p = blk.ctx.p;
  const ol = i * blk.lvW;
  let peers = 0;
  for (let m = 0; m < blk.nL; m++) if (m !== l) peers += lv[ol + blk.lenders[m].at + LV.haltedPrev];
  return lv[o + LV.theta] - p.peerHaltShift[i] * peers - p.runVisibility[i] * lv[o + LV.runSeen];
}

/**
 * When the run share Φ exceeds the share of segment k's clients already decided, the newly
 * decided share of the undecided balance (times lumpiness, random word `w`) joins the pending
 * runners; returns the pending balance.
 */
function joinRunners(blk: LenderBlock, i: number, k: number, share: number, neff: number, d0: number, words: Uint32Array | null, w: number): number {
  const sg = blk.sg;
  let pending = sg[k + SG.pending];
  const decided = sg[k + SG.decided];
  if (share > decided && decided < 1) {
    const fresh = (share - decided) / (1 - decided);
    const undecided = sg[k + SG.dep] - pending;
    const z = words ? blk.ctx.rng.normalFromWord(words[w], i) : 0;
    pending += Math.min(undecided, undecided * fresh * lumpiness(fresh, (neff * undecided) / d0, z));
    sg[k + SG.decided] = share;
  }
  return pending;
}

/**
 * Lumpiness of a withdrawal share q among n effective clients: a mean-one lognormal factor
 * with the coefficient of variation of a Binomial(n, q) share, √((1 − q)/(q·n)); 1 when
 * clients are infinitely many (n = 0 means "not modelled").
 */
export function lumpiness(q: number, n: number, z: number): number {
  if (!(n > 0) || !(q > 0) || q >= 1) return 1;
  const s2 = Math.log(1 + (1 - q) / (q * n));
  return exp(Math.sqrt(s2) * z - 0.5 * s2);
}
