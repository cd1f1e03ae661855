import { describe, expect, it } from 'vitest';
import { fixturePlan, registry } from '../../../test/fixtures-registry.js';
import { runAllBlocks } from '../run-blocks.js';
import { recordFingerprint } from './fingerprint.test-helper.js';
import { mergeStep, takeStep } from './step-pack.js';
import { RunRecord } from './run-record.js';

const plan = fixturePlan({
  scenarioName: 'step-pack-test',
  seed: 5,
  paths: 512,
  steps: 12,
  blockSize: 256,
  quantileDays: { dailyDays: 2, everyDays: 5, days: [] },
  events: [],
  record: ['btc.price', 'btc.drawdown', 'seller.soldUsd'],
  samplePaths: 0,
  keepTerminal: false,
});

describe('a packed step', () => {
  it('carries a step’s sums and (on a quantile step) cells, empties them, and adds them where they were', () => {
    const source = runAllBlocks(plan, registry);
    const before = recordFingerprint(source);
    const copy = new RunRecord(plan);
    copy.paths = source.paths;
    for (const name of plan.record) copy.signals.get(name)!.finite.set(source.signals.get(name)!.finite);
    for (let t = 0; t <= plan.steps; t++) mergeStep(copy, structuredClone(takeStep(source, t)));
    expect(recordFingerprint(copy)).toEqual(before);
    // the source's sums and cells are empty now
    const price = source.signals.get('btc.price')!;
    expect(price.sums.every((s) => s.partials.length === 0)).toBe(true);
    expect(price.cells.every((c) => c.count === 0 && c.sketch === null)).toBe(true);
  });

  it('is refused by a record of another plan', () => {
    const source = runAllBlocks(plan, registry);
    const packed = takeStep(source, 1);
    const other = new RunRecord({ ...plan, record: ['btc.price'] });
    expect(() => mergeStep(other, packed)).toThrow(/does not match the plan/);
    const everyStep = new RunRecord({ ...plan, quantileDays: undefined });
    expect(() => mergeStep(everyStep, takeStep(source, 3))).toThrow(/does not match the plan/); // step 3 keeps no quantiles here
  });
});
