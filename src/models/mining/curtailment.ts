import * as difficulty from '../../finance/constant-difficulty-hashprice.js';
import type { MiningKernel } from './kernel.js';
import { POWER_PER_PH_DAY } from './fleet.js';
import * as L from './layout.js';
import { interestDue } from './loans.js';

/*
 * The market the site sees and its accounts (README.md, "Equations", 5 and 6): the BTC price
 * and hashprice of the step (from the market and network models, or the fallbacks), and what
 * the fleet earns and costs (which groups run is decided in fleet.ts's pass over them).
 * Imports bound to module constants: the step loop reads plain bindings.
 */
const hashpriceAtConstantDifficulty = difficulty.hashpriceAtConstantDifficulty;
const GL = L.GL;

/** BTC price P and hashprice HP of path i (from the market and network models, or the fallbacks); at the start, P₀. */
export function setMarket(k: MiningKernel, i: number, o: number, start: boolean): void {
  const p = k.ctx.p;
  k.P = k.price ? k.price[i] : p.btcPriceUsd[i];
  if (start) k.rec[o + GL.p0] = k.P;
  k.hp = k.hashprice ? k.hashprice[i] : hashpriceAtConstantDifficulty(p.hashpriceUsdPerPhDay[i], k.P, k.rec[o + GL.p0]);
}

/**
 * The step's accounts: revenue, power, other opex, parts, interest; mined BTC kept; cash pays
 * for unfinanced rigs (USD this step, in k.revenue, k.power, k.margin). The running and
 * installed PH/s and the power drawn are fleet.ts's sums (k.runningPh, k.powerKw, k.installedPh).
 */
export function account(k: MiningKernel, i: number, o: number): void {
  const rec = k.rec;
  const p = k.ctx.p;
  const dt = k.dt;
  const runningPh = k.runningPh;
  const powerKw = k.powerKw;
  const installedPh = k.installedPh;
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
