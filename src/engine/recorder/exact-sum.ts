/**
 * An exact running sum of doubles (Shewchuk 1997, the algorithm behind Python's
 * `math.fsum`). The partials represent the sum with no rounding at all, and `value()`
 * rounds it once, correctly; so the result is the same whatever order the terms, or
 * other partial sums, were added in. That is what lets shards merge by addition and
 * still give bit-identical means.
 */
export class ExactSum {
  /** Non-overlapping partials, increasing in magnitude. */
  partials: number[] = [];

  /** Adds one finite double exactly. */
  add(x: number): void {
    const p = this.partials;
    let n = 0;
    for (let k = 0; k < p.length; k++) {
      let y = p[k];
      if (Math.abs(x) < Math.abs(y)) {
        const tmp = x;
        x = y;
        y = tmp;
      }
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) p[n++] = lo;
      x = hi;
    }
    p.length = n;
    p.push(x);
  }

  /** Adds every partial of another exact sum. */
  merge(other: ExactSum | readonly number[]): void {
    const parts = Array.isArray(other) ? other : (other as ExactSum).partials;
    for (const x of parts) this.add(x);
  }

  /** The exact sum rounded once to the nearest double (ties to even). */
  value(): number {
    const p = this.partials;
    let n = p.length;
    if (n === 0) return 0;
    let hi = p[--n];
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = p[--n];
      hi = x + y;
      const yr = hi - x;
      lo = y - yr;
      if (lo !== 0) break;
    }
    if (n > 0 && ((lo < 0 && p[n - 1] < 0) || (lo > 0 && p[n - 1] > 0))) {
      const y = lo * 2;
      const x = hi + y;
      const yr = x - hi;
      if (y === yr) hi = x;
    }
    return hi;
  }
}
