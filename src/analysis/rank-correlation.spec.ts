import { describe, expect, it } from 'vitest';
import { spearman } from './rank-correlation.js';

describe("Spearman's rank correlation", () => {
  it('is 1 for any increasing relation and −1 for a decreasing one', () => {
    const x = [1, 2, 3, 4, 5];
    expect(spearman(x, x.map((v) => Math.exp(v)))).toBeCloseTo(1, 15);
    expect(spearman(x, x.map((v) => -(v ** 3)))).toBeCloseTo(-1, 15);
  });

  it('averages tied ranks: the textbook example gives 1 − 6Σd²/(n(n²−1)) without ties', () => {
    // x ranks 1..5, y ranks 2,1,4,3,5: Σd² = 4, ρ = 1 − 24/120 = 0.8
    expect(spearman([10, 20, 30, 40, 50], [2, 1, 4, 3, 5])).toBeCloseTo(0.8, 15);
    expect(spearman([1, 1, 2], [1, 2, 3])).toBeCloseTo(0.8660254037844387, 12);
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNaN();
  });
});
