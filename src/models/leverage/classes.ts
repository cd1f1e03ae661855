import type { ModelContext } from '../../engine/model.js';
import { CLASS, SCALARS as S, type LeverageRun } from './layout.js';
import type { LeverageParams, LeverageShare } from './params.js';

/*
 * The leverage classes and the constants of each path that depend only on its parameters,
 * derived from ctx.p after init and after every scheduled set (paramsChanged): the classes are
 * the union of the three mixes in force, so a scheduled mix may use any leverages (the record
 * has room for classCapacity classes in state.classes, layout.ts), and the venues’ own mixes
 * join them.
 */

type Ctx = ModelContext<LeverageParams, LeverageRun>;

/**
 * Fills run's classes from the mixes in force: J leverages ascending (the model's three mixes
 * and the venues' own), each mix's normalised weights; a venue without a mix of its own takes
 * the model's.
 */
export function setMixes(run: LeverageRun, p: Pick<Ctx['p'], 'longLeverageMix' | 'shortLeverageMix' | 'postFlushLeverageMix'>): void {
  const venueMixes = run.venueSpecs.flatMap((v) => [v.longLeverageMix ?? [], v.shortLeverageMix ?? []]);
  const mixes = [p.longLeverageMix, p.shortLeverageMix, p.postFlushLeverageMix, ...venueMixes];
  const classes = [...new Set(mixes.flat().map((c) => c.leverage))].sort((a, b) => a - b);
  run.J = classes.length;
  run.leverage.fill(0);
  run.leverage.set(classes);
  run.venueSpecs.forEach((v, u) => {
    weights(run.wLong, u * run.capacity, v.longLeverageMix ?? p.longLeverageMix, classes);
    weights(run.wShort, u * run.capacity, v.shortLeverageMix ?? p.shortLeverageMix, classes);
  });
  weights(run.wFlush, 0, p.postFlushLeverageMix, classes);
}

/** A mix's shares normalised to sum 1, per class (0 for classes it does not list), at w[from …]. */
function weights(w: Float64Array, from: number, mix: LeverageShare[], classes: number[]): void {
  w.fill(0, from, from + classes.length);
  let total = 0;
  for (const c of mix) total += c.share;
  for (const c of mix) w[from + classes.indexOf(c.leverage)] = c.share / total;
}

/** Per path: turnover, rebuild, flush-memory and impact-relaxation factors, bankruptcy factors and each class's liquidation offsets. */
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
    const c = i * run.classesWidth;
    const mmr = p.maintenanceMarginRate[i];
    rec[g + S.turnover] = 1 - Math.exp(-d / p.holdingDays[i]);
    rec[g + S.rebuild] = 1 - Math.pow(2, -d / p.rebuildHalfLifeDays[i]);
    rec[g + S.mixDecay] = Math.pow(2, -d / p.mixShiftHalfLifeDays[i]);
    rec[g + S.impactKeep] = Math.pow(2, -d / p.impactHalfLifeDays[i]);
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
  run.classesStride = sameForEveryPath(cls, ctx.paths, run.classesWidth, J * CLASS.width) ? 0 : run.classesWidth;
}

/** Whether the first `used` doubles of every path's classes (paths of `width` doubles) are those of path 0, bit for bit. */
export function sameForEveryPath(cls: Float64Array, paths: number, width: number, used: number): boolean {
  for (let i = 1; i < paths; i++) for (let k = 0; k < used; k++) if (!Object.is(cls[i * width + k], cls[k])) return false;
  return true;
}
