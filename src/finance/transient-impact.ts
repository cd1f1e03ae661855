/**
 * Forced selling over many days priced as a metaorder, with impact that relaxes after it ends.
 *
 * The square-root law (square-root-impact.ts) prices one metaorder by its total size Q:
 * I(Q) = Y·σ_d·√(Q/V_d). Summing it over daily slices, as if each day were a new metaorder,
 * makes N equal slices cost √N times the impact of the same total sold as one order (×13 over
 * 180 days). Empirically the peak impact of a metaorder follows the square-root law in its
 * total size whatever its duration, and once it ends impact relaxes: by the end of the day to
 * ≈ 2/3 of the peak, then more slowly (a power law at short times) to a plateau after ≈ 50 days
 * of ≈ 1/2 of the end-of-day impact (Bucci, Benzaquen, Lillo & Bouchaud 2019, 8 million
 * ANcerno metaorders; the propagator picture of Bouchaud et al. 2004; Obizhaeva & Wang 2013
 * for the resilience of the book).
 *
 * At Cascade's daily resolution the end-of-day impact is the peak a step can see. Per path:
 *
 *   M  signed USD of the active metaorder (sells > 0);
 *   A(M) = sign(M)·Y·σ_d·√(|M|/V_d), its square-root impact;
 *   T, P the transient and permanent parts of the displacement D = T + P of ln P.
 *
 * A step with net flow q ≠ 0 extends the metaorder, M′ = M + q, and adds the marginal impact
 * ΔA = A(M′) − A(M) (σ_d, V_d of this step): a share φ to P, the rest to T. So a sale in one
 * step is priced exactly as the square-root law prices it today, and N slices of one
 * metaorder add up to A(total), not √N·A(total). A step without flow ends the metaorder: T
 * and M decay by 2^(−Δ/h) per step, so D relaxes to the permanent share φ of the peak
 * (φ = 1/2, h such that the transient part is ~3% of itself after 50 days: h = 10 days). One
 * exponential for the measured power law is a simplification: it decays faster at first and
 * slower later than the data, with the same plateau; the README of each user says so.
 *
 * The state is three doubles in the caller's per-path record, at `o`, `o + 1`, `o + 2`.
 */

/** Offsets of the state within the caller's record. */
export const METAORDER_USD = 0;
export const TRANSIENT_LOG = 1;
export const PERMANENT_LOG = 2;
/** Doubles of state per path. */
export const TRANSIENT_IMPACT_WIDTH = 3;

/** φ: the share of a metaorder's end-of-day impact that is permanent (Bucci et al. 2019: ≈ 1/2 after ~50 days). */
export const PERMANENT_SHARE = 0.5;
/** h: half-life of the transient impact after a metaorder ends, days (assumption: one exponential for a ~50-day power-law relaxation). */
export const TRANSIENT_HALF_LIFE_DAYS = 10;

/**
 * Advances one path's metaorder state by one step and returns the change of the impact
 * displacement of ln P (≤ 0 for net selling): add it to the log price.
 *
 * @param rec - the caller's per-path record; the state is at rec[o], rec[o+1], rec[o+2]
 * @param o - offset of the state
 * @param flowUsd - q, net sell flow of the step in USD (negative: net buying)
 * @param dailyVolumeUsd - V_d of the step
 * @param dailyVol - σ_d of the step (fraction)
 * @param y - Y, the impact prefactor
 * @param permanentShare - φ
 * @param keep - 2^(−Δ/h): what remains of the transient part after a step without flow
 */
export function transientImpactStep(rec: Float64Array, o: number, flowUsd: number, dailyVolumeUsd: number, dailyVol: number, y: number, permanentShare: number, keep: number): number {
  const before = rec[o + TRANSIENT_LOG] + rec[o + PERMANENT_LOG];
  if (flowUsd !== 0) {
    const m = rec[o + METAORDER_USD];
    const next = m + flowUsd;
    const scale = y * dailyVol;
    const aBefore = m >= 0 ? scale * Math.sqrt(m / dailyVolumeUsd) : -scale * Math.sqrt(-m / dailyVolumeUsd);
    const aAfter = next >= 0 ? scale * Math.sqrt(next / dailyVolumeUsd) : -scale * Math.sqrt(-next / dailyVolumeUsd);
    const marginal = aAfter - aBefore;
    rec[o + METAORDER_USD] = next;
    rec[o + PERMANENT_LOG] += permanentShare * marginal;
    rec[o + TRANSIENT_LOG] += (1 - permanentShare) * marginal;
  } else {
    rec[o + METAORDER_USD] *= keep;
    rec[o + TRANSIENT_LOG] *= keep;
  }
  // displacement of ln P: selling (positive A) lowers the price
  return before - (rec[o + TRANSIENT_LOG] + rec[o + PERMANENT_LOG]);
}
