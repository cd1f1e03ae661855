import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { registry } from '../models/index.js';
import { originPlan, runBacktest, type BacktestConfig } from './run-backtest.js';
import { indexOf, priceOrigin, readDailySeries } from './history.js';
import { networkStateAt } from '../models/network/start-from.js';
import { readScenarioTree } from '../scenario/load.js';
import { scenarioFolder } from '../../test/helpers.js';

const ROOT = path.join(import.meta.dirname, '..', '..');
const SCENARIO = path.join(ROOT, 'scenarios', 'btc-market-backtest.yaml');
const SMALL: BacktestConfig = {
  data: 'data/btc_price_daily_usd_bitstamp.csv',
  from: '2018-01-01',
  to: '2021-12-31',
  everyDays: 30,
  horizons: [1, 30],
  paths: 200,
  events: [{ name: 'dd30-90', drawdownAtLeast: 0.3, withinDays: 90 }],
};

describe('runBacktest', () => {
  const r = runBacktest(SCENARIO, SMALL, { registry, root: ROOT });

  it('scores every origin for the model and both baselines', () => {
    expect(r.origins.length).toBe(49);
    for (const f of ['model', 'historical', 'ewma-random-walk'] as const) {
      for (const h of r.scores.byForecaster[f]) {
        expect(h.n).toBe(49);
        expect(h.pitHistogram.reduce((a, b) => a + b, 0)).toBe(49);
        expect(h.crps).toBeGreaterThan(0);
        for (const b of h.coverage) expect(b.observed).toBeGreaterThanOrEqual(0);
      }
    }
    // one-day forecasts of every forecaster cover the realised price about as often as they say:
    // within ±15 points of 90% over 49 origins (binomial sd 4.3 points; wide for the model's tails)
    for (const f of ['model', 'historical', 'ewma-random-walk'] as const) expect(Math.abs(r.scores.byForecaster[f][0].coverage[1].observed - 0.9)).toBeLessThan(0.15);
    // the 30-day tests use origins one horizon apart only
    expect(r.scores.byForecaster.model[1].coverage[1].independent.n).toBe(49);
    expect(r.scores.events[0].n).toBe(49);
    expect(r.scores.events[0].baseRate).toBeGreaterThan(0.1);
  });

  it('is deterministic: the same config and seed give the same scores', () => {
    const again = runBacktest(SCENARIO, SMALL, { registry, root: ROOT });
    expect(JSON.stringify(again.scores)).toBe(JSON.stringify(r.scores));
  });
});

describe('originPlan', () => {
  it("starts a scenario's network from each origin (its chain state from the data before it), replacing a hand-set one", () => {
    const { write } = scenarioFolder('cascade-backtest-network-');
    const file = write(
      'with-network.yaml',
      `name: with-network
start: 2016-01-01
horizonDays: 30
paths: 100
models:
  market: {}
  network: { startHeight: 935052, daysSinceRetarget: 13.22 }
record: [btc.price]
`,
    );
    const parsed = readScenarioTree(file, 'with-network.yaml');
    const series = readDailySeries(path.join(ROOT, 'data', 'btc_price_daily_usd_bitstamp.csv'));
    for (const date of ['2018-03-01', '2021-06-01', '2025-11-14']) {
      const plan = originPlan(parsed, priceOrigin(series, indexOf(series, date)), { paths: 100 }, 30, registry);
      const network = plan.models.find((m) => m.name === 'network')!.settings as Record<string, unknown>;
      expect(network.startFrom, date).toBe(date);
      expect(network, date).toMatchObject(networkStateAt(date, network.wearOutPerYear as number, network.feesBtcPerBlock as number));
      expect(plan.startDate).toBe(date);
    }
  });
});
