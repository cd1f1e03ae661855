import { scenarioFolder } from './helpers.js';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareRuns } from '../src/analysis/compare.js';
import { comparisonText } from '../src/analysis/compare-text.js';
import { reportHtml } from '../src/report/index.js';
import { compareReportHtml } from '../src/report/compare-report.js';
import { runScenario, type ScenarioResult } from '../src/run-scenario.js';
import { RunStore } from '../src/store/store.js';
import { VERSION } from '../src/version.js';

/**
 * The analysis blocks end to end on small runs: a Sobol' block of the October scenario (the
 * shipped file, shrunk), a tornado kept in the store and drawn on its date, PRIM on a per-path
 * table, and compare's paired and unpaired intervals. Small: CI machines are slow.
 */
const { dir: tmp, write } = scenarioFolder('cascade-analysis-');
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const SCENARIOS = path.join(import.meta.dirname, '..', 'scenarios');


async function storeAndLoad(result: ScenarioResult) {
  const store = await RunStore.open(path.join(tmp, 'store'));
  try {
    const id = await store.beginRun({
      scenario: result.name,
      description: result.description,
      file: result.file,
      points: result.points.length,
      paths: result.points.reduce((a, p) => a + p.manifest.paths, 0),
      seed: result.points[0].manifest.seed,
      cascadeVersion: VERSION,
      codeHash: 'test',
      command: 'test',
      models: [],
      sources: [],
    });
    await store.completeRun(id, result, { elapsedMs: 1 });
    return { id, stored: await store.loadRun(id), indices: await store.query('SELECT method, input, measure, value, lo, hi FROM sensitivity_indices WHERE run_id = $1 ORDER BY input, measure', [id]) };
  } finally {
    store.close();
  }
}

