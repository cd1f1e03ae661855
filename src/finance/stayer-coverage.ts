/**
 * Stayer coverage θ: what a client who does not withdraw can expect per dollar of claim, the
 * fundamental clients of a lender watch in Cascade's run model (src/models/lender/README.md).
 *
 *   θ = (Liq + V − X − (1 − δ̄)·min(V, max(0, S − Liq))) / S
 *
 * - Liq: what can be paid now (cash, and assets that can be sold today, after haircuts);
 * - V: loans at the value they will return (maturity value less expected credit losses);
 * - δ̄ = V_δ/V: the value-weighted discount for waiting until they mature (time and the
 *   expected loss of being caught behind a gate; the caller supplies V_δ), so that
 *   (1 − δ̄)·min(V, S − Liq) is the cost of waiting borne by the claims that liquid assets
 *   cannot pay now (zero while liquid assets cover every claim);
 * - X: claims senior to the clients (term debt, secured borrowing);
 * - S: the clients' claims (open balances and queued withdrawals).
 *
 * θ < 1 means staying is worth less than a dollar withdrawn today. Without a cost of waiting
 * (δ̄ = 1) and with one long asset, θ is the Diamond–Dybvig ratio of the payoff of waiting to
 * c₁ (see diamond-dybvig.ts), so a run threshold θ* = 1 is DD's n*.
 *
 * @param liquid - Liq (USD)
 * @param loanValue - V (USD)
 * @param loanValueDiscounted - V_δ = Σ V_k·δ_k (USD), ≤ V
 * @param seniorClaims - X (USD)
 * @param claims - S (USD)
 * @returns θ; Infinity when there are no claims
 */
export function stayerCoverage(liquid: number, loanValue: number, loanValueDiscounted: number, seniorClaims: number, claims: number): number {
  if (!(claims > 0)) return Infinity;
  const waiting = Math.min(loanValue, Math.max(0, claims - liquid));
  const waitCost = loanValue > 0 ? ((loanValue - loanValueDiscounted) / loanValue) * waiting : 0;
  return (liquid + loanValue - seniorClaims - waitCost) / claims;
}
