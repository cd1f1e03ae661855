import type { HorizonEnsembles } from './ensemble.js';
import type { PriceOrigin } from './history.js';
import type { BacktestConfig, Forecaster } from './run-backtest.js';
import { brierScore, type BrierResult } from './scores/brier.js';
import { crpsEnsemble } from './scores/crps.js';
import { pitHistogram, pitValue, uniformityTest } from './scores/pit.js';
import { christoffersenIndependence, kupiecPof, trafficLight, type LrTest } from './scores/var-backtests.js';

/** Every forecaster's ensembles from one origin, and what the data then showed. */
export interface OriginForecasts {
  origin: PriceOrigin;
  byForecaster: Record<Forecaster, HorizonEnsembles>;
  realised: {
    /** ln P at each horizon (NaN past the data). */
    lnAt: number[];
    /** Largest drawdown within each event window (NaN past the data). */
    maxDrawdownWithin: Map<number, number>;
  };
}

/** Coverage of one central band at one horizon. */
export interface BandCoverage {
  /** Nominal coverage: 0.5 or 0.9. */
  band: number;
  /** Origins scored (the realised value is in the data). */
  n: number;
  /** Share of origins whose realised value fell inside the band. */
  observed: number;
  /**
   * Kupiec's and Christoffersen's tests and the traffic light on the origins at least one horizon
   * apart (every ⌈h/everyDays⌉-th origin): overlapping forecasts share the same days of data, so
   * their misses cluster by construction and the tests' χ² laws would not hold.
   */
  independent: { n: number; misses: number; kupiec: LrTest; christoffersen: LrTest; trafficLight: 'green' | 'yellow' | 'red' };
}

/** Scores of one forecaster at one horizon. */
export interface HorizonScore {
  horizon: number;
  n: number;
  /** Mean CRPS of ln P (log-price units: scale-free across price levels). */
  crps: number;
  pitHistogram: number[];
  pitUniformity: { chi2: number; df: number; pValue: number };
  coverage: BandCoverage[];
}

/** Brier scores of one event for every forecaster, against the base rate of the origins. */
export interface EventScore {
  name: string;
  description: string;
  n: number;
  /** Share of origins at which the event happened (the climatological probability). */
  baseRate: number;
  byForecaster: Record<Forecaster, BrierResult>;
}

export interface BacktestScores {
  byForecaster: Record<Forecaster, HorizonScore[]>;
  events: EventScore[];
}

const BANDS = [0.5, 0.9];

/** Scores every forecaster's ensembles against the realised values (see the backtest README). */
export function scoreBacktest(origins: OriginForecasts[], config: BacktestConfig): BacktestScores {
  const forecasters = Object.keys(origins[0]?.byForecaster ?? {}) as Forecaster[];
  const byForecaster = {} as Record<Forecaster, HorizonScore[]>;
  for (const f of forecasters) byForecaster[f] = config.horizons.map((h, k) => scoreHorizon(origins, f, h, k, config.everyDays));
  const events = config.events.map((ev) => {
    const scored = origins.filter((o) => Number.isFinite(o.realised.maxDrawdownWithin.get(ev.withinDays)!));
    const outcomes = scored.map((o) => o.realised.maxDrawdownWithin.get(ev.withinDays)! >= ev.drawdownAtLeast);
    const baseRate = outcomes.filter(Boolean).length / Math.max(1, outcomes.length);
    const per = {} as Record<Forecaster, BrierResult>;
    for (const f of forecasters) {
      const probs = scored.map((o) => {
        const dd = o.byForecaster[f].maxDrawdownWithin.get(ev.withinDays)!;
        let hits = 0;
        for (let i = 0; i < dd.length; i++) if (dd[i] >= ev.drawdownAtLeast) hits++;
        return hits / dd.length;
      });
      per[f] = brierScore(probs, outcomes, 10, baseRate);
    }
    return { name: ev.name, description: `maximum drawdown ≥ ${Math.round(ev.drawdownAtLeast * 100)}% within ${ev.withinDays} days of the origin`, n: scored.length, baseRate, byForecaster: per };
  });
  return { byForecaster, events };
}

function scoreHorizon(origins: OriginForecasts[], f: Forecaster, h: number, k: number, everyDays: number): HorizonScore {
  const pits: number[] = [];
  const index: number[] = [];
  let crps = 0;
  origins.forEach((o, j) => {
    const y = o.realised.lnAt[k];
    if (!Number.isFinite(y)) return;
    const ens = o.byForecaster[f].byHorizon[k];
    pits.push(pitValue(ens, y));
    index.push(j);
    crps += crpsEnsemble(ens, y);
  });
  const hist = pitHistogram(pits);
  const stride = Math.max(1, Math.ceil(h / everyDays));
  const coverage = BANDS.map((band) => {
    const lo = (1 - band) / 2;
    const miss = (u: number) => u < lo || u > 1 - lo;
    const inside = pits.filter((u) => !miss(u)).length;
    const sub = pits.filter((_, j) => index[j] % stride === 0).map(miss);
    const misses = sub.filter(Boolean).length;
    return {
      band,
      n: pits.length,
      observed: pits.length ? inside / pits.length : NaN,
      independent: { n: sub.length, misses, kupiec: kupiecPof(sub.length, misses, 1 - band), christoffersen: christoffersenIndependence(sub), trafficLight: trafficLight(sub.length, misses, 1 - band) },
    };
  });
  return { horizon: h, n: pits.length, crps: pits.length ? crps / pits.length : NaN, pitHistogram: hist, pitUniformity: uniformityTest(hist), coverage };
}
