/**
 * Logistic capacity ramp-up: dX/dt = r·X·(1 − X/K), whose exact step over Δ days is
 *
 *   X(t + Δ) = K / (1 + (K/X(t) − 1)·e^(−rΔ)).
 *
 * The rate is given by the ramp time T in which X grows from 10% to 90% of K:
 * r = ln 81 / T (from X/K = 1/(1 + e^(−r(t − t_m))), 0.1 → 0.9 takes 2·ln 9 / r). It is how a
 * supplier adds production lines or a grey channel adds routes: slow at first, fastest half way,
 * levelling off at the ceiling (Sterman, Business Dynamics ch. 9, S-shaped growth).
 */

/** r = ln 81 / T: the logistic rate that takes 10% → 90% of the ceiling in T days. */
export function logisticRatePerDay(rampDays: number): number {
  return rampDays > 0 ? Math.log(81) / rampDays : Infinity;
}

/**
 * X after Δ days of logistic growth toward K from X (> 0) at rate r. X ≥ K is brought down
 * to K (a ceiling that fell), X ≤ 0 stays 0 (nothing grows from nothing).
 */
export function logisticStep(x: number, ceiling: number, ratePerDay: number, stepDays: number): number {
  return logisticStepByDecay(x, ceiling, logisticDecay(ratePerDay, stepDays));
}

/** e^(−rΔ): what a step loop computes once per rate and step, for {@link logisticStepByDecay}. */
export function logisticDecay(ratePerDay: number, stepDays: number): number {
  return ratePerDay === Infinity ? 0 : Math.exp(-ratePerDay * stepDays);
}

/** {@link logisticStep} with e^(−rΔ) given: K/(1 + (K/X − 1)·decay). */
export function logisticStepByDecay(x: number, ceiling: number, decay: number): number {
  if (!(x > 0) || !(ceiling > 0)) return 0;
  if (x >= ceiling) return ceiling;
  return ceiling / (1 + (ceiling / x - 1) * decay);
}
