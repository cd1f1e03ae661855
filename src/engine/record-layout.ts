/**
 * A packed per-path record: named fields of given widths laid end to end in one
 * `Float64Array` of `width` doubles per path. Models keep a path's state in one such record
 * rather than one array per field because V8 re-checks every typed array a loop touches on
 * every iteration (its map, length and data pointer): one array is one check.
 */
export type RecordLayout<F extends string> = {
  /** Offset of each field within a path's record. */
  readonly [K in F]: number;
} & {
  /** Doubles per path: the sum of the widths, rounded up to a power of two when asked. */
  readonly width: number;
  /** log2(width) when the width is a power of two (offsets by shifts), else -1. */
  readonly shift: number;
  /** The width of each field, as declared. */
  readonly widths: Readonly<Record<F, number>>;
};

/** Options of {@link recordLayout}. */
export interface RecordLayoutOptions {
  /**
   * Round the width up to a power of two, so that path i's record starts at `i << shift` (a shift
   * keeps the index an integer without the checked conversion a product of doubles needs).
   */
  powerOfTwo?: boolean;
}

/**
 * Lays out named fields in declaration order: `recordLayout({ lnPrice: 1, bins: 2 * K })` gives
 * `{ lnPrice: 0, bins: 1, width: 1 + 2K }`. Widths are whole numbers ≥ 0 (0 for a block that
 * may be empty, e.g. no lenders).
 */
export function recordLayout<F extends string>(fields: Record<F, number>, options: RecordLayoutOptions = {}): RecordLayout<F> {
  const out: Record<string, unknown> = {};
  let offset = 0;
  for (const [name, w] of Object.entries(fields) as [F, number][]) {
    if (!Number.isInteger(w) || w < 0) throw new Error(`record field ${name}: width must be a whole number ≥ 0, found ${w}`);
    if (name === 'width' || name === 'shift' || name === 'widths') throw new Error(`record field name ${name} is reserved`);
    out[name] = offset;
    offset += w;
  }
  let width = offset;
  if (options.powerOfTwo) width = width <= 1 ? 1 : 2 ** Math.ceil(Math.log2(width));
  out.width = width;
  out.shift = width > 0 && (width & (width - 1)) === 0 ? Math.log2(width) : -1;
  out.widths = { ...fields };
  // a copy as one literal: built key by key, an object of 20 or more fields is left in V8's
  // dictionary mode (hash lookups: the supply step ran 2× slower); the spread copy has fast properties
  return Object.freeze({ ...out }) as RecordLayout<F>;
}
