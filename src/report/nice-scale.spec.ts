import { describe, expect, it } from 'vitest';
import { niceScale } from './nice-scale.js';

describe('niceScale', () => {
  it('contains the range on round multiples of 1, 2, 2.5 or 5 × 10^k', () => {
    for (const [lo, hi] of [
      [18900, 113700],
      [-0.29, 0.2],
      [0.0031, 0.0067],
      [0, 1],
      [1.17, 1.51],
      [2.4e8, 1.9e9],
    ]) {
      const s = niceScale(lo, hi);
      expect(s.min).toBeLessThanOrEqual(lo);
      expect(s.max).toBeGreaterThanOrEqual(hi);
      const mantissa = s.interval / 10 ** Math.floor(Math.log10(s.interval));
      expect([1, 2, 2.5, 5]).toContain(Number(mantissa.toFixed(6)));
      const ticks = (s.max - s.min) / s.interval;
      expect(Math.abs(ticks - Math.round(ticks))).toBeLessThan(1e-9);
      expect(ticks).toBeGreaterThanOrEqual(3);
      expect(ticks).toBeLessThanOrEqual(10);
    }
  });

  it('prints ticks without float noise, and gives a flat range room', () => {
    expect(niceScale(0.1, 0.7)).toEqual({ min: 0, max: 0.8, interval: 0.2 });
    const flat = niceScale(85, 85);
    expect(flat.min).toBeLessThan(85);
    expect(flat.max).toBeGreaterThan(85);
    expect(niceScale(0, 0)).toEqual({ min: -1, max: 1, interval: 0.5 });
    expect(niceScale(NaN, 1)).toEqual({ min: 0, max: 1, interval: 0.2 });
  });
});
