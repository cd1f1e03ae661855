import { describe, expect, it } from 'vitest';
import { renderReportHtml } from './html.js';
import { buildReportModel } from './report-model.js';
import { event, signal, storedRun } from './synthetic-run.test-helper.js';

// Signals of models the report has never heard of: it must group and draw them from their
// data (writer model, unit, how they move), not from their names.
const moving = (model: string, unit: string) => signal(model, unit, 20, (q, k) => 10 * (1 + q) * (1 + k / 20));
const run = storedRun(
  [
    {
      signals: {
        'hash.rateEh': moving('mining', 'EH/s'),
        'mining.fleet.us.operatingTh': moving('mining', 'TH/s'),
        'mining.fleet.us.curtailed': signal('mining', '—', 20, (q, k) => (q > 1 - k / 40 ? 1 : 0)),
        'mining.capexUsd': signal('mining', 'USD', 20, () => 3.14e8),
        'orbit.areaM2': signal('orbit', 'm²', 20, (q) => 1000 + 200 * q),
        'zeta.level': moving('zeta', 'fraction'),
      },
      events: {
        'mining.spares-out': event('spares at zero <b>now</b>', 1000, { 5: 100, 9: 50 }, 20),
        'never-happens': event('a tail event', 1000, {}, 20),
      },
      // the run carries each event's condition; the report parses no `when`
      conditions: { 'mining.spares-out': { signal: 'hash.rateEh', op: '<', value: 15 }, 'never-happens': { signal: 'zeta.level', op: '>', value: 15 } },
      resolved: { events: [{ name: 'never-happens', when: 'zeta.level > 15' }], schedule: [{ at: '2026-01-05', note: 'policy switch', set: { 'mining.policy': 'entity-list' } }] },
    },
  ],
  [
    { name: 'orbit', title: 'Orbital radiators: sizing' },
    { name: 'mining', title: 'Mining fleet: repairs and economics' },
  ],
);

