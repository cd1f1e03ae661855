import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { registry } from '../models/index.js';
import { formatIssue, ScenarioError } from '../scenario/issues.js';
import { loadScenario } from '../scenario/plan.js';
import { globalSensitivityResult } from './global-sensitivity.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-global-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(name: string, block: string): string {
  const file = path.join(tmp, `${name}.yaml`);
  fs.writeFileSync(
    file,
    `name: ${name}\nstart: 2026-01-01\nhorizonDays: 5\npaths: 10\nmodels:\n  market: {}\nschedule:\n  - at: 2026-01-03\n    shock: [{ signal: btc.price, multiply: 0.9 }]\nsensitivity:\n  output: btc.price\n  vary:\n    - { param: market.volCalmPerSqrtYear, low: 0.2, high: 0.8 }\n    - { shock: { at: 2026-01-03, signal: btc.price }, low: 0.7, high: 1.0, label: crash }\n${block}`,
  );
  return file;
}

function problems(file: string): string[] {
  try {
    loadScenario(file, registry);
    return [];
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    return err.issues.map(formatIssue);
  }
}

describe('global sensitivity blocks: the design as points', () => {
  it('sobol: the scenario as written, then N(d + 2) points with every item at the row’s value', () => {
    const loaded = loadScenario(write('sobol', '  method: sobol\n  samples: 8\n'), registry);
    expect(loaded.points).toHaveLength(1 + 8 * 4);
    expect(loaded.points[0].label).toBe('base');
    const d = loaded.design!;
    for (let r = 0; r < d.rows; r++) {
      const p = loaded.points[r + 1];
      const vol = p.plan.models.find((m) => m.name === 'market')!.settings.volCalmPerSqrtYear;
      expect(vol).toBe(d.values[r * 2]);
      expect(p.plan.schedule[0].shocks[0].multiply).toBe(d.values[r * 2 + 1]);
      expect(p.design).toEqual({ method: 'sobol', row: r, values: { 'market.volCalmPerSqrtYear': d.values[r * 2], crash: d.values[r * 2 + 1] } });
      expect(d.values[r * 2]).toBeGreaterThanOrEqual(0.2);
      expect(d.values[r * 2]).toBeLessThanOrEqual(0.8);
    }
    // one seed for all: common random numbers
    expect(new Set(loaded.points.map((p) => p.plan.seed)).size).toBe(1);
  });

  it('counts points per method for limits.maxPoints, and names the block when over it', () => {
    expect(loadScenario(write('morris', '  method: morris\n  samples: 5\n'), registry).points).toHaveLength(1 + 5 * 3);
    expect(loadScenario(write('lhs', '  method: lhs\n  samples: 7\n'), registry).points).toHaveLength(1 + 7);
    const over = problems(write('over', '  method: sobol\n  samples: 4096\n'));
    expect(over.join('\n')).toMatch(/sensitivity: expected at most limits.maxPoints = 10,000 points, found a sobol sensitivity block of 16,385 points/);
  });

  it('keeps a design whose output is not finite at some run, saying so instead of failing after every run', () => {
    const loaded = loadScenario(write('nan', '  method: sobol\n  samples: 4\n'), registry);
    const spec = loaded.valid.scenario.sensitivity!;
    const outputs = Array.from({ length: loaded.design!.rows }, (_, r) => (r === 3 ? NaN : r));
    const g = globalSensitivityResult(spec, loaded.design!, outputs, { value: 1, at: '2026-01-06', unit: 'USD' }, 1);
    expect(g.sobol).toBeUndefined();
    expect(g.note).toBe('the output is not a finite number at 1 run(s) (points 5): no indices');
  });

  it('refuses odd Morris levels and samples on a tornado with the line of the field', () => {
    expect(problems(write('odd', '  method: morris\n  levels: 3\n'))[0]).toMatch(/odd\.yaml:\d+:\d+ sensitivity\.levels: expected an even number of levels/);
    expect(problems(write('tornado', '  samples: 8\n'))[0]).toMatch(/sensitivity\.samples: expected samples and levels only with method: sobol, morris or lhs/);
  });
});
