import { FORECASTERS, type BacktestResult, type Forecaster } from '../../backtest/run-backtest.js';
import type { EventScore, HorizonScore } from '../../backtest/score-origins.js';
import { niceScale } from '../nice-scale.js';
import { baseOption, COLORS, SERIES_COLORS, topLegend, valueAxis } from '../charts/theme.js';

/** How each forecaster is named on charts and tables. */
export const FORECASTER_LABEL: Record<Forecaster, string> = { model: 'model', historical: 'historical simulation', 'ewma-random-walk': 'EWMA random walk' };

/** The same, short enough for a table column. */
export const FORECASTER_SHORT: Record<Forecaster, string> = { model: 'model', historical: 'hist. sim.', 'ewma-random-walk': 'EWMA RW' };

/** One colour per forecaster, the model first (the report's first series colour). */
export function forecasterColor(f: Forecaster): string {
  return SERIES_COLORS[FORECASTERS.indexOf(f)];
}

const num = (v: number | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** A category axis of the scored horizons ("1 d", "7 d", …). */
function horizonAxis(horizons: number[]): Record<string, unknown> {
  return {
    type: 'category',
    name: 'horizon',
    nameLocation: 'middle',
    nameGap: 26,
    nameTextStyle: { color: COLORS.muted, fontSize: 10 },
    data: horizons.map((h) => `${h} d`),
    axisLine: { lineStyle: { color: COLORS.axis } },
    axisTick: { show: false },
    axisLabel: { color: COLORS.muted, fontSize: 11 },
  };
}

/**
 * Mean CRPS of ln P by horizon, one line per forecaster: lower is better, and a forecast is
 * worth its cost where its line sits on or under the historical simulation's.
 */
export function crpsOption(r: BacktestResult): Record<string, unknown> {
  const values = FORECASTERS.flatMap((f) => r.scores.byForecaster[f].map((s) => num(s.crps) ?? 0));
  return {
    ...baseOption(),
    legend: topLegend(FORECASTERS.map((f) => FORECASTER_LABEL[f])),
    grid: { left: 8, right: 16, top: 34, bottom: 30, containLabel: true },
    xAxis: horizonAxis(r.config.horizons),
    yAxis: valueAxis('CRPS of ln P', niceScale(0, Math.max(...values, 1e-6), 4)),
    series: FORECASTERS.map((f) => ({
      name: FORECASTER_LABEL[f],
      type: 'line',
      symbol: 'circle',
      symbolSize: 6,
      lineStyle: { width: f === 'model' ? 2.5 : 1.5, color: forecasterColor(f) },
      itemStyle: { color: forecasterColor(f) },
      data: r.scores.byForecaster[f].map((s) => num(s.crps)),
    })),
  };
}

/**
 * Observed coverage of one central band by horizon, a bar per forecaster, with the nominal
 * coverage as a dashed line: bars under it are forecasts too narrow, over it too wide.
 */
export function coverageOption(r: BacktestResult, band: number): Record<string, unknown> {
  return {
    ...baseOption(),
    legend: topLegend(FORECASTERS.map((f) => FORECASTER_LABEL[f])),
    grid: { left: 8, right: 16, top: 34, bottom: 30, containLabel: true },
    xAxis: horizonAxis(r.config.horizons),
    yAxis: valueAxis('share', { min: 0, max: 1, interval: 0.25 }),
    series: FORECASTERS.map((f, k) => ({
      name: FORECASTER_LABEL[f],
      type: 'bar',
      barMaxWidth: 18,
      itemStyle: { color: forecasterColor(f) },
      data: r.scores.byForecaster[f].map((s) => num(s.coverage.find((c) => c.band === band)?.observed)),
      ...(k === 0
        ? { markLine: { silent: true, symbol: 'none', label: { formatter: `nominal ${Math.round(band * 100)}%`, position: 'insideEndTop', color: COLORS.mark, fontSize: 10 }, lineStyle: { color: COLORS.mark, type: 'dashed' }, data: [{ yAxis: band }] } }
        : {}),
    })),
  };
}

/**
 * The probability integral transform of the realised log price at one horizon: bars of the
 * share of origins per decile of the forecast distribution, relative to the 10% a calibrated
 * forecast puts in each (1 = calibrated; a U shape is a forecast too narrow, a hump too wide,
 * a slope a biased centre).
 */
export function pitOption(s: HorizonScore): Record<string, unknown> {
  const n = s.pitHistogram.reduce((a, b) => a + b, 0) || 1;
  const bins = s.pitHistogram.length;
  const density = s.pitHistogram.map((c) => (c / n) * bins);
  return {
    ...baseOption(),
    grid: { left: 8, right: 12, top: 24, bottom: 24, containLabel: true },
    xAxis: {
      type: 'category',
      data: density.map((_, k) => `${((k + 0.5) / bins).toFixed(2)}`),
      axisLabel: { color: COLORS.muted, fontSize: 9, interval: 1 },
      axisTick: { show: false },
      axisLine: { lineStyle: { color: COLORS.axis } },
    },
    yAxis: valueAxis('ratio', niceScale(0, Math.max(2, ...density), 4)),
    series: [
      {
        type: 'bar',
        barCategoryGap: '8%',
        itemStyle: { color: forecasterColor('model') },
        data: density,
        markLine: { silent: true, symbol: 'none', label: { show: false }, lineStyle: { color: COLORS.mark, type: 'dashed' }, data: [{ yAxis: 1 }] },
      },
    ],
  };
}

/**
 * A reliability diagram of one event: for each bin of forecast probability, the share of
 * origins at which the event then happened, one line per forecaster, against the diagonal of
 * perfect reliability and the base rate (dotted): a line under the diagonal over-forecasts.
 */
export function reliabilityOption(e: EventScore): Record<string, unknown> {
  return {
    ...baseOption(),
    legend: topLegend(FORECASTERS.map((f) => FORECASTER_LABEL[f])),
    grid: { left: 8, right: 16, top: 34, bottom: 30, containLabel: true },
    xAxis: { ...valueAxis('probability', { min: 0, max: 1, interval: 0.25 }), name: 'forecast probability', nameLocation: 'middle', nameGap: 24 },
    yAxis: valueAxis('share', { min: 0, max: 1, interval: 0.25 }),
    series: [
      {
        name: 'perfect reliability',
        type: 'line',
        silent: true,
        symbol: 'none',
        lineStyle: { color: COLORS.axis, type: 'dashed', width: 1 },
        data: [
          [0, 0],
          [1, 1],
        ],
        markLine: { silent: true, symbol: 'none', label: { formatter: `base rate ${Math.round(e.baseRate * 100)}%`, position: 'insideEndTop', color: COLORS.mark, fontSize: 10 }, lineStyle: { color: COLORS.mark, type: 'dotted' }, data: [{ yAxis: e.baseRate }] },
      },
      ...FORECASTERS.map((f) => ({
        name: FORECASTER_LABEL[f],
        type: 'line',
        symbol: 'circle',
        lineStyle: { color: forecasterColor(f), width: f === 'model' ? 2.5 : 1.5 },
        itemStyle: { color: forecasterColor(f) },
        // marker area ∝ the forecasts in the bin, so that a bin of one origin reads as such
        data: e.byForecaster[f].table.filter((b) => b.n > 0).map((b) => ({ value: [b.forecast, b.observed], symbolSize: 4 + Math.sqrt(b.n) * 2 })),
      })),
    ],
  };
}
