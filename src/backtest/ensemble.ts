/**
 * Forecast ensembles at fixed horizons, and the path features the event forecasts need, taken
 * from full log-price paths (the baselines) or step by step from the engine (the model).
 */
export interface HorizonEnsembles {
  /** Horizons in days. */
  horizons: number[];
  /** byHorizon[k][path]: ln P at horizons[k], sorted ascending once complete. */
  byHorizon: Float64Array[];
  /**
   * For each event window w (days): per path, the largest drawdown 1 − P_t/peak_t over t ≤ w, the
   * peak running from the origin's price (the path's own maximum drawdown, not the distance from
   * an all-time high set before the origin).
   */
  maxDrawdownWithin: Map<number, Float64Array>;
}

/** Empty ensembles for `paths` paths. */
export function newEnsembles(horizons: number[], windows: number[], paths: number): HorizonEnsembles {
  return {
    horizons,
    byHorizon: horizons.map(() => new Float64Array(paths)),
    maxDrawdownWithin: new Map(windows.map((w) => [w, new Float64Array(paths)] as const)),
  };
}

/**
 * Tracks, per path, the running peak and the largest drawdown so far, fed one step at a time
 * (`observe(t, lnPrices, firstPath, count)`), and fills the ensembles at their horizons.
 */
export class EnsembleCollector {
  private readonly peak: Float64Array;
  private readonly maxDd: Float64Array;

  constructor(
    readonly out: HorizonEnsembles,
    paths: number,
    priceUsdAtOrigin: number,
  ) {
    this.peak = new Float64Array(paths).fill(priceUsdAtOrigin);
    this.maxDd = new Float64Array(paths);
  }

  /** Step t's prices (USD) of paths [firstPath, firstPath + count), from `prices[0..count)`. */
  observe(t: number, prices: ArrayLike<number>, firstPath: number, count: number): void {
    for (let i = 0; i < count; i++) {
      const p = prices[i];
      const g = firstPath + i;
      if (p > this.peak[g]) this.peak[g] = p;
      const dd = 1 - p / this.peak[g];
      if (dd > this.maxDd[g]) this.maxDd[g] = dd;
    }
    const k = this.out.horizons.indexOf(t);
    if (k >= 0) for (let i = 0; i < count; i++) this.out.byHorizon[k][firstPath + i] = Math.log(prices[i]);
    const w = this.out.maxDrawdownWithin.get(t);
    if (w) w.set(this.maxDd.subarray(firstPath, firstPath + count), firstPath);
  }

  /** Sorts each horizon's ensemble (call once every path is observed). */
  finish(): HorizonEnsembles {
    for (const e of this.out.byHorizon) e.sort();
    return this.out;
  }
}

/** Ensembles from full log-price paths laid out `paths[path * (days + 1) + t]`. */
export function ensemblesFromPaths(lnPaths: Float64Array, paths: number, days: number, horizons: number[], windows: number[], priceUsdAtOrigin: number): HorizonEnsembles {
  const c = new EnsembleCollector(newEnsembles(horizons, windows, paths), paths, priceUsdAtOrigin);
  const prices = new Float64Array(paths);
  for (let t = 1; t <= days; t++) {
    for (let i = 0; i < paths; i++) prices[i] = Math.exp(lnPaths[i * (days + 1) + t]);
    c.observe(t, prices, 0, paths);
  }
  return c.finish();
}
