import { describe, expect, it } from 'vitest';
import { TerminalValues } from './terminal-values.js';

/** Signal k's value on path i in these tests. */
const value = (k: number, i: number) => 100 * k + i;
const block = (firstPath: number, paths: number, signals = 2) => ({
  firstPath,
  paths,
  values: Float64Array.from({ length: signals * paths }, (_, j) => value(Math.floor(j / paths), firstPath + (j % paths))),
});

describe('TerminalValues', () => {
  it('keeps only the blocks added, and lays them out in columns (NaN where none ran) when read', () => {
    const t = new TerminalValues(2, 10);
    t.addBlock(block(6, 4));
    t.addBlock(block(0, 3));
    // a worker's record holds its 7 paths, not 2 × 10
    expect(t.parts().reduce((n, b) => n + b.values.length, 0)).toBe(14);
    expect(Array.from(t.column(1))).toEqual([100, 101, 102, NaN, NaN, NaN, 106, 107, 108, 109]);
    // a block added after a read goes into the columns
    t.addBlock(block(3, 3));
    expect(Array.from(t.column(0))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // and packs as one block of every path
    expect(t.parts()).toEqual([{ firstPath: 0, paths: 10, values: Float64Array.from({ length: 20 }, (_, j) => value(Math.floor(j / 10), j % 10)) }]);
  });

  it('merges disjoint records in any order to the same columns, and refuses a block of the wrong size', () => {
    const a = new TerminalValues(2, 8);
    a.addBlock(block(0, 4));
    const b = new TerminalValues(2, 8);
    b.addBlock(block(4, 4));
    const ab = new TerminalValues(2, 8);
    ab.merge(a);
    ab.merge(b);
    const ba = new TerminalValues(2, 8);
    ba.merge(b);
    ba.merge(a);
    for (const k of [0, 1]) expect(Array.from(ab.column(k))).toEqual(Array.from(ba.column(k)));
    expect(Array.from(ab.column(1))).toEqual([100, 101, 102, 103, 104, 105, 106, 107]);
    expect(() => a.addBlock(block(4, 4, 3))).toThrow(/needs 8 values, got 12/);
  });
});
