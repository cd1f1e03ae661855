import path from 'node:path';
import { BlockWorkspace } from '../engine/block-runner.js';
import { addDays } from '../engine/calendar.js';
import type { ModelRegistry } from '../engine/model.js';
import type { RunPlan } from '../engine/run-plan.js';
import { defaultSettings, preparePlan } from '../engine/prepare.js';
import { readScenarioTree } from '../scenario/load.js';
import { planPoints } from '../scenario/plan.js';
import { validateScenario } from '../scenario/validate.js';
import { ewmaRandomWalk, historicalSimulation } from './baselines.js';
import { EnsembleCollector, ensemblesFromPaths, newEnsembles, type HorizonEnsembles } from './ensemble.js';
import { indexOf, priceOrigin, readDailySeries, type DailySeries, type PriceOrigin } from './history.js';
import { marketStateAt, typicalValue } from '../models/market/start-from.js';
import { CHAIN_STATE_FROM_DATA } from '../models/network/start-from.js';
import { scoreBacktest, type BacktestScores, type OriginForecasts } from './score-origins.js';

/**
 * A drawdown event scored by the backtest: within `withinDays` of the origin the price falls at
 * least `drawdownAtLeast` below its running peak since the origin (the path's maximum drawdown).
 */
export interface BacktestEvent {
  name: string;
  drawdownAtLeast: number;
  withinDays: number;
}

/** How to backtest a scenario's market model (the scenario's `backtest:` block, or CLI options). */
export interface BacktestConfig {
  /** Daily price CSV (date,price_usd), relative to the repository root or absolute. */
  data: string;
  /** First and last origin (ISO dates). */
  from: string;
  to: string;
  /** Days between origins. */
  everyDays: number;
  /** Forecast horizons scored, days. */
  horizons: number[];
  /** Paths per origin (model and baselines). */
  paths: number;
  events: BacktestEvent[];
}

/** The defaults of a backtest: monthly origins over 2016–2025, horizons 1…180 days, 1,000 paths. */
export const DEFAULT_BACKTEST: BacktestConfig = {
  data: 'data/btc_price_daily_usd_bitstamp.csv',
  from: '2016-01-01',
  to: '2025-12-31',
  everyDays: 30,
  horizons: [1, 7, 30, 90, 180],
  paths: 1000,
  events: [
    { name: 'drawdown-30pct-within-90d', drawdownAtLeast: 0.3, withinDays: 90 },
    { name: 'drawdown-45pct-within-180d', drawdownAtLeast: 0.45, withinDays: 180 },
  ],
};

/** Forecasters scored side by side. */
export const FORECASTERS = ['model', 'historical', 'ewma-random-walk'] as const;
export type Forecaster = (typeof FORECASTERS)[number];

/** Options of {@link runBacktest}. */
export interface RunBacktestOptions {
  registry: ModelRegistry;
  /** Repository root, to resolve `config.data`. */
  root: string;
  /** Called after each origin. */
  onOrigin?: (done: number, total: number) => void;
}

/** A backtest's result: what was run and every score. */
export interface BacktestResult {
  scenario: string;
  config: BacktestConfig;
  seed: number;
  origins: string[];
  scores: BacktestScores;
}

/**
 * Runs the scenario from every origin with its starting state from the data on or before the
 * origin (price, running peak, the conditional volatility σ₀ = the EWMA volatility at the
 * origin, and the regime: stress when σ₀ is above the geometric mean of the calm and stress
 * volatilities), the two baselines from the same
 * origins, and scores all three against what the data show afterwards.
 */
