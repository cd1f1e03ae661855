import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { registry } from '../models/index.js';
import { withStore } from '../store/store.js';
import { QueueFullError, RunManager, type RunEvent } from './run-manager.js';
import { loadRequestScenario } from './scenario-input.js';

const LIMITS = { maxCells: 5e9, maxMemoryMB: 4096, maxPoints: 10_000 };
const storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-run-manager-'));
afterAll(() => fs.rmSync(storeDir, { recursive: true, force: true }));

/** Resolves with every event of a run once its status says it finished. */
function collect(m: RunManager, id: string): Promise<RunEvent[]> {
  const seen: RunEvent[] = [];
  return new Promise((resolve) => {
    const off = m.subscribe(id, (e) => {
      seen.push(e);
      if (e.type === 'status' && e.status !== 'queued' && e.status !== 'running') {
        off();
        resolve(seen);
      }
    });
  });
}

describe('RunManager', () => {
  it('runs one at a time: the second waits queued; a queued run cancels to interrupted, the first completes and is stored', async () => {
    const m = new RunManager({ registry, storeDir, concurrency: 1, threads: 2, partialEveryMs: 0 });
    // lender-svb-2023 (5 days, two models): 2,100 paths are three blocks, so partials come before the end
    const a = await m.submit(loadRequestScenario({ scenario: 'lender-svb-2023', paths: 2100 }, registry, LIMITS), 'scenarios/lender-svb-2023.yaml');
    const b = await m.submit(loadRequestScenario({ scenario: 'lender-svb-2023', paths: 300 }, registry, LIMITS), 'scenarios/lender-svb-2023.yaml');
    expect(m.get(b)!.status).toBe('queued');
    const aEvents = collect(m, a);
    expect(await m.cancel(b)).toBe(true);
    expect(m.get(b)!.status).toBe('interrupted');
    const events = await aEvents;
    expect(m.get(a)!.status).toBe('complete');
    const partials = events.flatMap((e) => (e.type === 'partial' ? [e.view] : []));
    expect(partials.length).toBeGreaterThanOrEqual(2);
    expect(partials.some((v) => !v.final && v.paths < 2100)).toBe(true);
    expect(partials.at(-1)).toMatchObject({ final: true, paths: 2100 });
    // the last partial before the final equals it where both count the same paths: events are exact
    const lastPartial = partials.filter((v) => !v.final).at(-1)!;
    if (lastPartial.paths === 2100) expect(lastPartial.events.map((e) => e.hits)).toEqual(partials.at(-1)!.events.map((e) => e.hits));
    const stored = await withStore(storeDir, { readOnly: true }, async (s) => ({ a: await s.runInfo(a), b: await s.runInfo(b) }));
    expect(stored.a.status).toBe('complete');
    expect(stored.b.status).toBe('interrupted');
    expect(stored.b.pointInfo).toEqual([]); // nothing written for the cancelled run
    expect(await m.cancel(a)).toBe(false); // finished: nothing to cancel
    await m.close();
  });

  it('cancels a running run: stored interrupted with no results', async () => {
    const m = new RunManager({ registry, storeDir, threads: 2 });
    const id = await m.submit(loadRequestScenario({ scenario: 'flagship', paths: 20_000 }, registry, LIMITS), 'scenarios/flagship.yaml');
    await new Promise<void>((resolve) => {
      const off = m.subscribe(id, (e) => e.type === 'status' && e.status === 'running' && (off(), resolve()));
      if (m.get(id)!.status === 'running') resolve();
    });
    expect(await m.cancel(id)).toBe(true);
    expect(m.get(id)!.status).toBe('interrupted');
    const info = await withStore(storeDir, { readOnly: true }, (s) => s.runInfo(id));
    expect(info.status).toBe('interrupted');
    await expect(withStore(storeDir, { readOnly: true }, (s) => s.loadRun(id))).rejects.toThrow(/interrupted before it completed/);
    await m.close();
  });

  it('bounds the queue: a run beyond maxQueued is refused; close() marks the rest interrupted', async () => {
    const m = new RunManager({ registry, storeDir, threads: 2, maxQueued: 1 });
    const big = () => loadRequestScenario({ scenario: 'flagship', paths: 20_000 }, registry, LIMITS);
    const a = await m.submit(big(), 'scenarios/flagship.yaml');
    const b = await m.submit(big(), 'scenarios/flagship.yaml');
    expect(m.get(b)!.status).toBe('queued');
    await expect(m.submit(big(), 'scenarios/flagship.yaml')).rejects.toBeInstanceOf(QueueFullError);
    await m.close();
    expect([m.get(a)!.status, m.get(b)!.status]).toEqual(['interrupted', 'interrupted']);
    const stored = await withStore(storeDir, { readOnly: true }, async (s) => [await s.runInfo(a), await s.runInfo(b)]);
    expect(stored.map((r) => r.status)).toEqual(['interrupted', 'interrupted']);
  });
});
