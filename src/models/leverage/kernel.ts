import { DAYS_PER_YEAR } from '../../engine/calendar.js';
import { exp } from '../../engine/exp.js';
import type { ModelContext } from '../../engine/model.js';
import { wordToUniform } from '../../engine/rng/path-rng.js';
import * as bridge from '../../finance/brownian-bridge-extremes.js';
import { transientImpactStep } from '../../finance/transient-impact.js';
import * as book from './book.js';
import { cascadeDay } from './cascade.js';
import { derive, setMixes } from './classes.js';
import { longBaseFor, shortBaseFor } from './grid.js';
import { CLASS, DRAWDOWN, HIGH, LOW, PEAK, PRICE, RETURN, SCALARS as S, SIGMA_DAILY, VENUE, VOL, VOLUME, type LeverageRun } from './layout.js';
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
 * The starting books, venue by venue: entries over the look-back window (age a = 0 is the start
 * price, a ≥ 1 the history, given or a random walk backward at the market's volatility), weight
 * e^{−a/τ}; a position survives only if no later price reached its liquidation price. Each
 * venue's survivors carry its share of the reported open interest, s_v·O₀ contracts a side;
 * its fund is f_v·F₀.
 */
export function init(ctx: Ctx): void {
  paramsChanged(ctx);
  const { p, rng } = ctx;
  const run = ctx.prepared;
  const rec = ctx.state.path;
  const cls = ctx.state.classes;
  const { K, V, W, h, J, wLong, wShort, record, capacity, oiShare, fundShare } = run;
  const price = ctx.signal(PRICE);
  const vol = ctx.has(VOL) ? ctx.signal(VOL) : null;
  const history = p.entryHistoryUsd;
  const out = bindOutputs(ctx);
  const totalL = new Float64Array(V);
  const totalS = new Float64Array(V);
  for (let i = 0; i < ctx.paths; i++) {
    const o = i * W;
    const g = o + record.scalars;
    const vs = o + record.venues;
    const longs = o + record.longBins;
    const shorts = o + record.shortBins;
    const c = i * run.classesWidth;
    const lnP = Math.log(price[i]);
    const oi = p.openInterestUsd[i] / price[i];
    rec[g + S.baseLong] = longBaseFor(lnP, run);
    rec[g + S.baseShort] = shortBaseFor(lnP, run);
    rec[g + S.nearLong] = -1;
    rec[g + S.nearShort] = K;
    for (let u = 0; u < V; u++) {
      rec[vs + u * VENUE.width + VENUE.scaleLong] = 1;
      rec[vs + u * VENUE.width + VENUE.scaleShort] = 1;
      rec[vs + u * VENUE.width + VENUE.fund] = p.insuranceFundUsd[i] * fundShare[u];
    }
    totalL.fill(0);
    totalS.fill(0);
    const ages = history.length > 0 ? Math.min(p.lookbackDays[i], history.length + 1) : p.lookbackDays[i];
    const dailyVol = (vol && vol[i] > 0 ? vol[i] : FALLBACK_VOL) / Math.sqrt(DAYS_PER_YEAR);
    const lambda = p.leveragedShare[i];
    let lnEntry = lnP;
    let minLater = Infinity;
    let maxLater = -Infinity;
    rng.load(i);
    for (let a = 0; a < ages; a++) {
      if (a > 0) {
        minLater = Math.min(minLater, lnEntry);
        maxLater = Math.max(maxLater, lnEntry);
        lnEntry = history.length > 0 ? Math.log(history[history.length - a]) : lnEntry - dailyVol * rng.normal();
      }
      const w = Math.exp(-a / p.holdingDays[i]);
      for (let u = 0; u < V; u++) {
        const at = vs + u * VENUE.width;
        const w0 = u * capacity;
        rec[at + VENUE.poolLong] += (1 - lambda) * w;
        rec[at + VENUE.poolShort] += (1 - lambda) * w;
        totalL[u] += (1 - lambda) * w;
        totalS[u] += (1 - lambda) * w;
        for (let j = 0; j < J; j++) {
          const dl = cls[c + j * CLASS.width + CLASS.long];
          const nl = w * lambda * wLong[w0 + j];
          if (dl === -Infinity) {
            rec[at + VENUE.poolLong] += nl;
            totalL[u] += nl;
          } else if (nl > 0 && lnEntry + dl < minLater) {
            rec[g + S.nearLong] = Math.max(rec[g + S.nearLong], book.addPositions(rec, longs, K, V, u, rec[g + S.baseLong], h, lnEntry + dl, nl));
            totalL[u] += nl;
          }
          const ds = cls[c + j * CLASS.width + CLASS.short];
          const ns = w * lambda * wShort[w0 + j];
          if (ns > 0 && lnEntry + ds > maxLater) {
            rec[g + S.nearShort] = Math.min(rec[g + S.nearShort], book.addPositions(rec, shorts, K, V, u, rec[g + S.baseShort], h, lnEntry + ds, ns));
            totalS[u] += ns;
          }
        }
      }
    }
    rng.store(i);
    for (let u = 0; u < V; u++) {
      const at = vs + u * VENUE.width;
      const oiV = oi * oiShare[u];
      rec[at + VENUE.scaleLong] = oiV / totalL[u];
      rec[at + VENUE.scaleShort] = oiV / totalS[u];
      rec[at + VENUE.openInterest] = oiV;
      rec[at + VENUE.openInterestStart] = oiV;
    }
    run.day.venueLongUsd.fill(0);
    run.day.venueShortUsd.fill(0);
    run.day.venueAdlUsd.fill(0);
    writeOutputs(out, run, rec, vs, i, 0, 0, 0, oi * price[i], price[i], price[i], price[i], 0, oi, 0, 0);
  }
}

/**
 * One step of every path: the day's pre-cascade extremes (a Brownian bridge, deepened by
 * scheduled shocks), the two cascades over every venue's book, the close (the market's price
 * moved by the cascades' impact through the shared transient-impact mechanism: the end-of-day
 * share ψ of the intraday impact joins the metaorder state, whose transient part relaxes every
 * step), then deleveraging, turnover, rebuild and new positions, venue by venue.
 */
export function step(ctx: Ctx): void {
  const { p, rng } = ctx;
  const run = ctx.prepared;
  const rec = ctx.state.path;
  const cls = ctx.state.classes;
  const { W, V, oiBefore } = run;
  const g0 = run.record.scalars;
  const v0 = run.record.venues;
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
  const { gapShare, intradayRangeScale, cascadeDepthShare, impactY, impactPersistence, impactPermanentShare, remainingMarginToFund, deleverageRatio, targetOpenInterestShare, leveragedShare, mixShiftPerFlushShare } = p;
  // two words a path: the uniforms of the bridge's low and high
  const words = rng.drawWords(ctx.paths, 2);
  const n = ctx.paths;
  for (let i = 0; i < n; i++) {
    const o = i * W;
    const g = o + g0;
    const vs = o + v0;
    const lnB = Math.log(price[i]);
    const lnA = lnB - ret[i];
    const s = intradayRangeScale[i] * sigmaD[i];
    let lo = bridge.bridgeMinFromUniform(lnA, lnB, s, wordToUniform(words[2 * i]));
    let hi = bridge.bridgeMaxFromUniform(lnA, lnB, s, wordToUniform(words[2 * i + 1]));
    if (lowShock !== null) lo = Math.min(lo, Math.log(Math.max(1e-300, exp(lo) * lowShock.multiply[i] + lowShock.add[i])));
    if (highShock !== null) hi = Math.max(hi, Math.log(Math.max(1e-300, exp(hi) * highShock.multiply[i] + highShock.add[i])));
    for (let u = 0; u < V; u++) oiBefore[u] = rec[vs + u * VENUE.width + VENUE.openInterest];
    const vc = volume[i] * cascadeDepthShare[i];
    cascadeDay(rec, o, run, lnA, lnB, lo, hi, vc, sigmaD[i], impactY[i], remainingMarginToFund[i], gapShare[i]);
    const impactL = day.impactLong;
    const impactS = day.impactShort;
    const removed = day.removed;
    const lnC = lnB + closeImpact(rec, g + S.impact, impactPersistence[i] * (impactL + impactS), vc, sigmaD[i], impactY[i], impactPermanentShare[i], rec[g + S.impactKeep]);
    const pc = exp(lnC);
    price[i] = pc;
    ret[i] += lnC - lnB;
    const pk = pc > peak[i] ? pc : peak[i];
    peak[i] = pk;
    dd[i] = 1 - pc / pk;
    const netNew = afterFlush(rec, cls, i, o, run, lnC, oiBefore, deleverageRatio[i], targetOpenInterestShare[i], leveragedShare[i], mixShiftPerFlushShare[i]);
    let oi = 0;
    for (let u = 0; u < V; u++) oi += rec[vs + u * VENUE.width + VENUE.openInterest];
    writeOutputs(out, run, rec, vs, i, day.longUsd, day.shortUsd, day.adlUsd, oi * pc, pc, exp(lo + impactL), exp(hi + impactS), lnC - lnB, oi, removed, netNew);
  }
}

/**
 * The move of the close from the cascades (README.md, step 3), through the shared transient
 * impact (finance/transient-impact.ts; its state M, T, P at rec[at …]): first a step of
 * relaxation (the transient part and the metaorder memory decay by `keep`: the cascades are
 * bursts of many traders' orders, not one trader's continuing metaorder), then the day's
 * end-of-day impact e = ψ(I_L + I_S) enters as the notional q that the square-root law, at this
 * step's V_c, σ_d and Y, prices at e from an empty state — so on a path with no earlier
 * cascade the close moves by e exactly as before, a share φ of it stays, and a cascade soon
 * after another is priced along the same square-root curve (concave in the total). Returns the
 * change of ln P.
 */
export function closeImpact(rec: Float64Array, at: number, endOfDay: number, v: number, sigma: number, y: number, permanentShare: number, keep: number): number {
  let move = transientImpactStep(rec, at, 0, v, sigma, y, permanentShare, keep);
  const unit = y * sigma;
  if (endOfDay !== 0 && unit > 0) {
    // the displacement −A(q) of ln P: a fall (e < 0) is a sale (q > 0)
    const r = endOfDay / unit;
    const q = (endOfDay < 0 ? 1 : -1) * v * r * r;
    move += transientImpactStep(rec, at, q, v, sigma, y, permanentShare, keep);
  }
  return move;
}
