import { dateMs, daysBetween } from '../../engine/calendar.js';
import type { SignalSummary } from '../../results/types.js';
import { firstPlottedStep } from '../classify.js';
import { niceScale } from '../nice-scale.js';
import { baseOption, COLORS, timeAxis, topLegend, valueAxis } from './theme.js';

/** A dated vertical marker (a scheduled shock or parameter change) and a horizontal level (an event threshold). */
export interface ChartMarks {
  dates?: { date: string; label: string }[];
  levels?: { value: number; label: string }[];
}

/** What a fan chart shows: one signal's per-step quantiles and mean, and a few sampled paths. */
export interface FanInput {
  signal: SignalSummary;
  /** Full paths of this signal (values per step), a handful. */
  samples: number[][];
  marks?: ChartMarks;
  /** A real series drawn over the fan (the scenario's `reference:`), value per step, null for a gap. */
  reference?: { label: string; values: (number | null)[] };
  /** A small multiple: the 5–95% band and the median only, no legend, at most ~90 points. */
  compact?: boolean;
}

/** Points a small multiple draws at most: more than its width in pixels can show apart. */
const COMPACT_POINTS = 60;

/** Points a full-size fan draws at most after its first weeks, which are drawn daily. */
const FULL_POINTS = 120;
/** Days from the start a full-size fan draws every step of (the recorder keeps quantiles daily there). */
const DAILY_DAYS = 28;

/** [date, value] pairs from step `from`, every `stride`-th step (the last, and every step before `dailyUntil`, always kept). */
const pairs = (t: string[], v: number[], from: number, stride = 1, dailyUntil = 0) =>
  v.slice(from).flatMap((y, i) => (i % stride === 0 || from + i < dailyUntil || from + i === v.length - 1 ? [[dateMs(t[from + i]), y]] : []));

/** Round axis bounds around [lo, hi] with 4% padding that never crosses zero (a stock ≥ 0 keeps its axis ≥ 0). */
export function paddedScale(lo: number, hi: number) {
  const pad = (hi - lo) * 0.04;
  return niceScale(lo >= 0 ? Math.max(0, lo - pad) : lo - pad, hi <= 0 ? Math.min(0, hi + pad) : hi + pad);
}

/** Vertical dashed lines at dates and horizontal ones at levels, as one ECharts markLine. */
export function markLines(marks: ChartMarks | undefined, scale: { min: number; max: number }): Record<string, unknown> | undefined {
  const data: Record<string, unknown>[] = [];
  for (const d of marks?.dates ?? []) {
    data.push({ xAxis: dateMs(d.date), name: d.label, label: { show: false }, lineStyle: { color: COLORS.mark } });
  }
  for (const l of marks?.levels ?? []) {
    if (l.value < scale.min || l.value > scale.max) continue;
    data.push({ yAxis: l.value, label: { formatter: l.label, position: 'insideEndTop', color: COLORS.event, fontSize: 9 }, lineStyle: { color: COLORS.event } });
  }
  if (!data.length) return undefined;
  return { silent: true, symbol: 'none', lineStyle: { type: 'dashed', width: 1, opacity: 0.8 }, data };
}

/**
 * The fan chart: the 5–95% band, the 25–75% band, the median and the mean over the dates of
 * the run, with sampled paths behind them. The bands are stacked areas (`stackStrategy: all`,
 * so a band below zero stacks on its lower edge rather than on the axis). The y range is the
 * 5–95% band's, padded: sampled paths outside it are clipped at the edge.
 */
