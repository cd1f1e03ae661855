/**
 * Partials each step keeps inline. Measured on the flagship (365 steps, 190 signals, 69,540 step
 * sums): after a run of 2,048 paths 43% of the step sums hold 1 partial, 51% 2, 5% 3, 0.4% 4
 * and 13 steps 5; of 10,240 paths 29% 1, 60% 2, 10% 3, 1.3% 4, 125 steps 5–6 (0.09% of all
 * additions left more than 4). Four slots (32 bytes a step) leave the side table all but empty.
 */
export const INLINE_PARTIALS = 4;

/** Room for one more partial when a step's sum leaves its inline slots (grown as needed). */
let scratch = new Float64Array(64);

/**
 * Exact running sums of doubles, one per step (Shewchuk 1997, the algorithm behind Python's
 * `math.fsum`), all steps of one signal in flat typed arrays: a record holds one per recorded
 * signal (tens of thousands of step sums in all) instead of an object and an array of partials
 * per step. A step's partials represent its sum with no rounding at all, and `value(t)` rounds
 * it once, correctly; so the result is the same whatever order the terms, or other partial
 * sums, were added in. That is what lets shards merge by addition and still give bit-identical
 * means.
 *
 * Step t's partials (non-overlapping, increasing in magnitude) sit in `INLINE_PARTIALS` slots
 * of one Float64Array while they fit; a step that needs more (sums over many magnitudes, or
 * with large cancellations) has them in a side table until they fit again. Adding allocates
 * nothing unless a step first leaves its slots or outgrows its side entry.
 */
export class ExactSums {
  /** Step t's partials at [t·INLINE_PARTIALS, … + count[t]) while count[t] ≤ INLINE_PARTIALS. */
  private readonly inline: Float64Array;
  /** How many partials step t has (Uint32: a sum that overflows to ±∞ gains one each addition, as it did). */
  private readonly count: Uint32Array;
  /** The partials of the steps with more than INLINE_PARTIALS (the first count[t] entries); stale for a step back inline. */
  private readonly spilled = new Map<number, Float64Array>();

  /** Sums for steps 0 … length − 1, each 0. */
  constructor(readonly length: number) {
    this.inline = new Float64Array(length * INLINE_PARTIALS);
    this.count = new Uint32Array(length);
  }

  /** Adds one finite double to step t's sum, exactly. */
  add(t: number, x: number): void {
    const n = this.count[t];
    if (n < INLINE_PARTIALS) this.count[t] = addPartial(this.inline, t * INLINE_PARTIALS, n, x);
    else this.addWide(t, n, x);
  }

  /**
   * add() for a step whose result may not fit inline: worked on in scratch, then put back inline
   * if it fits, else in its side entry (kept when the step shrinks back, so a step hovering at
   * the limit does not allocate each time).
   */
  private addWide(t: number, n: number, x: number): void {
    if (scratch.length <= n) scratch = new Float64Array(2 * (n + 1));
    const base = t * INLINE_PARTIALS;
    if (n > INLINE_PARTIALS) {
      const from = this.spilled.get(t)!;
      for (let k = 0; k < n; k++) scratch[k] = from[k];
    } else for (let k = 0; k < n; k++) scratch[k] = this.inline[base + k];
    const m = addPartial(scratch, 0, n, x);
    this.count[t] = m;
    if (m <= INLINE_PARTIALS) {
      for (let k = 0; k < m; k++) this.inline[base + k] = scratch[k];
      return;
    }
    let to = this.spilled.get(t);
    if (!to || to.length < m) this.spilled.set(t, (to = new Float64Array(2 * m)));
    for (let k = 0; k < m; k++) to[k] = scratch[k];
  }

  /** How many partials step t's sum has (what a packed record sends per step). */
  partialCount(t: number): number {
    return this.count[t];
  }

  /** The k-th partial of step t's sum (k < partialCount(t)), smallest first. */
  partial(t: number, k: number): number {
    return this.count[t] <= INLINE_PARTIALS ? this.inline[t * INLINE_PARTIALS + k] : this.spilled.get(t)![k];
  }

  /** How many steps have more partials than their inline slots hold (tests and memory figures). */
  spilledSteps(): number {
    let n = 0;
    for (const t of this.spilled.keys()) if (this.count[t] > INLINE_PARTIALS) n++;
    return n;
  }

  /** Adds every step of other sums (of the same length) to these, exactly. */
  merge(other: ExactSums): void {
    if (other.length !== this.length) throw new Error(`ExactSums.merge: ${other.length} steps into ${this.length}`);
    for (let t = 0; t < this.length; t++) {
      const n = other.count[t];
      for (let k = 0; k < n; k++) this.add(t, other.partial(t, k));
    }
  }

  /** Step t's exact sum rounded once to the nearest double (ties to even). */
  value(t: number): number {
    const n = this.count[t];
    return n <= INLINE_PARTIALS ? roundPartials(this.inline, t * INLINE_PARTIALS, n) : roundPartials(this.spilled.get(t)!, 0, n);
  }

  /** Every step's value(t), in order. */
  values(): number[] {
    return Array.from({ length: this.length }, (_, t) => this.value(t));
  }
}

/**
 * Shewchuk's grow-expansion: adds x to the n partials p[at … at + n) in place and returns how
 * many there are now (at most n + 1; the caller leaves room for one more).
 */
function addPartial(p: Float64Array, at: number, n: number, x: number): number {
  let m = 0;
  for (let k = at; k < at + n; k++) {
    let y = p[k];
    if (Math.abs(x) < Math.abs(y)) {
      const tmp = x;
      x = y;
      y = tmp;
    }
    const hi = x + y;
    const lo = y - (hi - x);
    if (lo !== 0) p[at + m++] = lo;
    x = hi;
  }
  p[at + m] = x;
  return m + 1;
}

/** The n partials p[at … at + n) summed and rounded once (ties to even), as Python's fsum does. */
function roundPartials(p: Float64Array, at: number, n: number): number {
  if (n === 0) return 0;
  let hi = p[at + --n];
  let lo = 0;
  while (n > 0) {
    const x = hi;
    const y = p[at + --n];
    hi = x + y;
    const yr = hi - x;
    lo = y - yr;
    if (lo !== 0) break;
  }
  if (n > 0 && ((lo < 0 && p[at + n - 1] < 0) || (lo > 0 && p[at + n - 1] > 0))) {
    const y = lo * 2;
    const x = hi + y;
    const yr = x - hi;
    if (y === yr) hi = x;
  }
  return hi;
}
