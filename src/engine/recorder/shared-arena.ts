import type { StoreAllocator } from './ddsketch.js';

/**
 * Bucket windows for sketches that several threads of one run add into (shared-cells.ts): one
 * growable SharedArrayBuffer of 32-bit counts, handed out in windows of at least
 * {@link MIN_WINDOW} buckets, four sizes to an octave (sizeOf). A window a store outgrows goes
 * on its size's free list, and the next window of that size is taken from there (zeroed)
 * before the arena grows: stores widen in steps while a run goes on, so freed windows are soon
 * taken by other cells.
 *
 * Every thread of the run attaches to the same buffers ({@link SharedArenaBuffers}); handing
 * out and taking back windows holds a lock in shared memory (rare: a store reallocates
 * O(log width) times in a run). Untouched pages of the buffer are not resident, so its
 * reserved length costs address space, not memory.
 */
export const MIN_WINDOW = 16;

/** The buffers of an arena, sent to every thread of the run (shared, not copied). */
export interface SharedArenaBuffers {
  /** The counts: a growable SharedArrayBuffer. */
  words: SharedArrayBuffer;
  /** Int32: [0] the lock, [1] the next unused word, then the head of each size's free list (-1: none). */
  control: SharedArrayBuffer;
}

/** A growable SharedArrayBuffer (ES2024; Node 20 has it, this TypeScript's library does not yet). */
interface GrowableBuffer extends SharedArrayBuffer {
  readonly maxByteLength: number;
  grow(byteLength: number): void;
}
const Growable = SharedArrayBuffer as unknown as new (byteLength: number, options: { maxByteLength: number }) => GrowableBuffer;

/** Size classes (see sizeOf): up to 2^31 words, more than the buffer can hold. */
const SIZES = 112;
const LOCK = 0;
const NEXT = 1;
const HEADS = 2;
/** Bytes the buffer starts with, and the least it grows by. */
const START_BYTES = 1 << 20;
/** The most a growable SharedArrayBuffer can reserve in Node 20 (V8 refuses 8 GiB). */
export const MAX_ARENA_BYTES = 4 * 2 ** 30;

/** A thread's handle on a shared arena. */
export class SharedArena implements StoreAllocator {
  /** Every word of the arena (a length-tracking view: it follows the buffer as it grows). */
  readonly words: Uint32Array;
  private readonly control: Int32Array;

  constructor(
    readonly buffers: SharedArenaBuffers,
    /** Set to non-zero when the run stops: a thread waiting for the lock then gives up (see lock). */
    private readonly stop: Int32Array | null = null,
  ) {
    this.words = new Uint32Array(buffers.words);
    this.control = new Int32Array(buffers.control);
  }

  /** New, empty arena buffers that may grow to `maxBytes` (at most {@link MAX_ARENA_BYTES}). */
  static create(maxBytes = MAX_ARENA_BYTES): SharedArenaBuffers {
    const max = Math.min(MAX_ARENA_BYTES, Math.max(START_BYTES, maxBytes));
    const words = new Growable(START_BYTES, { maxByteLength: max });
    const control = new SharedArrayBuffer(4 * (HEADS + SIZES));
    new Int32Array(control).fill(-1, HEADS);
    return { words, control };
  }

  /** A zeroed window of the smallest size (sizeOf) that holds `length` buckets. */
  alloc(length: number): Uint32Array {
    const k = sizeClass(length);
    const size = sizeOf(k);
    const head = HEADS + k;
    const c = this.control;
    if (!takeLock(c, LOCK, this.stop)) throw new RunStoppedError();
    let at: number;
    try {
      at = c[head];
      if (at >= 0) {
        c[head] = this.words[at]; // a free window's first word links to the next (as int32, -1: none)
        this.words.fill(0, at, at + size);
      } else {
        at = c[NEXT];
        this.ensure(at + size);
        c[NEXT] = at + size;
      }
    } finally {
      releaseLock(c, LOCK);
    }
    return this.words.subarray(at, at + size);
  }

