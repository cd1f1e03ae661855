import { describe, expect, it } from 'vitest';
import { recordFingerprint } from './recorder/fingerprint.test-helper.js';
import { registry, registryUrl } from '../../test/fixtures-registry.js';
import { defaultSettings } from './prepare.js';
import { RunRecord } from './recorder/run-record.js';
import { blockCount, runBlocks } from './run-blocks.js';
import type { RunPlan } from './run-plan.js';
import { autoThreads, runPlan } from './run.js';
import { registryUrl as failingRegistryUrl } from './failing-registry.test-helper.js';
import { mergePacked, packRecord } from './recorder/pack.js';

function plan(overrides: Partial<RunPlan> = {}): RunPlan {
  return {
    scenarioName: 'engine-test',
    seed: 7,
    paths: 5000,
    steps: 40,
    stepDays: 1,
    startDate: '2026-02-05',
    blockSize: 512,
    models: [
      { name: 'market', settings: { ...defaultSettings(registry.models[0]), volCalmPerSqrtYear: { dist: 'uniform', min: 0.3, max: 0.9 } } },
      { name: 'seller', settings: defaultSettings(registry.models[1]) },
    ],
    schedule: [
      { step: 3, date: '2026-02-08', set: [{ model: 'seller', param: 'sellShare', value: { dist: 'uniform', min: 0, max: 0.5 } }], shocks: [{ signal: 'btc.price', multiply: 0.8 }] },
    ],
    events: [
      { name: 'dd30', signal: 'btc.drawdown', op: '>=', value: 0.55, description: '' },
      { name: 'seller.halfSold', signal: 'seller.soldUsd', op: '>=', value: 5e8, description: '' },
    ],
    record: ['btc.price', 'btc.drawdown', 'seller.soldUsd', 'market.forcedSellingUsd'],
    samplePaths: 5,
    keepTerminal: true,
    sketchAlpha: 0.005,
    ...overrides,
  };
}

