/**
 * A mergeable quantile sketch with relative accuracy α, after DDSketch (Masson, Rim & Lee,
 * VLDB 2019). Buckets are centred in log space: v > 0 falls in bucket i = round(ln v / ln γ)
 * (to the nearest integer, ties to even) with γ = (1+α)², i.e. v ∈ [γ^(i−½), γ^(i+½)), and
 * the bucket is reported as γⁱ, within a factor (1 ± α) of every value in it. Centring (instead of DDSketch's ⌈·⌉ and 2γⁱ/(γ+1))
 * makes 1 = γ⁰ come back exactly, so 0/1 flags such as a regime or a halt read as 0 and 1.
 * Negative values use a mirrored store; |v| below `MIN_INDEXABLE` counts as zero.
 *
 * Counts are integers held in doubles, so merging is exact addition and the merged sketch
 * is the same in any order. Each store keeps at most `maxBuckets` buckets: when a value
 * would widen it further, the buckets nearest zero collapse into the lowest kept bucket.
 * A value then ends in bucket max(i, top − maxBuckets + 1), which depends only on the
 * final top index, so collapsing too is independent of order.
 *
 * How many buckets: as many as keep magnitudes apart over a span of γ^maxBuckets = 7.4e8
 * (2,048 buckets at the default α = 0.005), whatever the accuracy. A finer α gets more
 * buckets over the same span ({@link defaultMaxBuckets}: 20,435 at α = 0.0005), not a
 * narrower span: with a fixed 2,048 buckets, α = 0.0005 kept magnitudes apart over a factor
 * of 7.7 only, and a median return of −0.0008 read as −0.057. Quantiles are within α of the
 * exact ones for every value of a sign within 7.4e8× of that sign's largest magnitude; smaller
 * magnitudes read as at most that bound (an absolute error below 1.4e-9 of the largest).
 */
export const MIN_INDEXABLE = 1e-300;

/** Buckets per sign at the reference accuracy: the span every accuracy keeps apart. */
export const DEFAULT_MAX_BUCKETS = 2048;
const REFERENCE_ALPHA = 0.005;
/** ln of the span of magnitudes kept apart: 2,048 buckets of γ = 1.005² (a factor of 7.4e8). */
export const SKETCH_SPAN_LN = DEFAULT_MAX_BUCKETS * 2 * Math.log1p(REFERENCE_ALPHA);

/**
 * Buckets per sign for accuracy α: 2,048 from α = 0.005 up (the sketches of every shipped
 * result, unchanged), and below it as many as cover the same span of magnitudes.
 */
export function defaultMaxBuckets(alpha: number): number {
  if (alpha >= REFERENCE_ALPHA) return DEFAULT_MAX_BUCKETS;
  return Math.ceil(SKETCH_SPAN_LN / (2 * Math.log1p(alpha)));
}
/** 1.5 · 2^52: adding and subtracting it rounds a double of magnitude below 2^51 to the nearest integer. */
const ROUNDER = 6755399441055744;

/**
 * The integer nearest to x (ties to even), |x| < 2^51. `Math.round` did the same job at three
 * times the cost of the whole bucket index here (V8 calls out for its ties-away rule), and
 * recording a value is the engine's most frequent operation.
 */
function nearestInteger(x: number): number {
  return x + ROUNDER - ROUNDER;
}

/** Bucket indices of one block's values (DDSketch.addAll), grown to the largest block. */
let bucketScratch = new Float64Array(0);
/** Least spare buckets on the side a store grows, so a drifting signal reallocates rarely. */
const SLACK_BUCKETS = 32;

/** One side (positive or negative magnitudes) of a sketch: dense counts from `offset`. */
class Store {
  counts: Float64Array = new Float64Array(0);
  /** Bucket index of counts[0] (a small integer: see cover). */
  offset = 0;
  /** Highest index ever added; -Infinity when empty. */
  top = -Infinity;

  constructor(readonly maxBuckets: number) {}

  get empty(): boolean {
    return this.top === -Infinity;
  }

  add(index: number, count: number): void {
    // the common case, one value inside the window at or below the top: one increment. A
    // bucket below a risen floor is fine here too, as collapsing is lazy (settle)
    const j = index - this.offset;
    if (index <= this.top && j >= 0) {
      this.counts[j] += count;
      return;
    }
    if (index > this.top) this.top = index;
    const floor = this.top - this.maxBuckets + 1;
    const i = index < floor ? floor : index;
    this.cover(i, this.top);
    this.counts[i - this.offset] += count;
  }