describe('analysis blocks in scenarios', () => {
  it("the October Sobol' block runs from the scenario file, is stored, exported and drawn on its date", async () => {
    // the shipped file with 4 base points (4 × 6 = 24 design runs + the scenario as written) at 40 paths
    fs.copyFileSync(path.join(SCENARIOS, 'oct-2025-leverage-flush.yaml'), path.join(tmp, 'oct-2025-leverage-flush.yaml'));
    fs.copyFileSync(path.join(SCENARIOS, 'oct-2025-leverage-flush-sobol.yaml'), path.join(tmp, 'sobol-full.yaml'));
    const file = write('sobol-small', 'extends: ./sobol-full.yaml\nname: sobol-small\nsensitivity: { samples: 4, resamples: 50 }\n');
    const result = await runScenario(file, { paths: 40, threads: 2 });
    expect(result.points).toHaveLength(1 + 4 * 6);
    const g = result.globalSensitivity!;
    expect(g.method).toBe('sobol');
    expect(g.at).toBe('2025-10-11');
    expect(g.inputs.map((x) => x.name)).toEqual(result.points[0].resolved && g.inputs.map((x) => x.name));
    expect(g.sobol!.st).toHaveLength(4);
    // every design run carries its row and values; the design's values lie in each item's range
    result.points.slice(1).forEach((p, r) => {
      expect(p.designRun!.row).toBe(r);
      Object.values(p.designRun!.values).forEach((v, i) => expect(v >= g.inputs[i].low && v <= g.inputs[i].high).toBe(true));
    });
    // total indices are shares of variance: non-negative by construction (a mean of squares)
    for (const e of g.sobol!.st) expect(e.value).toBeGreaterThanOrEqual(0);

    const { stored, indices } = await storeAndLoad(result);
    expect(stored.result.globalSensitivity).toEqual(g);
    expect(stored.result.points[3].designRun).toEqual(result.points[3].designRun);
    expect(indices.filter((r) => r.measure === 'ST').map((r) => r.value)).toEqual([...g.inputs.map((x, i) => ({ x, v: g.sobol!.st[i].value }))].sort((a, b) => (a.x.name < b.x.name ? -1 : 1)).map((a) => a.v));
    const html = reportHtml(stored);
    expect(html).toContain('data-chart="sensitivity-sobol"');
    expect(html).toContain('11 Oct 2025');
    // the design's runs are not shown as a sweep of #1…#25
    expect(html).not.toContain('Sweep: the points side by side');
    expect(html).not.toContain('Point #25');
  });

  it('a tornado is kept in the store and drawn on its date, its runs not shown as a sweep', async () => {
    const file = write('tornado', 'extends: oct-2025-leverage-flush\nname: tornado\nhorizonDays: 3\n');
    const result = await runScenario(file, { paths: 40, threads: 1 });
    const { stored, indices } = await storeAndLoad(result);
    expect(stored.result.sensitivity).toEqual(result.sensitivity);
    expect(stored.result.points[0].sensitivity).toEqual(result.sensitivity);
    expect(stored.result.points[1].sensitivityRun).toEqual(result.points[1].sensitivityRun);
    expect(indices.filter((r) => r.measure === 'swing')).toHaveLength(4);
    const html = reportHtml(stored);
    expect(html).toContain('data-chart="sensitivity-tornado"');
    expect(html).toContain('on 11 Oct 2025');
    expect(html).not.toContain('Point #9');
  });

  const market = (name: string, opts: { extra?: string; perPath?: boolean; shock?: string }, paths = 2000) =>
    write(
      name,
      `name: ${name}
start: 2026-01-01
horizonDays: 20
paths: ${paths}
seed: 9
models:
  market:
    volCalmPerSqrtYear: { dist: uniform, min: 0.2, max: 1.0 }
schedule:
  - at: 2026-01-05
    shock:
      - signal: btc.price
        multiply: ${opts.shock ?? '{ dist: uniform, min: 0.6, max: 1.0 }'}
events:
  - name: below-60k
    when: btc.price < 60000
record: [btc.price]
output: { samplePaths: 0${opts.perPath ? ', perPath: true' : ''} }
${opts.extra ?? ''}`,
    );

  it('PRIM finds the shock sizes that make BTC fall below $60k, from the per-path table', async () => {
    const result = await runScenario(market('prim', { extra: 'discovery: { event: below-60k }\n' }), { threads: 1 });
    const d = result.discovery!;
    expect(d.inputs).toEqual(['market.volCalmPerSqrtYear', 'btc.price.multiply@2026-01-05']);
    // the box bounds the shock from above (a deep cut) and is far denser than the paths overall
    expect(d.restricted).toContain('btc.price.multiply@2026-01-05');
    expect(d.box.hi[1]).toBeLessThan(0.9);
    // half-way or more from the overall share to certainty
    expect(d.box.density).toBeGreaterThan(d.baseDensity + 0.5 * (1 - d.baseDensity));
    expect(d.box.coverage).toBeGreaterThanOrEqual(0.5);
    const { stored } = await storeAndLoad(result);
    expect(stored.result.discovery).toEqual(d);
    expect(reportHtml(stored)).toContain('data-chart="sensitivity-prim"');
  });

  it('Morris and Latin-hypercube blocks rank a parameter that moves the price above one that does not', async () => {
    // the price on day 20 moves with the shock; the stress regime's jump rate hardly (the market starts calm)
    const block = (method: string, samples: number) =>
      `sensitivity:\n  output: btc.price\n  statistic: mean\n  method: ${method}\n  samples: ${samples}\n  resamples: 50\n  vary:\n    - { shock: { at: 2026-01-05, signal: btc.price }, low: 0.6, high: 1.0, label: shock }\n    - { param: market.jumpsStressPerYear, low: 0, high: 2, label: stress jumps }\n`;
    const morrisRun = await runScenario(market('morris', { extra: block('morris', 6) }, 200), { threads: 1 });
    const morris = morrisRun.globalSensitivity!;
    expect(reportHtml((await storeAndLoad(morrisRun)).stored)).toContain('data-chart="sensitivity-morris"');
    expect(morris.rows).toBe(6 * 3);
    expect(morris.morris![0].muStar).toBeGreaterThan(10 * morris.morris![1].muStar);
    const lhs = (await runScenario(market('lhs', { extra: block('lhs', 12) }, 200), { threads: 1 })).globalSensitivity!;
    expect(lhs.rows).toBe(12);
    // a deeper cut (lower multiply) gives a lower price: rank correlation close to +1
    expect(lhs.rankCorrelation![0]).toBeGreaterThan(0.9);
  });

  it('compare: paired intervals from per-path flags (same seed), unpaired otherwise, and far narrower paired', async () => {
    // B shifts the shock 0.05 deeper: the same paths and draws (the same stream), so most paths agree
    const a = await runScenario(market('a', { perPath: true }), { threads: 1 });
    const b = await runScenario(market('b', { perPath: true, shock: '{ dist: uniform, min: 0.55, max: 0.95 }' }), { threads: 1 });
    const run = (ref: string, r: ScenarioResult, perPath = true) => ({ ref, scenario: r.name, label: 'base', point: r.points[0], eventDays: perPath ? r.points[0].perPath!.eventDays : null });
    const paired = compareRuns([run('A', a), run('B', b)]);
    const unpaired = compareRuns([run('A', a), run('B', b, false)]);
    const e = (c: typeof paired) => c.events.find((x) => x.event === 'below-60k')!.differences[1]!;
    expect(e(paired).method).toBe('paired');
    expect(e(unpaired).method).toBe('unpaired');
    expect(e(unpaired).why).toMatch(/--per-path/);
    expect(e(paired).difference).toBeCloseTo(e(unpaired).difference, 12);
    expect(e(paired).difference).toBeGreaterThan(0);
    expect(e(paired).hi - e(paired).lo).toBeLessThan((e(unpaired).hi - e(unpaired).lo) / 2);
    expect(comparisonText(paired)).toMatch(/below-60k .* paired/);
    expect(compareReportHtml(paired, { version: VERSION, command: 'cascade compare A B' })).toContain('data-chart="compare-signal"');
  });
});
