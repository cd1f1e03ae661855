import { describe, expect, it } from 'vitest';
import { varianceRatio } from './variance-ratio.js';

describe('varianceRatio', () => {
  it('is about 1 for independent returns, above 1 for trending and below for alternating ones', () => {
    let s = 11;
    const u = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296) - 0.5;
    const iid = Array.from({ length: 50000 }, u);
    expect(varianceRatio(iid, 10)).toBeGreaterThan(0.9);
    expect(varianceRatio(iid, 10)).toBeLessThan(1.1);
    // AR(1) with φ = 0.5: VR(h) = 1 + 2[φ/(1 − φ) − φ(1 − φ^h)/(h(1 − φ)²)] = 2.8 at h = 20
    const ar: number[] = [];
    let x = 0;
    for (const e of iid) ar.push((x = 0.5 * x + e));
    expect(varianceRatio(ar, 20)).toBeGreaterThan(2.8 * 0.9);
    expect(varianceRatio(ar, 20)).toBeLessThan(2.8 * 1.1);
    expect(varianceRatio([1, -1, 1, -1, 1, -1, 1, -1, 1, -1], 2)).toBeCloseTo(0, 12);
  });
});
