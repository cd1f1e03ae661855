import type { MiningKernel } from './kernel.js';
import * as L from './layout.js';
import { arrivals } from './spares.js';

/*
 * New rigs ordered through supply (README.md, "Equations", 2 and 9): orders placed evenly over
 * their delivery schedule with the model's maker (supply.rig.<maker>.orderedUnits, or a fallback
 * pipeline without a supply model), and deliveries that fill them first come, first served.
 * Imports bound to module constants: the step loop reads plain bindings.
 */
const S = L.S;
const GR = L.GR;
const FB = L.FB;
const OC = L.OC;
const GL = L.GL;

/**
 * New rigs delivered this step fill the maker's orders first come, first served: official
 * ones join the order's cohort, grey ones its grey cohort (defective ones go straight to the
 * repair centre). Unfinanced rigs are paid in cash at delivery.
 */
export function receiveRigs(k: MiningKernel, i: number, o: number): void {
  const rec = k.rec;
  const defect = k.greyDefect ? k.greyDefect[i] : 0;
  let total = 0;
  for (let n = 0; n < k.layout.rigs.length; n++) {
    const rc = k.layout.rigs[n];
    const buf = k.rigs[n];
    const official = arrivals(k, i, buf, o + rc.off + FB.pending, o + rc.off + FB.fallback, k.ctx.p.fallbackRigLeadDays, i);
    const grey = k.greyArrived;
    if (!(official + grey > 0)) continue;
    total += official + grey;
    const index = buf.priceIndex ? buf.priceIndex[i] : 1;
    for (let pass = 0; pass < 2; pass++) {
      let left = pass === 0 ? official : grey;
      for (let j = 0; j < rc.orders.length && left > 0; j++) {
        const ord = k.layout.orders[rc.orders[j]];
        const oo = o + ord.off;
        const last = j === rc.orders.length - 1;
        const take = last ? left : Math.min(left, rec[oo + OC.remaining]);
        if (!(take > 0)) continue;
        left -= take;
        const remaining = rec[oo + OC.remaining] - take;
        rec[oo + OC.remaining] = remaining > 0 ? remaining : 0;
        const go = o + k.layout.groups[pass === 0 ? ord.group : ord.greyGroup].off;
        rec[go + GR.live] = 1;
        if (pass === 0) rec[go + S.operating] += take;
        else {
          rec[go + S.operating] += take * (1 - defect);
          rec[go + S.toCentre] += take * defect;
        }
        if (!ord.spec.financed) k.capex += take * ord.priceUsd * index;
      }
    }
  }
  rec[o + GL.delivered] += total;
}

/** Orders of new rigs, placed evenly over (startDay, startDay + overDays]. */
export function orderRigs(k: MiningKernel, i: number, o: number): void {
  const rec = k.rec;
  const day = k.ctx.day;
  const dt = k.dt;
  for (const ord of k.layout.orders) {
    const { units, startDay, overDays } = ord.spec;
    const from = Math.max(day - dt, startDay);
    const to = Math.min(day, startDay + overDays);
    if (!(to > from)) continue;
    const oo = o + ord.off;
    const placed = day >= startDay + overDays ? units - rec[oo + OC.placed] : (units * (to - from)) / overDays;
    if (!(placed > 0)) continue;
    rec[oo + OC.placed] += placed;
    rec[oo + OC.remaining] += placed;
    const buf = k.rigs[ord.rigChannel];
    if (buf.ordered) buf.ordered[i] += placed;
    else rec[o + k.layout.rigs[ord.rigChannel].off + FB.pending] += placed;
  }
}
