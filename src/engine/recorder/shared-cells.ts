import { DDSketch, defaultMaxBuckets, type Store } from './ddsketch.js';
import { QuantileCell } from './quantile-cell.js';
import { SharedArena, takeLock, releaseLock, windowSize, type SharedArenaBuffers } from './shared-arena.js';

/**
 * The quantile cells of a run on several threads, held once in shared memory that every thread
 * adds into, instead of one full set of sketches per thread merged at the end. A sketch's width
 * follows its signal's spread, not the paths it saw, so per-thread sketches cost each thread
 * (and the packed copy each sends) as much as the whole run's: with the flagship on 2 threads,
 * peak memory was 1.63–1.68× one thread's (bench/README.md).
 *
 * Each cell (signal, quantile step) is a row of {@link META_FIELDS} doubles — its form (empty,
 * one constant value, or a sketch), the constant or the sketch's count, zero count, min and max,
 * and per store its top, offset and window in the arena (shared-arena.ts) — with a lock word of
 * its own. A thread adds a block into a cell by taking its lock, loading the row into its one
 * scratch {@link QuantileCell} (whose sketch's stores view the cell's windows and allocate from
 * the arena), adding with the same code as a thread's own cells, and saving the row back. The
 * counts a cell ends with do not depend on the order blocks arrive in (quantile-cell.ts,
 * ddsketch.ts), so the record is the same on any number of threads. Threads wait for each other
 * only on the same cell at the same moment, for the microseconds of one block's add.
 *
 * At the end, {@link SharedCells.cell} gives the main thread each cell as an ordinary
 * QuantileCell whose stores view the arena (no copy).
 */
export const META_FIELDS = 14;

/** A cell's form, as QuantileCell has it. */
const EMPTY = 0;
const CONSTANT = 1;
const SKETCH = 2;

// a cell's row: form, constant value, count, zero count, min, max, then per store (positive,
// negative) its top, offset, window start in the arena (words; -1: none) and window length
const FORM = 0;
const VALUE = 1;
const COUNT = 2;
const ZERO = 3;
const MIN = 4;
const MAX = 5;
const POS = 6;
const NEG = 10;

/** The buffers of a run's shared cells, sent to each of its threads. */
export interface SharedCellsBuffers {
  /** Float64: a row of META_FIELDS per cell, signal-major. */
  meta: SharedArrayBuffer;
  /** Int32: a lock word per cell. */
  locks: SharedArrayBuffer;
  arena: SharedArenaBuffers;
  /** The shared signals (recorded signals whose cells are shared), in the order of their rows. */
  signals: string[];
  /** Quantile cells per signal (the plan's quantile steps). */
  cellsPerSignal: number;
  /** The sketches' relative accuracy (plan.sketchAlpha). */
  alpha: number;
}

/** A thread's handle on a run's shared cells. */
export class SharedCells {
  private readonly meta: Float64Array;
  private readonly locks: Int32Array;
  private readonly arena: SharedArena;
  /** The cell being worked on: loaded from its row, added into, saved back. */
  private readonly scratch: QuantileCell;
  private readonly sketch: DDSketch;
  private readonly empty = new Uint32Array(0);

  /**
   * @param buffers from {@link SharedCells.create}, the same for every thread of the run
   * @param stop Int32Array whose [0] is set when the run stops: a thread waiting for a lock then
   *   gives up the add (the run's record is discarded), so that a worker terminated while holding
   *   one does not leave the others waiting
   */
  constructor(
    readonly buffers: SharedCellsBuffers,
    private readonly stop: Int32Array | null = null,
  ) {
    this.meta = new Float64Array(buffers.meta);
    this.locks = new Int32Array(buffers.locks);
    this.arena = new SharedArena(buffers.arena, stop);
    this.sketch = new DDSketch(buffers.alpha);
    this.sketch.pos.allocator = this.arena;
    this.sketch.neg.allocator = this.arena;
    this.scratch = new QuantileCell(buffers.alpha);
    this.scratch.newSketch = () => this.resetSketch();
  }

  /**
   * Buffers for the shared signals `signals`, of `cellsPerSignal` quantile cells each, at accuracy `alpha`.
   * The arena may grow to what every cell at its widest would take twice over (windows are
   * rounded up to a power of two, and freed ones wait on free lists), capped by the arena's limit.
   */
  static create(signals: string[], cellsPerSignal: number, alpha: number): SharedCellsBuffers {
    const cells = signals.length * cellsPerSignal;
    // zeros: every row starts empty (FORM 0), and nothing else of an empty row is read
    const meta = new SharedArrayBuffer(8 * META_FIELDS * Math.max(1, cells));
    const widest = 2 * windowSize(defaultMaxBuckets(alpha));
    return { meta, locks: new SharedArrayBuffer(4 * Math.max(1, cells)), arena: SharedArena.create(2 * 4 * widest * cells), signals, cellsPerSignal, alpha };
  }

