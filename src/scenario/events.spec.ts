import { scenarioFolder } from '../../test/helpers.js';
/**
 * Events with logic, end to end: every operator is run on real paths and checked against a
 * second, deliberately plain implementation (a per-path loop over the sampled paths, which
 * are all the paths here), step by step. The counts must agree exactly: both read the same
 * doubles and make the same comparisons.
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { registry } from '../models/index.js';
import { runScenario } from '../run-scenario.js';
import { ScenarioError } from './issues.js';
import { loadScenario } from './plan.js';

const { dir, write } = scenarioFolder('cascade-events-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const PATHS = 200;
const BASE = `name: logic
start: 2026-02-05
horizonDays: 40
paths: ${PATHS}
seed: 11
models:
  market: { priceUsd: 73000, initialRegime: stress }
  leverage: { openInterestUsd: 61e9 }
record: [btc.price, leverage.liquidatedUsd]
output: { samplePaths: ${PATHS} }
schedule:
  - at: 2026-02-10
    shock:
      - signal: btc.price
        multiply: 0.9
`;


/** One step's values of the two recorded signals on one path. */
type Row = { p: number; liq: number };
/** The reference: per path, per step, first step where `hit(t, history)` is true. */
type Rule = (t: number, rows: Row[], fp: Map<string, number>) => boolean;

const EVENTS: { name: string; yaml: string; rule: Rule }[] = [
  { name: 'and', yaml: `when: btc.price < 70000 and leverage.liquidatedUsd > 2e8`, rule: (t, r) => r[t].p < 70000 && r[t].liq > 2e8 },
  { name: 'or', yaml: `when: btc.price < 64000 || btc.price > 80000`, rule: (t, r) => r[t].p < 64000 || r[t].p > 80000 },
  { name: 'not', yaml: `when: not (btc.price >= 68000)`, rule: (t, r) => !(r[t].p >= 68000) },
  { name: 'signals', yaml: `when: "leverage.liquidatedUsd / 2e6 > btc.price - 64000"`, rule: (t, r) => r[t].liq / 2e6 > r[t].p - 64000 },
  { name: 'arith', yaml: `when: abs(btc.price - 73000) > 12000 and min(btc.price, 1e9) != max(btc.price, 0) + 1`, rule: (t, r) => Math.abs(r[t].p - 73000) > 12000 && Math.min(r[t].p, 1e9) !== Math.max(r[t].p, 0) + 1 },
  { name: 'within', yaml: `when: btc.price < 69000\n    within: 10d`, rule: (t, r) => t <= 10 && r[t].p < 69000 },
  { name: 'from', yaml: `when: btc.price < 69000\n    within: { days: 1w, from: 2026-02-15 }`, rule: (t, r) => t >= 10 && t <= 17 && r[t].p < 69000 },
  { name: 'for', yaml: `when: btc.price < 70000\n    for: 5d`, rule: (t, r) => t >= 4 && [0, 1, 2, 3, 4].every((k) => r[t - k].p < 70000) },
  { name: 'count', yaml: `when: btc.price > 75000\n    count: 4`, rule: (t, r) => r[t].p > 75000 && r.slice(0, t + 1).filter((x) => x.p > 75000).length >= 4 },
  { name: 'after', yaml: `when: btc.price > 72000\n    within: { days: 5d, after: and }`, rule: (t, r, fp) => fp.has('and') && t >= fp.get('and')! && t - fp.get('and')! <= 5 && r[t].p > 72000 },
  { name: 'happened', yaml: `when: "happened('or') and btc.price > 71000"`, rule: (t, r, fp) => fp.has('or') && fp.get('or')! <= t && r[t].p > 71000 },
];

