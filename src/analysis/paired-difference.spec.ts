import { describe, expect, it } from 'vitest';
import { pairedDifference, unpairedDifference } from './paired-difference.js';

describe('differences of event probabilities', () => {
  it("Newcombe's interval: his worked example 56/70 − 48/80 gives 0.0524 … 0.3339", () => {
    // Newcombe (1998), Stat. Med. 17:873, table II, example (a), method 10: (0.0524, 0.3339) for p1 − p2
    const r = unpairedDifference(48, 80, 56, 70);
    expect(r.difference).toBeCloseTo(0.2, 12);
    expect(r.lo).toBeCloseTo(0.0524, 4);
    expect(r.hi).toBeCloseTo(0.3339, 4);
    expect(r.method).toBe('unpaired');
  });

  it('paired: the mean of b − a with a normal interval from the discordant paths', () => {
    // 1000 paths: 100 hit in both, 30 only in b, 10 only in a
    const a = new Uint8Array(1000);
    const b = new Uint8Array(1000);
    for (let k = 0; k < 100; k++) a[k] = b[k] = 1;
    for (let k = 100; k < 130; k++) b[k] = 1;
    for (let k = 130; k < 140; k++) a[k] = 1;
    const r = pairedDifference(a, b);
    expect(r.difference).toBeCloseTo(0.02, 15);
    // sd of d: ((40 − 1000·0.02²)/999)^½ = 0.19795…; half-width 1.96·sd/√1000
    const half = 1.96 * Math.sqrt((40 - 1000 * 0.0004) / 999 / 1000);
    expect(r.lo).toBeCloseTo(0.02 - half, 15);
    expect(r.hi).toBeCloseTo(0.02 + half, 15);
    // with common random numbers the paired interval is much narrower than the unpaired one
    const u = unpairedDifference(110, 1000, 130, 1000);
    expect(r.hi - r.lo).toBeLessThan((u.hi - u.lo) / 2);
  });

  it('paired runs must have the same paths', () => {
    expect(() => pairedDifference([1, 0], [1])).toThrow(/same paths/);
  });
});
