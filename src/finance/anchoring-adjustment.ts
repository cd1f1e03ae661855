/**
 * Sterman's anchoring-and-adjustment ordering heuristic (Sterman 1989, "Modeling managerial
 * behavior: misperceptions of feedback in a dynamic decision making experiment", Management
 * Science 35(3); MIT working paper WP-1933-87): a manager anchors on the expected usage L̂ and
 * adjusts for the gap between the desired and the actual stock and, with weight β, for the gap
 * between the desired and the actual supply line (what is on order, not yet received):
 *
 *   O = max(0, L̂ + α_S·[(S* − S) + β·(SL* − SL)])
 *
 * in units per day, with α_S the share of the stock gap ordered per day (1/α_S is the stock
 * adjustment time) and SL* = L̂·λ̂ the supply line that covers the expected lead time λ̂.
 * β = 1 accounts fully for the supply line; subjects in the beer game used β well below 1
 * (≈ 0.34 on average, α_S ≈ 0.26 per week: domain.md §5, ⚠ quoted from memory there), which is
 * what makes orders overshoot and oscillate when lead times lengthen. S is the *net* stock:
 * what is on hand less unfilled needs (backlog), so that a backlog is ordered for too.
 *
 * @param expectedUsePerDay - L̂, units per day
 * @param stockGap - S* − S (units)
 * @param supplyLineGap - SL* − SL (units)
 * @param stockAdjustPerDay - α_S (1/day)
 * @param supplyLineWeight - β (dimensionless)
 * @returns the order rate, units per day (never negative: orders are not cancelled)
 */
export function anchoringAdjustmentOrder(expectedUsePerDay: number, stockGap: number, supplyLineGap: number, stockAdjustPerDay: number, supplyLineWeight: number): number {
  const rate = expectedUsePerDay + stockAdjustPerDay * (stockGap + supplyLineWeight * supplyLineGap);
  return rate > 0 ? rate : 0;
}

/** Gain 1 − e^(−Δ/τ) of first-order exponential smoothing over τ days in steps of Δ (1 when τ = 0). */
export function smoothingGain(timeConstantDays: number, stepDays: number): number {
  return timeConstantDays > 0 ? 1 - Math.exp(-stepDays / timeConstantDays) : 1;
}
