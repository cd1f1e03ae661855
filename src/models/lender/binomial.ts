/**
 * A Binomial(n, p) count from one uniform u ∈ (0, 1), by inverting its distribution function
 * (sequential search from k = 0, on the smaller of p and 1 − p so that the search is short
 * and q^n does not underflow for n ≤ 1000). Deterministic in u, so one pre-drawn word per
 * draw keeps a step loop reproducible. Used for the borrowers of a loan bucket who default or
 * fail a margin call.
 *
 * @param n - trials, a whole number ≥ 0 (at most 1000)
 * @param p - success probability, clamped to [0, 1]
 * @param u - a uniform draw in (0, 1)
 */
export function binomialFromUniform(n: number, p: number, u: number): number {
  if (!(n > 0) || !(p > 0)) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomialFromUniform(n, 1 - p, 1 - u);
  // P(0) = (1 − p)^n ≥ 1 − n·p (Bernoulli's inequality): below that no power is needed
  if (u <= 1 - n * p) return 0;
  const q = 1 - p;
  const odds = p / q;
  let pk = Math.pow(q, n);
  let cdf = pk;
  let k = 0;
  while (u > cdf && k < n) {
    pk *= ((n - k) / (k + 1)) * odds;
    k++;
    cdf += pk;
  }
  return k;
}