  /** Collapses the counts below the floor (top − maxBuckets + 1) into the floor's bucket. */
  settle(): void {
    const floorAt = this.top - this.maxBuckets + 1 - this.offset;
    if (floorAt <= 0) return;
    let below = 0;
    for (let k = 0; k < floorAt; k++) {
      below += this.counts[k];
      this.counts[k] = 0;
    }
    this.counts[floorAt] += below;
  }

  /** Raises the top to `high` (the block's highest index, about to be added) and covers [low, high]. */
  reserve(low: number, high: number): void {
    if (high > this.top) this.top = high;
    this.cover(low, high);
  }

  /**
   * Makes the dense window cover buckets [low, high] (low no lower than the floor that a top of
   * `high` would set), reallocating only when it does not yet. Buckets below a risen floor are
   * collapsed lazily (settle), not here on every new top: a store at its full width would
   * otherwise reallocate each time the top moved up one bucket. A reallocation keeps spare
   * buckets on the side it grew, half the window's size (at least SLACK_BUCKETS), so a widening
   * store reallocates O(log width) times, and a falling price not on every new bucket.
   */
  cover(low: number, high: number): void {
    const floor = Math.max(this.top, high) - this.maxBuckets + 1;
    if (low < floor) low = floor;
    const length = this.counts.length;
    if (length > 0 && low >= this.offset && high < this.offset + length) return;
    const slack = Math.max(SLACK_BUCKETS, length >> 1);
    const from = length === 0 ? low : low < this.offset ? Math.max(low - slack, floor) : this.offset;
    const to = length === 0 ? high + slack : high >= this.offset + length ? high + slack : this.offset + length - 1;
    const next = new Float64Array(to - from + 1);
    for (let k = 0; k < length; k++) {
      const c = this.counts[k];
      if (c !== 0) next[Math.max(k + this.offset, from) - from] += c;
    }
    this.counts = next;
    // a small integer, as the field started (0): V8 tracks each field's representation, and a
    // double stored where sketches were created with a small integer makes every one of them
    // migrate to a new hidden class on first use, which cost 150 µs a sketch (tens of thousands
    // in a run)
    this.offset = from | 0;
  }

  merge(other: Store): void {
    if (other.empty) return;
    other.settle();
    // collapsing depends on the overall top: take theirs into account first
    this.add(other.top, 0);
    for (let k = 0; k < other.counts.length; k++) {
      const c = other.counts[k];
      if (c !== 0) this.add(k + other.offset, c);
    }
  }
}

/** Serialised sketch: plain data that survives `postMessage` and JSON. */
export interface DDSketchData {
  alpha: number;
  maxBuckets: number;
  zero: number;
  count: number;
  min: number;
  max: number;
  pos: { offset: number; top: number; counts: number[] };
  neg: { offset: number; top: number; counts: number[] };
}

export class DDSketch {
  readonly gamma: number;
  private readonly invLnGamma: number;
  private pos: Store;
  private neg: Store;
  zero = 0;
  count = 0;
  min = Infinity;
  max = -Infinity;

  /**
   * @param alpha - relative accuracy of every quantile (0.01 = within ±1% of a true value)
   * @param maxBuckets - buckets per sign before the ones nearest zero collapse (default: as
   *   many as keep the same span of magnitudes apart at every accuracy, {@link defaultMaxBuckets})
   */
  constructor(
    readonly alpha = 0.01,
    readonly maxBuckets = defaultMaxBuckets(alpha),
  ) {
    this.gamma = (1 + alpha) * (1 + alpha);
    this.invLnGamma = 1 / Math.log(this.gamma);
    this.pos = new Store(maxBuckets);
    this.neg = new Store(maxBuckets);
  }

  /** Adds one finite value. */
  add(v: number): void {
    this.count++;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
    if (v > MIN_INDEXABLE) this.pos.add(nearestInteger(Math.log(v) * this.invLnGamma), 1);
    else if (v < -MIN_INDEXABLE) this.neg.add(nearestInteger(Math.log(-v) * this.invLnGamma), 1);
    else this.zero++;
  }

