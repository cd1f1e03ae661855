import { PathRng } from '../rng/path-rng.js';
import type { QuantileCell } from './quantile-cell.js';
import { SharedCells, type SharedCellsBuffers } from './shared-cells.js';

/** The test workload: `blocks` blocks of `paths` values for each of signals × cellsPerSignal cells. */
export interface Workload {
  signals: number;
  cellsPerSignal: number;
  blocks: number;
  paths: number;
}

/** What a thread of the concurrency test does: adds the blocks b ≡ thread (mod threads). */
export interface AddJob {
  buffers: SharedCellsBuffers;
  work: Workload;
  thread: number;
  threads: number;
}

/**
 * Block b of cell (s, k): every third block a constant (the cell's own value, so some cells stay
 * constant throughout), else lognormal values, some negative and zero, and ever wider with b so
 * that stores reallocate while the threads add.
 */
export function blockValues(work: Workload, b: number, s: number, k: number, out: Float64Array): { constant: boolean } {
  if (b % 3 === 0 || k === 0) {
    out.fill(s === 0 ? 0 : 1.5 * (k + 1) * (s + 1), 0, work.paths);
    return { constant: true };
  }
  const rng = new PathRng(1000 + b, 0, 1, `shared-cells-${s}-${k}`);
  rng.load(0);
  const width = 0.2 + (2 * b) / work.blocks;
  for (let i = 0; i < work.paths; i++) {
    const v = Math.exp(width * rng.normal());
    out[i] = i % 17 === 0 ? 0 : s === 2 && i % 2 === 0 ? -v : v;
  }
  return { constant: false };
}

/** Adds one thread's share of the workload's blocks into the shared cells, every cell a block. */
export function addShare(job: AddJob): void {
  const { work } = job;
  const cells = new SharedCells(job.buffers);
  const values = new Float64Array(work.paths);
  const words = new Uint32Array(values.buffer);
  for (let b = job.thread; b < work.blocks; b += job.threads) {
    for (let s = 0; s < work.signals; s++) {
      for (let k = 0; k < work.cellsPerSignal; k++) {
        if (blockValues(work, b, s, k, values).constant) cells.addConstant(s, k, values[0], work.paths);
        else cells.addBlock(s, k, values, work.paths, words);
      }
    }
  }
}

/** The same blocks added into plain cells, one after the other: what the shared cells must equal. */
export function addAllInto(work: Workload, cells: QuantileCell[][]): void {
  const values = new Float64Array(work.paths);
  const words = new Uint32Array(values.buffer);
  for (let b = 0; b < work.blocks; b++) {
    for (let s = 0; s < work.signals; s++) {
      for (let k = 0; k < work.cellsPerSignal; k++) {
        if (blockValues(work, b, s, k, values).constant) cells[s][k].addConstant(values[0], work.paths);
        else cells[s][k].addBlock(values, work.paths, words);
      }
    }
  }
}

/** Worker entry (started through tsx by the spec): adds its share, then says so. */
export default function main(job: AddJob): void {
  addShare(job);
}
