import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';

/**
 * The probability integral transform of the outcome y under an ensemble x₁ ≤ … ≤ x_m: the
 * share of members below y, ties counted half, (#{x < y} + ½·#{x = y})/m. Over many forecasts,
 * PIT values of a calibrated forecast are uniform on [0, 1] (Dawid 1984; Gneiting, Balabdaoui
 * & Raftery 2007): a U shape means too narrow, a hump too wide, a slope a biased centre.
 */
export function pitValue(sorted: ArrayLike<number>, y: number): number {
  const m = sorted.length;
  let below = lowerBound(sorted, y);
  let equal = 0;
  while (below + equal < m && sorted[below + equal] === y) equal++;
  return (below + 0.5 * equal) / m;
}

/** Counts of PIT values in `bins` equal bins of [0, 1] (1 falls in the last). */
export function pitHistogram(pits: readonly number[], bins = 10): number[] {
  const counts = new Array<number>(bins).fill(0);
  for (const u of pits) counts[Math.min(bins - 1, Math.max(0, Math.floor(u * bins)))]++;
  return counts;
}

/** Pearson's χ² test that histogram counts are equally likely: statistic, degrees of freedom, p-value. */
export function uniformityTest(counts: readonly number[]): { chi2: number; df: number; pValue: number } {
  const n = counts.reduce((a, b) => a + b, 0);
  const k = counts.length;
  const expected = n / k;
  let chi2 = 0;
  for (const c of counts) chi2 += ((c - expected) * (c - expected)) / expected;
  const df = k - 1;
  return { chi2, df, pValue: n === 0 ? NaN : 1 - chisquareCdf(chi2, df) };
}

/** First index whose value is ≥ y (binary search). */
function lowerBound(sorted: ArrayLike<number>, y: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < y) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
