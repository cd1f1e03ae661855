import { describe, expect, it } from 'vitest';
import { dateMs } from '../engine/calendar.js';
import { binDays, eventDaysOption } from './charts/event-days.js';
import { fanOption } from './charts/fan.js';
import { steadyOption } from './charts/steady.js';
import { sweepEventsOption, sweepSignalOption } from './charts/sweep.js';
import { hydrate } from './hydrate.js';
import { renderSvg } from './render-svg.js';
import { event, signal } from './synthetic-run.test-helper.js';

type Series = { name: string; stack?: string; data: [number, number][] | number[]; markLine?: { data: Record<string, unknown>[] } };
const series = (o: Record<string, unknown>) => o.series as Series[];

describe('chart specifications', () => {
  const price = signal('market', 'USD', 30, (q, k) => 60000 * Math.exp((q - 0.5) * 0.1 * Math.sqrt(k)));

  it('fan: the stacked bands sum back to their quantiles; samples and marks are drawn', () => {
    const spec = fanOption({
      signal: price,
      samples: [price.p25, price.p75],
      marks: { dates: [{ date: price.t[3], label: 'shock' }], levels: [{ value: 58000, label: 'below-58k' }, { value: 1e9, label: 'off the chart' }] },
    });
    const s = series(spec);
    const byName = (n: string) => s.filter((x) => x.name === n);
    const [base90] = byName('5–95% base');
    const [band90] = byName('5–95%');
    expect(base90.stack).toBe(band90.stack);
    (band90.data as [number, number][]).forEach(([t, h], i) => {
      expect(t).toBe((base90.data as [number, number][])[i][0]);
      expect((base90.data as [number, number][])[i][1] + h).toBeCloseTo(price.p95[i], 6);
    });
    expect(byName('sample paths')).toHaveLength(2);
    const marks = byName('median')[0].markLine!.data;
    expect(marks.map((m) => m.xAxis ?? m.yAxis)).toEqual([dateMs(price.t[3]), 58000]); // the level outside the axis is left out
    const y = spec.yAxis as { min: number; max: number };
    expect(y.min).toBeLessThanOrEqual(Math.min(...price.p05));
    expect(y.max).toBeGreaterThanOrEqual(Math.max(...price.p95));
  });

  it('event days: bars add up to the probability, the cumulative line ends there, weekly bins past 4 months', () => {
    const e = event('it happens', 1000, { 2: 100, 3: 50, 20: 30, 150: 20 }, 180);
    const spec = eventDaysOption({ event: e, paths: 1000, startDate: '2026-01-01', stepDays: 1, horizonDays: 180 });
    const [bars, cum] = series(spec);
    const total = (bars.data as [number, number][]).reduce((a, [, v]) => a + v, 0);
    expect(total).toBeCloseTo(0.2, 12);
    expect((cum.data as [number, number][]).at(-1)![1]).toBeCloseTo(0.2, 12);
    expect(binDays(180, 1)).toBe(7);
    expect(binDays(60, 1)).toBe(1);
    expect(binDays(3650, 7)).toBe(35);
  });

  it('specs are plain JSON (a dashboard can ship them), and hydrate adds tick formatters without touching the spec', () => {
    const specs = [
      fanOption({ signal: price, samples: [] }),
      steadyOption(signal('thermal', 'm²', 5, (q) => 1000 + 400 * q)),
      eventDaysOption({ event: event('x', 100, { 1: 5 }, 10), paths: 100, startDate: '2026-01-01', stepDays: 1, horizonDays: 10 }),
      sweepSignalOption([price, price]),
      sweepEventsOption(['x'], [{ x: event('x', 100, { 1: 5 }, 10) }]),
    ];
    for (const spec of specs) {
      expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
      const before = JSON.stringify(spec);
      const h = hydrate(spec) as { yAxis: { axisLabel: { formatter?: (v: number) => string } } | { axisLabel: { formatter?: unknown } }[] };
      expect(JSON.stringify(spec)).toBe(before);
      const axes = [spec.xAxis, spec.yAxis, h.yAxis].flat() as { axisLabel?: { cascadeUnit?: string } }[];
      expect(axes.some((a) => a?.axisLabel?.cascadeUnit !== undefined)).toBe(true);
    }
    const hy = hydrate(fanOption({ signal: price, samples: [] })) as { yAxis: { axisLabel: { formatter: (v: number) => string } } };
    expect(hy.yAxis.axisLabel.formatter(60000)).toBe('$60k');
  });

  it('renders to SVG on the server with the formatted ticks and month names', () => {
    const svg = renderSvg(fanOption({ signal: price, samples: [price.p50] }), 640, 290);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('viewBox="0 0 640 290"');
    expect(svg).toMatch(/>\$\d+k</);
    expect(svg).toMatch(/>(\d+ )?(Jan|Feb)</);
  });
});
