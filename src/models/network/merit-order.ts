import { exp } from '../../engine/exp.js';
import type { ShockLanes } from '../../engine/model.js';
import { CN, S, STAGES, US, type NetworkLayout } from './layout.js';

// offsets in the path record (layout.ts) as module constants: V8 folds a module constant into a
// path loop, not a property load of S nor an imported binding (the step ran 5–10% slower)
const { beta: BETA, wear: WEAR, retire: RETIRE, stageKeep: STAGE_KEEP, orderBase: ORDER_BASE } = S;

/*
 * Hashrate by region from a merit order of fleet classes: the share of a class that runs at a
 * hashprice, entry of new machines through an Erlang order pipeline, exit by wear-out and by
 * retirement of the machines that are off. Every function works on one path's record at rec[o…].
 */

/** Share of the class whose log breakeven is at rec[c] that runs at log hashprice lnHp: 1/(1 + e^(β(ln c − ln HP))). */
export function runningShare(rec: Float64Array, o: number, c: number, lnHp: number): number {
  return 1 / (1 + exp(rec[o + BETA] * (rec[c] - lnHp)));
}

/**
 * Region r's installed capacity at the start: the class mix m scaled so that it runs `target`
 * EH/s at log hashprice lnHp, and its order pipeline full at the delivery rate d₀ (each stage
 * holds d₀·I·Δ/(1 − keep)).
 */
export function installFleet(rec: Float64Array, o: number, L: NetworkLayout, r: number, m: Float64Array, lnHp: number, target: number): void {
  let perUnit = 0;
  for (let k = 0; k < L.classes; k++) perUnit += m[k] * runningShare(rec, o, o + L.lnCost[r] + k, lnHp);
  const scale = perUnit > 0 ? target / perUnit : 0;
  let installed = 0;
  for (let k = 0; k < L.classes; k++) {
    rec[o + L.installed[r] + k] = m[k] * scale;
    installed += m[k] * scale;
  }
  const stage = (rec[o + ORDER_BASE] * installed) / (1 - rec[o + STAGE_KEEP]);
  for (let s = 0; s < STAGES; s++) rec[o + L.pipeline[r] + s] = stage;
}

/**
 * One step of region r's fleet at log hashprice lnHp: returns the operating hashrate of the
 * installed machines (EH/s), then applies wear-out, retirement of the machines that are off,
 * new orders (orderFactor × installed) and the Erlang pipeline's deliveries.
 */
export function regionStep(rec: Float64Array, o: number, L: NetworkLayout, r: number, lnHp: number, orderFactor: number): number {
  const inst = o + L.installed[r];
  const cost = o + L.lnCost[r];
  // β and 1 − wear read once: the loop stores into rec, so V8 reloaded them every class
  // (runningShare's expression inline, same operands in the same order)
  const beta = rec[o + BETA];
  const unworn = 1 - rec[o + WEAR];
  const retire = rec[o + RETIRE];
  const classes = L.classes;
  let running = 0;
  let installed = 0;
  for (let k = 0; k < classes; k++) {
    const x = rec[inst + k];
    const share = 1 / (1 + exp(beta * (rec[cost + k] - lnHp)));
    running += x * share;
    installed += x;
    const keep = unworn - retire * (1 - share);
    rec[inst + k] = keep > 0 ? x * keep : 0;
  }
  // Erlang stages: each passes 1 − e^(−3Δ/L) of its content on; the last delivers new machines
  const pipe = o + L.pipeline[r];
  const pass = 1 - rec[o + STAGE_KEEP];
  let inflow = orderFactor * installed;
  for (let s = 0; s < STAGES; s++) {
    const held = rec[pipe + s];
    const out = held * pass;
    rec[pipe + s] = held + (inflow - out);
    inflow = out;
  }
  rec[inst + L.classes - 1] += inflow;
  return running;
}

/**
 * Scheduled shocks to `network.hashrateEh` (every region, `total`), `network.usHashrateEh` (the
 * US, `us`) or `network.chinaHashrateEh` (China/East Asia, `cn`): installed capacity is scaled
 * by m + a/H, H the operating hashrate of the previous step (hAll, hUs, hCn), so the operating
 * hashrate moves by ×m + a at unchanged hashprice, and the capacity stays lost (or gained)
 * afterwards: a shock destroys or adds machines; a ban that strands them is an availability.
 */
export function shockCapacity(
  rec: Float64Array,
  L: NetworkLayout,
  paths: number,
  total: ShockLanes | null,
  us: ShockLanes | null,
  cn: ShockLanes | null,
  hAll: Float64Array,
  hUs: Float64Array,
  hCn: Float64Array,
): void {
  const factor = (s: ShockLanes, h: number, i: number) => (h > 0 ? s.multiply[i] + s.add[i] / h : s.multiply[i]);
  for (let i = 0; i < paths; i++) {
    const o = i * L.width;
    const fAll = total !== null ? factor(total, hAll[i], i) : 1;
    const fUs = fAll * (us !== null ? factor(us, hUs[i], i) : 1);
    const fCn = fAll * (cn !== null ? factor(cn, hCn[i], i) : 1);
    for (let r = 0; r < L.installed.length; r++) {
      const f = Math.max(0, r === US ? fUs : r === CN ? fCn : fAll);
      for (let k = 0; k < L.classes; k++) rec[o + L.installed[r] + k] *= f;
    }
  }
}
