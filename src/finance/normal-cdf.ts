/**
 * The standard normal distribution function Φ(x) = P(Z ≤ x), Z ~ N(0, 1), as ½·erfc(−x/√2),
 * with erfc from the Chebyshev fit of Numerical Recipes (Press et al., 2nd ed., §6.2,
 * `erfcc`): relative error below 1.2e-7 everywhere, exact limits 0 and 1, and Φ(−x) =
 * 1 − Φ(x) up to that error. Enough for behavioural shares (who runs, who defaults); not a
 * replacement for a quantile-grade implementation.
 *
 * @param x - the standardised value
 * @returns Φ(x) in [0, 1]
 */
export function normalCdf(x: number): number {
  if (x !== x) return NaN;
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -z * z -
    1.26551223 +
    t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const erfc = t * Math.exp(poly);
  return x >= 0 ? 1 - 0.5 * erfc : 0.5 * erfc;
}
