import { describe, expect, it } from 'vitest';
import { bondConvexity, bondModifiedDuration, bondPrice } from './bond.js';
import { durationConvexityLogReturn, gordonDurationConvexity } from './duration-convexity.js';

/** The bond by its cash flows: price, Σ t·PV and Σ t(t + 1/k)·PV (the textbook sums). */
function byCashFlows(coupon: number, y: number, years: number, freq: number) {
  const n = Math.round(years * freq);
  let p = 0;
  let d = 0;
  let c = 0;
  for (let k = 1; k <= n; k++) {
    const cf = coupon / freq + (k === n ? 1 : 0);
    const pv = cf / Math.pow(1 + y / freq, k);
    const t = k / freq;
    p += pv;
    d += t * pv;
    c += t * (t + 1 / freq) * pv;
  }
  const g = 1 + y / freq;
  return { price: p, duration: d / p / g, convexity: c / p / (g * g) };
}

const BONDS = [
  [0.045, 0.0475, 20, 2],
  [0.04, 0.04, 10, 2],
  [0.0, 0.05, 30, 2],
  [0.07, 0.03, 5, 1],
  [0.02, 0.06, 30, 12],
] as const;

describe('bond in closed form', () => {
  it('price, modified duration and convexity equal the sums over the cash flows (1e-12 relative)', () => {
    for (const [c, y, T, k] of BONDS) {
      const ref = byCashFlows(c, y, T, k);
      expect(bondPrice(c, y, T, k) / ref.price).toBeCloseTo(1, 12);
      expect(bondModifiedDuration(c, y, T, k) / ref.duration).toBeCloseTo(1, 12);
      expect(bondConvexity(c, y, T, k) / ref.convexity).toBeCloseTo(1, 12);
    }
  });

  it('a par bond prices at 1, and a 10-year 4% par bond has the textbook modified duration 8.18 years', () => {
    expect(bondPrice(0.04, 0.04, 10, 2)).toBeCloseTo(1, 14);
    // Macaulay duration 8.34 years divided by 1.02
    expect(bondModifiedDuration(0.04, 0.04, 10, 2)).toBeCloseTo(8.1757, 4);
  });

  it('duration and convexity are the price derivatives (central differences: truncation ~h²·P‴/6P ≈ 1e-6, so 1e-5 relative)', () => {
    for (const [c, y, T, k] of BONDS) {
      const h = 1e-4;
      const p = bondPrice(c, y, T, k);
      const d1 = (bondPrice(c, y + h, T, k) - bondPrice(c, y - h, T, k)) / (2 * h);
      const d2 = (bondPrice(c, y + h, T, k) - 2 * p + bondPrice(c, y - h, T, k)) / (h * h);
      expect(-d1 / p / bondModifiedDuration(c, y, T, k)).toBeCloseTo(1, 5);
      expect(d2 / p / bondConvexity(c, y, T, k)).toBeCloseTo(1, 5);
    }
  });
});

describe('repricing by duration and convexity', () => {
  it('matches the exact bond price change to third order: |error| ≤ max|P‴/P|·|Δr|³/6 (+ the log’s own third order)', () => {
    for (const [c, y, T, k] of BONDS) {
      const D = bondModifiedDuration(c, y, T, k);
      const C = bondConvexity(c, y, T, k);
      const p0 = bondPrice(c, y, T, k);
      for (const dr of [-0.01, -0.0025, 0.0005, 0.0025, 0.01]) {
        const exact = Math.log(bondPrice(c, y + dr, T, k) / p0);
        const approx = durationConvexityLogReturn(D, C, dr);
        // a bound on the third-order term: P‴/P ≤ (T + 1)³ for yields ≥ 0 (each cash flow's
        // factor t(t+1/k)(t+2/k) ≤ (T + 1)³), on both the price ratio and its logarithm
        const bound = (2 * Math.pow(T + 1, 3) * Math.abs(dr) ** 3) / 6 + Math.abs(D * dr - 0.5 * C * dr * dr) ** 3;
        expect(Math.abs(approx - exact)).toBeLessThanOrEqual(bound);
        // and the first- and second-order terms are exactly −D·Δr + ½C·Δr² of the price
        expect(Math.exp(approx) - 1).toBeCloseTo(-D * dr + 0.5 * C * dr * dr, 15);
      }
    }
  });

  it('a Gordon asset (r − g = 4%) loses 20% on +100bp exactly, and the expansion agrees to second order', () => {
    const { duration, convexity } = gordonDurationConvexity(0.04);
    expect(duration).toBe(25);
    // P ∝ 1/(r − g): P₁/P₀ = 0.04/0.05 = 1/(1 + D·Δr) exactly, with D = 1/(r − g): −20% (domain.md §3)
    const exact = -Math.log(1 + duration * 0.01);
    expect(Math.exp(exact)).toBeCloseTo(0.8, 14);
    // 1 − 0.25 + ½·1250·0.0001 = 0.8125 against 0.8: the third-order term D³Δr³ = 1.6%
    expect(Math.exp(durationConvexityLogReturn(duration, convexity, 0.01))).toBeCloseTo(0.8125, 14);
    expect(Math.abs(Math.exp(durationConvexityLogReturn(duration, convexity, 0.01)) - 0.8)).toBeLessThanOrEqual((duration * 0.01) ** 3);
  });
});
