import * as difficulty from '../../finance/constant-difficulty-hashprice.js';
import type { MiningKernel } from './kernel.js';
import * as L from './layout.js';
import { interestDue } from './loans.js';

/*
 * Curtailment on hashprice and the site's accounts (README.md, "Equations", 5 and 6): the BTC
 * price and hashprice of the step (from the market and network models, or the fallbacks), which
 * groups run, and what they earn and cost. Imports bound to module constants: the step loop
 * reads plain bindings.
 */
const hashpriceAtConstantDifficulty = difficulty.hashpriceAtConstantDifficulty;
const S = L.S;
const GR = L.GR;
const GL = L.GL;

/** USD per (PH/s)/day of power per J/TH per USD/kWh: 1 PH/s at ε J/TH draws ε kW, 24ε kWh a day. */
const POWER_PER_PH_DAY = 24;
const TH_PER_PH = 1000;

/** BTC price P and hashprice HP of path i (from the market and network models, or the fallbacks); at the start, P₀. */
export function setMarket(k: MiningKernel, i: number, o: number, start: boolean): void {
  const p = k.ctx.p;
  k.P = k.price ? k.price[i] : p.btcPriceUsd[i];
  if (start) k.rec[o + GL.p0] = k.P;
  k.hp = k.hashprice ? k.hashprice[i] : hashpriceAtConstantDifficulty(p.hashpriceUsdPerPhDay[i], k.P, k.rec[o + GL.p0]);
}

/** Healthy rigs of a group run while hashprice net of the pool fee covers their power: HP·(1 − f) ≥ 24·ε·p·(1 + overhead). */
export function curtail(k: MiningKernel, i: number, o: number): void {
  const rec = k.rec;
  const p = k.ctx.p;
  const net = k.hp * (1 - p.poolFeeShare[i]);
  const price = p.powerUsdPerKwh[i] * (1 + p.powerOverheadShare[i]);
  for (const g of k.layout.groups) {
    const go = o + g.off;
    if (rec[go + GR.live] === 0) continue;
    const healthy = rec[go + S.operating] + rec[go + S.curtailed];
    const runs = net >= POWER_PER_PH_DAY * g.jPerTh * price;
    rec[go + S.operating] = runs ? healthy : 0;
    rec[go + S.curtailed] = runs ? 0 : healthy;
  }
}

/**
 * The step's accounts: revenue, power, other opex, parts, interest; mined BTC kept; cash pays
 * for unfinanced rigs (USD this step, in k.revenue, k.power, k.margin).
 */
export function account(k: MiningKernel, i: number, o: number): void {
  const rec = k.rec;
  const p = k.ctx.p;
  const dt = k.dt;
  let runningPh = 0;
  let powerKw = 0;
  let installedPh = 0;
  for (const g of k.layout.groups) {
    const go = o + g.off;
    if (rec[go + GR.live] === 0) continue;
    const ph = g.thPerUnit / TH_PER_PH;
    runningPh += rec[go + S.operating] * ph;
    powerKw += rec[go + S.operating] * ph * g.jPerTh;
    let alive = 0;
    for (let s = 0; s < S.retired; s++) alive += rec[go + s];
    installedPh += alive * ph;
  }
  const revenue = runningPh * k.hp * (1 - p.poolFeeShare[i]) * dt;
  const power = powerKw * POWER_PER_PH_DAY * p.powerUsdPerKwh[i] * (1 + p.powerOverheadShare[i]) * dt;
  const margin = revenue - power - p.otherOpexUsdPerPhDay[i] * installedPh * dt - k.partsCost - interestDue(k, o);
  const kept = revenue * p.holdMinedShare[i];
  rec[o + GL.treasury] += k.P > 0 ? kept / k.P : 0;
  rec[o + GL.cash] += margin - kept - k.capex;
  k.revenue = revenue;
  k.power = power;
  k.margin = margin;
}
