import { describe, expect, it } from 'vitest';
import { inNumberRange } from '../engine/params.js';
import { fallbackHashpriceParam, hashpriceAtConstantDifficulty } from './constant-difficulty-hashprice.js';

describe('hashprice at constant difficulty', () => {
  it('is HP₀ at the start price and moves in proportion to the BTC price', () => {
    expect(hashpriceAtConstantDifficulty(30, 73_300, 73_300)).toBe(30);
    // BTC down 40%: hashprice down 40% (what lets miners' costs bite in a crash)
    expect(hashpriceAtConstantDifficulty(30, 0.6 * 73_300, 73_300)).toBeCloseTo(18, 12);
    expect(hashpriceAtConstantDifficulty(45, 2 * 60_000, 60_000)).toBeCloseTo(90, 12);
  });

  it('declares a positive hashprice with a unit and a source', () => {
    expect(fallbackHashpriceParam.unit).toBe('USD/(PH/s)/day');
    expect(inNumberRange(fallbackHashpriceParam, fallbackHashpriceParam.default)).toBe(true);
    expect(inNumberRange(fallbackHashpriceParam, 0)).toBe(false);
    expect(fallbackHashpriceParam.source).toMatch(/domain\.md/);
  });
});
