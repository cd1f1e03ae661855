/**
 * A mergeable quantile sketch with relative accuracy α, after DDSketch (Masson, Rim & Lee,
 * VLDB 2019), with a logarithm-free bucket index (the cubically interpolated mapping of
 * DataDog's sketches-java). A positive double v = 2^e·(1+s), s ∈ [0, 1), has the approximate
 * base-2 logarithm f(v) = e + P(s), P(s) = (6/35)s³ − (3/5)s² + (10/7)s: exact at powers of two,
 * continuous and increasing, read from the double's exponent and mantissa bits with a few
 * multiply-adds (`Math.log` is a call into C, and was 38% of recording). Its slope against ln v,
 * (1+s)·P′(s), is at least 10/7 (at s = 0 and s = 2/3; ln 2's 1/ln 2 = 1.443 is what an exact
 * log would give) and at most 52/35.
 *
 * v falls in bucket i = round(M·f(v)) (to the nearest integer, ties to even), i.e. f(v) within
 * ½/M of i/M, and the bucket is reported as f⁻¹(i/M). Within a bucket ln v then moves at most
 * (½/M)/(10/7) from the reported value's: with M = ⌈0.35/ln(1+α)⌉ that is ln(1+α), so every
 * value is within a factor (1 ± α) of its bucket's value. M is a whole number so that powers of
 * two, 1 among them, come back exactly (f = e, i = e·M): 0/1 flags such as a regime or a halt
 * read as 0 and 1. The buckets are at most 4% more numerous than the exact logarithm's (52/35
 * against 1/ln 2, and M's rounding up). Negative values use a mirrored store; |v| below
 * `MIN_INDEXABLE` counts as zero.
 *
 * Counts are integers (in Uint32Arrays: a run has at most 1e8 paths, below 2³²), so merging
 * is exact addition and the merged sketch is the same in any order. Each store keeps at most
 * `maxBuckets` buckets: when a value would widen it further, the buckets nearest zero collapse
 * into the lowest kept bucket. A value then ends in bucket max(i, top − maxBuckets + 1), which
 * depends only on the final top index, so collapsing too is independent of order.
 *
 * How many buckets: as many as keep magnitudes apart over a span of 7.4e8 whatever the
 * accuracy ({@link defaultMaxBuckets}: 2,156 at the default α = 0.005, 21,278 at α = 0.0005):
 * with a fixed 2,048 buckets, α = 0.0005 kept magnitudes apart over a factor of 7.7 only, and a
 * median return of −0.0008 read as −0.057. Quantiles are within α of the exact ones for every
 * value of a sign within 7.4e8× of that sign's largest magnitude; smaller magnitudes read as at
 * most that bound (an absolute error below 1.4e-9 of the largest).
 */
export const MIN_INDEXABLE = 1e-300;

/** Buckets per sign of the logarithmic sketch this one replaced, at α = 0.005: they set the span. */
const REFERENCE_BUCKETS = 2048;
const REFERENCE_ALPHA = 0.005;
/** ln of the span of magnitudes kept apart: 2,048 buckets of γ = 1.005² (a factor of 7.4e8). */
export const SKETCH_SPAN_LN = REFERENCE_BUCKETS * 2 * Math.log1p(REFERENCE_ALPHA);

/** The cubic's coefficients: P(s) = ((A·s + B)·s + C)·s, P(0) = 0, P(1) = 1. */
const A = 6 / 35;
const B = -3 / 5;
const C = 10 / 7;
/** Least and largest slope of f against ln v. */
const SLOPE_MIN = 10 / 7;
const SLOPE_MAX = 52 / 35;

/** Buckets per unit of f (≈ per octave) for accuracy α: whole, so powers of two are exact. */
export function bucketsPerOctave(alpha: number): number {
  return Math.ceil(0.5 / (SLOPE_MIN * Math.log1p(alpha)));
}

