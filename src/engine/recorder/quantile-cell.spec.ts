/**
 * A quantile cell (a signal's distribution at one step) stays one exact value while every value
 * is equal, and becomes the sketch of every value otherwise, whatever the order of merging.
 */
import { describe, expect, it } from 'vitest';
import { QuantileCell } from './quantile-cell.js';

describe('QuantileCell', () => {
  it('stays one exact value while every value is equal (−0 as 0), and becomes the sketch of every value otherwise, in any order', () => {
    const a = new QuantileCell(0.005);
    a.addConstant(73_300.5, 100);
    a.addConstant(73_300.5, 50);
    expect(a.sketch).toBeNull();
    expect(a.quantile(0.01)).toBe(73_300.5);
    expect(a.count).toBe(150);
    const z = new QuantileCell(0.005);
    z.addConstant(-0, 3);
    z.addConstant(0, 4);
    expect(Object.is(z.quantile(0.5), 0)).toBe(true);
    // 3 constants of two values, merged in every order, equal a sketch of the values one by one
    const parts: [number, number][] = [
      [2, 10],
      [5, 7],
      [2, 3],
    ];
    const reference = new QuantileCell(0.005).toSketch();
    for (const [v, n] of parts) for (let k = 0; k < n; k++) reference.add(v);
    for (const order of [
      [0, 1, 2],
      [1, 0, 2],
      [2, 1, 0],
    ]) {
      const cells = parts.map(([v, n]) => {
        const c = new QuantileCell(0.005);
        c.addConstant(v, n);
        return c;
      });
      const m = new QuantileCell(0.005);
      for (const k of order) m.merge(cells[k]);
      expect(m.sketch!.toData()).toEqual(reference.toData());
    }
  });
});
