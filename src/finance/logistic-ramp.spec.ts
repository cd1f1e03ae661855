import { describe, expect, it } from 'vitest';
import { logisticRatePerDay, logisticStep } from './logistic-ramp.js';

describe('logistic ramp', () => {
  it('takes exactly T days from 10% to 90% of the ceiling, in any step size', () => {
    for (const [T, dt] of [
      [180, 1],
      [91, 7],
    ]) {
      const r = logisticRatePerDay(T);
      let x = 0.1;
      let before = x;
      let days = 0;
      while (days < T) {
        before = x;
        x = logisticStep(x, 1, r, dt);
        days += dt;
      }
      expect(days).toBe(T);
      expect(x).toBeCloseTo(0.9, 12);
      // and not a step earlier: at T − Δ it is still short of 90% by about Δ·r·X(1 − X) at 0.9
      expect(before).toBeLessThan(0.9 - 0.5 * dt * r * 0.9 * 0.1);
    }
  });

  it('is the exact solution: two half steps equal one whole step; fixed points 0 and K', () => {
    const r = logisticRatePerDay(100);
    expect(logisticStep(logisticStep(3, 10, r, 5), 10, r, 5)).toBeCloseTo(logisticStep(3, 10, r, 10), 12);
    expect(logisticStep(0, 10, r, 5)).toBe(0);
    expect(logisticStep(10, 10, r, 5)).toBe(10);
    expect(logisticStep(12, 10, r, 5)).toBe(10);
  });
});
