import type { GlobalSensitivityResult } from '../../analysis/global-sensitivity.js';
import type { DiscoveryResult } from '../../analysis/run-analyses.js';
import type { SensitivityTable } from '../../results/sensitivity.js';
import { niceScale } from '../nice-scale.js';
import { baseOption, COLORS, SERIES_COLORS, topLegend, valueAxis } from './theme.js';

const categoryAxis = (names: string[]) => ({
  type: 'category',
  inverse: true,
  data: names,
  axisLine: { lineStyle: { color: COLORS.axis } },
  axisTick: { show: false },
  axisLabel: { color: COLORS.text, fontSize: 11, width: 260, overflow: 'truncate' },
});

/**
 * The tornado: for each item, the output with the item at its low value and at its high value
 * (overlaid bars), the base output as a line, largest swing on top.
 */
export function tornadoOption(t: SensitivityTable): Record<string, unknown> {
  const names = t.rows.map((r) => r.name);
  const all = [t.base, ...t.rows.flatMap((r) => [r.outputLow, r.outputHigh])].filter(Number.isFinite);
  const scale = niceScale(Math.min(...all), Math.max(...all), 5);
  const bar = (name: string, color: string, key: 'outputLow' | 'outputHigh') => ({
    type: 'bar',
    name,
    silent: true,
    barWidth: 12,
    barGap: '-100%',
    itemStyle: { color, opacity: 0.85 },
    data: t.rows.map((r) => r[key]),
  });
  return {
    ...baseOption(),
    legend: topLegend(['item at its low value', 'item at its high value']),
    grid: { left: 8, right: 24, top: 30, bottom: 8, containLabel: true },
    xAxis: valueAxis(t.unit, scale),
    yAxis: categoryAxis(names),
    series: [
      bar('item at its low value', SERIES_COLORS[0], 'outputLow'),
      bar('item at its high value', SERIES_COLORS[1], 'outputHigh'),
      {
        type: 'line',
        name: 'base',
        silent: true,
        symbol: 'none',
        data: [],
        markLine: { symbol: 'none', silent: true, label: { show: true, formatter: 'base', color: COLORS.ink, fontSize: 10 }, lineStyle: { color: COLORS.ink, width: 1.5 }, data: [{ xAxis: t.base }] },
      },
    ],
  };
}

/**
 * Sobol' indices with their intervals: one row per input and index (S1 and ST), a bar for the
 * estimate and a line for its bootstrap interval.
 */
export function sobolOption(g: GlobalSensitivityResult): Record<string, unknown> {
  const s = g.sobol!;
  const rows = g.inputs.flatMap((x) => [`${x.name} · S1`, `${x.name} · ST`]);
  const est = g.inputs.flatMap((_, i) => [s.s1[i], s.st[i]]);
  const lo = Math.min(0, ...est.map((e) => e.lo).filter(Number.isFinite));
  const hi = Math.max(1, ...est.map((e) => e.hi).filter(Number.isFinite));
  return {
    ...baseOption(),
    legend: topLegend(['first-order S1', 'total ST']),
    grid: { left: 8, right: 24, top: 30, bottom: 8, containLabel: true },
    xAxis: valueAxis('', niceScale(lo, hi, 5), { name: 'share of variance' }),
    yAxis: categoryAxis(rows),
    series: [
      ...(['first-order S1', 'total ST'] as const).map((name, j) => ({
        type: 'bar',
        name,
        silent: true,
        barWidth: 11,
        barGap: '-100%',
        itemStyle: { color: SERIES_COLORS[j] },
        data: rows.map((r, k) => (k % 2 === j ? est[k].value : null)),
      })),
      ...rows.map((r, k) => ({
        type: 'line',
        name: `${r} interval`,
        silent: true,
        symbol: 'rect',
        symbolSize: [2, 10],
        lineStyle: { color: COLORS.ink, width: 1.5 },
        itemStyle: { color: COLORS.ink },
        data: [
          [est[k].lo, r],
          [est[k].hi, r],
        ],
      })),
    ],
  };
}

/** Morris: μ* across, σ up, one labelled point per input. */
export function morrisOption(g: GlobalSensitivityResult): Record<string, unknown> {
  const m = g.morris!;
  const xs = m.map((x) => x.muStar);
  const ys = m.map((x) => x.sigma);
  return {
    ...baseOption(),
    grid: { left: 8, right: 40, top: 30, bottom: 24, containLabel: true },
    xAxis: { ...valueAxis(g.unit, niceScale(0, Math.max(...xs) * 1.1 || 1, 5)), name: 'μ* (mean |effect|)', nameLocation: 'middle', nameGap: 24 },
    yAxis: valueAxis(g.unit, niceScale(0, Math.max(...ys) * 1.1 || 1, 5), { name: 'σ (interactions, curvature)' }),
    series: [
      {
        type: 'scatter',
        silent: true,
        symbolSize: 9,
        itemStyle: { color: SERIES_COLORS[0] },
        label: { show: true, position: 'right', color: COLORS.text, fontSize: 10, formatter: '{b}' },
        data: g.inputs.map((x, i) => ({ name: x.name, value: [xs[i], ys[i]] })),
      },
    ],
  };
}

/** PRIM's trade-off: coverage across, density up, one point per peeling step; the chosen box marked. */
export function primTradeoffOption(r: DiscoveryResult): Record<string, unknown> {
  return {
    ...baseOption(),
    grid: { left: 8, right: 24, top: 30, bottom: 24, containLabel: true },
    xAxis: { ...valueAxis('fraction', { min: 0, max: 1, interval: 0.2 }), name: 'coverage (share of the event’s paths in the box)', nameLocation: 'middle', nameGap: 24 },
    yAxis: valueAxis('fraction', { min: 0, max: 1, interval: 0.2 }, { name: 'density (event share in the box)' }),
    series: [
      { type: 'line', silent: true, symbolSize: 5, lineStyle: { color: SERIES_COLORS[0] }, itemStyle: { color: SERIES_COLORS[0] }, data: r.trajectory.map((b) => [b.coverage, b.density]) },
      { type: 'scatter', silent: true, symbolSize: 12, itemStyle: { color: COLORS.event }, data: [[r.box.coverage, r.box.density]] },
    ],
  };
}
