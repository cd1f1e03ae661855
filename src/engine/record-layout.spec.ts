import { describe, expect, it } from 'vitest';
import { recordLayout } from './record-layout.js';

describe('recordLayout', () => {
  it('lays fields end to end in declaration order', () => {
    const L = recordLayout({ lnPrice: 1, bins: 6, fund: 1 });
    expect([L.lnPrice, L.bins, L.fund, L.width]).toEqual([0, 1, 7, 8]);
    expect(L.shift).toBe(3);
    expect(L.widths.bins).toBe(6);
  });

  it('rounds up to a power of two when asked, and says the shift', () => {
    const L = recordLayout({ a: 3, b: 6 }, { powerOfTwo: true });
    expect(L.width).toBe(16);
    expect(L.shift).toBe(4);
    expect(recordLayout({ a: 3, b: 6 }).shift).toBe(-1);
  });

  it('allows empty blocks and refuses bad widths and reserved names', () => {
    const L = recordLayout({ lenders: 0, g: 3 });
    expect([L.lenders, L.g, L.width]).toEqual([0, 0, 3]);
    expect(() => recordLayout({ a: 1.5 })).toThrow(/whole number/);
    expect(() => recordLayout({ a: -1 })).toThrow(/whole number/);
    expect(() => recordLayout({ width: 1 })).toThrow(/reserved/);
  });
});