/** Buckets per sign for accuracy α: as many as cover the span {@link SKETCH_SPAN_LN} at the densest. */
export function defaultMaxBuckets(alpha: number): number {
  return Math.ceil(SKETCH_SPAN_LN * SLOPE_MAX * bucketsPerOctave(alpha)) + 1;
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

const TWO_M20 = 2 ** -20;
const TWO_M52 = 2 ** -52;

// the bit reading below takes the low word of a double first
if (new Uint32Array(new Float64Array([1]).buffer)[1] !== 0x3ff00000) throw new Error('DDSketch needs a little-endian machine');

/** Reads a double's bits (a one-element scratch, for single values). */
const oneValue = new Float64Array(1);
const oneWords = new Uint32Array(oneValue.buffer);

/**
 * The bucket index of |v| from the words of its double (lo, hi): M·f(|v|) rounded. The caller
 * has checked |v| ≥ MIN_INDEXABLE (a normal double: exponent field ≥ 1).
 */
function bucketOf(lo: number, hi: number, m: number): number {
  const s = (hi & 0xfffff) * TWO_M20 + lo * TWO_M52;
  const e = ((hi >>> 20) & 0x7ff) - 1023;
  return nearestInteger((e + ((A * s + B) * s + C) * s) * m);
}

/** f⁻¹(i/M): the value a bucket reports (exact at powers of two). */
function bucketValue(index: number, m: number): number {
  const f = index / m;
  const e = Math.floor(f);
  const target = f - e;
  // Newton on the increasing cubic (P′ ≥ 5/7 on [0, 1]); from s = target, 8 steps reach the
  // double's precision, and a target of 0 stays exactly 0
  let x = target;
  for (let k = 0; k < 8; k++) x -= (((A * x + B) * x + C) * x - target) / ((3 * A * x + 2 * B) * x + C);
  return 2 ** e * (1 + x);
}

/** Bucket indices of one block's values (DDSketch.addAll), grown to the largest block. */
let bucketScratch = new Float64Array(0);
/**
 * Least spare buckets on the side a store grows. A store is sized by its own signal's spread
 * (a price's few dozen buckets, a 0/1 flag's one) plus this, or a quarter of its width when
 * it grows again, so a drifting signal reallocates rarely and a narrow one stays small.
 */
const SLACK_BUCKETS = 8;

/**
 * Where a {@link Store}'s windows come from when not from the heap: the shared arena of a run on
 * several threads (shared-arena.ts). `alloc` returns a zeroed window of at least `length` buckets
 * (it may be longer; the store then covers more); `free` takes back a window the store left.
 */
export interface StoreAllocator {
  alloc(length: number): Uint32Array;
  free(counts: Uint32Array): void;
}

/** One side (positive or negative magnitudes) of a sketch: dense counts from `offset`. */
export class Store {
  counts: Uint32Array = new Uint32Array(0);
  /** Bucket index of counts[0] (a small integer: see cover). */
  offset = 0;
  /** Highest index ever added; -Infinity when empty. */
  top = -Infinity;
  /** Where new windows come from: null for the heap. */
  allocator: StoreAllocator | null = null;

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
   * buckets on the side it grew, a quarter of the window's size (at least SLACK_BUCKETS), so a
   * widening store reallocates O(log width) times, and a falling price not on every new bucket.
   */
  cover(low: number, high: number): void {
    const floor = Math.max(this.top, high) - this.maxBuckets + 1;
    if (low < floor) low = floor;
    const length = this.counts.length;
    if (length > 0 && low >= this.offset && high < this.offset + length) return;
    const slack = Math.max(SLACK_BUCKETS, length >> 2);
    const from = length === 0 ? Math.max(low - SLACK_BUCKETS, floor) : low < this.offset ? Math.max(low - slack, floor) : this.offset;
    const to = length === 0 ? high + SLACK_BUCKETS : high >= this.offset + length ? high + slack : this.offset + length - 1;
    const next = this.allocator ? this.allocator.alloc(to - from + 1) : new Uint32Array(to - from + 1);
    for (let k = 0; k < length; k++) {
      const c = this.counts[k];
      if (c !== 0) next[Math.max(k + this.offset, from) - from] += c;
    }
    if (this.allocator && length > 0) this.allocator.free(this.counts);
    this.counts = next;
    // a small integer, as the field started (0): V8 tracks each field's representation, and a
    // double stored where sketches were created with a small integer makes every one of them
    // migrate to a new hidden class on first use, which cost 150 µs a sketch (tens of thousands
    // in a run)
    this.offset = from | 0;
  }

  /** Adds `counts[k]` to bucket `offset + k` for each k: another store's window (exact, order-free). */
  mergeCounts(top: number, offset: number, counts: ArrayLike<number>, from = 0, length = counts.length): void {
    if (top === -Infinity) return;
    // collapsing depends on the overall top: take theirs into account first
    this.add(top, 0);
    let low = Infinity;
    let high = -Infinity;
    for (let k = 0; k < length; k++) {
      if (counts[from + k] === 0) continue;
      if (k < low) low = k;
      high = k;
    }
    if (high < low) return;
    this.cover(offset + low, offset + high);
    const floor = this.top - this.maxBuckets + 1;
    for (let k = low; k <= high; k++) {
      const c = counts[from + k];
      if (c === 0) continue;
      const i = offset + k;
      this.counts[(i < floor ? floor : i) - this.offset] += c;
    }
  }

  merge(other: Store): void {
    if (other.empty) return;
    this.mergeCounts(other.top, other.offset, other.counts);
  }

  /** The window trimmed of empty buckets at both ends, collapsed below the floor: [offset, counts]. */
  trimmed(): { offset: number; counts: Uint32Array } {
    this.settle();
    let lo = 0;
    let hi = this.counts.length;
    while (lo < hi && this.counts[lo] === 0) lo++;
    while (hi > lo && this.counts[hi - 1] === 0) hi--;
    return { offset: this.offset + lo, counts: this.counts.subarray(lo, hi) };
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
  /** Buckets per unit of the approximate base-2 logarithm (M). */
  readonly perOctave: number;
  /** Positive magnitudes. */
  readonly pos: Store;
  /** Negative magnitudes (mirrored). */
  readonly neg: Store;
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
    this.perOctave = bucketsPerOctave(alpha);
    this.pos = new Store(maxBuckets);
    this.neg = new Store(maxBuckets);
  }

  /** Adds one finite value. */
  add(v: number): void {
    this.addCount(v, 1);
  }

  /** Adds `count` copies of one finite value (a signal equal on every path of a block). */
  addCount(v: number, count: number): void {
    this.count += count;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
    oneValue[0] = v;
    if (v > MIN_INDEXABLE) this.pos.add(bucketOf(oneWords[0], oneWords[1], this.perOctave), count);
    else if (v < -MIN_INDEXABLE) this.neg.add(bucketOf(oneWords[0], oneWords[1], this.perOctave), count);
    else this.zero += count;
  }

  /**
   * Adds the finite values among values[0..n) and returns how many were not finite (left out).
   * The same as `add` for each value, in two loops with nothing else in them: bucket indices
   * with the block's lowest and highest index per sign (each store is then sized and its top
   * set once), and the counting. `words` is a Uint32Array over the same bytes as `values` (the
   * recorder keeps one per signal; made here when not given). Recording a block of paths is the
   * engine's most frequent operation (bench/README.md).
   */
  addAll(values: Float64Array, n: number, words = new Uint32Array(values.buffer, values.byteOffset, 2 * values.length)): number {
    if (bucketScratch.length < n) bucketScratch = new Float64Array(n);
    const index = bucketScratch;
    const m = this.perOctave;
    let posLow = Infinity;
    let posHigh = -Infinity;
    let negLow = Infinity;
    let negHigh = -Infinity;
    let nonFinite = 0;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v > MIN_INDEXABLE) {
        const k = bucketOf(words[2 * i], words[2 * i + 1], m);
        index[i] = k;
        if (k < posLow) posLow = k;
        if (k > posHigh) posHigh = k;
      } else if (v < -MIN_INDEXABLE) {
        const k = bucketOf(words[2 * i], words[2 * i + 1], m);
        index[i] = k;
        if (k < negLow) negLow = k;
        if (k > negHigh) negHigh = k;
      } else if (v - v !== 0) nonFinite++;
    }
    // NaN, or an infinity (f = 1024 passed the comparisons above): one value at a time (rare)
    if (nonFinite > 0 || posHigh >= 1024 * m || negHigh >= 1024 * m) return this.addAllSlow(values, n);
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
    this.count += n;
    return 0;
  }

  /** {@link addAll} of a block holding NaN or infinite values: one value at a time. */
  private addAllSlow(values: Float64Array, n: number): number {
    let nonFinite = 0;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v - v === 0) this.add(v);
      else nonFinite++;
    }
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
    const m = this.perOctave;
    found: {
      for (let k = neg.counts.length - 1; k >= 0; k--) {
        seen += neg.counts[k];
        if (seen > rank) {
          value = -bucketValue(k + neg.offset, m);
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
          value = bucketValue(k + pos.offset, m);
          break found;
        }
      }
      value = this.max;
    }
    return Math.min(this.max, Math.max(this.min, value));
  }

  /** Bytes of bucket counts held (both stores' windows). */
  storeBytes(): number {
    return this.pos.counts.byteLength + this.neg.counts.byteLength;
  }

  toData(): DDSketchData {
    // canonical form: collapsed below the floor, no zero padding, so equal sketches serialise equally
    const side = (s: Store) => {
      const { offset, counts } = s.trimmed();
      return { offset, top: s.top, counts: Array.from(counts) };
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
      store.counts = Uint32Array.from(side.counts);
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
