import { dateMs, DAY_MS } from '../../engine/calendar.js';
import type { NiceScale } from '../nice-scale.js';
import { axisTitle } from '../format.js';

/**
 * The look shared by every chart: plain data (colours, fonts, axis styles) so that a browser
 * dashboard renders the same specifications the report renders on the server.
 */
export const COLORS = {
  ink: '#0f172a',
  text: '#334155',
  muted: '#64748b',
  axis: '#94a3b8',
  grid: '#e8edf3',
  median: '#1e3a8a',
  band50: 'rgba(37, 99, 235, 0.30)',
  band90: 'rgba(37, 99, 235, 0.12)',
  band50Swatch: 'rgba(37, 99, 235, 0.55)',
  band90Swatch: 'rgba(37, 99, 235, 0.28)',
  mean: '#0f766e',
  sample: '#64748b',
  share: '#c2410c',
  shareFill: 'rgba(194, 65, 12, 0.14)',
  event: '#b91c1c',
  eventFill: 'rgba(185, 28, 28, 0.55)',
  mark: '#a16207',
  reference: '#111827',
} as const;

/**
 * Categorical colours for sweep points: twelve that stay apart (Paul Tol's "muted" and
 * "bright" schemes, colour-blind-safe in their first seven); more points than that repeat them
 * with dashed lines (see `pointDash`).
 */
export const SERIES_COLORS = ['#332288', '#ee7733', '#117733', '#cc3311', '#33bbee', '#aa4499', '#999933', '#0077bb', '#882255', '#44aa99', '#bbbbbb', '#000000'];

export const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** Options every chart starts from: no animation (a static picture), UTC dates, our font. */
export function baseOption(): Record<string, unknown> {
  return {
    animation: false,
    useUTC: true,
    backgroundColor: 'transparent',
    textStyle: { fontFamily: FONT_FAMILY, color: COLORS.text, fontSize: 11 },
    grid: { left: 8, right: 16, top: 34, bottom: 8, containLabel: true },
  };
}

/** A legend along the top, small and quiet. */
export function topLegend(names: string[]): Record<string, unknown> {
  return { top: 4, left: 'center', itemWidth: 16, itemHeight: 8, itemGap: 14, textStyle: { fontSize: 11, color: COLORS.text }, data: names };
}

/** A date axis from `startIso` over `days`: month names, the year where it changes. */
export function timeAxis(startIso: string, days: number): Record<string, unknown> {
  const min = dateMs(startIso);
  return {
    type: 'time',
    min,
    max: min + days * DAY_MS,
    axisLine: { lineStyle: { color: COLORS.axis } },
    axisTick: { lineStyle: { color: COLORS.axis } },
    splitLine: { show: false },
    axisLabel: {
      color: COLORS.muted,
      fontSize: 11,
      hideOverlap: true,
      formatter: { year: '{yyyy}', month: '{MMM}', day: '{d} {MMM}', hour: '{d} {MMM}', minute: '{d} {MMM}', second: '{d} {MMM}', millisecond: '{d} {MMM}' },
    },
  };
}

/**
 * A value axis on round bounds whose tick labels are formatted for `unit` ($60k, 25%, 49.8k).
 * `cascadeUnit` is our marker for the tick formatter: {@link hydrate} turns it into a function
 * (specifications stay JSON; ECharts ignores the key if nobody hydrates).
 */
export function valueAxis(unit: string, scale: NiceScale, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'value',
    name: axisTitle(unit),
    nameLocation: 'end',
    nameGap: 8,
    nameTextStyle: { color: COLORS.muted, fontSize: 10, align: 'left' },
    min: scale.min,
    max: scale.max,
    interval: scale.interval,
    axisLine: { show: false },
    axisTick: { show: false },
    splitLine: { lineStyle: { color: COLORS.grid } },
    axisLabel: { color: COLORS.muted, fontSize: 11, cascadeUnit: unit },
    ...extra,
  };
}
