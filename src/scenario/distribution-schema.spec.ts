import { describe, expect, it } from 'vitest';
import { num } from '../engine/params.js';
import { checkNumberSetting } from './distribution-schema.js';

const positive = num({ unit: 'USD', default: 1, min: 0, exclusiveMin: true, description: 'd', source: 's' });
const share = num({ unit: 'fraction', default: 0.5, min: 0, max: 1, description: 'd', source: 's' });

describe('checkNumberSetting', () => {
  it('accepts numbers in range and well-formed distributions inside it', () => {
    expect(checkNumberSetting(positive, 3)).toBeNull();
    expect(checkNumberSetting(positive, { dist: 'lognormal', median: 2, sigma: 0.3 })).toBeNull();
    expect(checkNumberSetting(share, { dist: 'uniform', min: 0.1, max: 0.9 })).toBeNull();
    expect(checkNumberSetting(share, { dist: 'triangular', min: 0, mode: 0.2, max: 1 })).toBeNull();
    expect(checkNumberSetting(share, { dist: 'choice', values: [0.1, 0.2], weights: [1, 3] })).toBeNull();
    // unbounded tails are allowed: draws outside the range are redrawn
    expect(checkNumberSetting(share, { dist: 'normal', mean: 0.5, sd: 0.2 })).toBeNull();
  });

  it('explains what is wrong', () => {
    expect(checkNumberSetting(positive, 0)).toBe('expected a number > 0 (USD), found 0');
    expect(checkNumberSetting(share, { dist: 'uniform', min: 0.9, max: 0.1 })).toContain('min < max');
    expect(checkNumberSetting(share, { dist: 'normal', mean: 2, sd: 0.1 })).toContain("centre to be a number ≥ 0 and ≤ 1");
    expect(checkNumberSetting(share, { dist: 'choice', values: [0.5, 2] })).toContain('found 2');
    expect(checkNumberSetting(share, { dist: 'choice', values: [0.5], weights: [1, 2] })).toContain('one weight per value');
    expect(checkNumberSetting(share, 'half')).toContain('or a distribution such as');
  });
});
