import { describe, expect, it } from 'vitest';
import { fixturePlan, registryUrl } from '../../test/fixtures-registry.js';
import { partialGate } from './partial.js';
import type { RunRecord } from './recorder/run-record.js';
import type { RunPlan } from './run-plan.js';
import { RunCancelledError, runPlan } from './run.js';

// The fixtures' two-model chain over 10 blocks of 256 paths: enough blocks for several partials per thread.
const plan: RunPlan = fixturePlan({
  scenarioName: 'partial-test',
  seed: 11,
  paths: 2560,
  steps: 30,
  blockSize: 256,
  events: [{ name: 'dd20', signal: 'btc.drawdown', op: '>=', value: 0.2, description: '' }],
  record: ['btc.price', 'btc.drawdown', 'seller.soldUsd'],
  samplePaths: 2,
});

/** Event counts and the price's sketches: what a partial carries, as comparable data. */
const view = (r: RunRecord) => ({
  paths: r.paths,
  hits: Array.from(r.events.get('dd20')!.hits),
  price: r.signals.get('btc.price')!.cells.map((s) => [s.count, s.quantile(0.05), s.quantile(0.5), s.quantile(0.95)]),
});

describe('partial results', () => {
  for (const threads of [1, 2]) {
    it(`grow block by block to exactly the final record (${threads} thread(s), on workers)`, async () => {
      const partials: RunRecord[] = [];
      const out = await runPlan(plan, { registryUrl, threads, inWorkers: true, partial: { signals: ['btc.price', 'no.such.signal'], onPartial: (r) => partials.push(r) } });
      expect(partials).toHaveLength(10); // one per block
      const paths = partials.map((p) => p.paths);
      expect(paths).toEqual([...paths].sort((a, b) => a - b));
      expect(paths.every((p) => p % 256 === 0)).toBe(true);
      // only the signals asked for (unknown ones ignored), no terminal values or samples
      const last = partials.at(-1)!;
      expect([...last.signals.keys()]).toEqual(['btc.price']);
      expect(last.samples).toHaveLength(0);
      expect(view(last)).toEqual(view(out.record));
    });
  }

  it('in this thread, one partial per block, the last equal to the final record', async () => {
    const partials: RunRecord[] = [];
    const out = await runPlan(plan, { registryUrl, threads: 1, partial: { signals: ['btc.price'], onPartial: (r) => partials.push(r) } });
    expect(partials.map((p) => p.paths)).toEqual(Array.from({ length: 10 }, (_, k) => 256 * (k + 1)));
    expect(view(partials.at(-1)!)).toEqual(view(out.record));
  });

  it('a cancelled run rejects with RunCancelledError and stops its workers', async () => {
    const controller = new AbortController();
    let seen = 0;
    const run = runPlan({ ...plan, paths: 30_000 }, {
      registryUrl,
      threads: 2,
      signal: controller.signal,
      partial: { signals: [], onPartial: () => ++seen === 1 && controller.abort() },
    });
    await expect(run).rejects.toBeInstanceOf(RunCancelledError);
    expect(seen).toBeGreaterThanOrEqual(1);
    expect(seen).toBeLessThan(100); // far fewer than the 100 blocks: it stopped early
    await expect(runPlan(plan, { registryUrl, signal: AbortSignal.abort() })).rejects.toBeInstanceOf(RunCancelledError);
  });
});

describe('partialGate', () => {
  it('opens on the first call, then only once everyMs have passed; 0 always opens', async () => {
    const always = partialGate(0);
    expect([always(), always(), always()]).toEqual([true, true, true]);
    const gate = partialGate(40);
    expect(gate()).toBe(true);
    expect(gate()).toBe(false);
    await new Promise((r) => setTimeout(r, 60));
    expect(gate()).toBe(true);
    expect(gate()).toBe(false);
  });
});
