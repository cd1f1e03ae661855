import { sqrtImpactLogReturn } from './square-root-impact.js';

/**
 * The average log-price impact paid on the slice of a flow executed between cumulative sizes
 * q0 and q1 (USD, same sign), under the square-root law of square-root-impact.ts: the mean of
 * I(q) = −Y·σ_d·sign(q)·√(|q|/V_d) over q ∈ [q0, q1],
 *
 *   Ī(q0, q1) = (2/3)·(q1·I(q1) − q0·I(q0)) / (q1 − q0),
 *
 * since ∫ √q dq = (2/3)·q^{3/2} = (2/3)·q·√q. For q0 = 0 it is (2/3)·I(q1): a market order that
 * alone sweeps the book pays on average two thirds of its final impact. A cascade uses it for
 * the fill of each liquidation order at its place in the queue.
 *
 * @param i0 - I(q0), the impact already reached (sqrtImpactLogReturn(q0, …)), passed in so a
 *   caller walking a queue evaluates the law once per order
 * @param i1 - I(q1)
 * @returns the average log-price change of the slice's fills relative to the undisturbed price
 */
export function sqrtImpactSliceAverage(q0: number, i0: number, q1: number, i1: number): number {
  const dq = q1 - q0;
  // a slice too thin to resolve: its average is the marginal level, I(q1)
  if (!(Math.abs(dq) > 1e-12 * Math.abs(q1))) return i1;
  return ((2 / 3) * (q1 * i1 - q0 * i0)) / dq;
}

/** Ī over a whole order of size q from an undisturbed book: (2/3)·I(q). */
export function sqrtImpactAverageLogReturn(flowUsd: number, dailyVolumeUsd: number, dailyVol: number, y: number): number {
  return (2 / 3) * sqrtImpactLogReturn(flowUsd, dailyVolumeUsd, dailyVol, y);
}
