import { describe, expect, it } from 'vitest';
import { runAllBlocks, runPreparedBlocks } from '../engine/run-blocks.js';
import { preparePlan } from '../engine/prepare.js';
import { registry } from '../models/index.js';
import { loadScenario } from '../scenario/plan.js';
import { FLAGSHIP_SCENARIO } from '../run-scenario.js';
import { RunRecord as RunRecordClass, type RunRecord } from '../engine/recorder/run-record.js';
import { summarize } from '../results/summarize.js';
import { ShardMerger } from './merger.js';
import { packRecord } from '../engine/recorder/pack.js';
import { decodeRecord, encodeRecord, shardPerPath } from './record-codec.js';
import { shardRanges } from './shards.js';

// The flagship at 2,500 paths (three 1,024-path blocks, the last partial), 20 days: every model records.
const plan = { ...loadScenario(FLAGSHIP_SCENARIO, registry, { paths: 2500 }).points[0].plan, steps: 20, blockSize: 1024 };
const prepared = preparePlan(plan, registry);
const run = (first: number, end: number) => {
  let next = first;
  return runPreparedBlocks(prepared, () => (next < end ? next++ : -1));
};
// each block once; the two-block shard is the first two merged, as a worker would return it
const blocks = [run(0, 1), run(1, 2), run(2, 3)];
const firstTwo = new RunRecordClass(plan);
firstTwo.merge(blocks[0]);
firstTwo.merge(blocks[1]);
const shard = (first: number, end: number) => encodeRecord({ packed: packRecord(end - first === 2 ? firstTwo : blocks[first]) });
// compared as users see a record: every summarised number (an exact sum's partials, say, may
// be laid out differently after another merge order while its value is the same)
const text = (record: RunRecord) => JSON.stringify(summarize({ plan, record, threads: 1, elapsedMs: 0, units: prepared.units, owners: prepared.owners }), (_, v) => (typeof v === 'number' ? String(v) : v));
const whole = text(runAllBlocks(plan, registry));

describe('ShardMerger', () => {
  it('merges shards in any order into the record of one thread, bit for bit', () => {
    const shards = shardRanges(plan, 1);
    expect(shards).toEqual([
      { firstBlock: 0, endBlock: 1 },
      { firstBlock: 1, endBlock: 2 },
      { firstBlock: 2, endBlock: 3 },
    ]);
    const m = new ShardMerger(plan, shards);
    for (const s of [2, 0, 1]) m.add(s, decodeRecord(shard(s, s + 1)));
    expect(m.complete).toBe(true);
    expect(m.pathsDone).toBe(2500);
    expect(text(m.record())).toBe(whole);
  });

  it('merges a shard delivered twice once', () => {
    const m = new ShardMerger(plan, shardRanges(plan, 2));
    const first = shard(0, 2);
    expect(m.add(0, decodeRecord(first))).toBe(2048);
    expect(m.add(0, decodeRecord(first))).toBe(0);
    expect(m.missing()).toEqual([2]);
    m.add(2, decodeRecord(shard(2, 3)));
    expect(text(m.record())).toBe(whole);
  });

  it('refuses a shard whose path count is not its range', () => {
    const m = new ShardMerger(plan, shardRanges(plan, 1));
    expect(() => m.add(0, decodeRecord(shard(0, 2)))).toThrow(/holds 2048 paths, expected 1024/);
  });

  it('carries the per-path table: each shard its own paths, placed where one thread puts them', () => {
    const withTable = { ...plan, perPath: true, keepTerminal: true };
    const preparedTable = preparePlan(withTable, registry);
    const shards = shardRanges(withTable, 1);
    const m = new ShardMerger(withTable, shards);
    for (const { firstBlock, endBlock } of [...shards].reverse()) {
      let next = firstBlock;
      const r = runPreparedBlocks(preparedTable, () => (next < endBlock ? next++ : -1));
      const part = shardPerPath(r.perPath!, firstBlock * withTable.blockSize, r.paths);
      expect(part.firstStep[withTable.events[0].name]).toHaveLength(r.paths); // the shard's paths only, not the whole table
      m.add(firstBlock, decodeRecord(encodeRecord({ packed: packRecord(r), perPath: part })));
    }
    const local = runAllBlocks(withTable, registry).perPath!;
    const merged = m.record().perPath!;
    expect([...merged.firstStep.keys()]).toEqual([...local.firstStep.keys()]);
    for (const [k, v] of local.firstStep) expect(Array.from(merged.firstStep.get(k)!)).toEqual(Array.from(v));
    for (const [k, v] of local.inputs) expect(Array.from(merged.inputs.get(k)!, String)).toEqual(Array.from(v, String));
    // a shard without the table the plan keeps is refused, not merged as if it had one
    const again = new ShardMerger(withTable, shards);
    expect(() => again.add(0, { packed: packRecord(blocks[0]) })).toThrow(/no per-path table/);
  });
});
