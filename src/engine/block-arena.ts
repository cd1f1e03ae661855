/**
 * The typed arrays of one block workspace (signals, state, parameter lanes, generator states),
 * cut from a few large buffers at staggered addresses.
 *
 * Why: a step loop streams through several arrays at once (a model's state record, a signal or
 * two, the paths' generator states). Allocated one by one, arrays of a block's size (8–128 kB)
 * tend to start at the same offset within a 4 kB page, so that the i-th element of one and of
 * another are a multiple of 4,096 bytes apart; the CPU then mistakes a load from one for a
 * dependency on a store to the other ("4K aliasing") and stalls. The market kernel ran at 25 or
 * at 41 M path-steps/s from one process to the next depending on where the allocator had put its
 * arrays (bench/README.md); cut from here, every run is fast. Each array starts at a page
 * boundary of the buffer plus 64·((17·k) mod 64) bytes for the k-th array: successive arrays
 * fall on different cache lines of the page.
 *
 * The buffers are WebAssembly memories where WebAssembly is available, so that a kernel written
 * in WebAssembly (the market's main loops) works on the block's arrays in place: given arrays of
 * one buffer, {@link wasmMemoryOf} gives the memory to instantiate it with and `byteOffset` the
 * addresses. To JavaScript they are ordinary ArrayBuffers (fixed size: they never grow).
 */
const PAGE_BYTES = 4096;
const LINE_BYTES = 64;
const CHUNK_BYTES = 8 << 20;
const WASM_PAGE_BYTES = 65536;

/** The WebAssembly memory of each buffer an arena cut from one. */
const memories = new WeakMap<ArrayBufferLike, WebAssembly.Memory>();

/** The WebAssembly memory whose buffer `buffer` is (an arena's), or null. */
export function wasmMemoryOf(buffer: ArrayBufferLike): WebAssembly.Memory | null {
  return memories.get(buffer) ?? null;
}

/** A zeroed buffer of at least `bytes` bytes: a WebAssembly memory's where possible. */
function newBuffer(bytes: number): ArrayBuffer {
  if (typeof WebAssembly !== 'object') return new ArrayBuffer(bytes);
  const pages = Math.ceil(bytes / WASM_PAGE_BYTES);
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  } catch {
    // no room for another memory (each reserves address space): a plain buffer, and JS loops
    return new ArrayBuffer(bytes);
  }
  memories.set(memory.buffer, memory);
  return memory.buffer;
}

export class BlockArena {
  private buffer = new ArrayBuffer(0);
  private used = 0;
  private count = 0;

  /** A zeroed Float64Array of n elements. */
  float64(n: number): Float64Array {
    const start = this.reserve(n * 8);
    return new Float64Array(this.buffer, start, n);
  }

  /** A zeroed Int32Array of n elements. */
  int32(n: number): Int32Array {
    const start = this.reserve(n * 4);
    return new Int32Array(this.buffer, start, n);
  }

  /** A zeroed Uint32Array of n elements. */
  uint32(n: number): Uint32Array {
    const start = this.reserve(n * 4);
    return new Uint32Array(this.buffer, start, n);
  }

  /** The byte offset of the next array of `bytes` bytes, in a new buffer when this one is full. */
  private reserve(bytes: number): number {
    const stagger = ((this.count++ * 17) % (PAGE_BYTES / LINE_BYTES)) * LINE_BYTES;
    let start = Math.ceil(this.used / PAGE_BYTES) * PAGE_BYTES + stagger;
    if (start + bytes > this.buffer.byteLength) {
      this.buffer = newBuffer(Math.max(CHUNK_BYTES, bytes + PAGE_BYTES));
      start = stagger;
    }
    this.used = start + bytes;
    return start;
  }
}
