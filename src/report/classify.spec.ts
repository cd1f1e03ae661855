import { describe, expect, it } from 'vitest';
import { classifySignal, firstPlottedStep } from './classify.js';
import { signal } from './synthetic-run.test-helper.js';

describe('classifySignal', () => {
  it('a signal that moves gets a fan; one that never moves a value or a distribution', () => {
    expect(classifySignal(signal('m', 'USD', 10, (q, k) => 100 * (1 + q) * (1 + k / 10)))).toBe('fan');
    expect(classifySignal(signal('m', 'm²', 10, () => 49788))).toBe('steady-value');
    expect(classifySignal(signal('m', 'm²', 10, (q) => 1000 + 500 * q))).toBe('steady-spread');
    // written from step 1 on (step 0 all zeros): still steady
    expect(classifySignal(signal('m', 'm²', 10, (q, k) => (k === 0 ? 0 : 1000 + 500 * q)))).toBe('steady-spread');
  });

  it('a 0/1 indicator that changes over time is shown as a share of paths', () => {
    expect(classifySignal(signal('m', '—', 10, (q, k) => (q > 1 - k / 20 ? 1 : 0)))).toBe('share');
    // a count that reaches 2 is not an indicator
    expect(classifySignal(signal('m', '—', 10, (q, k) => (q > 0.9 ? Math.min(2, k) : 0)))).toBe('fan');
  });

  it('skips step 0 only when it is all zeros and later steps are not', () => {
    expect(firstPlottedStep(signal('m', 'USD/day', 5, (q, k) => (k === 0 ? 0 : q)))).toBe(1);
    expect(firstPlottedStep(signal('m', 'USD', 5, (q, k) => k * q))).toBe(1);
    expect(firstPlottedStep(signal('m', 'USD', 5, (q) => 1 + q))).toBe(0);
    expect(firstPlottedStep(signal('m', 'USD', 5, () => 0))).toBe(0);
  });
});
