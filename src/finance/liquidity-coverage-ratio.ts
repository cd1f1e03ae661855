/**
 * The Basel III liquidity coverage ratio (BCBS 2013, domain.md §2 [32]–[35]):
 *
 *   LCR = HQLA / (outflows − min(inflows, cap·outflows))
 *
 * with outflows = Σ balance × run-off rate over a 30-day stress, inflows the contractual
 * inflows of the same 30 days (already weighted), and the inflow cap 75% (⚠ domain.md: the
 * cap is quoted from memory). Regulated banks must hold LCR ≥ 1.
 *
 * @param hqla - high-quality liquid assets after their haircuts (USD)
 * @param outflows - 30-day stressed outflows (USD)
 * @param inflows - 30-day weighted inflows (USD)
 * @param inflowCap - share of outflows that inflows may offset (0.75 in Basel III)
 * @returns the ratio; Infinity when nothing can flow out
 */
export function liquidityCoverageRatio(hqla: number, outflows: number, inflows: number, inflowCap: number): number {
  const net = outflows - Math.min(inflows, inflowCap * outflows);
  return net > 0 ? hqla / net : Infinity;
}
