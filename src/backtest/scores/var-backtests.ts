import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';

/** A likelihood-ratio test: its statistic, degrees of freedom and p-value (χ² distributed under the null). */
export interface LrTest {
  lr: number;
  df: number;
  pValue: number;
}

/** x·ln(p), 0 when x = 0 (the limit), so that 0 exceedances or all exceedances need no special case. */
function xlogp(x: number, p: number): number {
  return x === 0 ? 0 : x * Math.log(p);
}

function lrTest(lr: number, df: number): LrTest {
  const v = Math.max(0, lr);
  return { lr: v, df, pValue: 1 - chisquareCdf(v, df) };
}

/**
 * Kupiec's (1995) proportion-of-failures test: with n forecasts of which x fell outside a band
 * that should miss with probability p, LR = −2·ln[(1−p)^{n−x}·p^x] + 2·ln[(1−x/n)^{n−x}·(x/n)^x],
 * χ²(1) under correct unconditional coverage.
 */
export function kupiecPof(n: number, x: number, p: number): LrTest {
  if (n <= 0) return { lr: NaN, df: 1, pValue: NaN };
  const phat = x / n;
  const lr = -2 * (xlogp(n - x, 1 - p) + xlogp(x, p)) + 2 * (xlogp(n - x, 1 - phat) + xlogp(x, phat));
  return lrTest(lr, 1);
}

/**
 * Christoffersen's (1998) independence test on a sequence of exceedance indicators: a first-order
 * Markov chain with π₀₁ = P(miss | no miss before), π₁₁ = P(miss | miss before) against one π.
 * LR = −2·ln[(1−π)^{n00+n10}·π^{n01+n11}] + 2·ln[(1−π₀₁)^{n00}·π₀₁^{n01}·(1−π₁₁)^{n10}·π₁₁^{n11}],
 * χ²(1) when misses do not cluster. Needs forecasts that do not overlap in time: overlapping
 * horizons make misses cluster by construction (the backtest subsamples; see its README).
 */
export function christoffersenIndependence(hits: readonly boolean[]): LrTest & { n00: number; n01: number; n10: number; n11: number } {
  let n00 = 0;
  let n01 = 0;
  let n10 = 0;
  let n11 = 0;
  for (let t = 1; t < hits.length; t++) {
    if (!hits[t - 1]) hits[t] ? n01++ : n00++;
    else hits[t] ? n11++ : n10++;
  }
  const n = n00 + n01 + n10 + n11;
  if (n === 0) return { lr: NaN, df: 1, pValue: NaN, n00, n01, n10, n11 };
  const pi = (n01 + n11) / n;
  const pi01 = n00 + n01 > 0 ? n01 / (n00 + n01) : 0;
  const pi11 = n10 + n11 > 0 ? n11 / (n10 + n11) : 0;
  const restricted = xlogp(n00 + n10, 1 - pi) + xlogp(n01 + n11, pi);
  const unrestricted = xlogp(n00, 1 - pi01) + xlogp(n01, pi01) + xlogp(n10, 1 - pi11) + xlogp(n11, pi11);
  return { ...lrTest(-2 * (restricted - unrestricted), 1), n00, n01, n10, n11 };
}

/**
 * The Basel traffic-light zone of x exceedances in n forecasts of a band missed with
 * probability p: green while the binomial probability of at most x misses is below 95%,
 * yellow below 99.99%, red beyond (Basel Committee 1996, the supervisory framework for
 * backtesting; its table is for n = 250, p = 1%, and the rule applies to any n and p).
 */
export function trafficLight(n: number, x: number, p: number): 'green' | 'yellow' | 'red' {
  let cdf = 0;
  let term = Math.pow(1 - p, n); // P(X = 0)
  for (let k = 0; k <= x; k++) {
    cdf += term;
    term *= ((n - k) / (k + 1)) * (p / (1 - p));
  }
  return cdf < 0.95 ? 'green' : cdf < 0.9999 ? 'yellow' : 'red';
}
