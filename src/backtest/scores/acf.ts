/**
 * Sample autocorrelation of |x_t| at lags 1..maxLag: the signature of volatility clustering
 * (squared or absolute returns stay correlated for months in BTC, as in every liquid market:
 * Cont 2001, "stylized facts"). acf(k) = Σ(a_t − ā)(a_{t+k} − ā) / Σ(a_t − ā)², a = |x|.
 *
 * @returns acf[k − 1] for k = 1..maxLag
 */
export function absAutocorrelation(x: ArrayLike<number>, maxLag: number): Float64Array {
  const n = x.length;
  const a = new Float64Array(n);
  let mean = 0;
  for (let t = 0; t < n; t++) mean += a[t] = Math.abs(x[t]);
  mean /= n;
  let den = 0;
  for (let t = 0; t < n; t++) {
    a[t] -= mean;
    den += a[t] * a[t];
  }
  const out = new Float64Array(maxLag);
  for (let k = 1; k <= maxLag; k++) {
    let num = 0;
    for (let t = 0; t + k < n; t++) num += a[t] * a[t + k];
    out[k - 1] = num / den;
  }
  return out;
}
