/**
 * Extremes of a Brownian bridge: a Brownian motion in log price that starts at a and ends at b
 * over an interval in which its increment has variance s². Given the endpoints, its maximum M
 * and minimum m have the exact laws (reflection principle; e.g. Karatzas & Shreve 1991, or
 * Glasserman 2004 §6.4 for barrier options)
 *
 *   P(M ≥ h) = exp(−2(h − a)(h − b)/s²),  h ≥ max(a, b),
 *   P(m ≤ h) = exp(−2(a − h)(b − h)/s²),  h ≤ min(a, b),
 *
 * which invert in closed form: with U uniform on (0, 1),
 *
 *   M = (a + b + √((b − a)² − 2s²·ln U)) / 2,   m = (a + b − √((b − a)² − 2s²·ln U)) / 2.
 *
 * A daily model uses them for the intraday high and low between two daily prices.
 */

/** The bridge's maximum for the uniform u ∈ (0, 1): exact inversion of its law. */
export function bridgeMaxFromUniform(a: number, b: number, s: number, u: number): number {
  const d = b - a;
  return 0.5 * (a + b + Math.sqrt(d * d - 2 * s * s * Math.log(u)));
}

/** The bridge's minimum for the uniform u ∈ (0, 1): exact inversion of its law. */
export function bridgeMinFromUniform(a: number, b: number, s: number, u: number): number {
  const d = b - a;
  return 0.5 * (a + b - Math.sqrt(d * d - 2 * s * s * Math.log(u)));
}
