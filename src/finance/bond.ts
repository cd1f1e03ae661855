/**
 * A fixed-coupon bullet bond in closed form (per 1 of face value), with coupons paid `freq`
 * times a year and the yield compounded at the same frequency: with k = freq, n = k·T periods,
 * c = couponRate/k per period, i = yield/k per period and v = 1/(1 + i),
 *
 *   P(y) = c·(1 − vⁿ)/i + vⁿ                                   (annuity plus principal)
 *   D(y) = −P′(y)/P(y)                                          (modified duration, years)
 *   C(y) = P″(y)/P(y)                                           (convexity, years²)
 *
 * with the derivatives in closed form:
 *   P′(y) = −(1/k)·[c·(1 − vⁿ)/i² − n·vⁿ⁺¹·(c/i − 1)]
 *   P″(y) = (1/k²)·[2c(1 − vⁿ)/i³ − 2c·n·vⁿ⁺¹/i² + n(n + 1)·vⁿ⁺²·(1 − c/i)]
 * (obtained by differentiating P term by term in i; the spec checks them against the sums
 * Σ t·CF·v^t and against finite differences). For i = 0 the limits are used.
 */

/** Price per 1 of face value. */
export function bondPrice(couponRate: number, yieldRate: number, years: number, freq = 2): number {
  const n = Math.round(years * freq);
  const c = couponRate / freq;
  const i = yieldRate / freq;
  if (i === 0) return c * n + 1;
  const vn = Math.pow(1 + i, -n);
  return (c * (1 - vn)) / i + vn;
}

/** dP/dy per 1 of face value (y the annual yield). */
function priceDerivative(couponRate: number, yieldRate: number, years: number, freq: number): number {
  const n = Math.round(years * freq);
  const c = couponRate / freq;
  const i = yieldRate / freq;
  if (i === 0) return -(c * n * (n + 1) * 0.5 + n) / freq;
  const v = 1 / (1 + i);
  const vn = Math.pow(v, n);
  return -((c * (1 - vn)) / (i * i) - n * vn * v * (c / i - 1)) / freq;
}

/** d²P/dy² per 1 of face value. */
function priceSecondDerivative(couponRate: number, yieldRate: number, years: number, freq: number): number {
  const n = Math.round(years * freq);
  const c = couponRate / freq;
  const i = yieldRate / freq;
  if (i === 0) return (c * ((n * (n + 1) * (n + 2)) / 3) + n * (n + 1)) / (freq * freq);
  const v = 1 / (1 + i);
  const vn = Math.pow(v, n);
  return ((2 * c * (1 - vn)) / (i * i * i) - (2 * c * n * vn * v) / (i * i) + n * (n + 1) * vn * v * v * (1 - c / i)) / (freq * freq);
}

/** Modified duration D = −P′/P, in years. */
export function bondModifiedDuration(couponRate: number, yieldRate: number, years: number, freq = 2): number {
  return -priceDerivative(couponRate, yieldRate, years, freq) / bondPrice(couponRate, yieldRate, years, freq);
}

/** Convexity C = P″/P, in years². */
export function bondConvexity(couponRate: number, yieldRate: number, years: number, freq = 2): number {
  return priceSecondDerivative(couponRate, yieldRate, years, freq) / bondPrice(couponRate, yieldRate, years, freq);
}
