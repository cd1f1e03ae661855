import { describe, expect, it } from 'vitest';
import { compareHash, compareQuery, parseCompareRoute } from './compare-route.js';

describe('the comparison page’s address', () => {
  it('reads two runs, and their sweep points numbered from 1 as on the command line', () => {
    expect(parseCompareRoute(['aa', 'bb'])).toEqual({ a: 'aa', b: 'bb', pointA: 0, pointB: 0 });
    expect(parseCompareRoute(['aa', 'bb', '3', '1'])).toEqual({ a: 'aa', b: 'bb', pointA: 2, pointB: 0 });
    expect(parseCompareRoute(['aa'])).toBeNull();
    expect(parseCompareRoute([])).toBeNull();
  });

  it('reads a point that is not a whole number ≥ 1 as the first', () => {
    for (const k of ['0', '-2', '1.5', 'x', '']) expect(parseCompareRoute(['aa', 'bb', k, k])).toMatchObject({ pointA: 0, pointB: 0 });
  });

  it('writes the points only when either is not the first, in the hash and in the API query alike', () => {
    expect(compareHash({ a: 'aa', b: 'bb', pointA: 0, pointB: 0 })).toBe('#/compare/aa/bb');
    expect(compareQuery({ a: 'aa', b: 'bb', pointA: 0, pointB: 0 })).toBe('');
    expect(compareHash({ a: 'aa', b: 'bb', pointA: 0, pointB: 4 })).toBe('#/compare/aa/bb/1/5');
    expect(compareQuery({ a: 'aa', b: 'bb', pointA: 0, pointB: 4 })).toBe('?pointA=1&pointB=5');
    const r = { a: 'aa', b: 'bb', pointA: 2, pointB: 1 };
    expect(parseCompareRoute(compareHash(r).split('/').slice(2))).toEqual(r);
  });
});
