import { BlockWorkspace } from './block-runner.js';
import type { PreparedPlan } from './prepare.js';
import { mergePacked, newPacked, packedBuffers, packRecord, type PackedRecord } from './recorder/pack.js';
import { RunRecord } from './recorder/run-record.js';
import { mergeStep, takeStep } from './recorder/step-pack.js';
import type { TerminalBlock } from './recorder/terminal-values.js';

// A worker thread's record, handed over as it is made: the worker's side
// (runBlocksHandingOver) and the merging thread's (HandOverInbox).

/** What {@link runBlocksHandingOver} hands over as it goes. */
export interface HandOver {
  /** Step t of the block being run, packed (recorder/step-pack.ts: its sums and, on a quantile step, its cells); they are emptied after. */
  step(packed: PackedRecord, t: number): void;
  /**
   * The rest of a finished block's record: packed (recorder/pack.ts: counts of finite values,
   * events, samples), and its final values; the record starts afresh after.
   */
  block(paths: number, packed: PackedRecord, terminal: TerminalBlock[]): void;
}

/**
 * `runPreparedBlocks` (run-blocks.ts) for a worker thread that hands its record over as it goes instead of
 * at the end: each step's sums and cells once recorded, the rest once the block is done. It
 * then holds one step's sums and cells (one per signal, reused: `RunRecord`'s `handingOver`),
 * never a run's record and its packed copy (bench/README.md, "Peak memory on two
 * threads, again"). `alloc` makes the packed arrays (HandOverBuffers: buffers given back and
 * used again). Returns the record, empty but for the per-path table (the whole run's).
 */
export function runBlocksHandingOver(prepared: PreparedPlan, takeBlock: () => number, handOver: HandOver, profile?: Float64Array, alloc = newPacked): RunRecord {
  const { plan } = prepared;
  const workspace = new BlockWorkspace(prepared);
  if (profile) workspace.profile = profile;
  const record = new RunRecord(plan, { handingOver: true });
  const handStep = (t: number) => handOver.step(takeStep(record, t, alloc), t);
  for (let b = takeBlock(); b >= 0; b = takeBlock()) {
    const first = b * plan.blockSize;
    const paths = Math.min(plan.blockSize, plan.paths - first);
    workspace.begin(first, paths, record);
    handStep(0);
    for (let t = 1; t <= plan.steps; t++) {
      workspace.advance(t, record);
      handStep(t);
    }
    record.paths += paths;
    // the block's final values travel in their own array (transferred, then kept as they are),
    // not copied into the pack
    const terminal = record.terminal ? [...record.terminal.parts()] : [];
    record.terminal?.clear();
    const packed = packRecord(record, alloc);
    record.clear();
    handOver.block(paths, packed, terminal);
  }
  return record;
}

/**
 * A worker's hand-overs ({@link runBlocksHandingOver}) on the thread that merges: each step's
 * sums and cells added into the run's record as they arrive, each block's rest when it is done.
 * With `holdSteps` (a live partial view reads the record), the steps of a worker's unfinished
 * block wait here until the block is done, so that the record holds whole blocks only.
 * Counts and exact sums add in any order, so the record does not depend on when they arrive.
 */
export class HandOverInbox {
  private held: PackedRecord[] = [];

  /** @param giveBack - called with each buffer merged (HandOverBuffers: the worker uses it again) */
  constructor(
    private readonly record: RunRecord,
    private readonly holdSteps: boolean,
    private readonly giveBack: (buffer: ArrayBuffer) => void = () => undefined,
  ) {}

  step(packed: PackedRecord): void {
    if (this.holdSteps) this.held.push(packed);
    else this.mergeStep(packed);
  }

  block(packed: PackedRecord, terminal: TerminalBlock[]): void {
    for (const p of this.held) this.mergeStep(p);
    this.held = [];
    mergePacked(this.record, packed);
    for (const b of terminal) this.record.terminal!.addBlock(b);
    for (const b of packedBuffers(packed)) this.giveBack(b);
  }

  private mergeStep(packed: PackedRecord): void {
    mergeStep(this.record, packed);
    for (const b of packedBuffers(packed)) this.giveBack(b);
  }
}