describe('events with logic', () => {
  it('agree exactly with a per-path reference, for every operator', async () => {
    const text = BASE + 'events:\n' + EVENTS.map((e) => `  - name: ${e.name}\n    ${e.yaml}\n`).join('');
    const result = await runScenario(write('all', text), { threads: 1 });
    const point = result.points[0];
    expect(point.samples).toHaveLength(PATHS);
    const steps = point.signals['btc.price'].t.length;
    const expected = new Map(EVENTS.map((e) => [e.name, new Array<number>(steps).fill(0)]));
    for (const sample of point.samples) {
      const rows: Row[] = sample.values['btc.price'].map((p, t) => ({ p, liq: sample.values['leverage.liquidatedUsd'][t] }));
      const fp = new Map<string, number>();
      for (const e of EVENTS) {
        for (let t = 0; t < steps; t++) {
          if (e.rule(t, rows, fp)) {
            fp.set(e.name, t);
            expected.get(e.name)![t]++;
            break;
          }
        }
      }
    }
    for (const e of EVENTS) {
      const got = point.events[e.name];
      expect(got.hitsByStep, e.name).toEqual(expected.get(e.name));
      // each rule must be exercised: neither never nor always
      expect(got.paths, `${e.name} happens on some paths`).toBeGreaterThan(0);
      expect(got.paths, `${e.name} misses some paths`).toBeLessThan(PATHS);
    }
    expect(point.conditions.and).toBeUndefined(); // no single threshold to draw
    expect(point.events.and.description).toBe('btc.price < 70000 and leverage.liquidatedUsd > 2e8');
  }, 120_000);

  it('keeps the simple form as the one-comparison event (same plan as before)', () => {
    const { points } = loadScenario(write('simple', BASE + 'events:\n  - name: low\n    when: btc.price < 60_000\n'), registry);
    const ev = points[0].plan.events.find((e) => e.name === 'low')!;
    expect(ev).toEqual({ name: 'low', description: '', signal: 'btc.price', op: '<', value: 60000 });
  });

  it('names the file, line and column of a mistake, with did you mean', () => {
    const text =
      BASE +
      `events:
  - name: a
    when: btc.price < 60000 and leverage.liquidatdUsd > 1
  - name: b
    when: "happened('c') or btc.price < 1"
  - name: c
    when: btc.price <
  - name: d
    when: btc.price < 1
    for: 2d
    count: 3
  - name: e
    when: btc.price < 1
    within: { days: 3d, after: nothing }
`;
    let issues: string[] = [];
    try {
      loadScenario(write('bad', text), registry);
    } catch (err) {
      if (!(err instanceof ScenarioError)) throw err;
      issues = err.issues.map((i) => `${i.line}:${i.col} ${i.path}: ${i.message}`);
    }
    const has = (start: string, part: string) => expect(issues.some((p) => p.startsWith(start) && p.includes(part)), `${start} … ${part}\n${issues.join('\n')}`).toBe(true);
    // columns inside the condition: the unknown name, the quoted event, the end of the text
    has('18:33 events[0].when:', 'did you mean leverage.liquidatedUsd?');
    has('20:22 events[1].when:', `events declared before this one (happened('name')) (market.stress, leverage.adl, leverage.flush10B, leverage.majors.adl, leverage.socialised.adl, leverage.vault.adl, a), found "c"`);
    has('22:22 events[2].when:', 'found "btc.price <": a syntax error');
    has('26:12 events[3].count:', 'either for:');
    has('29:13 events[4].within:', 'found "nothing"');
    expect(issues).toHaveLength(5);
  });

  it('checks the fields’ forms with the schema: a duration, a real date, a count ≥ 1', () => {
    const text = BASE + 'events:\n  - name: a\n    when: btc.price < 1\n    within: { days: 3x, from: 2026-02-30 }\n    count: 0\n';
    let issues: string[] = [];
    try {
      loadScenario(write('forms', text), registry);
    } catch (err) {
      if (!(err instanceof ScenarioError)) throw err;
      issues = err.issues.map((i) => `${i.line}:${i.col} ${i.path}: ${i.message}`);
    }
    expect(issues).toEqual([
      '19:21 events[0].within.days: expected a duration such as 30d or 4w (days, weeks), found "3x"',
      '19:31 events[0].within.from: expected a real calendar date, found "2026-02-30"',
      '20:12 events[0].count: expected a number ≥ 1, found 0',
    ]);
  });
});
