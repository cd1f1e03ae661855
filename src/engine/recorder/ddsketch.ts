/**
 * A mergeable quantile sketch with relative accuracy α, after DDSketch (Masson, Rim & Lee,
 * VLDB 2019). Buckets are centred in log space: v > 0 falls in bucket i = round(ln v / ln γ)
 * with γ = (1+α)², i.e. v ∈ [γ^(i−½), γ^(i+½)), and the bucket is reported as γⁱ, within a
 * factor (1 ± α) of every value in it. Centring (instead of DDSketch's ⌈·⌉ and 2γⁱ/(γ+1))
 * makes 1 = γ⁰ come back exactly, so 0/1 flags such as a regime or a halt read as 0 and 1.
 * Negative values use a mirrored store; |v| below `MIN_INDEXABLE` counts as zero.
 *
 * Counts are integers held in doubles, so merging is exact addition and the merged sketch
 * is the same in any order. Each store keeps at most `maxBuckets` buckets: when a value
 * would widen it further, the buckets nearest zero collapse into the lowest kept bucket.
 * A value then ends in bucket max(i, top − maxBuckets + 1), which depends only on the
 * final top index, so collapsing too is independent of order.
 */
export const MIN_INDEXABLE = 1e-300;
/** Spare buckets above the top when a store grows, so a drifting signal reallocates rarely. */
const SLACK_BUCKETS = 32;

/** One side (positive or negative magnitudes) of a sketch: dense counts from `offset`. */
class Store {
  counts: Float64Array = new Float64Array(0);
  /** Bucket index of counts[0]. */
  offset = 0;
  /** Highest index ever added; -Infinity when empty. */
  top = -Infinity;

  constructor(readonly maxBuckets: number) {}

  get empty(): boolean {
    return this.top === -Infinity;
  }

  add(index: number, count: number): void {
    if (index > this.top) this.top = index;
    const floor = this.top - this.maxBuckets + 1;
    const i = index < floor ? floor : index;
    // Buckets below a risen floor are collapsed lazily (settle), not on every new top: a store at
    // its full width would otherwise reallocate each time the top moved up one bucket.
    if (this.counts.length === 0 || i < this.offset || this.top >= this.offset + this.counts.length) {
      this.reshape(i, floor);
    }
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

  /**
   * Reallocates the dense window to cover [max(lowest, floor), top], collapsing below floor,
   * with SLACK_BUCKETS spare on the side it grew (a falling price adds lower buckets day after
   * day; without slack below, each one reallocated the store).
   */
  private reshape(i: number, floor: number): void {
    const lowest = this.counts.length === 0 ? i : Math.min(this.offset, i);
    const grewDown = this.counts.length > 0 && i < this.offset;
    const low = Math.max(grewDown ? lowest - SLACK_BUCKETS : lowest, floor);
    const size = this.top - low + 1 + SLACK_BUCKETS;
    const next = new Float64Array(size);
    for (let k = 0; k < this.counts.length; k++) {
      const c = this.counts[k];
      if (c !== 0) next[Math.max(k + this.offset, low) - low] += c;
    }
    this.counts = next;
    this.offset = low;
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
   * @param maxBuckets - buckets per sign before the ones nearest zero collapse
   */
  constructor(
    readonly alpha = 0.01,
    readonly maxBuckets = 2048,
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
    if (v > MIN_INDEXABLE) this.pos.add(Math.round(Math.log(v) * this.invLnGamma), 1);
    else if (v < -MIN_INDEXABLE) this.neg.add(Math.round(Math.log(-v) * this.invLnGamma), 1);
    else this.zero++;
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
