import { describe, expect, it } from 'vitest';
import { acquireInProcess } from './process-lock.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('acquireInProcess', () => {
  it('lets readers share a file, keeps a writer alone, and serves waiters in arrival order', async () => {
    const order: string[] = [];
    const r1 = (await acquireInProcess('f', false, Infinity))!;
    const r2 = (await acquireInProcess('f', false, Infinity))!;
    const w = acquireInProcess('f', true, Infinity).then((rel) => (order.push('writer'), rel!));
    // a reader arriving after the writer waits behind it: readers cannot starve a writer
    const r3 = acquireInProcess('f', false, Infinity).then((rel) => (order.push('reader'), rel!));
    await tick();
    expect(order).toEqual([]);
    r1();
    await tick();
    expect(order).toEqual([]);
    r2();
    const releaseW = await w;
    await tick();
    expect(order).toEqual(['writer']);
    releaseW();
    releaseW(); // twice does nothing
    (await r3)();
    expect(order).toEqual(['writer', 'reader']);
    // another file is independent
    const other = (await acquireInProcess('g', true, Infinity))!;
    expect(await acquireInProcess('f', true, 0)).not.toBeNull();
    other();
  });

  it('gives up after waitMs with null and lets the queue behind it go on', async () => {
    const held = (await acquireInProcess('h', true, Infinity))!;
    expect(await acquireInProcess('h', true, 20)).toBeNull();
    const next = acquireInProcess('h', false, Infinity);
    held();
    const rel = await next;
    expect(rel).not.toBeNull();
    rel!();
  });
});
