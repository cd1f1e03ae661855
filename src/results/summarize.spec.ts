import { describe, expect, it } from 'vitest';
import { quantileSeries } from './summarize.js';

describe('quantileSeries', () => {
  it('places kept values on their steps and interpolates linearly in time between them', () => {
    expect(quantileSeries([10, 20, 20, 8], [0, 2, 3, 7], 7)).toEqual([10, 15, 20, 20, 17, 14, 11, 8]);
  });

  it('keeps a constant exactly between equal kept values, and NaN where a side is empty', () => {
    const v = 0.1 + 0.2;
    expect(quantileSeries([v, v], [0, 5], 5)).toEqual([v, v, v, v, v, v]);
    expect(quantileSeries([NaN, 1], [0, 2], 2)).toEqual([NaN, NaN, 1]);
  });
});
