import { dateMs, DAY_MS } from '../../engine/calendar.js';
import type { EventSummary } from '../../results/types.js';
import { niceScale } from '../nice-scale.js';
import { baseOption, COLORS, timeAxis, valueAxis } from './theme.js';

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
 * When an event first happens, in two panels with one y-axis each: above, bars of the share
 * of all paths whose first passage falls in each day (or week); below, a small panel of the
 * probability that it has happened by each date (ending at the event's probability). Dashed
 * line: the median day.
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
    // the running total only where it changes (and at the ends): a step line needs no more
    if (hits > 0 || step === 0 || step === event.hitsByStep.length - 1) {
      seen += hits;
      cumulative.push([dateMs(startDate) + day * DAY_MS, seen / paths]);
    }
  });
  const dense = bars.filter(Boolean);
  const barMax = Math.max(...dense.map((b) => b[1]), 1e-6);
  const per = bin === 1 ? 'day' : bin === 7 ? 'week' : `${bin} days`;
  const base = baseOption();
  const axis = (gridIndex: number, labels: boolean) => ({ ...timeAxis(startDate, horizonDays), gridIndex, axisLabel: { ...(timeAxis(startDate, horizonDays).axisLabel as object), show: labels } });
  return {
    ...base,
    title: [
      { text: `first happens, per ${per}`, left: 8, top: 2, textStyle: { fontSize: 11, fontWeight: 'normal', color: COLORS.muted } },
      { text: 'happened by then', left: 8, top: '58%', textStyle: { fontSize: 11, fontWeight: 'normal', color: COLORS.muted } },
    ],
    grid: [
      { left: 8, right: 16, top: 22, height: '40%', containLabel: true },
      { left: 8, right: 16, top: '70%', bottom: 8, containLabel: true },
    ],
    xAxis: [axis(0, false), axis(1, true)],
    yAxis: [
      { ...valueAxis('share', shareScale(barMax), { name: '' }), gridIndex: 0, splitNumber: 2 },
      // the small panel: two ticks, 0 and its top
      (() => {
        const top = shareScale(event.probability).max;
        return { ...valueAxis('share', { min: 0, max: top, interval: top }, { name: '' }), gridIndex: 1 };
      })(),
    ],
    series: [
      {
        type: 'bar',
        name: `first happens, per ${per}`,
        silent: true,
        data: dense,
        barWidth: '70%',
        barMaxWidth: 18,
        itemStyle: { color: COLORS.eventFill },
        markLine: event.day
          ? { silent: true, symbol: 'none', lineStyle: { type: 'dashed', color: COLORS.ink, width: 1 }, label: { show: false }, data: [{ xAxis: dateMs(startDate) + event.day.p50 * DAY_MS }] }
          : undefined,
      },
      { type: 'line', name: 'happened by then', xAxisIndex: 1, yAxisIndex: 1, step: 'end', symbol: 'none', silent: true, data: cumulative, lineStyle: { width: 1.6, color: COLORS.event }, itemStyle: { color: COLORS.event } },
    ],
  };
}
