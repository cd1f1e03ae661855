import { describe, expect, it } from 'vitest';
import { registry } from '../models/index.js';
import { ScenarioError } from '../scenario/issues.js';
import { loadScenario } from '../scenario/plan.js';
import { FLAGSHIP_SCENARIO } from '../run-scenario.js';
import { builtinFile, builtinNames, loadRequestScenario } from './scenario-input.js';

const LIMITS = { maxCells: 5e9, maxMemoryMB: 4096, maxPoints: 10_000 };
const issues = (f: () => unknown): string[] => {
  try {
    f();
  } catch (err) {
    if (err instanceof ScenarioError) return err.issues.map((i) => `${i.file}:${i.line}:${i.col} ${i.path}: ${i.message}`);
    throw err;
  }
  return [];
};

describe('loadRequestScenario', () => {
  it('plans a built-in exactly as the CLI does (same resolved scenario, same hash)', () => {
    const api = loadRequestScenario({ scenario: 'flagship', paths: 500, seed: 3 }, registry, LIMITS);
    const cli = loadScenario(FLAGSHIP_SCENARIO, registry, { paths: 500, seed: 3 });
    expect(api.points[0].hash).toBe(cli.points[0].hash);
    expect(api.points[0].plan).toEqual(cli.points[0].plan);
  });

  it('takes YAML or JSON content extending a built-in, with set overrides', () => {
    const yaml = loadRequestScenario({ yaml: 'extends: flagship\nname: mine\n', set: { 'market.priceUsd': 61000 } }, registry, LIMITS);
    expect(yaml.valid.scenario.name).toBe('mine');
    expect(yaml.valid.models.find((m) => m.name === 'market')!.settings.priceUsd).toBe(61000);
    const json = loadRequestScenario({ json: { extends: 'flagship', name: 'mine' }, set: { 'market.priceUsd': 61000 } }, registry, LIMITS);
    expect(json.points[0].hash).toBe(yaml.points[0].hash);
  });

  it('names only built-ins: by listed name, never a path', () => {
    expect(builtinNames()).toContain('flagship');
    for (const bad of ['../package', '/etc/passwd', 'flagship.yaml', 'flagship/', '', 'FLAGSHIP']) expect(builtinFile(bad), bad).toBeNull();
    expect(issues(() => loadRequestScenario({ scenario: '../package' }, registry, LIMITS))[0]).toMatch(/^request\.yaml:1:1 scenario: expected a built-in scenario name/);
    expect(issues(() => loadRequestScenario({ yaml: 'name: x\nextends: ./flagship.yaml\n' }, registry, LIMITS))[0]).toMatch(/^request\.yaml:2:10 extends: .*extends built-ins only/);
  });

  it('puts the server’s bounds over the scenario’s own limits', () => {
    const p = issues(() => loadRequestScenario({ yaml: 'extends: flagship\nname: big\npaths: 50000000\nlimits: { maxCells: 1e16, maxMemoryMB: 1e9 }\n' }, registry, LIMITS));
    expect(p.join('\n')).toMatch(/maxCells|memory/);
    expect(issues(() => loadRequestScenario({ scenario: 'flagship', paths: 1000 }, registry, { ...LIMITS, maxCells: 1000 })).join('\n')).toMatch(/cells/);
  });

  it('reports every problem with its place: request shape, set keys, values', () => {
    expect(issues(() => loadRequestScenario({}, registry, LIMITS))[0]).toMatch(/exactly one of scenario .* found none/);
    expect(issues(() => loadRequestScenario({ scenario: 'flagship', json: {} }, registry, LIMITS))[0]).toMatch(/found scenario and json/);
    // set is the CLI's --set: problems point at the override (--set:N:COL), any parameter path works
    expect(issues(() => loadRequestScenario({ scenario: 'flagship', set: { price: 1, 'market.priceUsd': -5 } }, registry, LIMITS))).toEqual([
      expect.stringMatching(/^--set:1:1 price: expected a path starting with an enabled model/),
    ]);
    expect(issues(() => loadRequestScenario({ scenario: 'flagship', set: { 'market.priceUsd': -5 } }, registry, LIMITS))).toEqual(['--set:1:17 market.priceUsd: expected a number > 0 (USD), found -5']);
    expect(loadRequestScenario({ scenario: 'flagship', set: { 'lender.lenders.blockfills.cashShare': 0.3 } }, registry, LIMITS).valid.set).toEqual({ 'lender.lenders.blockfills.cashShare': 0.3 });
    expect(issues(() => loadRequestScenario({ yaml: 'name: x\nstart: 2026-01-01\nhorizonDays: 0\nmodels: {}\n' }, registry, LIMITS))[0]).toMatch(/^request\.yaml:3:14 horizonDays/);
  });

  it('replaces the schedule with the request’s, checked as a file is: problems at schedule.K with a line', () => {
    const base = loadRequestScenario({ scenario: 'oct-2025-leverage-flush', paths: 100 }, registry, LIMITS);
    expect(base.valid.scenario.schedule).toHaveLength(2);
    // the same schedule sent back plans the same run (same hash): replacing is not appending
    const same = loadRequestScenario({ scenario: 'oct-2025-leverage-flush', paths: 100, schedule: base.valid.scenario.schedule }, registry, LIMITS);
    expect(same.points[0].hash).toBe(base.points[0].hash);
    // its sensitivity block varies both shocks of 2025-10-11: they must stay
    const shocks = [{ signal: 'btc.price', multiply: 0.9 }, { signal: 'leverage.lowUsd', multiply: 0.975 }];
    const edited = loadRequestScenario({ scenario: 'oct-2025-leverage-flush', paths: 100, schedule: [{ at: '2025-10-11', shock: shocks }] }, registry, LIMITS);
    expect(edited.valid.scenario.schedule).toEqual([{ at: '2025-10-11', shock: shocks }]);
    expect(edited.points[0].hash).not.toBe(base.points[0].hash);
    expect(issues(() => loadRequestScenario({ scenario: 'oct-2025-leverage-flush', schedule: [] }, registry, LIMITS))[0]).toMatch(/sensitivity\.vary\[\d\]\.shock: expected a shock in the schedule \(none\)/);
    const none = loadRequestScenario({ scenario: 'lender-svb-2023', paths: 100, schedule: [] }, registry, LIMITS);
    expect(none.valid.scenario.schedule).toEqual([]);
    // the entry, not the scenario file, is blamed: {"schedule": [ on lines 1–2, entry 0 from line 3
    const bad = issues(() =>
      loadRequestScenario(
        {
          scenario: 'oct-2025-leverage-flush',
          schedule: [
            { at: '2025-10-11', shock: [{ signal: 'btc.price', multiply: 0.9 }, { signal: 'leverage.lowUsd', multiply: 0.975 }] },
            { at: '2025-12-01', shock: [{ signal: 'btc.nothing', add: 1 }], set: { 'market.priceUsd': -1 } },
          ],
        },
        registry,
        LIMITS,
      ),
    );
    expect(bad).toEqual([
      'request-schedule.json:17:13 schedule[1].at: expected a date after the start 2025-10-10 and on or before the horizon end 2025-11-09, found 2025-12-01',
      'request-schedule.json:25:28 schedule[1].set["market.priceUsd"]: expected a number > 0 (USD), found -1',
      'request-schedule.json:20:21 schedule[1].shock[0].signal: expected a signal that can be shocked (btc.price, leverage.lowUsd, leverage.highUsd), found "btc.nothing"',
    ]);
    const notAList = issues(() => loadRequestScenario({ scenario: 'flagship', schedule: [5] }, registry, LIMITS));
    expect(notAList).toEqual(['request-schedule.json:3:5 schedule[0]: expected a mapping, found 5']);
  });
});
