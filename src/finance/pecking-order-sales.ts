/**
 * Conviction-ordered selling (domain.md §3): a holder who must raise `need` sells its
 * holdings in order of rising conviction, each up to what it holds, until the need is met.
 * This is the solution of   min Σ_j κ·c_j·s_j   s.t.  Σ_j w_j·s_j = need,  0 ≤ s_j ≤ h_j
 * as κ grows (the impact term of domain.md's objective becomes negligible against the
 * conviction cost): a fractional knapsack, solved greedily in order of c_j/w_j. With w_j = 1
 * the need is cash; with w_j = a margin rate m_j it is margin to free (selling $1 of class j
 * frees m_j of requirement).
 *
 * @param holdings - h_j, USD per class, at holdings[hOff + j]
 * @param order - class indices by rising conviction (per unit of w)
 * @param weights - w_j at weights[wOff + j], or null for w ≡ 1
 * @param need - what to raise, in units of w·USD (≤ 0: nothing)
 * @param sales - written: s_j at sales[sOff + j] for the classes in `order` (others untouched)
 * @returns Σ w_j·s_j actually raised (less than need only when holdings run out)
 */
export function peckingOrderSales(
  holdings: Float64Array,
  hOff: number,
  order: Int32Array,
  weights: Float64Array | null,
  wOff: number,
  need: number,
  sales: Float64Array,
  sOff: number,
): number {
  let left = need;
  for (let k = 0; k < order.length; k++) {
    const j = order[k];
    const w = weights === null ? 1 : weights[wOff + j];
    const h = holdings[hOff + j];
    let s = 0;
    if (left > 0 && h > 0 && w > 0) {
      s = left / w < h ? left / w : h;
      left -= s * w;
    }
    sales[sOff + j] = s;
  }
  return need > 0 ? need - (left > 0 ? left : 0) : 0;
}
