import type { ModelContext } from '../../engine/model.js';
import { CLASS, CLASSES_WIDTH, SCALARS as S, type LeverageRun } from './layout.js';
import type { LeverageParams, LeverageShare } from './params.js';

/*
 * The leverage classes and the constants of each path that depend only on its parameters,
 * derived from ctx.p after init and after every scheduled set (paramsChanged): the classes are
 * the union of the three mixes in force, so a scheduled mix may use any leverages (the record
 * has room for CLASS_CAPACITY classes in state.classes, layout.ts).
 */

type Ctx = ModelContext<LeverageParams, LeverageRun>;

/** Fills run's classes from the mixes in force: J leverages ascending, each mix's normalised weights. */
export function setMixes(run: LeverageRun, p: Pick<Ctx['p'], 'longLeverageMix' | 'shortLeverageMix' | 'postFlushLeverageMix'>): void {
  const mixes = [p.longLeverageMix, p.shortLeverageMix, p.postFlushLeverageMix];
  const classes = [...new Set(mixes.flat().map((c) => c.leverage))].sort((a, b) => a - b);
  run.J = classes.length;
  run.leverage.fill(0);
  run.leverage.set(classes);
  weights(run.wLong, p.longLeverageMix, classes);
  weights(run.wShort, p.shortLeverageMix, classes);
  weights(run.wFlush, p.postFlushLeverageMix, classes);
}

/** A mix's shares normalised to sum 1, per class (0 for classes it does not list). */
function weights(w: Float64Array, mix: LeverageShare[], classes: number[]): void {
  w.fill(0);
  let total = 0;
  for (const c of mix) total += c.share;
  for (const c of mix) w[classes.indexOf(c.leverage)] = c.share / total;
}

/** Per path: turnover, rebuild and flush-memory factors, bankruptcy factors and each class's liquidation offsets. */
export function derive(ctx: Ctx): void {
  const { p } = ctx;
  const run = ctx.prepared;
  const rec = ctx.state.path;
  const cls = ctx.state.classes;
  const { W, J, leverage } = run;
  const scalars = run.record.scalars;
  const d = ctx.stepDays;
  for (let i = 0; i < ctx.paths; i++) {
    const g = i * W + scalars;
    const c = i * CLASSES_WIDTH;
    const mmr = p.maintenanceMarginRate[i];
    rec[g + S.turnover] = 1 - Math.exp(-d / p.holdingDays[i]);
    rec[g + S.rebuild] = 1 - Math.pow(2, -d / p.rebuildHalfLifeDays[i]);
    rec[g + S.mixDecay] = Math.pow(2, -d / p.mixShiftHalfLifeDays[i]);
    rec[g + S.bankruptLong] = 1 - mmr;
    rec[g + S.bankruptShort] = 1 + mmr;
    const k = p.leverageMultiplier[i];
    for (let j = 0; j < J; j++) {
      const l = 1 + (leverage[j] - 1) * k;
      // a 1× long is never liquidated: −∞ sends it to the pool
      cls[c + j * CLASS.width + CLASS.long] = l > 1 ? Math.log((1 - 1 / l) / (1 - mmr)) : -Infinity;
      cls[c + j * CLASS.width + CLASS.short] = Math.log((1 + 1 / l) / (1 + mmr));
    }
  }
}
