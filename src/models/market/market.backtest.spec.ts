/**
 * The market model's forecasts against 2016–2025 (issue 12): the rolling-origin backtest of
 * scenarios/btc-market-backtest.yaml (monthly origins, each started from the data before it:
 * price, peak, EWMA volatility, regime) at 400 paths per origin. Thresholds and why:
 * - 90% band coverage at 30, 90 and 180 days within [85%, 95%]: 122 origins give a binomial sd
 *   of 2.7 points around 90%, so ±5 points is about ±2 sd;
 * - Kupiec's POF test not rejected at 5% on the origins one horizon apart (its own calibrated
 *   test; low power at 180 days with 21 origins, said in src/backtest/README.md);
 * - the mean CRPS no worse than historical simulation at every horizon: otherwise the model adds
 *   nothing a bootstrap of the past would not (same origins, paths and scoring for both);
 * - the mean forecast probability of a 45% drawdown within 180 days within 1.5× of its
 *   frequency over the same origins.
 * Deterministic (fixed seed): a change to the market model that moves these numbers shows here.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readScenarioTree } from '../../scenario/load.js';
import { validateScenario } from '../../scenario/validate.js';
import { runBacktest } from '../../backtest/run-backtest.js';
import { registry } from '../index.js';

const ROOT = path.join(import.meta.dirname, '..', '..', '..');
const SCENARIO = path.join(ROOT, 'scenarios', 'btc-market-backtest.yaml');

describe('market model backtest 2016–2025', () => {
  const block = validateScenario(readScenarioTree(SCENARIO), registry).scenario.backtest!;
  const r = runBacktest(SCENARIO, { ...block, paths: 400 }, { registry, root: ROOT });
  const model = r.scores.byForecaster.model;
  const hist = r.scores.byForecaster.historical;

  it('covers the real price with its 90% band 85–95% of the time at 30, 90 and 180 days, Kupiec not rejected', () => {
    for (const h of [30, 90, 180]) {
      const s = model.find((x) => x.horizon === h)!;
      const band = s.coverage.find((b) => b.band === 0.9)!;
      expect(band.observed, `${h} d`).toBeGreaterThanOrEqual(0.85);
      expect(band.observed, `${h} d`).toBeLessThanOrEqual(0.95);
      expect(band.independent.kupiec.pValue, `${h} d`).toBeGreaterThan(0.05);
    }
  });

  it('scores a CRPS no worse than historical simulation at every horizon', () => {
    model.forEach((s, k) => expect(s.crps, `${s.horizon} d`).toBeLessThanOrEqual(hist[k].crps));
  });

  it('forecasts a 45% drawdown within 180 days about as often as it happened', () => {
    const ev = r.scores.events.find((e) => e.name === 'drawdown-45pct-within-180d')!;
    const table = ev.byForecaster.model.table;
    const meanForecast = table.reduce((a, b) => a + b.n * b.forecast, 0) / table.reduce((a, b) => a + b.n, 0);
    expect(meanForecast / ev.baseRate).toBeGreaterThan(1 / 1.5);
    expect(meanForecast / ev.baseRate).toBeLessThan(1.5);
  });
});
