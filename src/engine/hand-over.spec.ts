import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { fixturePlan, registry, registryUrl } from '../../test/fixtures-registry.js';
import { HandOverBuffers } from './hand-over-buffers.js';
import { HandOverInbox, runBlocksHandingOver } from './hand-over.js';
import { preparePlan } from './prepare.js';
import { recordFingerprint } from './recorder/fingerprint.test-helper.js';
import type { PackedRecord } from './recorder/pack.js';
import { RunRecord } from './recorder/run-record.js';
import type { TerminalBlock } from './recorder/terminal-values.js';
import { runAllBlocks, runPreparedBlocks } from './run-blocks.js';
import { runPlan } from './run.js';

// 24 blocks of 128 paths, quantiles on some steps only, events, samples, final values, a shock
const plan = fixturePlan({
  scenarioName: 'hand-over-test',
  seed: 23,
  paths: 3072,
  steps: 30,
  blockSize: 128,
  quantileDays: { dailyDays: 5, everyDays: 7, days: [12] },
  events: [{ name: 'dd20', signal: 'btc.drawdown', op: '>=', value: 0.2, description: '' }],
  record: ['btc.price', 'btc.drawdown', 'seller.soldUsd', 'market.forcedSellingUsd'],
  samplePaths: 4,
  schedule: [{ step: 4, date: '2026-02-09', set: [], shocks: [{ signal: 'btc.price', multiply: 0.7 }] }],
});

type Message = { kind: 'step'; packed: PackedRecord } | { kind: 'block'; packed: PackedRecord; terminal: TerminalBlock[] };

/** What a worker running `blocks` hands over, in order (copied, as a transfer would). */
function handOvers(blocks: number[]): { messages: Message[]; record: RunRecord } {
  const queue = [...blocks];
  const messages: Message[] = [];
  const record = runBlocksHandingOver(preparePlan(plan, registry), () => queue.shift() ?? -1, {
    step: (packed) => messages.push({ kind: 'step', packed: structuredClone(packed) }),
    block: (_, packed, terminal) => messages.push({ kind: 'block', packed: structuredClone(packed), terminal: structuredClone(terminal) }),
  });
  return { messages, record };
}

const deliver = (inbox: HandOverInbox, m: Message) => (m.kind === 'step' ? inbox.step(m.packed) : inbox.block(m.packed, m.terminal));

describe('a worker handing its record over as it goes', () => {
  const whole = runAllBlocks(plan, registry);

  it('merges, with many blocks per worker and interleaved with another thread, into the one-thread record bit for bit', () => {
    // this thread runs blocks 0, 3, 6, …; two workers the others, their hand-overs interleaved
    const mine = Array.from({ length: 8 }, (_, k) => 3 * k);
    const record = runPreparedBlocks(preparePlan(plan, registry), () => mine.shift() ?? -1);
    const a = handOvers(Array.from({ length: 8 }, (_, k) => 3 * k + 1));
    const b = handOvers(Array.from({ length: 8 }, (_, k) => 3 * k + 2).reverse());
    const ia = new HandOverInbox(record, false);
    const ib = new HandOverInbox(record, false);
    for (let k = 0; k < Math.max(a.messages.length, b.messages.length); k++) {
      if (k < b.messages.length) deliver(ib, b.messages[k]);
      if (k < a.messages.length) deliver(ia, a.messages[k]);
    }
    expect(recordFingerprint(record)).toEqual(recordFingerprint(whole));
    // the workers kept one sum and one cell per signal, empty at the end, and no final values
    const price = a.record.signals.get('btc.price')!;
    expect(new Set(price.cells).size).toBe(1);
    expect(new Set(price.sums).size).toBe(1);
    expect(price.cells[0].count).toBe(0);
    expect(price.sums[0].partials).toEqual([]);
    expect(a.record.terminal!.parts()).toEqual([]);
    expect(a.record.paths).toBe(0);
  });

  it('holds a block’s steps until the block is done, when asked (a live partial reads whole blocks)', () => {
    const record = new RunRecord(plan);
    const inbox = new HandOverInbox(record, true);
    const { messages } = handOvers([5, 9, 2]);
    let blocks = 0;
    for (const m of messages) {
      deliver(inbox, m);
      if (m.kind === 'block') blocks++;
      // every quantile cell and every mean holds the blocks done, no part of the next
      const price = record.signals.get('btc.price')!;
      expect(price.cells.every((c) => c.count === 128 * blocks)).toBe(true);
      expect(price.finite.every((n) => n === 128 * blocks)).toBe(true);
    }
    const three = runPreparedBlocks(preparePlan(plan, registry), (() => { const q = [2, 5, 9]; return () => q.shift() ?? -1; })());
    expect(recordFingerprint(record)).toEqual(recordFingerprint(three));
  });

  it('on two worker threads, many blocks each, gives the one-thread record', async () => {
    // in workers only: this thread would run most of so small a run before a worker started
    const two = await runPlan(plan, { registryUrl, threads: 2, inWorkers: true });
    expect(two.threads).toBe(2);
    expect(recordFingerprint(two.record)).toEqual(recordFingerprint(whole));
  });
});

describe('HandOverBuffers', () => {
  it('makes views of the sizes asked over one buffer, and uses a buffer given back again', () => {
    const { port1, port2 } = new MessageChannel();
    const buffers = new HandOverBuffers(port2);
    const a = buffers.alloc(10, 7);
    expect([a.numbers.length, a.counts.length]).toEqual([10, 7]);
    expect(a.counts.buffer).toBe(a.numbers.buffer);
    expect(a.counts.byteOffset).toBe(80);
    const b = buffers.alloc(3, 0); // a's buffer is out: a new one
    expect(b.numbers.buffer).not.toBe(a.numbers.buffer);
    const given = a.numbers.buffer as ArrayBuffer;
    const bytes = given.byteLength;
    port1.postMessage(given, [given]);
    const c = buffers.alloc(12, 2);
    expect(c.numbers.buffer.byteLength).toBe(bytes);
    const d = buffers.alloc(12, 2); // nothing given back since: a new one
    expect(d.numbers.buffer).not.toBe(c.numbers.buffer);
    port1.close();
  });
});
