import { DAYS_PER_YEAR } from '../../engine/calendar.js';
import { AI_FUNDING, ASSET_SALES_FOR_AI, CAPITAL_CALL, DRY_POWDER, LEVEL, PATH, type LiquidityContext } from './layout.js';

// offsets in the path record, bound once: constants in the path loops (layout.ts)
const atStrategicNeed = PATH.strategicNeed;
const atDryPowder = PATH.dryPowder;
const atLevel = PATH.level;
const atLevel0 = PATH.level0;
const atRrp = PATH.rrp;
const atRrpKeep = PATH.rrpKeep;

/**
 * The bathtub (README, "The bathtub" 1–3), every path: the pipes (the reverse repo drains, QE
 * flows in), new dry powder, the AI funding F = K·f·dt and any capital call C, paid from dry
 * powder first and the rest S sold from assets (the strategic funds' need, kept in the record),
 * and the level L ← L + Rel + Q_cb·dt + m·F − S, floored at 1% of L₀.
 */
export function fillBathtub(ctx: LiquidityContext): void {
  const { p } = ctx;
  const rec = ctx.state.path;
  const n = ctx.paths;
  const W = PATH.width;
  const dt = ctx.stepDays / DAYS_PER_YEAR;
  const qe = p.qeUsdPerYear;
  const inflow = p.dryPowderInflowUsdPerYear;
  const capex = p.aiCapexUsdPerYear;
  const funded = p.marketFundedShare;
  const recirculation = p.recirculationShare;
  const callShock = ctx.shock(CAPITAL_CALL);
  const levelOut = ctx.signal(LEVEL);
  const dryOut = ctx.signal(DRY_POWDER);
  const aiOut = ctx.signal(AI_FUNDING);
  const salesOut = ctx.signal(ASSET_SALES_FOR_AI);
  const callOut = ctx.signal(CAPITAL_CALL);
  for (let i = 0; i < n; i++) {
    const o = i * W;
    const levelBefore = rec[o + atLevel];
    const release = rec[o + atRrp] * (1 - rec[o + atRrpKeep]);
    rec[o + atRrp] -= release;
    let level = levelBefore + release + qe[i] * dt;
    rec[o + atDryPowder] += inflow[i] * dt;
    const aiFunding = capex[i] * funded[i] * dt;
    const call = callShock === null ? 0 : callShock.add[i]; // the signal is 0 before the shock: 0·m + a
    const need = aiFunding + call;
    const fromDry = need < rec[o + atDryPowder] ? need : rec[o + atDryPowder];
    rec[o + atDryPowder] -= fromDry;
    const assetSales = need - fromDry;
    level += recirculation[i] * aiFunding - assetSales;
    const floor = 0.01 * rec[o + atLevel0];
    if (level < floor) level = floor;
    rec[o + atLevel] = level;
    rec[o + atStrategicNeed] = assetSales;
    levelOut[i] = level;
    dryOut[i] = rec[o + atDryPowder];
    aiOut[i] = aiFunding;
    salesOut[i] = assetSales;
    callOut[i] = call;
  }
}
