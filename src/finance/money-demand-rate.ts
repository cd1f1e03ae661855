/**
 * The cost of capital that clears the money market with a semi-log money demand (Cagan 1956;
 * Lucas 2000): demand M_d·e^{−η(r − r̄)} at rate r equals the supply M_s when
 *
 *   r = r̄ + ln(M_d / M_s) / η,
 *
 * where M_d is what would be demanded at the reference rate r̄ and η the semi-elasticity of
 * money demand (per unit of rate). Demand above supply raises the rate; more supply (QE, open
 * pipes) lowers it.
 *
 * @param referenceRate - r̄, the rate at which demand equals M_d (a fraction per year)
 * @param demandUsd - M_d
 * @param supplyUsd - M_s (> 0)
 * @param semiElasticity - η (> 0)
 */
export function moneyMarketRate(referenceRate: number, demandUsd: number, supplyUsd: number, semiElasticity: number): number {
  return referenceRate + Math.log(demandUsd / supplyUsd) / semiElasticity;
}
