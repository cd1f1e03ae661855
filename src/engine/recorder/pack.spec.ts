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
import { exactlyRounded, testRng, wideTerms } from './exact-rounding.test-helper.js';
import { INLINE_PARTIALS } from './exact-sums.js';
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

  it('carries exact sums whose partials outgrew their inline slots, and merges them exactly', () => {
    const p = plan();
    const rng = testRng('pack-spec-wide');
    const shards = [0, 1].map((s) => shard(p, s, 2));
    // extra terms over 1,800 binary orders of magnitude on steps 0, 7 and 20 of one signal, split between the shards
    const extra = new Map([0, 7, 20].map((t) => [t, wideTerms(rng, 30)]));
    for (const [t, xs] of extra) xs.forEach((x, k) => shards[k % 2].signals.get('seller.soldUsd')!.sums.add(t, x));
    const packed = shards.map(packRecord);
    const back = unpackRecord(p, packed[0]);
    expect(Array.from(packRecord(back).numbers)).toEqual(Array.from(packed[0].numbers));
    expect(back.signals.get('seller.soldUsd')!.sums.partialCount(7)).toBeGreaterThan(INLINE_PARTIALS);
    mergePacked(back, packed[1]);
    // the top terms decide a wide sum's rounding: cancel all but the smallest ten, so every partial counts
    const sums = back.signals.get('seller.soldUsd')!.sums;
    for (const [t, xs] of extra) {
      const cancel = xs.slice(10).map((x) => -x);
      for (const x of cancel) sums.add(t, x);
      xs.push(...cancel);
    }
    const whole = shard(p, 0, 1).signals.get('seller.soldUsd')!.sums;
    for (let t = 0; t <= p.steps; t++) {
      const wholePartials = Array.from({ length: whole.partialCount(t) }, (_, k) => whole.partial(t, k));
      expect(sums.value(t), `step ${t}`).toBe(exactlyRounded([...wholePartials, ...(extra.get(t) ?? [])]));
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
