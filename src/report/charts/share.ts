import { dateMs, daysBetween } from '../../engine/calendar.js';
import type { SignalSummary } from '../../results/types.js';
import { shareScale } from './event-days.js';
import { markLines, type ChartMarks } from './fan.js';
import { baseOption, COLORS, timeAxis, valueAxis } from './theme.js';

/**
 * A 0/1 indicator over time (halted, in the stress regime…): the share of paths at 1 on each
 * date, which is the indicator's mean. Quantile bands of a 0/1 variable jump between 0 and 1
 * and say less than this one line.
 */
export function shareOption(s: SignalSummary, marks?: ChartMarks, compact = false): Record<string, unknown> {
  const days = daysBetween(s.t[0], s.t[s.t.length - 1]);
  const top = Math.max(...s.mean.filter(Number.isFinite));
  const scale = shareScale(top);
  return {
    ...baseOption(),
    xAxis: timeAxis(s.t[0], days),
    ...(compact ? { grid: { left: 4, right: 10, top: 12, bottom: 4, containLabel: true } } : {}),
    yAxis: valueAxis('share', scale, { name: compact ? '' : 'share of paths' }),
    series: [
      {
        type: 'line',
        name: 'share of paths',
        symbol: 'none',
        silent: true,
        step: 'end',
        data: s.mean.map((v, i) => [dateMs(s.t[i]), v]),
        lineStyle: { width: 2, color: COLORS.share },
        itemStyle: { color: COLORS.share },
        areaStyle: { color: COLORS.shareFill, opacity: 1 },
        markLine: markLines(marks, scale),
      },
    ],
  };
}
