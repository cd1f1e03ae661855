/**
 * The square-root law of market impact (Tóth et al., PRX 2011; on BTC/USD over four decades
 * of size: Donier & Bonart 2015): a signed order flow Q moves the log price by
 *
 *   ΔlnP = −Y · σ_d · sign(Q) · √(|Q| / V_d)
 *
 * with σ_d the daily volatility, V_d the daily volume and Y of order one. Q > 0 is net
 * selling (the price falls), Q < 0 net buying. One implementation, used by every model
 * that turns flows into prices.
 *
 * @param flowUsd - Q, net sell flow in USD over the day (negative for net buying)
 * @param dailyVolumeUsd - V_d, USD traded per day in the venue set absorbing the flow
 * @param dailyVol - σ_d, daily volatility of log returns (a fraction)
 * @param y - Y, the impact prefactor (dimensionless)
 * @returns the change in log price
 */
export function sqrtImpactLogReturn(flowUsd: number, dailyVolumeUsd: number, dailyVol: number, y: number): number {
  if (flowUsd === 0) return 0;
  const size = Math.sqrt(Math.abs(flowUsd) / dailyVolumeUsd);
  return flowUsd > 0 ? -y * dailyVol * size : y * dailyVol * size;
}
