import { exp } from '../../engine/exp.js';
import { REGIONS, ROW, S, STAGES, type NetworkContext, type NetworkLayout } from './layout.js';

// offsets in the path record (layout.ts) as module constants (see kernel.ts)
const { beta: BETA, relocating: RELOCATING } = S;

/*
 * Machines that relocate between regions. A region below full availability (a ban, an outage)
 * strands the share 1 − a_r of its machines; once it has lasted W days they leave at the rate
 * 1/τ_dec; a share μ of those that would run elsewhere after paying the move is shipped, the rest
 * leave the fleet; the shipment travels an Erlang pipeline of 3 stages with mean L_m, then waits
 * for a site: the other regions energise at most χ·a_r·I_r per year of them, in proportion to
 * a_r·I_r. Equations: README "Relocation". One path's record at rec[o…].
 */

/** Payback time of a move, days: the move's cost C_m adds 1000·C_m/180 USD per PH/s per day to a machine's breakeven. */
export const RELOCATION_PAYBACK_DAYS = 180;

/** The parameter lanes the relocation reads, by path (filled once per step, kept in `prepare`'s scratch). */
export interface RelocationLanes {
  /** a_r by region (US, China/East Asia, Russia/Central Asia, rest of world). */
  availability: Float64Array[];
  /** W, days. */
  wait: Float64Array;
  /** τ_dec, days. */
  decision: Float64Array;
  /** μ. */
  share: Float64Array;
  /** L_m, days. */
  lead: Float64Array;
  /** C_m, USD/TH. */
  cost: Float64Array;
  /** χ, 1/year. */
  hosting: Float64Array;
}

/** The step's relocation lanes from the context's parameters (no allocation: the prepared object is refilled). */
export function relocationLanes(ctx: NetworkContext): RelocationLanes {
  const { p } = ctx;
  const lanes = ctx.prepared.relocation;
  lanes.availability[0] = p.usAvailability;
  lanes.availability[1] = p.chinaAvailability;
  lanes.availability[2] = p.russiaAvailability;
  lanes.availability[3] = p.rowAvailability;
  lanes.wait = p.relocationWaitDays;
  lanes.decision = p.relocationDecisionDays;
  lanes.share = p.relocationShare;
  lanes.lead = p.relocationLeadTimeDays;
  lanes.cost = p.relocationCostUsdPerTh;
  lanes.hosting = p.hostingGrowthPerYear;
  return lanes;
}

/** Whether any region's outage clock is running (it must be reset once availability is back). */
export function outageClockRunning(rec: Float64Array, o: number, L: NetworkLayout): boolean {
  for (let r = 0; r < REGIONS; r++) if (rec[o + L.clock + r] > 0) return true;
  return false;
}

/**
 * One step of relocation on path i at the operators' log hashprice lnHp: stranded machines
 * leave their region, the transit pipeline advances, and the queue is energised within the
 * hosting capacity of the regions that can run. Updates R (rec[RELOCATING]).
 */
export function relocateStep(rec: Float64Array, o: number, L: NetworkLayout, i: number, lanes: RelocationLanes, lnHp: number, days: number): void {
  const K1 = L.classes;
  const transit = o + L.transit;
  const queue = o + L.queue;
  // departures: after W days below full availability, the stranded share leaves at 1/τ_dec
  const leaveRate = 1 - Math.exp(-days / lanes.decision[i]);
  const kappa = (1000 * lanes.cost[i]) / RELOCATION_PAYBACK_DAYS;
  const beta = rec[o + BETA];
  for (let r = 0; r < REGIONS; r++) {
    const a = lanes.availability[r][i];
    const c = o + L.clock + r;
    if (a >= 1) {
      rec[c] = 0;
      continue;
    }
    rec[c] += days;
    if (rec[c] <= lanes.wait[i]) continue;
    const leave = leaveRate * (1 - a);
    const inst = o + L.installed[r];
    for (let k = 0; k < K1; k++) {
      const x = rec[inst + k] * leave;
      rec[inst + k] -= x;
      // moved if it runs abroad after paying the move: breakeven at the rest of the world's power price plus κ
      const runsAbroad = 1 / (1 + exp(beta * (Math.log(Math.exp(rec[o + L.lnCost[ROW] + k]) + kappa) - lnHp)));
      rec[transit + k] += x * lanes.share[i] * runsAbroad;
    }
  }
  // transit: Erlang stages, each passing 1 − e^(−3Δ/L_m) of its content on; the last into the queue
  const pass = 1 - Math.exp((-STAGES * days) / lanes.lead[i]);
  for (let k = 0; k < K1; k++) {
    let inflow = 0;
    for (let s = 0; s < STAGES; s++) {
      const at = transit + s * K1 + k;
      const out = rec[at] * pass;
      rec[at] += inflow - out;
      inflow = out;
    }
    rec[queue + k] += inflow;
  }
  // sites: each region can energise χ·Δ/365·a_r·I_r of relocated machines, shared by a_r·I_r
  let capacity = 0;
  let waiting = 0;
  for (let k = 0; k < K1; k++) waiting += rec[queue + k];
  if (waiting > 0) {
    const perDay = (lanes.hosting[i] * days) / 365;
    for (let r = 0; r < REGIONS; r++) capacity += perDay * lanes.availability[r][i] * regionInstalled(rec, o, L, r);
    const f = capacity > 0 ? Math.min(1, capacity / waiting) : 0;
    for (let r = 0; r < REGIONS && capacity > 0; r++) {
      const w = (perDay * lanes.availability[r][i] * regionInstalled(rec, o, L, r)) / capacity;
      if (w <= 0) continue;
      const inst = o + L.installed[r];
      for (let k = 0; k < K1; k++) rec[inst + k] += f * rec[queue + k] * w;
    }
    for (let k = 0; k < K1; k++) rec[queue + k] *= 1 - f;
  }
  let total = 0;
  for (let j = 0; j < STAGES * K1; j++) total += rec[transit + j];
  for (let k = 0; k < K1; k++) total += rec[queue + k];
  rec[o + RELOCATING] = total;
}

/** Σ_k I_{r,k}: region r's installed capacity. */
function regionInstalled(rec: Float64Array, o: number, L: NetworkLayout, r: number): number {
  let s = 0;
  for (let k = 0; k < L.classes; k++) s += rec[o + L.installed[r] + k];
  return s;
}
