/**
 * Packed records: the round trip is exact (packing the unpacked record gives the same numbers,
 * bit for bit), merging packed records equals merging the records, and a packed record of
 * another plan is refused.
 */
import { describe, expect, it } from 'vitest';
import { recordFingerprint } from './fingerprint.test-helper.js';
import { fixturePlan, registry } from '../../../test/fixtures-registry.js';
import { runBlocks } from '../run-blocks.js';
import type { RunPlan } from '../run-plan.js';
import { mergePacked, packRecord, unpackRecord } from './pack.js';
import { RunRecord } from './run-record.js';

function plan(overrides: Partial<RunPlan> = {}): RunPlan {
  return fixturePlan({
    scenarioName: 'pack-test',
    seed: 3,
    paths: 900,
    steps: 20,
    blockSize: 256,
    events: [{ name: 'seller.halfSold', signal: 'seller.soldUsd', op: '>=', value: 5e8, description: '' }],
    record: ['btc.price', 'seller.soldUsd', 'market.forcedSellingUsd'],
    quantileDays: { dailyDays: 4, everyDays: 7, days: [10] },
    ...overrides,
  });
}

/** The blocks b with b % shards === s, in order. */
function shard(p: RunPlan, s: number, shards: number): RunRecord {
  const mine = Array.from({ length: Math.ceil(p.paths / p.blockSize) }, (_, b) => b).filter((b) => b % shards === s);
  return runBlocks(p, registry, () => mine.shift() ?? -1);
}

describe('packRecord / unpackRecord / mergePacked', () => {
  it('round-trips a record exactly: pack(unpack(pack(r))) is pack(r), quantiles and means equal', () => {
    const p = plan();
    const r = shard(p, 0, 1);
    const packed = packRecord(r);
    const back = unpackRecord(p, packed);
    const again = packRecord(back);
    expect(Array.from(again.numbers)).toEqual(Array.from(packed.numbers));
    expect(Array.from(again.counts)).toEqual(Array.from(packed.counts));
    expect(recordFingerprint(back)).toEqual(recordFingerprint(r));
    expect(back.paths).toBe(900);
    for (const name of p.record) {
      for (let t = 0; t <= p.steps; t++) expect(back.mean(name, t)).toBe(r.mean(name, t));
      back.signals.get(name)!.cells.forEach((c, k) => expect(c.quantile(0.3)).toBe(r.signals.get(name)!.cells[k].quantile(0.3)));
    }
    expect(back.samples.map((s) => s.path)).toEqual(r.samples.map((s) => s.path));
    expect(r.signals.get('btc.price')!.cells[0].sketch).toBeNull(); // every path starts at one price
    expect(r.signals.get('btc.price')!.cells[1].sketch).not.toBeNull();
  });

  it('merging packed shards in any order equals one record of every block', () => {
    const p = plan();
    const whole = recordFingerprint(shard(p, 0, 1));
    const shards = [0, 1, 2].map((s) => packRecord(shard(p, s, 3)));
    // a shard carries the final values of its own paths only (blocks 0 and 3: 388 of the 900 paths)
    const own = unpackRecord(p, shards[0]).terminal!.parts();
    expect(own.map((b) => [b.firstPath, b.paths])).toEqual([
      [0, 256],
      [768, 132],
    ]);
    for (const order of [
      [0, 1, 2],
      [2, 0, 1],
      [1, 2, 0],
    ]) {
      const merged = unpackRecord(p, shards[order[0]]);
      mergePacked(merged, shards[order[1]]);
      mergePacked(merged, shards[order[2]]);
      expect(recordFingerprint(merged)).toEqual(whole);
    }
  });

  it('refuses a packed record of another plan, naming the mismatch', () => {
    const packed = packRecord(shard(plan(), 0, 1));
    expect(() => unpackRecord(plan({ steps: 21 }), packed)).toThrow(/does not match the plan: header field 4 is 21, expected 22/);
    expect(() => unpackRecord(plan({ sketchAlpha: 0.01 }), packed)).toThrow(/does not match the plan/);
    expect(() => unpackRecord(plan(), { numbers: packed.numbers.subarray(0, packed.numbers.length - 1), counts: packed.counts })).toThrow();
    expect(() => unpackRecord(plan(), { numbers: packed.numbers, counts: packed.counts.subarray(1) })).toThrow(/counts/);
  });
});