describe('runPlan', () => {
  it('gives bit-identical records on 1, 2 and 3 threads', async () => {
    const p = plan();
    const one = await runPlan(p, { registryUrl, threads: 1 });
    const two = await runPlan(p, { registryUrl, threads: 2 });
    const three = await runPlan(p, { registryUrl, threads: 3 });
    expect(one.record.paths).toBe(5000);
    expect(recordFingerprint(two.record)).toEqual(recordFingerprint(one.record));
    expect(recordFingerprint(three.record)).toEqual(recordFingerprint(one.record));
    // what the engine worked out comes with the outcome: units and owners (a flow belongs to the model its prefix names)
    expect(one.units.get('seller.soldUsd')).toBe('USD');
    expect(one.owners.get('seller.soldUsd')).toBe('seller');
    expect(one.owners.get('market.forcedSellingUsd')).toBe('market');
    expect(three.owners).toEqual(one.owners);
  });

  it('gives bit-identical records on 1 and 2 threads with quantiles on some steps only', async () => {
    const p = plan({ quantileDays: { dailyDays: 5, everyDays: 7, days: [12, 30] } });
    const one = await runPlan(p, { registryUrl, threads: 1 });
    const two = await runPlan(p, { registryUrl, threads: 2 });
    expect(one.record.quantileSteps).toEqual([0, 1, 2, 3, 4, 5, 7, 12, 14, 21, 28, 30, 35, 40]);
    expect(recordFingerprint(two.record)).toEqual(recordFingerprint(one.record));
  });

  it("gives bit-identical records on 1 and 2 threads whose quantiles are part shared, part each thread's own (a live view)", async () => {
    const p = plan({ quantileDays: { dailyDays: 5, everyDays: 7, days: [] } });
    const one = await runPlan(p, { registryUrl, threads: 1 });
    // the live view's signal keeps each thread's cells (partials must be exact), the rest go to the shared cells
    const two = await runPlan(p, { registryUrl, threads: 2, partial: { signals: ['btc.drawdown'], onPartial: () => undefined } });
    expect(two.record.shared?.buffers.signals).toEqual(['btc.price', 'seller.soldUsd', 'market.forcedSellingUsd']);
    expect(two.record.signals.get('btc.price')!.cells.some((c) => c.sketch !== null)).toBe(true);
    expect(recordFingerprint(two.record)).toEqual(recordFingerprint(one.record));
    expect(one.record.shared).toBeNull();
  });

  it('keeps a small run in this thread by default, and a large one on every core', async () => {
    expect(autoThreads(plan({ paths: 5000, steps: 40 }), 2)).toBe(1);
    expect(autoThreads(plan({ paths: 10_000, steps: 365 }), 2)).toBe(2);
    expect(autoThreads(plan({ paths: 10_000, steps: 365, blockSize: 10_000 }), 2)).toBe(1);
    expect((await runPlan(plan(), { registryUrl })).threads).toBe(1);
  });

  it('reports a model failing in any thread, workers stopped', async () => {
    const p = plan({ paths: 4096, blockSize: 512, steps: 5, models: [{ name: 'boom', settings: {} }], schedule: [], events: [], record: ['boom.x'] });
    await expect(runPlan(p, { registryUrl: failingRegistryUrl, threads: 2 })).rejects.toThrow(/^boom at path \d+$/);
    await expect(runPlan(p, { registryUrl: failingRegistryUrl, threads: 1 })).rejects.toThrow(/^boom at path 512$/);
  });

  it('gives identical records for any split of blocks into shards, merged packed in any order', () => {
    const p = plan({ quantileDays: { dailyDays: 3, everyDays: 7, days: [] } });
    const blocks = blockCount(p);
    const whole = runBlocks(p, registry, (() => { let b = 0; return () => (b < blocks ? b++ : -1); })());
    // three shards of interleaved blocks, merged in reverse order
    const shards = [0, 1, 2].map((s) => {
      const mine = Array.from({ length: blocks }, (_, b) => b).filter((b) => b % 3 === s).reverse();
      return runBlocks(p, registry, () => (mine.length ? mine.pop()! : -1));
    });
    const merged = new RunRecord(p);
    for (const s of [...shards].reverse()) mergePacked(merged, structuredClone(packRecord(s)));
    expect(recordFingerprint(merged)).toEqual(recordFingerprint(whole));
    // and merged as objects
    const objects = new RunRecord(p);
    for (const s of shards) objects.merge(s);
    expect(recordFingerprint(objects)).toEqual(recordFingerprint(whole));
  });

  it('changes with the seed, and not at all with the block size', async () => {
    const a = await runPlan(plan(), { registryUrl, threads: 1 });
    const b = await runPlan(plan({ seed: 8 }), { registryUrl, threads: 1 });
    const c = await runPlan(plan({ blockSize: 128 }), { registryUrl, threads: 1 });
    const d = await runPlan(plan({ blockSize: 1024 }), { registryUrl, threads: 2 });
    const terminal = (o: typeof a) => Array.from(o.record.signals.get('btc.price')!.terminal!);
    expect(terminal(b)).not.toEqual(terminal(a));
    // paths draw from their own streams, and means are summed per 128-path granule, not per
    // block: the block size (and the threads) change no number of the record
    expect(recordFingerprint(c.record)).toEqual(recordFingerprint(a.record));
    expect(recordFingerprint(d.record)).toEqual(recordFingerprint(a.record));
  });

  it('an updater revises the price for every reader, and the market steps on from it', async () => {
    const base = plan({ paths: 1000, blockSize: 1000, schedule: [], samplePaths: 3 });
    const cut = { ...base, models: [...base.models, { name: 'cutter', settings: defaultSettings(registry.models[2]) }] };
    const a = (await runPlan(base, { registryUrl, threads: 1 })).record;
    const b = (await runPlan(cut, { registryUrl, threads: 1 })).record;
    const pa = a.samples[1].values['btc.price'];
    const pb = b.samples[1].values['btc.price'];
    expect(pb[4]).toBe(pa[4]);
    expect(pb[5] / pa[5]).toBeCloseTo(0.5, 12); // recorded after the cut
    // the market's next steps start from the halved price: the ratio persists, up to the
    // seller's flow, which differs because the seller saw a different return on step 5
    expect(pb[6] / pa[6]).toBeCloseTo(0.5, 2);
    expect(b.samples[1].values['btc.drawdown'][5]).toBeGreaterThan(a.samples[1].values['btc.drawdown'][5]);
  });

  it('applies the shock, the parameter change and draws uncertain parameters within range', async () => {
    const p = plan({ paths: 2000, blockSize: 2000 });
    const noShock = plan({ paths: 2000, blockSize: 2000, schedule: [] });
    const a = (await runPlan(p, { registryUrl, threads: 1 })).record;
    const b = (await runPlan(noShock, { registryUrl, threads: 1 })).record;
    const pathA = a.samples[1].values['btc.price'];
    const pathB = b.samples[1].values['btc.price'];
    // identical before the shock step (same streams), 20% lower at it (same draws that step)
    expect(pathA[2]).toBe(pathB[2]);
    expect(pathA[3] / pathB[3]).toBeCloseTo(0.8, 12);
    // the seller sells on down days; event counts add up to at most the paths
    const hits = a.events.get('seller.halfSold')!.hits.reduce((x, y) => x + y, 0);
    expect(hits).toBeGreaterThan(0);
    expect(hits).toBeLessThanOrEqual(2000);
    expect(a.signals.get('btc.price')!.nonFinite).toBe(0);
  });
});
