/**
 * params.ts: which parameters shape a run (a scheduled `set` of them is refused at load, with
 * the file, the line and why), that the rest may be set on a schedule, and that the lenders
 * struct documents the fields of a lender, of its segments and of its loan books.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { modelParams } from '../../cli/models-table.js';
import { fieldDefaults } from '../../scenario/struct-fields.js';
import { loadScenario } from '../../scenario/plan.js';
import { registry } from '../index.js';
import { lender } from './index.js';
import { lenderHarness, PLAIN_LENDER } from './lender-harness.test-helper.js';
import { SEGMENT_DEFAULTS, SEGMENT_FIELDS } from './params.js';
import { cleanUp, writeScenario } from './run-scenario.test-helper.js';

afterAll(cleanUp);

/** A scenario setting `lender.<param>` to `value` on day 3 (the set is on line 8). */
function scheduledSet(param: string, value: string): string {
  return writeScenario(
    `set-${param}`,
    ['name: set', 'start: 2026-01-01', 'horizonDays: 5', 'models:', '  market: {}', '  lender: {}', 'schedule:', `  - { at: 2026-01-03, set: { lender.${param}: ${value} } }`].join('\n'),
  );
}

describe('lender parameters', () => {
  it.each([
    ['lenders', '{ other: {} }', 'each lender id names its signals and events'],
    ['haltHorizonsDays', '[7]', 'each horizon d is a signal'],
  ])('a scheduled set of %s is refused at load, at its line, saying why', (param, value, why) => {
    const file = scheduledSet(param, value);
    expect(() => loadScenario(file, registry)).toThrow(new RegExp(`set-${param}\\.yaml:8[^]*shapes the run and is fixed at the start: ${why}`));
  });

  it('a scheduled set of a number parameter is accepted and used from the step it is set', () => {
    expect(() => loadScenario(scheduledSet('runVisibility', '1.2'), registry)).not.toThrow();
    // on the engine: the gate haircut g moves θ from the step it is set, and back
    const settings = { lenders: { a: { ...PLAIN_LENDER, loans: [{ share: 1, rateApr: 0, pdPerYear: 0, collateralRatio: 0, tenorDays: 100, buckets: 1 }] } } };
    const fixed = lenderHarness(settings);
    const moved = lenderHarness(settings);
    fixed.h.step();
    moved.h.setNext('lender', 'gateHaircut', 0.5).step();
    expect(moved.out('a', 'stayerCoverage')).toBeLessThan(fixed.out('a', 'stayerCoverage'));
    fixed.h.step();
    moved.h.setNext('lender', 'gateHaircut', 0.1).step();
    expect(moved.out('a', 'stayerCoverage')).toBe(fixed.out('a', 'stayerCoverage'));
  });

  it('documents the fields of a lender, its segments and its loan books, and says why lenders and horizons are fixed', () => {
    const listed = new Map(modelParams(lender).map((p) => [p.name, p]));
    for (const name of ['lenders.<id>.cashShare', 'lenders.<id>.callLagDays', 'lenders.<id>.segments.<name>.signalNoise', 'lenders.<id>.loans.[i].borrower', 'lenders.<id>.loans.[i].tenorDays']) {
      expect(listed.get(name), name).toBeDefined();
    }
    expect(listed.get('lenders')!.fixedAtStart).toMatch(/lender id names its signals/);
    expect(listed.get('haltHorizonsDays')!.fixedAtStart).toMatch(/each horizon d/);
    expect(listed.get('runVisibility')!.fixedAtStart).toBeUndefined();
  });

  it('a segment of another name starts from the `others` segment, whose values are the fields’ defaults', () => {
    expect(SEGMENT_DEFAULTS.others).toEqual(fieldDefaults(SEGMENT_FIELDS));
  });
});
