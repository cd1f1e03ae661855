/**
 * Diamond–Dybvig (JPE 1983), the bank-run benchmark (domain.md §2 [29]). Depositors each own
 * one unit invested in a long asset that pays R at t = 2 or 1 if liquidated at t = 1; the
 * deposit contract promises c₁ at t = 1. If a share n withdraws at t = 1, the bank liquidates
 * n·c₁ of the asset, and the patient depositors who wait share what is left:
 *
 *   payoff of waiting  w(n) = (1 − n·c₁)·R / (1 − n)
 *
 * Waiting is worse than withdrawing (w < c₁), so a run fulfils itself, once
 *
 *   n > n* = (R − c₁) / (c₁·(R − 1))       (56.25% for c₁ = 1.28, R = 2).
 */

/** w(n): what each depositor who waits receives at t = 2 when a share n withdrew at t = 1. */
export function ddWaitPayoff(n: number, c1: number, r: number): number {
  return ((1 - n * c1) * r) / (1 - n);
}

/** n*: the withdrawal share above which waiting pays less than c₁ (a self-fulfilling run). */
export function ddRunThreshold(c1: number, r: number): number {
  return (r - c1) / (c1 * (r - 1));
}
