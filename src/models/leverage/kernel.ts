import { DAYS_PER_YEAR } from '../../engine/calendar.js';
import { exp } from '../../engine/exp.js';
import type { ModelContext } from '../../engine/model.js';
import { wordToUniform } from '../../engine/rng/path-rng.js';
import * as bridge from '../../finance/brownian-bridge-extremes.js';
import * as book from './book.js';
import { cascadeDay } from './cascade.js';
import { derive, setMixes } from './classes.js';
import { longBaseFor, shortBaseFor } from './grid.js';
import { CLASS, CLASSES_WIDTH, DRAWDOWN, HIGH, LOW, PEAK, PRICE, RETURN, SCALARS as S, SIGMA_DAILY, VOL, VOLUME, type LeverageRun } from './layout.js';
import { bindOutputs, writeOutputs } from './outputs.js';
import type { LeverageParams } from './params.js';
import { afterFlush } from './rebuild.js';

/*
 * The leverage model over the paths of a block: the starting books (init), the per-path
 * constants (paramsChanged) and the step. README.md has the equations, with the same symbols.
 */

type Ctx = ModelContext<LeverageParams, LeverageRun>;

/** σ of the backward walk of entry prices when no model writes btc.vol: near BTC's long-run ~0.5/√year (the market's calm 0.48). */
const FALLBACK_VOL = 0.5;

/** The classes of the mixes in force and each path's constants, from ctx.p. */
export function paramsChanged(ctx: Ctx): void {
  setMixes(ctx.prepared, ctx.p);
  derive(ctx);
}

/**
 * The starting books: entries over the look-back window (age a = 0 is the start price, a ≥ 1
 * the history, given or a random walk backward at the market's volatility), weight e^{−a/τ};
 * a position survives only if no later price reached its liquidation price. Survivors carry the
 * reported open interest, O₀ contracts a side.
 */
export function init(ctx: Ctx): void {
  paramsChanged(ctx);
  const { p, rng } = ctx;
  const run = ctx.prepared;
  const rec = ctx.state.path;
  const cls = ctx.state.classes;
  const { K, W, h, J, wLong, wShort, record } = run;
  const price = ctx.signal(PRICE);
  const vol = ctx.has(VOL) ? ctx.signal(VOL) : null;
  const history = p.entryHistoryUsd;
  const out = bindOutputs(ctx);
  for (let i = 0; i < ctx.paths; i++) {
    const o = i * W;
    const g = o + record.scalars;
    const longs = o + record.longBins;
    const shorts = o + record.shortBins;
    const c = i * CLASSES_WIDTH;
    const lnP = Math.log(price[i]);
    const oi = p.openInterestUsd[i] / price[i];
    rec[g + S.baseLong] = longBaseFor(lnP, run);
    rec[g + S.baseShort] = shortBaseFor(lnP, run);
    rec[g + S.scaleLong] = 1;
    rec[g + S.scaleShort] = 1;
    rec[g + S.fund] = p.insuranceFundUsd[i];
    rec[g + S.nearLong] = -1;
    rec[g + S.nearShort] = K;
    const ages = history.length > 0 ? Math.min(p.lookbackDays[i], history.length + 1) : p.lookbackDays[i];
    const dailyVol = (vol && vol[i] > 0 ? vol[i] : FALLBACK_VOL) / Math.sqrt(DAYS_PER_YEAR);
    const lambda = p.leveragedShare[i];
    let lnEntry = lnP;
    let minLater = Infinity;
    let maxLater = -Infinity;
    let totalL = 0;
    let totalS = 0;
    rng.load(i);
    for (let a = 0; a < ages; a++) {
      if (a > 0) {
        minLater = Math.min(minLater, lnEntry);
        maxLater = Math.max(maxLater, lnEntry);
        lnEntry = history.length > 0 ? Math.log(history[history.length - a]) : lnEntry - dailyVol * rng.normal();
      }
      const w = Math.exp(-a / p.holdingDays[i]);
      rec[g + S.poolLong] += (1 - lambda) * w;
      rec[g + S.poolShort] += (1 - lambda) * w;
      totalL += (1 - lambda) * w;
      totalS += (1 - lambda) * w;
      for (let j = 0; j < J; j++) {
        const dl = cls[c + j * CLASS.width + CLASS.long];
        const nl = w * lambda * wLong[j];
        if (dl === -Infinity) {
          rec[g + S.poolLong] += nl;
          totalL += nl;
        } else if (nl > 0 && lnEntry + dl < minLater) {
          rec[g + S.nearLong] = Math.max(rec[g + S.nearLong], book.addPositions(rec, longs, K, rec[g + S.baseLong], h, lnEntry + dl, nl));
          totalL += nl;
        }
        const ds = cls[c + j * CLASS.width + CLASS.short];
        const ns = w * lambda * wShort[j];
        if (ns > 0 && lnEntry + ds > maxLater) {
          rec[g + S.nearShort] = Math.min(rec[g + S.nearShort], book.addPositions(rec, shorts, K, rec[g + S.baseShort], h, lnEntry + ds, ns));
          totalS += ns;
        }
      }
    }
    rng.store(i);
    rec[g + S.scaleLong] = oi / totalL;
    rec[g + S.scaleShort] = oi / totalS;
    rec[g + S.openInterest] = oi;
    rec[g + S.openInterestStart] = oi;
    writeOutputs(out, i, 0, 0, 0, oi * price[i], rec[g + S.fund], price[i], price[i], 0, oi, 0, 0);
  }
}

