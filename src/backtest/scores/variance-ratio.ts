/**
 * The variance ratio of a return series at horizon h (Lo & MacKinlay 1988): the variance of
 * overlapping h-day sums of returns over h times the variance of one-day returns. 1 for returns
 * without memory; above 1 when returns trend (positive autocorrelation at lags below h), below 1
 * when they mean-revert. Each variance about its own sample mean; no small-sample correction, so
 * compare series of the same length.
 */
export function varianceRatio(returns: ArrayLike<number>, h: number): number {
  const n = returns.length;
  if (h < 1 || n < h + 1) return NaN;
  let mean = 0;
  for (let t = 0; t < n; t++) mean += returns[t];
  mean /= n;
  let v1 = 0;
  for (let t = 0; t < n; t++) v1 += (returns[t] - mean) ** 2;
  v1 /= n;
  // rolling h-day sums
  let sum = 0;
  for (let t = 0; t < h; t++) sum += returns[t];
  const m = n - h + 1;
  const sums = new Float64Array(m);
  sums[0] = sum;
  for (let t = h; t < n; t++) {
    sum += returns[t] - returns[t - h];
    sums[t - h + 1] = sum;
  }
  let meanH = 0;
  for (let k = 0; k < m; k++) meanH += sums[k];
  meanH /= m;
  let vh = 0;
  for (let k = 0; k < m; k++) vh += (sums[k] - meanH) ** 2;
  vh /= m;
  return vh / (h * v1);
}
