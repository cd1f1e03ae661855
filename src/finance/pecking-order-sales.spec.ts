import { describe, expect, it } from 'vitest';
import { PathRng } from '../engine/rng/path-rng.js';
import { peckingOrderSales } from './pecking-order-sales.js';

describe('peckingOrderSales', () => {
  it('sells lowest conviction first, each class up to its holdings, and raises exactly the need', () => {
    const holdings = Float64Array.from([30, 100, 50, 500, 80]);
    const order = Int32Array.from([0, 4, 1, 2, 3]);
    const sales = new Float64Array(5);
    expect(peckingOrderSales(holdings, 0, order, null, 0, 120, sales, 0)).toBe(120);
    expect(Array.from(sales)).toEqual([30, 10, 0, 0, 80]);
    // more than it holds: everything is sold and the shortfall shows in the return value
    expect(peckingOrderSales(holdings, 0, order, null, 0, 1000, sales, 0)).toBe(760);
    expect(Array.from(sales)).toEqual([30, 100, 50, 500, 80]);
    expect(peckingOrderSales(holdings, 0, order, null, 0, -5, sales, 0)).toBe(0);
    expect(Array.from(sales)).toEqual([0, 0, 0, 0, 0]);
  });

  it('with margin weights frees exactly the margin needed', () => {
    const holdings = Float64Array.from([60, 40]);
    const margin = Float64Array.from([0.5, 0.25]);
    const sales = new Float64Array(2);
    // free 40 of requirement: crypto (0.5 per $) all 60 frees 30, then $40 of software frees 10
    expect(peckingOrderSales(holdings, 0, Int32Array.from([0, 1]), margin, 0, 40, sales, 0)).toBeCloseTo(40, 12);
    expect(sales[0]).toBe(60);
    expect(sales[1]).toBeCloseTo(40, 12);
  });

  it('minimises the conviction cost Σ c_j·s_j among all feasible sales (random allocations never beat it)', () => {
    const rng = new PathRng(1, 0, 1, 'pecking');
    rng.load(0);
    for (let trial = 0; trial < 200; trial++) {
      const n = 5;
      const h = Float64Array.from({ length: n }, () => 100 * rng.uniform());
      const c = Array.from({ length: n }, () => rng.uniform());
      const order = Int32Array.from([...Array(n).keys()].sort((a, b) => c[a] - c[b]));
      const total = h.reduce((a, b) => a + b, 0);
      const need = total * rng.uniform();
      const s = new Float64Array(n);
      peckingOrderSales(h, 0, order, null, 0, need, s, 0);
      const cost = s.reduce((a, x, j) => a + c[j] * x, 0);
      for (let k = 0; k < 50; k++) {
        // a random feasible allocation: random shares of each holding, rescaled to the need
        const r = Array.from(h, (x) => x * rng.uniform());
        const sum = r.reduce((a, b) => a + b, 0);
        if (sum < need) continue;
        const alt = r.map((x) => (x * need) / sum);
        expect(alt.reduce((a, x, j) => a + c[j] * x, 0)).toBeGreaterThanOrEqual(cost - 1e-9);
      }
    }
  });
});