  /** Takes back a window from {@link alloc} (its store no longer uses it). */
  free(counts: Uint32Array): void {
    const at = counts.byteOffset >>> 2;
    const head = HEADS + sizeClass(counts.length);
    const c = this.control;
    if (!takeLock(c, LOCK, this.stop)) throw new RunStoppedError();
    this.words[at] = c[head];
    c[head] = at;
    releaseLock(c, LOCK);
  }

  /** Words handed out so far (windows in use and on the free lists). */
  usedWords(): number {
    return Atomics.load(this.control, NEXT);
  }

  /** Grows the buffer to hold `words` words (doubling, so it grows O(log size) times). */
  private ensure(words: number): void {
    const buffer = this.buffers.words as GrowableBuffer;
    const bytes = 4 * words;
    if (bytes <= buffer.byteLength) return;
    if (bytes > buffer.maxByteLength) {
      throw new Error(`the run's quantile sketches need more than ${(buffer.maxByteLength / 2 ** 20).toFixed(0)} MB of shared memory: record fewer signals or quantile days (plan.quantileDays)`);
    }
    buffer.grow(Math.min(buffer.maxByteLength, Math.max(bytes, 2 * buffer.byteLength)));
  }
}

/** The run stopped (RunOptions.signal, or another thread failed) while this thread waited for a lock. */
export class RunStoppedError extends Error {
  override name = 'RunStoppedError';
  constructor() {
    super('the run stopped while a thread waited for the shared record');
  }
}

/**
 * The window sizes: four to an octave, 16, 20, 24, 28, 32, 40, 48, …, so a window is at most
 * 25% (about 10% on average) longer than asked for. A store asks for a quarter more than it
 * holds (ddsketch.ts), as on the heap.
 */
function sizeOf(k: number): number {
  return (4 + (k & 3)) * 2 ** ((k >> 2) + 2);
}

/** The size class of the smallest window that holds `length` buckets. */
function sizeClass(length: number): number {
  let k = 0;
  while (sizeOf(k) < length) k++;
  return k;
}

/** The size of the window that holds `length` buckets. */
export function windowSize(length: number): number {
  return sizeOf(sizeClass(length));
}

/**
 * Takes the lock word at `index` (0 free, 1 held, 2 held with threads waiting): a futex-style
 * mutex (Drepper, "Futexes are tricky", mutex 3). A thread spins briefly, then sleeps in
 * `Atomics.wait` until the holder's {@link releaseLock} wakes it: on a busy machine with more
 * runnable threads than cores, a holder may be descheduled mid-add, and a thread that only spun
 * would burn its whole time slice. Returns false, without the lock, when `stop` is set while
 * waiting: a thread that failed or was terminated holding a lock must not leave the others
 * waiting for ever.
 */
export function takeLock(locks: Int32Array, index: number, stop: Int32Array | null): boolean {
  let c = Atomics.compareExchange(locks, index, 0, 1);
  if (c === 0) return true;
  for (let spins = 0; spins < SPINS; spins++) {
    if (Atomics.load(locks, index) === 0 && (c = Atomics.compareExchange(locks, index, 0, 1)) === 0) return true;
  }
  if (c !== 2) c = Atomics.exchange(locks, index, 2);
  while (c !== 0) {
    if (stop !== null && Atomics.load(stop, 0) !== 0) return false;
    Atomics.wait(locks, index, 2, WAIT_MS);
    c = Atomics.exchange(locks, index, 2);
  }
  return true;
}

/** Releases a lock taken by {@link takeLock}, waking one waiting thread if any. */
export function releaseLock(locks: Int32Array, index: number): void {
  if (Atomics.sub(locks, index, 1) !== 1) {
    Atomics.store(locks, index, 0);
    Atomics.notify(locks, index, 1);
  }
}

/** Spins before sleeping: about as long as a short add takes. */
const SPINS = 200;
/** A sleeping thread looks at the stop flag this often (ms). */
const WAIT_MS = 20;
