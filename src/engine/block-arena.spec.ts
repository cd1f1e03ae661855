import { describe, expect, it } from 'vitest';
import { BlockArena, wasmMemoryOf } from './block-arena.js';

describe('BlockArena', () => {
  it('hands out zeroed arrays that do not overlap, at different offsets within a 4 kB page', () => {
    const arena = new BlockArena();
    const arrays = [arena.float64(1024), arena.uint32(4096), arena.float64(16 * 1024), arena.int32(1024), ...Array.from({ length: 40 }, () => arena.float64(1024))];
    for (const a of arrays) expect(a.every((v) => v === 0)).toBe(true);
    // fill each with its own mark: none overwrites another
    arrays.forEach((a, k) => a.fill(k + 1));
    arrays.forEach((a, k) => expect(a.every((v) => v === k + 1)).toBe(true));
    // the first 40 arrays start on 40 different cache lines of the page (no two 4 kB apart)
    const lines = new Set(arrays.slice(0, 40).map((a) => (a.byteOffset % 4096) / 64));
    expect(lines.size).toBe(40);
  });

  it('starts a new buffer when one is full, and serves arrays larger than a buffer', () => {
    const arena = new BlockArena();
    const big = arena.float64(2 << 20); // 16 MB, twice a buffer
    const after = arena.float64(16 * 1024); // 128 kB: more than the rest of big's buffer (whole 64 kB pages)
    expect(big.length).toBe(2 << 20);
    expect(after.buffer).not.toBe(big.buffer);
    for (let k = 0; k < 200; k++) arena.float64(8192); // 64 kB each: several buffers
    expect(arena.float64(3).length).toBe(3);
  });

  it("cuts its arrays from WebAssembly memories (a kernel in WebAssembly works on them in place)", () => {
    const arena = new BlockArena();
    const a = arena.float64(1024);
    const b = arena.int32(100);
    const memory = wasmMemoryOf(a.buffer);
    expect(memory).toBeInstanceOf(WebAssembly.Memory);
    expect(memory!.buffer).toBe(a.buffer);
    expect(b.buffer).toBe(a.buffer);
    expect(wasmMemoryOf(new ArrayBuffer(8))).toBeNull();
    // the memory's bytes are the arrays' bytes
    a[3] = 1.5;
    expect(new Float64Array(memory!.buffer, a.byteOffset, 4)[3]).toBe(1.5);
  });
});
