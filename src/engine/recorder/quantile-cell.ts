import { DDSketch } from './ddsketch.js';

/**
 * The distribution of one signal at one recorded step, across paths: one value and its count
 * while every path seen so far had that value (a parameter, a flag that has not moved, a model
 * at rest: 45 of the flagship's 173 signals on every step), a {@link DDSketch} from the first
 * differing value on. Which form a cell ends in depends only on the values it saw, not on the
 * order blocks or merges came in, so it is the same on any number of threads; and a constant
 * reads back exactly, where a sketch reads it within α.
 */
export class QuantileCell {
  /** The one value seen (−0 stored as 0), while `sketch` is null and count > 0. */
  value = 0;
  /** How many times `value` was seen, while `sketch` is null. */
  constantCount = 0;
  sketch: DDSketch | null = null;
  /** Makes the empty sketch a cell turns into (shared-cells.ts: one over the shared arena); null: a new DDSketch. */
  newSketch: (() => DDSketch) | null = null;

  constructor(readonly alpha: number) {}

  /** Finite values held. */
  get count(): number {
    return this.sketch ? this.sketch.count : this.constantCount;
  }

  /** Adds `count` copies of the finite value v. */
  addConstant(v: number, count: number): void {
    if (count === 0) return;
    const value = v === 0 ? 0 : v;
    if (this.sketch) this.sketch.addCount(value, count);
    else if (this.constantCount === 0) {
      this.value = value;
      this.constantCount = count;
    } else if (this.value === value) this.constantCount += count;
    else this.toSketch().addCount(value, count);
  }

  /** Adds the finite values among values[0..n) (`words`: a Uint32Array over the same bytes). */
  addBlock(values: Float64Array, n: number, words: Uint32Array): void {
    this.toSketch().addAll(values, n, words);
  }

  /** Adds another cell's values (exact, order-independent). */
  merge(other: QuantileCell): void {
    if (other.sketch) this.toSketch().merge(other.sketch);
    else this.addConstant(other.value, other.constantCount);
  }

  /** The sketch, made from the constant so far when there is none yet. */
  toSketch(): DDSketch {
    if (this.sketch) return this.sketch;
    const s = this.newSketch ? this.newSketch() : new DDSketch(this.alpha);
    if (this.constantCount > 0) s.addCount(this.value, this.constantCount);
    this.sketch = s;
    this.constantCount = 0;
    return s;
  }

  /** The q-quantile (lower-rank convention); exact for a constant; NaN when empty. */
  quantile(q: number): number {
    if (this.sketch) return this.sketch.quantile(q);
    return this.constantCount > 0 ? this.value : NaN;
  }

  /** Bytes of bucket counts held (0 for a constant). */
  storeBytes(): number {
    return this.sketch ? this.sketch.storeBytes() : 0;
  }
}
