import { scenarioFolder } from '../../test/helpers.js';
/**
 * The `sensitivity` block: one-at-a-time (tornado) runs of named parameters and scheduled
 * shocks, checked for errors with their file position, expanded into low/high points, and
 * reported as a table sorted by swing.
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { summaryText } from '../cli/summary-table.js';
import { registry } from '../models/index.js';
import { runScenario } from '../run-scenario.js';
import { ScenarioError } from './issues.js';
import { loadScenario } from './plan.js';

const { dir, write } = scenarioFolder('cascade-sensitivity-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const BASE = `name: tornado
start: 2026-02-05
horizonDays: 3
paths: 300
seed: 3
models:
  market: { priceUsd: 73000, initialRegime: stress }
  leverage: { openInterestUsd: 61e9 }
schedule:
  - at: 2026-02-06
    shock:
      - signal: btc.price
        multiply: 0.9
`;


function problems(file: string): string[] {
  try {
    loadScenario(file, registry);
  } catch (err) {
    if (err instanceof ScenarioError) return err.issues.map((i) => `${i.line}:${i.col} ${i.path}: ${i.message}`);
    throw err;
  }
  return [];
}

describe('sensitivity: checks', () => {
  it('names the line and field of every mistake', () => {
    const file = write(
      'bad',
      BASE +
        `sensitivity:
  output: leverage.liquidatedUsdd
  at: 2027-01-01
  vary:
    - param: leverage.leveragedShar
      low: 0.1
      high: 0.2
    - param: leverage.leveragedShare
      low: 0.1
      high: 1.5
    - shock: { at: 2026-02-07, signal: btc.price }
      low: 0.8
      high: 0.9
    - low: 1
      high: 2
`,
    );
    const found = problems(file);
    const has = (start: string, part = '') => expect(found.some((p) => p.startsWith(start) && p.includes(part)), `${start} … ${part}\n${found.join('\n')}`).toBe(true);
    has('15:11 sensitivity.output: expected one of the known signals of the enabled models', 'did you mean leverage.liquidatedUsd?');
    has('16:7 sensitivity.at: expected a date from the start 2026-02-05 to the horizon end 2026-02-08, found 2027-01-01');
    has('18:14 sensitivity.vary[0].param: expected one of the known number parameters of enabled models', 'did you mean leverage.leveragedShare?');
    has('23:13 sensitivity.vary[1].high: expected a number ≥ 0 and ≤ 1 (fraction), found 1.5');
    has('24:14 sensitivity.vary[2].shock: expected a shock in the schedule (btc.price at 2026-02-06), found btc.price at 2026-02-07');
    has('27:7 sensitivity.vary[3]: expected one of param: model.param or shock: {at, signal}, found neither');
    expect(found).toHaveLength(6);
  });

  it('refuses an output the run does not record and a date that ends no step (found before any run, not after all of them)', () => {
    const file = write(
      'unrecorded',
      BASE.replace('horizonDays: 3', 'horizonDays: 4\nstepDays: 2') +
        `record: [btc.price]
sensitivity:
  output: leverage.liquidatedUsd
  at: 2026-02-08
  vary:
    - { param: leverage.leveragedShare, low: 0.2, high: 0.6 }
`,
    );
    const found = problems(file);
    expect(found).toEqual([
      '17:11 sensitivity.output: expected a signal the run records (add leverage.liquidatedUsd to record:, which lists btc.price), found leverage.liquidatedUsd',
      '18:7 sensitivity.at: expected the end of a step (every 2 days from the start 2026-02-05, e.g. 2026-02-07), found 2026-02-08',
    ]);
  });

  it('refuses a date with a total (which sums every step and would ignore it)', () => {
    const file = write('total', BASE + 'sensitivity:\n  output: leverage.liquidatedUsd\n  statistic: total\n  at: 2026-02-06\n  vary:\n    - { param: leverage.leveragedShare, low: 0.2, high: 0.6 }\n');
    expect(problems(file)).toEqual(["17:7 sensitivity.at: expected no date with statistic: total (it sums the output's mean over every step), found 2026-02-06"]);
  });

  it('refuses a sweep and a sensitivity block together', () => {
    const file = write('both', BASE + 'sweep:\n  grid:\n    leverage.leveragedShare: [0.2, 0.4]\nsensitivity:\n  output: btc.price\n  vary:\n    - { param: leverage.leveragedShare, low: 0.2, high: 0.4 }\n');
    expect(problems(file)).toContain('17:1 sensitivity: expected either a sweep or a sensitivity block, found both (a sensitivity varies one item at a time around one point)');
  });
});

describe('sensitivity: runs and table', () => {
  const text =
    BASE +
    `sensitivity:
  output: leverage.liquidatedUsd
  statistic: mean
  at: 2026-02-06
  vary:
    - { param: leverage.leveragedShare, low: 0.2, high: 0.6, label: leveraged share }
    - { shock: { at: 2026-02-06, signal: btc.price }, low: 0.85, high: 0.95 }
`;

  it('expands into the base and a low and a high point per item, each changing only its item', () => {
    const { points } = loadScenario(write('expand', text), registry);
    expect(points.map((p) => p.label)).toEqual([
      'base',
      'sensitivity leveraged share low=0.2',
      'sensitivity leveraged share high=0.6',
      'sensitivity btc.price multiply at 2026-02-06 low=0.85',
      'sensitivity btc.price multiply at 2026-02-06 high=0.95',
    ]);
    const settings = (k: number) => points[k].plan.models.find((m) => m.name === 'leverage')!.settings.leveragedShare;
    expect([settings(0), settings(1), settings(2), settings(3)]).toEqual([0.4, 0.2, 0.6, 0.4]); // 0.4: the default
    const shock = (k: number) => points[k].plan.schedule[0].shocks[0].multiply;
    expect([shock(0), shock(2), shock(3), shock(4)]).toEqual([0.9, 0.9, 0.85, 0.95]);
    expect(new Set(points.map((p) => p.hash)).size).toBe(5);
  });

  it('reports each item’s output at low and high, sorted by swing, and prints a tornado table', async () => {
    const result = await runScenario(write('run', text), { threads: 1 });
    const t = result.sensitivity!;
    expect(t).toBe(result.points[0].sensitivity);
    expect(t.base).toBe(result.points[0].signals['leverage.liquidatedUsd'].mean[1]);
    // a bigger shock and more leverage liquidate more
    const byName = Object.fromEntries(t.rows.map((r) => [r.name, r]));
    expect(byName['leveraged share'].outputHigh).toBeGreaterThan(byName['leveraged share'].outputLow);
    expect(byName['btc.price multiply at 2026-02-06'].outputLow).toBeGreaterThan(byName['btc.price multiply at 2026-02-06'].outputHigh);
    expect(t.rows[0].swing).toBeGreaterThanOrEqual(t.rows[1].swing);
    for (const r of t.rows) {
      const low = result.points.find((p) => p.sensitivityRun?.name === r.name && p.sensitivityRun.side === 'low')!;
      expect(r.outputLow).toBe(low.signals['leverage.liquidatedUsd'].mean[1]);
    }
    const out = summaryText(result);
    expect(out).toContain('sensitivity: mean of leverage.liquidatedUsd on 2026-02-06');
    expect(out.match(/paths ×/g)).toHaveLength(1); // the runs of the block show only in the table
  });
});