  /** Adds `count` copies of the finite value v to cell k of shared signal `signal`. */
  addConstant(signal: number, k: number, v: number, count: number): void {
    const c = signal * this.buffers.cellsPerSignal + k;
    if (!this.lock(c)) return;
    try {
      this.load(c);
      this.scratch.addConstant(v, count);
      this.save(c);
    } finally {
      releaseLock(this.locks, c);
    }
  }

  /** Adds the finite values among values[0..n) (`words`: a Uint32Array over the same bytes) to cell k. */
  addBlock(signal: number, k: number, values: Float64Array, n: number, words: Uint32Array): void {
    const c = signal * this.buffers.cellsPerSignal + k;
    if (!this.lock(c)) return;
    try {
      this.load(c);
      this.scratch.addBlock(values, n, words);
      this.save(c);
    } finally {
      releaseLock(this.locks, c);
    }
  }

  /**
   * Cell k of shared signal `signal` as a QuantileCell of its own, whose stores view the arena's
   * windows (the arena stays alive with them) and grow on the heap if anything adds to them
   * later. For the thread that keeps the record, once every thread has finished.
   */
  cell(signal: number, k: number): QuantileCell {
    const out = new QuantileCell(this.buffers.alpha);
    this.loadInto(signal * this.buffers.cellsPerSignal + k, out, new DDSketch(this.buffers.alpha));
    return out;
  }

  /** Words of the arena handed out (windows in use and free). */
  arenaBytes(): number {
    return 4 * this.arena.usedWords();
  }

  private lock(c: number): boolean {
    return takeLock(this.locks, c, this.stop);
  }

  /** The scratch cell as row c has it. */
  private load(c: number): void {
    this.loadInto(c, this.scratch, this.sketch);
  }

  /** `cell` as row c has it, with `sketch` (its stores viewing the row's windows) when the row holds one. */
  private loadInto(c: number, cell: QuantileCell, sketch: DDSketch): void {
    const m = this.meta;
    const o = c * META_FIELDS;
    const form = m[o + FORM];
    if (form === SKETCH) {
      sketch.count = m[o + COUNT];
      sketch.zero = m[o + ZERO];
      sketch.min = m[o + MIN];
      sketch.max = m[o + MAX];
      this.loadStore(sketch.pos, o + POS);
      this.loadStore(sketch.neg, o + NEG);
      cell.sketch = sketch;
      cell.constantCount = 0;
    } else {
      cell.sketch = null;
      cell.value = m[o + VALUE];
      cell.constantCount = form === CONSTANT ? m[o + COUNT] : 0;
    }
  }

  /** Row c as the scratch cell has it now. */
  private save(c: number): void {
    const m = this.meta;
    const o = c * META_FIELDS;
    const cell = this.scratch;
    const s = cell.sketch;
    if (s) {
      m[o + FORM] = SKETCH;
      m[o + COUNT] = s.count;
      m[o + ZERO] = s.zero;
      m[o + MIN] = s.min;
      m[o + MAX] = s.max;
      this.saveStore(s.pos, o + POS);
      this.saveStore(s.neg, o + NEG);
    } else {
      m[o + FORM] = cell.constantCount > 0 ? CONSTANT : EMPTY;
      m[o + VALUE] = cell.value;
      m[o + COUNT] = cell.constantCount;
    }
  }

  /**
   * A store as its row has it. Its window is a new view on each load (two small objects per add
   * of a sketch cell, young garbage): a view kept per cell would cost each thread objects for
   * every cell, which is what sharing the cells saves.
   */
  private loadStore(store: Store, o: number): void {
    const m = this.meta;
    store.top = m[o];
    store.offset = m[o + 1] | 0;
    const at = m[o + 2];
    store.counts = at >= 0 ? this.arena.words.subarray(at, at + m[o + 3]) : this.empty;
  }

  private saveStore(store: Store, o: number): void {
    const m = this.meta;
    m[o] = store.top;
    m[o + 1] = store.offset;
    const counts = store.counts;
    if (counts.length > 0 && counts.buffer !== this.buffers.arena.words) throw new Error('a shared sketch store left the arena');
    m[o + 2] = counts.length > 0 ? counts.byteOffset >>> 2 : -1;
    m[o + 3] = counts.length;
  }

  /** The scratch sketch emptied, for a cell that turns from a constant into a sketch. */
  private resetSketch(): DDSketch {
    const s = this.sketch;
    s.count = 0;
    s.zero = 0;
    s.min = Infinity;
    s.max = -Infinity;
    for (const store of [s.pos, s.neg]) {
      store.counts = this.empty;
      store.offset = 0;
      store.top = -Infinity;
    }
    return s;
  }
}