  /**
   * Adds the finite values among values[0..n) and returns how many were not finite (left out).
   * The same as `add` for each value, in three loops with nothing else in them: bucket indices
   * (its `Math.log` is a call into C, cheap only in a loop with few live values), the block's
   * lowest and highest index per sign (each store is then sized and its top set once), and the
   * counting. Recording a block of paths is the engine's most frequent operation: this is ~3×
   * `add` in a loop (bench/README.md).
   */
  addAll(values: Float64Array, n: number): number {
    if (bucketScratch.length < n) bucketScratch = new Float64Array(n);
    const index = bucketScratch;
    const inv = this.invLnGamma;
    for (let i = 0; i < n; i++) {
      const a = Math.abs(values[i]);
      index[i] = a > MIN_INDEXABLE ? nearestInteger(Math.log(a) * inv) : 0;
    }
    let posLow = Infinity;
    let posHigh = -Infinity;
    let negLow = Infinity;
    let negHigh = -Infinity;
    let nonFinite = 0;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      const k = index[i];
      if (v - v !== 0) nonFinite++;
      else if (v > MIN_INDEXABLE) {
        if (k < posLow) posLow = k;
        if (k > posHigh) posHigh = k;
      } else if (v < -MIN_INDEXABLE) {
        if (k < negLow) negLow = k;
        if (k > negHigh) negHigh = k;
      }
    }
    const pos = this.pos;
    const neg = this.neg;
    if (posLow <= posHigh) pos.reserve(posLow, posHigh);
    if (negLow <= negHigh) neg.reserve(negLow, negHigh);
    // every index now lies in its store's window at or below its top; one below the floor goes
    // to the floor's bucket (what settle would do)
    const posCounts = pos.counts;
    const posOffset = pos.offset;
    const posFloor = pos.top - pos.maxBuckets + 1 - posOffset;
    const negCounts = neg.counts;
    const negOffset = neg.offset;
    const negFloor = neg.top - neg.maxBuckets + 1 - negOffset;
    let { min, max, zero } = this;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v - v !== 0) continue;
      if (v < min) min = v;
      if (v > max) max = v;
      if (v > MIN_INDEXABLE) {
        const j = index[i] - posOffset;
        posCounts[j < posFloor ? posFloor : j] += 1;
      } else if (v < -MIN_INDEXABLE) {
        const j = index[i] - negOffset;
        negCounts[j < negFloor ? negFloor : j] += 1;
      } else zero++;
    }
    this.min = min;
    this.max = max;
    this.zero = zero;
    this.count += n - nonFinite;
    return nonFinite;
  }

  /** Adds another sketch's counts (exact, order-independent). */
  merge(other: DDSketch): void {
    if (other.alpha !== this.alpha || other.maxBuckets !== this.maxBuckets) {
      throw new Error('cannot merge DDSketches of different accuracy');
    }
    this.pos.merge(other.pos);
    this.neg.merge(other.neg);
    this.zero += other.zero;
    this.count += other.count;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
  }

  /** The q-quantile (0 ≤ q ≤ 1), lower-rank convention; NaN when empty. */
  quantile(q: number): number {
    if (this.count === 0) return NaN;
    if (q <= 0) return this.min;
    if (q >= 1) return this.max;
    this.pos.settle();
    this.neg.settle();
    const rank = q * (this.count - 1);
    let seen = 0;
    let value = NaN;
    const neg = this.neg;
    found: {
      for (let k = neg.counts.length - 1; k >= 0; k--) {
        seen += neg.counts[k];
        if (seen > rank) {
          value = -this.bucketValue(k + neg.offset);
          break found;
        }
      }
      seen += this.zero;
      if (seen > rank) {
        value = 0;
        break found;
      }
      const pos = this.pos;
      for (let k = 0; k < pos.counts.length; k++) {
        seen += pos.counts[k];
        if (seen > rank) {
          value = this.bucketValue(k + pos.offset);
          break found;
        }
      }
      value = this.max;
    }
    return Math.min(this.max, Math.max(this.min, value));
  }

  private bucketValue(index: number): number {
    return Math.pow(this.gamma, index);
  }

  toData(): DDSketchData {
    // canonical form: collapsed below the floor, no zero padding, so equal sketches serialise equally
    const side = (s: Store) => {
      s.settle();
      let lo = 0;
      let hi = s.counts.length;
      while (lo < hi && s.counts[lo] === 0) lo++;
      while (hi > lo && s.counts[hi - 1] === 0) hi--;
      return { offset: s.offset + lo, top: s.top, counts: Array.from(s.counts.subarray(lo, hi)) };
    };
    return {
      alpha: this.alpha,
      maxBuckets: this.maxBuckets,
      zero: this.zero,
      count: this.count,
      min: this.min,
      max: this.max,
      pos: side(this.pos),
      neg: side(this.neg),
    };
  }

  static fromData(d: DDSketchData): DDSketch {
    const s = new DDSketch(d.alpha, d.maxBuckets);
    const fill = (store: Store, side: DDSketchData['pos']) => {
      store.counts = Float64Array.from(side.counts);
      store.offset = side.offset;
      store.top = side.top === null ? -Infinity : side.top;
    };
    fill(s.pos, d.pos);
    fill(s.neg, d.neg);
    s.zero = d.zero;
    s.count = d.count;
    s.min = d.min === null ? Infinity : d.min;
    s.max = d.max === null ? -Infinity : d.max;
    return s;
  }
}