export function fanOption(input: FanInput): Record<string, unknown> {
  const s = input.signal;
  const from = firstPlottedStep(s);
  const days = daysBetween(s.t[0], s.t[s.t.length - 1]);
  const real = (input.reference?.values.slice(from) ?? []).filter((v): v is number => v !== null);
  const lo = Math.min(...s.p05.slice(from), ...s.p50.slice(from), ...real);
  const hi = Math.max(...s.p95.slice(from), ...s.p50.slice(from), ...real);
  const scale = paddedScale(lo, hi);
  const line = { type: 'line', symbol: 'none', silent: true, clip: true };
  // a long horizon drawn at every step is more points than the chart's pixels: after the first
  // weeks (daily, where a shock's days matter) every other step or so — past them the recorder
  // keeps quantiles weekly and the days between are straight-line interpolations anyway
  const stepDays = s.t.length > 1 ? days / (s.t.length - 1) : 1;
  const dailyUntil = input.compact ? 0 : Math.ceil(DAILY_DAYS / stepDays);
  const stride = Math.max(1, Math.ceil((s.t.length - from - (input.compact ? 0 : dailyUntil)) / (input.compact ? COMPACT_POINTS : FULL_POINTS)));
  // legend swatches a shade stronger than the fills, which are pale so that paths show through
  const band = (name: string, base: number[], top: number[], stack: string, color: string, swatch: string) => [
    { ...line, name: `${name} base`, stack, stackStrategy: 'all', data: pairs(s.t, base, from, stride, dailyUntil), lineStyle: { opacity: 0, width: 0 }, tooltip: { show: false } },
    {
      ...line,
      name,
      stack,
      stackStrategy: 'all',
      data: pairs(
        s.t,
        top.map((v, i) => v - base[i]),
        from,
        stride,
        dailyUntil,
      ),
      lineStyle: { opacity: 0 },
      areaStyle: { color, opacity: 1 },
      itemStyle: { color: swatch },
    },
  ];
  if (input.compact) {
    return {
      ...baseOption(),
      grid: { left: 4, right: 10, top: 12, bottom: 4, containLabel: true },
      xAxis: timeAxis(s.t[0], days),
      yAxis: valueAxis(s.unit, scale, { name: '' }),
      series: [
        ...band('5–95%', s.p05, s.p95, 'outer', COLORS.band90, COLORS.band90Swatch),
        { ...line, name: 'median', data: pairs(s.t, s.p50, from, stride), lineStyle: { width: 1.6, color: COLORS.median }, itemStyle: { color: COLORS.median }, z: 5, markLine: markLines(input.marks, scale) },
      ],
    };
  }
  const series = [
    ...input.samples.map((v) => ({ ...line, name: 'sample paths', data: pairs(s.t, v, from, stride, dailyUntil), lineStyle: { width: 0.8, color: COLORS.sample, opacity: 0.45 }, itemStyle: { color: COLORS.sample }, z: 1 })),
    ...band('5–95%', s.p05, s.p95, 'outer', COLORS.band90, COLORS.band90Swatch),
    ...band('25–75%', s.p25, s.p75, 'inner', COLORS.band50, COLORS.band50Swatch),
    { ...line, name: 'mean', data: pairs(s.t, s.mean, from, stride, dailyUntil), lineStyle: { width: 1.2, type: 'dotted', color: COLORS.mean }, itemStyle: { color: COLORS.mean }, z: 4 },
    { ...line, name: 'median', data: pairs(s.t, s.p50, from, stride, dailyUntil), lineStyle: { width: 2, color: COLORS.median }, itemStyle: { color: COLORS.median }, z: 5, markLine: markLines(input.marks, scale) },
    ...(input.reference ? [{ ...line, name: input.reference.label, data: pairs(s.t, input.reference.values as number[], from), connectNulls: false, lineStyle: { width: 1.5, color: COLORS.reference }, itemStyle: { color: COLORS.reference }, z: 6 }] : []),
  ];
  return {
    ...baseOption(),
    legend: topLegend(['median', 'mean', '25–75%', '5–95%', ...(input.samples.length ? ['sample paths'] : []), ...(input.reference ? [input.reference.label] : [])]),
    xAxis: timeAxis(s.t[0], days),
    yAxis: valueAxis(s.unit, scale),
    series,
  };
}