describe('report model', () => {
  const model = buildReportModel(run);
  const [point] = model.points;

  it('groups signals by the model that writes them, in the run’s model order, then sub-keys', () => {
    expect(point.groups.map((g) => [g.model, g.title, g.subtitle])).toEqual([
      ['orbit', 'Orbital radiators', 'sizing'],
      ['mining', 'Mining fleet', 'repairs and economics'],
      ['zeta', 'zeta', ''],
    ]);
    const mining = point.groups[1];
    expect(mining.subgroups.map((s) => s.name)).toEqual(['', 'fleet.us']);
    expect(mining.subgroups[0].charts.map((c) => [c.title, c.kind])).toEqual([['hash.rateEh', 'fan']]);
    expect(mining.subgroups[0].steady).toEqual([{ signal: 'mining.capexUsd', value: '$314M' }]);
    expect(mining.subgroups[1].charts.map((c) => [c.title, c.kind])).toEqual([
      ['mining.fleet.us.operatingTh', 'fan'],
      ['mining.fleet.us.curtailed', 'share'],
    ]);
    expect(point.groups[0].subgroups[0].charts.map((c) => c.kind)).toEqual(['steady-spread']);
  });

  it('draws the thresholds of the scenario’s own events on their signal’s chart, from the conditions the run carries', () => {
    const chart = (title: string) => point.groups.flatMap((g) => g.subgroups.flatMap((sub) => sub.charts)).find((c) => c.title === title)!;
    const levels = (title: string) => {
      const median = (chart(title).spec.series as { name: string; markLine?: { data: { yAxis?: number; label?: { formatter: string } }[] } }[]).find((x) => x.name === 'median')!;
      return (median.markLine?.data ?? []).flatMap((m) => (m.yAxis === undefined ? [] : [[m.yAxis, m.label!.formatter]]));
    };
    expect(levels('zeta.level')).toEqual([[15, 'never-happens']]);
    expect(levels('hash.rateEh')).toEqual([]); // a model's own event: no line, as before
  });

  it('puts the scenario’s own events first, with Wilson intervals, and charts only events that happen after the start', () => {
    expect(point.events.map((e) => [e.name, e.fromScenario, e.probability])).toEqual([
      ['never-happens', true, 0],
      ['mining.spares-out', false, 0.15],
    ]);
    expect(point.events[0].ci.lo).toBe(0);
    expect(point.events[0].ci.hi).toBeCloseTo(0.00383, 4); // 1.96² / (1000 + 1.96²)
    expect(point.events[1].when!.p50).toEqual([5, '2026-01-06']);
    expect(point.eventCharts.map((c) => c.title)).toEqual(['mining.spares-out']);
  });

  it('renders one figure per chart, escapes every text, and has no script or external reference', () => {
    const html = renderReportHtml(model);
    const charts = model.summary.charts.length + point.eventCharts.length + point.groups.flatMap((g) => g.subgroups.flatMap((s) => [...s.charts, ...s.small])).length;
    expect(html.match(/<figure class="chart/g)).toHaveLength(charts);
    expect(html.match(/<svg /g)).toHaveLength(charts);
    expect(html).toContain('spares at zero &lt;b&gt;now&lt;/b&gt;');
    expect(html).toContain('A synthetic run &lt;for tests&gt; &amp; checks');
    expect(html).not.toContain('<b>now</b>');
    expect(html).not.toMatch(/<script|<link|src="http|href="http/);
    expect(html).toContain('policy switch — set mining.policy = entity-list');
    expect(html).toContain('did not happen on any of 1,000 paths');
  });

  it('opens on a summary: the scenario’s events, at most six fans, the chain of events; models folded after it', () => {
    const html = renderReportHtml(model);
    expect(html.indexOf('id="summary"')).toBeGreaterThan(0);
    expect(html.indexOf('id="summary"')).toBeLessThan(html.indexOf('<details'));
    expect(model.summary.events.map((e) => e.name)).toEqual(['never-happens']);
    // the signal the scenario's event watches comes first among the fans
    expect(model.summary.charts[0].title).toBe('zeta.level');
    expect(model.summary.charts.length).toBeLessThanOrEqual(6);
    expect(model.summary.drivers).toEqual({ kind: 'sequence', rows: [{ name: 'mining.spares-out', medianDay: 5, date: '2026-01-06', probability: 0.15 }] });
    expect(html.match(/<details class="model"/g)!.length).toBeGreaterThanOrEqual(3);
  });

  it('draws headline signals full size, the rest as small multiples, and inputs apart from outcomes', () => {
    const roles = { headline: new Set(['hash.rateEh']), inputs: new Set(['orbit.areaM2']) };
    const m = buildReportModel(run, { roles });
    const mining = m.points[0].groups.find((g) => g.model === 'mining')!;
    expect(mining.subgroups[0].charts.map((c) => c.title)).toEqual(['hash.rateEh']);
    expect(mining.subgroups[1].small.map((c) => [c.title, c.small])).toEqual([
      ['mining.fleet.us.operatingTh', true],
      ['mining.fleet.us.curtailed', true],
    ]);
    const orbit = m.points[0].groups.find((g) => g.model === 'orbit')!;
    expect(orbit.subgroups[0].inputs.map((i) => i.signal)).toEqual(['orbit.areaM2']);
    expect(orbit.subgroups[0].charts).toEqual([]);
    expect(renderReportHtml(m)).toContain('computed from the parameters alone');
  });

  it('compares sweep points side by side and limits full detail on big sweeps', () => {
    const points = [0, 1, 2].map((k) => ({
      signals: { 'a.x': signal('a', 'USD', 10, (q, t) => (1 + k) * (1 + q) * (1 + t)), 'a.steady': signal('a', 'kg', 10, () => 5 + k) },
      events: { hit: event('hit', 1000, { 3: 100 * (k + 1) }, 10) },
      sweepValues: { 'a.level': k },
    }));
    const m = buildReportModel(storedRun(points, [{ name: 'a', title: 'A' }]), { maxDetailPoints: 2 });
    expect(m.comparison!.parameters).toEqual(['a.level']);
    expect(m.comparison!.points.map((p) => p.label)).toEqual(['level 0', 'level 1', 'level 2']);
    expect(m.comparison!.points.map((p) => p.events.hit.probability)).toEqual([0.1, 0.2, 0.3]);
    expect(m.comparison!.groups.map((g) => g.charts.map((c) => c.title))).toEqual([['a.x']]);
    expect(m.comparison!.steady).toEqual([{ signal: 'a.steady', model: 'a', values: ['5 kg', '6 kg', '7 kg'] }]);
    expect(m.points.map((p) => p.index)).toEqual([0, 1]);
    expect(m.omittedPoints).toBe(1);
    const one = buildReportModel(storedRun(points), { point: 2 });
    expect(one.comparison).toBeNull();
    expect(one.points.map((p) => p.label)).toEqual(['a.level=2']);
  });
});
