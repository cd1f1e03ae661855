import { describe, expect, it } from 'vitest';
import type { BacktestResult } from '../../backtest/run-backtest.js';
import { brierScore } from '../../backtest/scores/brier.js';
import type { HorizonScore } from '../../backtest/score-origins.js';
import { renderSvg } from '../render-svg.js';
import { coverageOption, crpsOption, pitOption, reliabilityOption } from './charts.js';

const lr = { lr: 0, df: 1, pValue: 0.5 };
function horizon(h: number, crps: number): HorizonScore {
  const independent = { n: 10, misses: 1, kupiec: lr, christoffersen: lr, trafficLight: 'green' as const };
  return {
    horizon: h,
    n: 40,
    crps,
    pitHistogram: [8, 4, 4, 4, 4, 4, 4, 0, 0, 8],
    pitUniformity: { chi2: 1, df: 9, pValue: 0.9 },
    coverage: [
      { band: 0.5, n: 40, observed: 0.45, independent },
      { band: 0.9, n: 40, observed: 0.875, independent },
    ],
  };
}
const brier = brierScore([0.1, 0.1, 0.9, 0.5], [false, true, true, false]);
const result = {
  scenario: 's',
  seed: 1,
  origins: ['2020-01-01'],
  config: { data: 'd.csv', from: '2020-01-01', to: '2020-01-01', everyDays: 30, horizons: [1, 30], paths: 10, events: [] },
  scores: {
    byForecaster: { model: [horizon(1, 0.02), horizon(30, 0.1)], historical: [horizon(1, 0.03), horizon(30, 0.2)], 'ewma-random-walk': [horizon(1, NaN), horizon(30, 0.3)] },
    events: [{ name: 'e', description: 'd', n: 4, baseRate: 0.5, byForecaster: { model: brier, historical: brier, 'ewma-random-walk': brier } }],
  },
} as unknown as BacktestResult;

describe('backtest charts', () => {
  it('CRPS: one line per forecaster over the horizons, a missing score left as a gap (null), not 0', () => {
    const o = crpsOption(result) as { series: { data: (number | null)[] }[] };
    expect(o.series.map((s) => s.data)).toEqual([
      [0.02, 0.1],
      [0.03, 0.2],
      [null, 0.3],
    ]);
  });

  it('coverage: the observed share per horizon and the nominal band as a line', () => {
    const o = coverageOption(result, 0.9) as { series: { data: number[]; markLine?: { data: { yAxis: number }[] } }[] };
    expect(o.series[0].data).toEqual([0.875, 0.875]);
    expect(o.series[0].markLine!.data[0].yAxis).toBe(0.9);
  });

  it('PIT: bars are densities relative to uniform (they average 1)', () => {
    const o = pitOption(horizon(1, 0)) as { series: { data: number[] }[] };
    const d = o.series[0].data;
    expect(d[0]).toBe(2); // 8 of 40 in a tenth of the range
    expect(d.reduce((a, b) => a + b, 0) / d.length).toBeCloseTo(1, 12);
  });

  it('reliability: a point per non-empty probability bin, on forecast × observed', () => {
    const o = reliabilityOption(result.scores.events[0]) as { series: { data: unknown[] }[] };
    const model = o.series[1].data as { value: [number, number] }[];
    expect(model.map((p) => p.value)).toEqual(brier.table.filter((b) => b.n > 0).map((b) => [b.forecast, b.observed]));
  });

  it('every chart renders to SVG', () => {
    for (const spec of [crpsOption(result), coverageOption(result, 0.5), pitOption(horizon(1, 0)), reliabilityOption(result.scores.events[0])]) {
      expect(renderSvg(spec, 400, 240)).toMatch(/^<svg/);
    }
  });
});
