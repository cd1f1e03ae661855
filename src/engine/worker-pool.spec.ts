import { afterAll, describe, expect, it } from 'vitest';
import { fixturePlan, registryUrl } from '../../test/fixtures-registry.js';
import { registryUrl as failingRegistryUrl } from './failing-registry.test-helper.js';
import { recordFingerprint } from './recorder/fingerprint.test-helper.js';
import type { RunPlan } from './run-plan.js';
import { RunCancelledError, runPlan } from './run.js';
import { WorkerPool } from './worker-pool.js';

const plan: RunPlan = fixturePlan({
  scenarioName: 'pool-test',
  seed: 11,
  paths: 2048,
  steps: 30,
  blockSize: 128,
  events: [{ name: 'dd20', signal: 'btc.drawdown', op: '>=', value: 0.2, description: '' }],
  record: ['btc.price', 'btc.drawdown'],
});

describe('WorkerPool', () => {
  const pool = new WorkerPool(2, registryUrl);
  afterAll(() => pool.close());

  it('runs on its warm threads, run after run, the same record as new threads and as one thread', async () => {
    const alone = await runPlan(plan, { registryUrl, threads: 1 });
    const fresh = await runPlan(plan, { registryUrl, threads: 2, inWorkers: true });
    const first = await runPlan(plan, { registryUrl, threads: 2, inWorkers: true, pool });
    const second = await runPlan(plan, { registryUrl, threads: 2, pool });
    for (const o of [fresh, first, second]) expect(recordFingerprint(o.record)).toEqual(recordFingerprint(alone.record));
  }, 120_000);

  it('a cancelled run stops its pooled threads between blocks and gives them back for the next run', async () => {
    const controller = new AbortController();
    let partials = 0;
    const big = { ...plan, paths: 40_960, steps: 60 };
    const run = runPlan(big, { registryUrl, threads: 2, inWorkers: true, pool, signal: controller.signal, partial: { signals: [], onPartial: () => ++partials === 1 && controller.abort() } });
    await expect(run).rejects.toBeInstanceOf(RunCancelledError);
    // the same two threads serve the next run, which completes exactly
    const again = await runPlan(plan, { registryUrl, threads: 2, inWorkers: true, pool });
    const alone = await runPlan(plan, { registryUrl, threads: 1 });
    expect(recordFingerprint(again.record)).toEqual(recordFingerprint(alone.record));
  }, 120_000);

  it('refuses a run of another registry than the one its threads loaded', async () => {
    const p: RunPlan = { ...plan, models: [{ name: 'boom', settings: {} }], events: [], record: ['boom.x'] };
    await expect(runPlan(p, { registryUrl: failingRegistryUrl, threads: 2, pool })).rejects.toThrow(/worker pool loads/);
  });

  it("a model's error fails its run, and the pool runs the next one", async () => {
    const failing = new WorkerPool(2, failingRegistryUrl);
    try {
      const p: RunPlan = { ...plan, paths: 1024, steps: 5, models: [{ name: 'boom', settings: {} }], events: [], record: ['boom.x'], samplePaths: 0 };
      await expect(runPlan(p, { registryUrl: failingRegistryUrl, threads: 2, inWorkers: true, pool: failing })).rejects.toThrow(/^boom at path \d+$/);
      // a plan whose blocks all pass (one block: the model fails only beyond the first)
      const ok = await runPlan({ ...p, paths: 128 }, { registryUrl: failingRegistryUrl, threads: 2, inWorkers: true, pool: failing });
      expect(ok.record.paths).toBe(128);
    } finally {
      await failing.close();
    }
  }, 120_000);
});
