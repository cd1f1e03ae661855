/**
 * exp-memo.ts: whatever the memo held before, memoExp returns exactly what exp returns (the
 * same bits), for repeated, colliding and special exponents and for slots out of range.
 */
import { describe, expect, it } from 'vitest';
import { exp } from '../../engine/exp.js';
import { ExpMemo, memoExp } from './exp-memo.js';

describe('memoExp', () => {
  it('returns exp(x) bit for bit, hit or miss, for colliding exponents and any slot', () => {
    const memo = new ExpMemo(8);
    let a = 12345;
    const uniform = () => {
      a = (Math.imul(a, 1103515245) + 12345) >>> 0;
      return a / 2 ** 32;
    };
    let hits = 0;
    for (let k = 0; k < 20_000; k++) {
      const tau = Math.floor(uniform() * 12); // beyond the last slot too
      const rate = [0.3, 0.31, 0.05 * uniform()][k % 3];
      const x = -(rate / 365) * tau;
      const hit = memo.x[Math.min(tau, memo.last)] === x;
      if (hit) hits++;
      expect(Object.is(memoExp(memo, tau, x), exp(x))).toBe(true);
    }
    expect(hits).toBeGreaterThan(1000); // the memo is used, not only filled
  });

  it('handles ±0, NaN, ±Infinity and slots that are not whole or not finite', () => {
    const memo = new ExpMemo(4);
    for (const [slot, x] of [
      [0, 0],
      [0, -0],
      [1, NaN],
      [1, NaN],
      [2, -Infinity],
      [3, Infinity],
      [2.7, -1e-3],
      [Infinity, -2],
      [NaN, 5],
      [-1, 0.5],
    ]) {
      expect(Object.is(memoExp(memo, slot, x), exp(x))).toBe(true);
      expect(Object.is(memoExp(memo, slot, x), exp(x))).toBe(true);
    }
  });
});
