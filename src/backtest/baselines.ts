import { PathRng } from '../engine/rng/path-rng.js';
import type { PriceOrigin } from './history.js';

/**
 * Baseline forecasts run through the same scoring as the model: an ensemble of `paths` log-price
 * paths over `days` days from the origin, as `out[path * (days + 1) + t]` = ln P_t (t = 0 the
 * origin). Both are standard references in risk backtesting: if the model does not beat them,
 * its structure adds nothing to the forecast.
 */
export type BaselineName = 'historical' | 'ewma-random-walk';

/** Mean block length of the stationary bootstrap (days). */
const MEAN_BLOCK_DAYS = 10;

/**
 * Historical simulation: the stationary block bootstrap (Politis & Romano 1994) of the daily log
 * returns before the origin — blocks of geometric length (mean 10 days) starting at uniform
 * random days — so that volatility clusters within a block survive.
 */
export function historicalSimulation(origin: PriceOrigin, paths: number, days: number, seed: number): Float64Array {
  const r = origin.pastReturns;
  const n = r.length;
  const out = new Float64Array(paths * (days + 1));
  const rng = new PathRng(seed, 0, paths, `baseline-historical#${origin.index}`);
  const ln0 = Math.log(origin.priceUsd);
  for (let i = 0; i < paths; i++) {
    rng.load(i);
    let at = Math.floor(rng.uniform() * n);
    let x = ln0;
    const o = i * (days + 1);
    out[o] = x;
    for (let t = 1; t <= days; t++) {
      if (rng.uniform() < 1 / MEAN_BLOCK_DAYS) at = Math.floor(rng.uniform() * n);
      else at = (at + 1) % n;
      x += r[at];
      out[o + t] = x;
    }
    rng.store(i);
  }
  return out;
}

/**
 * A driftless random walk with the RiskMetrics EWMA volatility at the origin: daily log returns
 * N(0, σ²_EWMA/365), the textbook VaR model.
 */
export function ewmaRandomWalk(origin: PriceOrigin, paths: number, days: number, seed: number): Float64Array {
  const sd = origin.ewmaVolPerSqrtYear / Math.sqrt(365);
  const out = new Float64Array(paths * (days + 1));
  const rng = new PathRng(seed, 0, paths, `baseline-ewma#${origin.index}`);
  const ln0 = Math.log(origin.priceUsd);
  for (let i = 0; i < paths; i++) {
    rng.load(i);
    let x = ln0;
    const o = i * (days + 1);
    out[o] = x;
    for (let t = 1; t <= days; t++) {
      x += sd * rng.normal();
      out[o + t] = x;
    }
    rng.store(i);
  }
  return out;
}
