import { describe, expect, it } from 'vitest';
import { mergePerPath, newPerPathRecord, perPathInputs } from './per-path.js';
import type { RunPlan } from './run-plan.js';

const plan = {
  paths: 4,
  models: [{ name: 'market', settings: { priceUsd: 1, volCalmPerSqrtYear: { dist: 'uniform', min: 0.2, max: 0.8 }, regime: 'calm' } }],
  schedule: [
    { step: 2, date: '2026-01-03', set: [{ model: 'market', param: 'volCalmPerSqrtYear', value: { dist: 'normal', mean: 0.5, sd: 0.1 } }, { model: 'market', param: 'priceUsd', value: 3 }], shocks: [{ signal: 'btc.price', multiply: { dist: 'uniform', min: 0.7, max: 1 }, add: 0 }] },
    { step: 2, date: '2026-01-03', set: [{ model: 'market', param: 'volCalmPerSqrtYear', value: { dist: 'normal', mean: 0.6, sd: 0.1 } }], shocks: [] },
  ],
  events: [{ name: 'e', signal: 'btc.price', op: '<', value: 1, description: '' }],
} as unknown as RunPlan;

describe('per-path table inputs', () => {
  it('names each drawn number by where it is drawn, once, in a fixed order (numbers and fixed values left out)', () => {
    expect(perPathInputs(plan).map((i) => i.name)).toEqual([
      'market.volCalmPerSqrtYear',
      'market.volCalmPerSqrtYear@2026-01-03',
      'btc.price.multiply@2026-01-03',
      'market.volCalmPerSqrtYear@2026-01-03#2',
    ]);
  });

  it('merges records of disjoint paths by placement (unset inputs are NaN, unset first steps −2)', () => {
    const a = newPerPathRecord(plan);
    const b = newPerPathRecord(plan);
    a.inputs.get('market.volCalmPerSqrtYear')!.set([0.3, 0.4], 0);
    b.inputs.get('market.volCalmPerSqrtYear')!.set([0.5, 0.6], 2);
    a.firstStep.get('e')!.set([-1, 3], 0);
    b.firstStep.get('e')!.set([2, -1], 2);
    mergePerPath(a, b);
    expect(Array.from(a.inputs.get('market.volCalmPerSqrtYear')!)).toEqual([0.3, 0.4, 0.5, 0.6]);
    expect(Array.from(a.firstStep.get('e')!)).toEqual([-1, 3, 2, -1]);
  });
});
