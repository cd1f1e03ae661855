import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ParamTable } from '../src/engine/params.js';
import { registry } from '../src/models/index.js';
import { runScenario } from '../src/run-scenario.js';
import { ScenarioError } from '../src/scenario/issues.js';
import { tempDir } from './helpers.js';

/**
 * Every struct and choice parameter of every model, set on a schedule mid-run (a struct to its
 * own default, a choice to another of its values): the run either completes with finite results or is
 * refused at load with the file, the line of the `set` and why the parameter is fixed (it
 * shapes the run). Before contract v2, `mining.fleet` and `leverage.buckets` gave "internal
 * error" and `lender.lenders` a TypeError in the middle of the run.
 */
const dir = tempDir('cascade-shape-');
const allModels = Object.fromEntries(registry.models.map((m) => [m.name, {}]));

const cases = registry.models.flatMap((m) =>
  Object.entries(m.params as ParamTable)
    .filter(([, decl]) => decl.kind !== 'number')
    .map(([param, decl]) => ({ key: `${m.name}.${param}`, model: m.name, param, value: decl.kind === 'choice' ? (decl.values.find((v) => v !== decl.default) ?? decl.default) : decl.default })),
);

describe('a scheduled set of a struct or choice parameter', () => {
  it.each(cases)('$key: a correct run, or refused at load with the line and reason', async ({ model, param, value }) => {
    const scenario = {
      name: `set-${model}-${param}`,
      start: '2026-02-05',
      horizonDays: 6,
      paths: 40,
      seed: 7,
      models: allModels,
      schedule: [{ at: '2026-02-08', set: { [`${model}.${param}`]: value } }],
    };
    const file = path.join(dir, `${model}-${param}.yaml`);
    // JSON is YAML: the set is on line 15 of the pretty-printed file
    fs.writeFileSync(file, JSON.stringify(scenario, null, 2) + '\n');
    try {
      const result = await runScenario(file, { threads: 1 });
      const price = result.points[0].signals['btc.price'];
      expect(price.mean.every(Number.isFinite)).toBe(true);
    } catch (err) {
      expect(err, String(err)).toBeInstanceOf(ScenarioError);
      const text = (err as ScenarioError).message;
      expect(text).toContain(`${model}-${param}.yaml:`);
      expect(text).toContain(`schedule[0].set["${model}.${param}"]`);
      expect(text).toMatch(/shapes the run and is fixed at the start: .+/);
    }
  });
});
