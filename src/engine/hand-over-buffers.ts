import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { PackedRecord } from './recorder/pack.js';

/** Least bytes of a buffer made for a hand-over. */
const MIN_BUFFER_BYTES = 1 << 16;

/**
 * The size of a new buffer for `bytes`: rounded up to an eighth of its power of two (at most
 * 12.5% spare), so that the next step's pack, a little larger or smaller, fits a returned one.
 */
export function bufferBytes(bytes: number): number {
  if (bytes <= MIN_BUFFER_BYTES) return MIN_BUFFER_BYTES;
  const eighth = 2 ** (Math.ceil(Math.log2(bytes)) - 3);
  return Math.ceil(bytes / eighth) * eighth;
}

/**
 * The buffers a worker hands its record over in (hand-over.ts), given back by the thread that
 * merged them and used again. A buffer transferred to the merging thread is garbage there once
 * merged, and V8 collects an isolate's garbage only after it has reached tens of MB of such
 * external memory: new buffers for every step (~20 MB a block in the flagship) had the merging
 * thread end a run with 20–35 MB more of them (bench/README.md, "Peak memory on two threads,
 * again").
 * Returned buffers arrive on `returns`, read synchronously (the worker never yields in a run).
 */
export class HandOverBuffers {
  private free: ArrayBuffer[] = [];

  constructor(private readonly returns: MessagePort | null) {}

  /** Arrays of a packed record over one buffer (returned, else new) of at least the bytes they need; `alloc` of pack.ts. */
  readonly alloc = (numbers: number, counts: number): PackedRecord => {
    const bytes = 8 * numbers + 4 * counts;
    if (this.returns) for (let m = receiveMessageOnPort(this.returns); m; m = receiveMessageOnPort(this.returns)) this.free.push(m.message as ArrayBuffer);
    // the smallest that fits, so that a small step does not take the buffer a quantile step needs
    let k = -1;
    for (let j = 0; j < this.free.length; j++) if (this.free[j].byteLength >= bytes && (k < 0 || this.free[j].byteLength < this.free[k].byteLength)) k = j;
    const buffer = k >= 0 ? this.free.splice(k, 1)[0] : new ArrayBuffer(bufferBytes(bytes));
    return { numbers: new Float64Array(buffer, 0, numbers), counts: new Uint32Array(buffer, 8 * numbers, counts) };
  };
}