export function runBacktest(file: string, config: BacktestConfig, options: RunBacktestOptions): BacktestResult {
  const series = readDailySeries(path.resolve(options.root, config.data));
  const parsed = readScenarioTree(file);
  const base = parsed.value as Record<string, any>;
  const seed = Number(base.seed ?? 1);
  const days = Math.max(...config.horizons, ...config.events.map((e) => e.withinDays));
  const windows = [...new Set(config.events.map((e) => e.withinDays))];
  const origins: PriceOrigin[] = [];
  for (let d = config.from; d <= config.to; d = addDays(d, config.everyDays)) origins.push(priceOrigin(series, indexOf(series, d)));
  const forecasts: OriginForecasts[] = [];
  origins.forEach((origin, k) => {
    const model = modelEnsembles(parsed, origin, config, days, windows, options.registry);
    const hist = ensemblesFromPaths(historicalSimulation(origin, config.paths, days, seed), config.paths, days, config.horizons, windows, origin.priceUsd);
    const ewma = ensemblesFromPaths(ewmaRandomWalk(origin, config.paths, days, seed), config.paths, days, config.horizons, windows, origin.priceUsd);
    forecasts.push({ origin, byForecaster: { model, historical: hist, 'ewma-random-walk': ewma }, realised: realised(series, origin, config, windows) });
    options.onOrigin?.(k + 1, origins.length);
  });
  return { scenario: String(base.name), config, seed, origins: origins.map((o) => o.date), scores: scoreBacktest(forecasts, config) };
}

/** The realised log price at each horizon (NaN past the data) and max drawdown within each window. */
function realised(series: DailySeries, origin: PriceOrigin, config: BacktestConfig, windows: number[]): OriginForecasts['realised'] {
  const p = series.values;
  const lnAt = config.horizons.map((h) => (origin.index + h < p.length ? Math.log(p[origin.index + h]) : NaN));
  const maxDd = new Map<number, number>();
  for (const w of windows) {
    if (origin.index + w >= p.length) {
      maxDd.set(w, NaN);
      continue;
    }
    let peak = origin.priceUsd;
    let worst = 0;
    for (let t = 1; t <= w; t++) {
      const v = p[origin.index + t];
      if (v > peak) peak = v;
      worst = Math.max(worst, 1 - v / peak);
    }
    maxDd.set(w, worst);
  }
  return { lnAt, maxDrawdownWithin: maxDd };
}

/**
 * The plan of the scenario from one origin: its start and the market's state set from the data
 * on or before the origin, and a network, where the scenario has one, started from the origin
 * (`startFrom`: height, difficulty, retarget clock and hashrate from the data before it).
 */
export function originPlan(parsed: ReturnType<typeof readScenarioTree>, origin: PriceOrigin, config: Pick<BacktestConfig, 'paths'>, days: number, registry: ModelRegistry): RunPlan {
  const value = structuredClone(parsed.value) as Record<string, any>;
  value.start = origin.date;
  value.horizonDays = days;
  value.paths = config.paths;
  value.record = [];
  delete value.schedule;
  delete value.sweep;
  delete value.sensitivity;
  delete value.backtest;
  delete value.replay; // the model forecasts the price: nothing is replayed from an origin
  delete value.reference;
  value.output = { ...(value.output ?? {}), samplePaths: 0, keepTerminal: false };
  const market = (value.models.market ??= {});
  delete market.startFrom; // each origin's state is set below
  // σ_calm and σ_stress as the scenario gives them (their defaults, or the median of a distribution)
  const defaults = defaultSettings(registry.models.find((m) => m.name === 'market')!);
  const volOf = (key: string) => typicalValue(market[key], defaults[key] as number);
  Object.assign(market, marketStateAt(origin, volOf('volCalmPerSqrtYear'), volOf('volStressPerSqrtYear')));
  const network = value.models.network;
  if (network) {
    for (const k of CHAIN_STATE_FROM_DATA) delete network[k];
    network.startFrom = origin.date;
  }
  return planPoints(validateScenario({ ...parsed, value }, registry))[0].plan;
}

/** The model's ensembles from one origin ({@link originPlan}). */
function modelEnsembles(parsed: ReturnType<typeof readScenarioTree>, origin: PriceOrigin, config: BacktestConfig, days: number, windows: number[], registry: ModelRegistry): HorizonEnsembles {
  const plan = originPlan(parsed, origin, config, days, registry);
  const prepared = preparePlan(plan, registry);
  const workspace = new BlockWorkspace(prepared);
  const collector = new EnsembleCollector(newEnsembles(config.horizons, windows, plan.paths), plan.paths, origin.priceUsd);
  const price = workspace.current.get('btc.price')!;
  for (let first = 0; first < plan.paths; first += plan.blockSize) {
    const n = Math.min(plan.blockSize, plan.paths - first);
    workspace.begin(first, n);
    for (let t = 1; t <= plan.steps; t++) {
      workspace.advance(t);
      collector.observe(t * plan.stepDays, price, first, n);
    }
  }
  return collector.finish();
}
