import { describe, expect, it } from 'vitest';
import { absAutocorrelation } from './acf.js';

describe('absAutocorrelation', () => {
  it('is near 0 for independent draws and near 1 at short lags for a slow regime', () => {
    let s = 7;
    const u = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
    const iid = Array.from({ length: 20000 }, () => u() - 0.5);
    const acf = absAutocorrelation(iid, 5);
    for (const v of acf) expect(Math.abs(v)).toBeLessThan(0.03);
    // alternating blocks of 100 small and 100 large values: |x| correlated at lag 1, anti at lag 100
    const blocks = Array.from({ length: 2000 }, (_, t) => (Math.floor(t / 100) % 2 ? 10 : 1) * (t % 2 ? 1 : -1));
    const b = absAutocorrelation(blocks, 100);
    expect(b[0]).toBeCloseTo(0.99 * (1 - 1 / 2000) * 1, 1);
    expect(b[99]).toBeLessThan(-0.8);
  });
});