/**
 * One step of every path: the day's pre-cascade extremes (a Brownian bridge, deepened by
 * scheduled shocks), the two cascades, the close (the market's price revised by the share ψ of
 * the cascades' impact that persists), then deleveraging, turnover, rebuild and new positions.
 */
export function step(ctx: Ctx): void {
  const { p, rng } = ctx;
  const run = ctx.prepared;
  const rec = ctx.state.path;
  const cls = ctx.state.classes;
  const W = run.W;
  const g0 = run.record.scalars;
  const day = run.day;
  const price = ctx.signal(PRICE);
  const ret = ctx.signal(RETURN);
  const dd = ctx.signal(DRAWDOWN);
  const peak = ctx.signal(PEAK);
  const volume = ctx.signal(VOLUME);
  const sigmaD = ctx.signal(SIGMA_DAILY);
  const lowShock = ctx.shock(LOW);
  const highShock = ctx.shock(HIGH);
  const out = bindOutputs(ctx);
  const { gapShare, intradayRangeScale, cascadeDepthShare, impactY, impactPersistence, remainingMarginToFund, deleverageRatio, targetOpenInterestShare, leveragedShare, mixShiftPerFlushShare } = p;
  // two words a path: the uniforms of the bridge's low and high
  const words = rng.drawWords(ctx.paths, 2);
  for (let i = 0; i < ctx.paths; i++) {
    const o = i * W;
    const g = o + g0;
    const lnB = Math.log(price[i]);
    const lnA = lnB - ret[i];
    const s = intradayRangeScale[i] * sigmaD[i];
    let lo = bridge.bridgeMinFromUniform(lnA, lnB, s, wordToUniform(words[2 * i]));
    let hi = bridge.bridgeMaxFromUniform(lnA, lnB, s, wordToUniform(words[2 * i + 1]));
    if (lowShock !== null) lo = Math.min(lo, Math.log(Math.max(1e-300, exp(lo) * lowShock.multiply[i] + lowShock.add[i])));
    if (highShock !== null) hi = Math.max(hi, Math.log(Math.max(1e-300, exp(hi) * highShock.multiply[i] + highShock.add[i])));
    const oiBefore = rec[g + S.openInterest];
    cascadeDay(rec, o, run, lnA, lnB, lo, hi, volume[i] * cascadeDepthShare[i], sigmaD[i], impactY[i], remainingMarginToFund[i], gapShare[i]);
    const impactL = day.impactLong;
    const impactS = day.impactShort;
    const removed = day.removed;
    // the close: the market's price plus the share ψ of the cascades' impact that persists
    const lnC = lnB + impactPersistence[i] * (impactL + impactS);
    const pc = exp(lnC);
    price[i] = pc;
    ret[i] += lnC - lnB;
    const pk = pc > peak[i] ? pc : peak[i];
    peak[i] = pk;
    dd[i] = 1 - pc / pk;
    const netNew = afterFlush(rec, cls, i, o, run, lnC, removed, oiBefore, deleverageRatio[i], targetOpenInterestShare[i], leveragedShare[i], mixShiftPerFlushShare[i]);
    const oi = rec[g + S.openInterest];
    writeOutputs(out, i, day.longUsd, day.shortUsd, day.adlUsd, oi * pc, rec[g + S.fund], exp(lo + impactL), exp(hi + impactS), lnC - lnB, oi, removed, netNew);
  }
}
