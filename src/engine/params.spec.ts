import { describe, expect, it } from 'vitest';
import { modelParams } from '../cli/models-table.js';
import { defineModel } from './model.js';
import { describeNumberRange, num, numberBounds } from './params.js';

describe('a number parameter’s range, written one way', () => {
  const share = num({ unit: 'fraction', default: 0.5, min: 0, max: 1, description: 'a share', source: 'test' });
  const rate = num({ unit: '1/year', default: 1, min: 0, exclusiveMin: true, max: 10, exclusiveMax: true, description: 'a rate', source: 'test' });
  const count = num({ unit: 'lenders', default: 3, min: 1, integer: true, description: 'a count', source: 'test' });
  const free = num({ unit: 'USD', default: 0, description: 'anything', source: 'test' });

  it('in error messages', () => {
    expect(describeNumberRange(share)).toBe('a number ≥ 0 and ≤ 1 (fraction)');
    expect(describeNumberRange(rate)).toBe('a number > 0 and < 10 (1/year)');
    expect(describeNumberRange(count)).toBe('a whole number ≥ 1 (lenders)');
    expect(describeNumberRange(free)).toBe('a number (USD)');
  });

  it('in the cascade models listing (compact), from the same bounds', () => {
    expect(numberBounds(rate)).toEqual(['> 0', '< 10']);
    const m = defineModel({ name: 'm', title: 't', readme: 'r', params: { share, rate, count, free }, io: () => ({ signals: [], state: {} }), init() {}, step() {} });
    expect(modelParams(m).map((p) => p.range)).toEqual(['≥0 ≤1', '>0 <10', '≥1', undefined]);
  });
});
