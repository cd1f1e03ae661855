import { dateMs, DAY_MS } from '../../engine/calendar.js';
import type { EventSummary } from '../../results/types.js';
import { niceScale } from '../nice-scale.js';
import { baseOption, COLORS, timeAxis, topLegend, valueAxis } from './theme.js';

/** Days per bar: daily up to ~4 months of steps, weekly up to ~2 years, else 30-day bins. */
export function binDays(horizonDays: number, stepDays: number): number {
  const bin = horizonDays <= 120 ? 1 : horizonDays <= 730 ? 7 : 30;
  return Math.max(stepDays, Math.ceil(bin / stepDays) * stepDays);
}

/** A 0–100% axis, or a zoomed one from 0 when the share stays below half. */
export function shareScale(top: number) {
  return top > 0.5 ? { min: 0, max: 1, interval: 0.25 } : niceScale(0, Math.max(top, 1e-4) * 1.05, 4);
}

/** What an event-day histogram needs: the event, the run's start, step and horizon. */
export interface EventDaysInput {
  event: EventSummary;
  paths: number;
  startDate: string;
  stepDays: number;
  horizonDays: number;
}

/**
 * When an event first happens: bars of the share of all paths whose first passage falls in
 * each day (or week) and, on the right axis, the cumulative probability that it has happened
 * by each date (ending at the event's probability). Dashed line: the median day.
 */
export function eventDaysOption(input: EventDaysInput): Record<string, unknown> {
  const { event, paths, startDate, stepDays, horizonDays } = input;
  const bin = binDays(horizonDays, stepDays);
  const bars: [number, number][] = [];
  const cumulative: [number, number][] = [];
  let seen = 0;
  event.hitsByStep.forEach((hits, step) => {
    const day = step * stepDays;
    const b = Math.floor(day / bin);
    if (!bars[b]) bars[b] = [dateMs(startDate) + (b * bin + bin / 2) * DAY_MS, 0];
    bars[b][1] += hits / paths;
    seen += hits;
    cumulative.push([dateMs(startDate) + day * DAY_MS, seen / paths]);
  });
  const dense = bars.filter(Boolean);
  const barMax = Math.max(...dense.map((b) => b[1]), 1e-6);
  const left = shareScale(barMax);
  const right = shareScale(event.probability);
  const per = bin === 1 ? 'day' : bin === 7 ? 'week' : `${bin} days`;
  return {
    ...baseOption(),
    legend: { ...topLegend([`first happens, per ${per} (left)`, 'happened by then (right)']), itemGap: 28 },
    xAxis: timeAxis(startDate, horizonDays),
    yAxis: [
      valueAxis('share', left, { name: '' }),
      valueAxis('share', right, { name: '', position: 'right', splitLine: { show: false } }),
    ],
    series: [
      {
        type: 'bar',
        name: `first happens, per ${per} (left)`,
        silent: true,
        data: dense,
        barWidth: '70%',
        barMaxWidth: 18,
        itemStyle: { color: COLORS.eventFill },
        markLine: event.day
          ? { silent: true, symbol: 'none', lineStyle: { type: 'dashed', color: COLORS.ink, width: 1 }, label: { show: false }, data: [{ xAxis: dateMs(startDate) + event.day.p50 * DAY_MS }] }
          : undefined,
      },
      { type: 'line', name: 'happened by then (right)', yAxisIndex: 1, step: 'end', symbol: 'none', silent: true, data: cumulative, lineStyle: { width: 1.6, color: COLORS.event }, itemStyle: { color: COLORS.event } },
    ],
  };
}
