import type { SignalSummary } from '../../results/types.js';
import { firstPlottedStep } from '../classify.js';
import { paddedScale } from './fan.js';
import { baseOption, COLORS, valueAxis } from './theme.js';

/**
 * A signal that is the same every step but differs across paths (a steady-state output of
 * uncertain inputs): its distribution over paths as one horizontal box plot — whiskers at
 * 5% and 95%, box 25–75%, line at the median — with the 1% and 99% quantiles as small
 * circles and the mean as a diamond.
 */
export function steadyOption(s: SignalSummary): Record<string, unknown> {
  const k = firstPlottedStep(s) || Math.min(1, s.t.length - 1);
  const scale = paddedScale(s.p01[k], s.p99[k]);
  const point = (name: string, x: number, symbol: string, size: number, color: string) => ({
    type: 'scatter',
    name,
    silent: true,
    symbol,
    symbolSize: size,
    data: [[x, 0]],
    itemStyle: { color },
    z: 5,
  });
  return {
    ...baseOption(),
    grid: { left: 22, right: 22, top: 6, bottom: 4, containLabel: true },
    xAxis: valueAxis(s.unit, scale, { name: '' }),
    yAxis: { type: 'category', data: [''], axisLine: { show: false }, axisTick: { show: false }, axisLabel: { show: false } },
    series: [
      {
        type: 'boxplot',
        name: 'distribution',
        silent: true,
        layout: 'horizontal',
        boxWidth: [22, 22],
        data: [[s.p05[k], s.p25[k], s.p50[k], s.p75[k], s.p95[k]]],
        itemStyle: { color: COLORS.band50, borderColor: COLORS.median, borderWidth: 1.4 },
      },
      point('1%', s.p01[k], 'circle', 5, COLORS.muted),
      point('99%', s.p99[k], 'circle', 5, COLORS.muted),
      point('mean', s.mean[k], 'diamond', 9, COLORS.mean),
    ],
  };
}
