import { dateMs, daysBetween } from '../../engine/calendar.js';
import type { EventSummary, SignalSummary } from '../../results/types.js';
import { firstPlottedStep } from '../classify.js';
import { niceScale } from '../nice-scale.js';
import { paddedScale } from './fan.js';
import { baseOption, COLORS, SERIES_COLORS, timeAxis, valueAxis } from './theme.js';

/** The colour of sweep point k, the same in every comparison chart and in the page's legend. */
export function pointColor(k: number): string {
  return SERIES_COLORS[k % SERIES_COLORS.length];
}

/**
 * One signal across sweep points: each point's median over time (solid) and its 5% and 95%
 * quantiles (thin dashed), in the point's colour. The legend is the page's (one for every
 * comparison chart), so the chart keeps its whole area for the lines.
 */
export function sweepSignalOption(points: SignalSummary[]): Record<string, unknown> {
  const s0 = points[0];
  const from = Math.min(...points.map(firstPlottedStep));
  const days = daysBetween(s0.t[0], s0.t[s0.t.length - 1]);
  const all = points.flatMap((s) => [...s.p05.slice(from), ...s.p95.slice(from)]);
  const scale = paddedScale(Math.min(...all), Math.max(...all));
  const line = (s: SignalSummary, k: number, key: 'p05' | 'p50' | 'p95') => ({
    type: 'line',
    name: `#${k + 1} ${key === 'p50' ? 'median' : key === 'p05' ? '5%' : '95%'}`,
    symbol: 'none',
    silent: true,
    data: s[key].slice(from).map((v, i) => [dateMs(s.t[from + i]), v]),
    lineStyle: key === 'p50' ? { width: 2, color: pointColor(k), type: k < SERIES_COLORS.length ? 'solid' : 'dashed' } : { width: 0.9, type: 'dotted', color: pointColor(k), opacity: 0.7 },
    z: key === 'p50' ? 3 : 2,
  });
  return {
    ...baseOption(),
    grid: { left: 8, right: 16, top: 22, bottom: 8, containLabel: true },
    xAxis: timeAxis(s0.t[0], days),
    yAxis: valueAxis(s0.unit, scale),
    series: points.flatMap((s, k) => [line(s, k, 'p05'), line(s, k, 'p95'), line(s, k, 'p50')]),
  };
}

/** Every event's probability at every sweep point: grouped horizontal bars, one colour per point. */
export function sweepEventsOption(eventNames: string[], points: Record<string, EventSummary>[]): Record<string, unknown> {
  const top = Math.max(...points.flatMap((p) => eventNames.map((e) => p[e]?.probability ?? 0)), 0.01);
  const scale = top > 0.5 ? { min: 0, max: 1, interval: 0.2 } : niceScale(0, top * 1.08, 5);
  return {
    ...baseOption(),
    grid: { left: 8, right: 24, top: 22, bottom: 8, containLabel: true },
    xAxis: valueAxis('probability', scale, { name: '' }),
    yAxis: {
      type: 'category',
      inverse: true,
      data: eventNames,
      axisLine: { lineStyle: { color: COLORS.axis } },
      axisTick: { show: false },
      axisLabel: { color: COLORS.text, fontSize: 11, fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' },
    },
    series: points.map((p, k) => ({
      type: 'bar',
      name: `#${k + 1}`,
      silent: true,
      barMaxWidth: 14,
      barGap: '15%',
      data: eventNames.map((e) => p[e]?.probability ?? 0),
      itemStyle: { color: pointColor(k) },
    })),
  };
}
