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
  const cs = run.classesStride;
  // read ahead, one path apart: path i + 2's scalars, then (their base known) path i + 1's rows
  let touched = 0;
  for (let i = 0; i < 2 && i < n; i++) touched += warmScalars(rec, i * W, cls, i * cs, run);
  let lnNext = n > 0 ? Math.log(price[0]) : 0;
  if (n > 0) touched += warmRows(rec, 0, cls, 0, run, lnNext);
  for (let i = 0; i < n; i++) {
    const o = i * W;
    const g = o + g0;
    const vs = o + v0;
    const lnB = lnNext;
    if (i + 2 < n) touched += warmScalars(rec, (i + 2) * W, cls, (i + 2) * cs, run);
    if (i + 1 < n) {
      lnNext = Math.log(price[i + 1]);
      touched += warmRows(rec, (i + 1) * W, cls, (i + 1) * cs, run, lnNext);
    }
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
  run.touched = touched;
}

/*
 * Reading ahead. The step is bound by memory: a block's records (~7 KB a path) are evicted by
 * the other models' steps between two of its own, and a path-step touches ~35 cache lines of
 * its record at scattered places (the venues' scalars, the nearest bins, one bin per class and
 * side where new positions open). Touched in the order the step needs them, the misses came one
 * or two at a time, each waiting for the computation before it; JavaScript has no prefetch, so
 * the step loads those lines of the next paths first, all at once, with nothing depending on
 * them: the misses overlap, and the path's own step then finds them in the cache. The sums are
 * kept (run.touched) only so that the loads are not optimised away.
 */

/** Bins read ahead from where each side's scan starts: a usual day's cascade takes the nearest one to three. */
const SCAN_AHEAD = 3;

/** Loads the cache lines of rec[from … to) (to > from); returns their sum. */
function warmSpan(rec: Float64Array, from: number, to: number): number {
  let t = rec[to - 1];
  for (let k = from; k < to; k += 8) t += rec[k];
  return t;
}

/** Loads the cache lines of the path's venue and shared scalars (its record at rec[o …]) and of its classes (cls[c …]); returns their sum. */
export function warmScalars(rec: Float64Array, o: number, cls: Float64Array, c: number, run: LeverageRun): number {
  let t = warmSpan(rec, o + run.record.venues, o + run.W);
  const classesEnd = c + run.J * CLASS.width;
  for (let k = c; k < classesEnd; k += 8) t += cls[k];
  return t;
}

/**
 * Loads the cache lines of the bins the path's step will touch (its record at rec[o …], its
 * classes at cls[c …]; its scalars loaded before): where each side's cascade starts, and where
 * each class opens at log price lnP (the close moves it by at most a bin or so) — each bin's
 * first and last double, for a bin's 2V doubles may straddle two lines. Returns their sum.
 */
export function warmRows(rec: Float64Array, o: number, cls: Float64Array, c: number, run: LeverageRun, lnP: number): number {
  const { K, V, h, J, record } = run;
  const g = o + record.scalars;
  const longs = o + record.longBins;
  const shorts = o + record.shortBins;
  const baseL = rec[g + S.baseLong];
  const baseS = rec[g + S.baseShort];
  const nearL = rec[g + S.nearLong];
  const nearS = rec[g + S.nearShort];
  const R = 2 * V;
  const last = R - 1;
  let t = 0;
  // the scan's first SCAN_AHEAD bins from where each side's cascade starts
  if (nearL >= 0) t += warmSpan(rec, longs + R * (nearL >= SCAN_AHEAD - 1 ? nearL - (SCAN_AHEAD - 1) : 0), longs + R * (nearL + 1));
  if (nearS < K) t += warmSpan(rec, shorts + R * nearS, shorts + R * (nearS + SCAN_AHEAD <= K ? nearS + SCAN_AHEAD : K));
  for (let j = 0; j < J; j++) {
    const dl = cls[c + j * CLASS.width + CLASS.long];
    if (dl !== -Infinity) {
      const x = longs + 2 * V * book.binOf(lnP + dl, baseL, h, K);
      t += rec[x] + rec[x + last];
    }
    const x = shorts + 2 * V * book.binOf(lnP + cls[c + j * CLASS.width + CLASS.short], baseS, h, K);
    t += rec[x] + rec[x + last];
  }
  return t;
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
