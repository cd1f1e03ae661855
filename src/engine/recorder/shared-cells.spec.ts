/**
 * Shared cells: blocks added by several threads into one set of cells give exactly the cells
 * one thread gets adding the same blocks in order (the same constants, the same sketch counts:
 * toData compares them in canonical form). The last test's two worker threads do add into the
 * same cells at the same moment: with the locks taken out, it lost counts in each of two runs.
 */
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { QuantileCell } from './quantile-cell.js';
import { SharedCells } from './shared-cells.js';
import { addAllInto, addShare, type AddJob, type Workload } from './shared-cells.test-helper.js';

const ALPHA = 0.005;

function reference(work: Workload): QuantileCell[][] {
  const cells = Array.from({ length: work.signals }, () => Array.from({ length: work.cellsPerSignal }, () => new QuantileCell(ALPHA)));
  addAllInto(work, cells);
  return cells;
}

function expectSame(shared: SharedCells, ref: QuantileCell[][]): void {
  ref.forEach((row, s) =>
    row.forEach((want, k) => {
      const got = shared.cell(s, k);
      expect(got.count, `cell ${s}/${k}`).toBe(want.count);
      if (want.sketch) expect(got.sketch?.toData(), `cell ${s}/${k}`).toEqual(want.sketch.toData());
      else {
        expect(got.sketch, `cell ${s}/${k}`).toBeNull();
        expect(got.quantile(0.5)).toBe(want.quantile(0.5));
      }
    }),
  );
}

/** Runs one share of the workload in a worker thread (TypeScript through tsx, as worker-shim.mjs). */
function inWorker(job: AddJob): Promise<void> {
  const url = new URL('./shared-cells.test-helper.ts', import.meta.url).href;
  const code = `const { workerData, parentPort } = require('node:worker_threads');
    import('tsx/esm/api').then(({ register }) => { register(); return import(workerData.url); })
      .then((m) => { m.default(workerData.job); parentPort.postMessage('done'); });`;
  const w = new Worker(code, { eval: true, workerData: { url, job } });
  return new Promise((resolve, reject) => {
    w.once('message', () => void w.terminate().then(() => resolve()));
    w.once('error', reject);
  });
}

describe('SharedCells', () => {
  const work: Workload = { signals: 3, cellsPerSignal: 5, blocks: 24, paths: 256 };

  it('equals plain cells given the same blocks, constants staying exact and sketches growing in the arena', () => {
    const buffers = SharedCells.create(['a', 'b', 'c'], work.cellsPerSignal, ALPHA);
    addShare({ buffers, work, thread: 0, threads: 1 });
    const shared = new SharedCells(buffers);
    const ref = reference(work);
    expectSame(shared, ref);
    // cell k = 0 only ever saw one value: it stays a constant, read back exactly
    expect(shared.cell(1, 0).sketch).toBeNull();
    expect(shared.cell(1, 0).quantile(0.9)).toBe(3);
    expect(shared.cell(1, 3).sketch).not.toBeNull();
    expect(shared.arenaBytes()).toBeGreaterThan(0);
  });

  it('gives the same cells whichever thread adds which block, in whatever order', () => {
    const ref = reference(work);
    for (const [threads, order] of [
      [2, [1, 0]],
      [3, [2, 0, 1]],
    ] as const) {
      const buffers = SharedCells.create(['a', 'b', 'c'], work.cellsPerSignal, ALPHA);
      for (const thread of order) addShare({ buffers, work, thread, threads });
      expectSame(new SharedCells(buffers), ref);
    }
  });

  it('gives the same cells when two worker threads add into them at the same time', async () => {
    const big: Workload = { ...work, blocks: 120 };
    const buffers = SharedCells.create(['a', 'b', 'c'], big.cellsPerSignal, ALPHA);
    await Promise.all([0, 1].map((thread) => inWorker({ buffers, work: big, thread, threads: 2 })));
    expectSame(new SharedCells(buffers), reference(big));
  });
});
