/**
 * The shared arena: windows of four sizes an octave, zeroed, reused from free lists before the
 * buffer grows, views that stay valid as it grows, a clear error when it is full; and the lock
 * that gives up when the run stops.
 */
import { describe, expect, it } from 'vitest';
import { SharedArena, takeLock, releaseLock, windowSize } from './shared-arena.js';

describe('SharedArena', () => {
  it('hands out windows at most 25% longer than asked for, four sizes an octave', () => {
    expect([1, 16, 17, 20, 21, 33, 40, 41, 100, 2156].map(windowSize)).toEqual([16, 16, 20, 20, 24, 40, 40, 48, 112, 2560]);
    for (let n = 16; n < 5000; n += 7) {
      expect(windowSize(n)).toBeGreaterThanOrEqual(n);
      expect(windowSize(n)).toBeLessThanOrEqual(1.25 * n);
    }
  });

  it('reuses a freed window of the same size, zeroed, before taking new words', () => {
    const arena = new SharedArena(SharedArena.create());
    const a = arena.alloc(30);
    const b = arena.alloc(30);
    a.fill(7);
    const used = arena.usedWords();
    arena.free(a);
    const c = arena.alloc(29);
    expect(c.byteOffset).toBe(a.byteOffset);
    expect(Array.from(c)).toEqual(new Array(32).fill(0));
    expect(arena.usedWords()).toBe(used);
    expect(b.length).toBe(32);
    // another size does not take it
    arena.free(c);
    expect(arena.alloc(100).byteOffset).toBeGreaterThan(b.byteOffset);
  });

  it('grows its buffer as windows are taken, earlier windows keeping their counts, and says when it is full', () => {
    const arena = new SharedArena(SharedArena.create(8 * 2 ** 20));
    const first = arena.alloc(1000);
    first[999] = 42;
    const windows = [];
    for (let k = 0; k < 1500; k++) windows.push(arena.alloc(1000)); // 1,536,000 words: 6 MB
    expect(arena.buffers.words.byteLength).toBeGreaterThan(2 ** 20);
    expect(first[999]).toBe(42);
    windows[1400][5] = 3;
    expect(arena.words[(windows[1400].byteOffset >>> 2) + 5]).toBe(3);
    expect(() => {
      for (let k = 0; k < 1000; k++) arena.alloc(1000);
    }).toThrow(/quantile sketches need more than 8 MB of shared memory/);
  });
});

describe('takeLock', () => {
  it('takes a free lock, and gives up on a held one once the run stops', () => {
    const locks = new Int32Array(new SharedArrayBuffer(8));
    const stop = new Int32Array(new SharedArrayBuffer(4));
    expect(takeLock(locks, 1, stop)).toBe(true);
    stop[0] = 1;
    expect(takeLock(locks, 1, stop)).toBe(false);
    releaseLock(locks, 1);
    expect(locks[1]).toBe(0);
    expect(takeLock(locks, 1, stop)).toBe(true);
  });
});
