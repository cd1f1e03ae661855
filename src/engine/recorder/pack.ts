import type { RunPlan } from '../run-plan.js';
import type { Store } from './ddsketch.js';
import { addInto, RunRecord, type SampledPath } from './run-record.js';

/**
 * A {@link RunRecord} as two typed arrays: what a worker thread hands to the pool (their buffers
 * transferred, not cloned) and what a cluster shard will send between machines. `counts` holds
 * the sketches' bucket counts (integers below 2³², the bulk of a record), one after the other;
 * `numbers` everything else (doubles, or integers below 2⁵³). The receiver knows the plan, so
 * names are not sent (the header checks the shapes agree). Layout of `numbers`, in order:
 *
 * - header: MAGIC, VERSION, paths, signals, steps + 1, quantile steps, events, samples, α;
 * - per recorded signal (the plan's order): nonFinite; finite[steps + 1]; per step the exact
 *   sum's partials (count, then each); per quantile step a cell: 0 (empty), 1 (constant: value,
 *   count) or 2 (sketch: zero, count, min, max, then each store as top, offset and length, its
 *   counts next in `counts`, positive store first);
 * - per event (the plan's order): hits[steps + 1];
 * - per sampled path: its index, then per recorded signal its values[steps + 1];
 * - terminal values: -1 when the plan keeps none, else the number of blocks, then per block its
 *   first path, its paths n and its values (signal-major, n per recorded signal): only the
 *   paths this record ran (terminal-values.ts).
 *
 * Merging a packed record adds it into a record in place (`mergePacked`): no sketch objects are
 * built for it. pack.spec.ts checks the round trip and that packed merging equals merging.
 */
const MAGIC = 0x43524543; // "CREC"
const VERSION = 3;

/** A packed record: see the layout above. */
export interface PackedRecord {
  numbers: Float64Array;
  counts: Uint32Array;
}
const HEADER = 9;

const EMPTY = 0;
const CONSTANT = 1;
const SKETCH = 2;

/** Packs a record into two typed arrays (their buffers can be transferred). */
export function packRecord(record: RunRecord): PackedRecord {
  const { plan } = record;
  const steps1 = plan.steps + 1;
  // the stores' windows, trimmed, computed once for both passes
  const windows = new Map<Store, { offset: number; counts: Uint32Array }>();
  const windowOf = (s: Store) => {
    let w = windows.get(s);
    if (!w) windows.set(s, (w = s.trimmed()));
    return w;
  };
  let size = HEADER;
  let countsSize = 0;
  for (const s of record.signals.values()) {
    size += 1 + steps1;
    for (let t = 0; t < steps1; t++) size += 1 + s.sums.partialCount(t);
    for (const c of s.cells) {
      size += 1;
      if (c.sketch) {
        size += 4 + 6;
        countsSize += windowOf(c.sketch.pos).counts.length + windowOf(c.sketch.neg).counts.length;
      }
      else if (c.constantCount > 0) size += 2;
    }
  }
  size += record.events.size * steps1 + record.samples.length * (1 + record.signals.size * steps1);
  const terminal = record.terminal?.parts() ?? null;
  size += 1 + (terminal ? terminal.reduce((n, b) => n + 2 + b.values.length, 0) : 0);

  const out = new Float64Array(size);
  const counts = new Uint32Array(countsSize);
  let at = 0;
  let countsAt = 0;
  const put = (v: number) => (out[at++] = v);
  const putAll = (xs: ArrayLike<number>) => {
    out.set(xs, at);
    at += xs.length;
  };
  for (const v of [MAGIC, VERSION, record.paths, record.signals.size, steps1, record.quantileSteps.length, record.events.size, record.samples.length, plan.sketchAlpha]) put(v);
  for (const name of plan.record) {
    const s = record.signals.get(name)!;
    put(s.nonFinite);
    putAll(s.finite);
    for (let t = 0; t < steps1; t++) {
      const n = s.sums.partialCount(t);
      put(n);
      for (let k = 0; k < n; k++) put(s.sums.partial(t, k));
    }
    for (const c of s.cells) {
      if (c.sketch) {
        const k = c.sketch;
        for (const v of [SKETCH, k.zero, k.count, k.min, k.max]) put(v);
        for (const store of [k.pos, k.neg]) {
          const w = windowOf(store);
          for (const v of [store.top, w.offset, w.counts.length]) put(v);
          counts.set(w.counts, countsAt);
          countsAt += w.counts.length;
        }
      } else if (c.constantCount > 0) {
        for (const v of [CONSTANT, c.value, c.constantCount]) put(v);
      } else put(EMPTY);
    }
  }
  for (const e of plan.events) putAll(record.events.get(e.name)!.hits);
  for (const sample of record.samples) {
    put(sample.path);
    for (const name of plan.record) putAll(sample.values[name]);
  }
  put(terminal ? terminal.length : -1);
  for (const b of terminal ?? []) {
    put(b.firstPath);
    put(b.paths);
    putAll(b.values);
  }
  if (at !== size || countsAt !== countsSize) throw new Error(`packRecord: wrote ${at} of ${size} numbers, ${countsAt} of ${countsSize} counts`);
  return { numbers: out, counts };
}

/** The buffers of a packed record, to transfer. */
export function packedBuffers(p: PackedRecord): ArrayBuffer[] {
  return [p.numbers.buffer as ArrayBuffer, p.counts.buffer as ArrayBuffer];
}

/** The paths a packed record holds. */
export function packedPaths(p: PackedRecord): number {
  return p.numbers[2];
}

/** A record of `plan` from its packed form. */
export function unpackRecord(plan: RunPlan, packed: PackedRecord): RunRecord {
  const record = new RunRecord(plan);
  mergePacked(record, packed);
  return record;
}

/** Adds a packed record of the same plan (disjoint paths) into `record`, in place. */
export function mergePacked(record: RunRecord, { numbers: packed, counts }: PackedRecord): void {
  const { plan } = record;
  let countsAt = 0;
  const steps1 = plan.steps + 1;
  const expected = [MAGIC, VERSION, NaN, record.signals.size, steps1, record.quantileSteps.length, record.events.size, NaN, plan.sketchAlpha];
  for (let k = 0; k < HEADER; k++) {
    if (expected[k] === expected[k] && packed[k] !== expected[k]) {
      throw new Error(`packed record does not match the plan: header field ${k} is ${packed[k]}, expected ${expected[k]}`);
    }
  }
  record.paths += packed[2];
  const samples = packed[7];
  let at = HEADER;
  for (const name of plan.record) {
    const s = record.signals.get(name)!;
    s.nonFinite += packed[at++];
    addInto(s.finite, packed, at);
    at += steps1;
    for (let t = 0; t < steps1; t++) {
      const n = packed[at++];
      for (let k = 0; k < n; k++) s.sums.add(t, packed[at++]);
    }
    for (const cell of s.cells) {
      const kind = packed[at++];
      if (kind === CONSTANT) {
        cell.addConstant(packed[at], packed[at + 1]);
        at += 2;
      } else if (kind === SKETCH) {
        const sketch = cell.toSketch();
        sketch.zero += packed[at];
        sketch.count += packed[at + 1];
        if (packed[at + 2] < sketch.min) sketch.min = packed[at + 2];
        if (packed[at + 3] > sketch.max) sketch.max = packed[at + 3];
        at += 4;
        for (const store of [sketch.pos, sketch.neg]) {
          const length = packed[at + 2];
          if (countsAt + length > counts.length) throw new Error(`packed record: the counts of ${name} run past their array`);
          store.mergeCounts(packed[at], packed[at + 1], counts, countsAt, length);
          countsAt += length;
          at += 3;
        }
      } else if (kind !== EMPTY) throw new Error(`packed record: unknown cell kind ${kind} of ${name}`);
    }
  }
  for (const e of plan.events) {
    addInto(record.events.get(e.name)!.hits, packed, at);
    at += steps1;
  }
  const added: SampledPath[] = [];
  for (let j = 0; j < samples; j++) {
    const sample: SampledPath = { path: packed[at++], values: {} };
    for (const name of plan.record) {
      sample.values[name] = packed.slice(at, at + steps1);
      at += steps1;
    }
    added.push(sample);
  }
  record.addSamples(added);
  const blocks = packed[at++];
  if (blocks >= 0 && !record.terminal) throw new Error('packed record has terminal values, which the plan does not keep');
  for (let b = 0; b < blocks; b++) {
    const firstPath = packed[at];
    const paths = packed[at + 1];
    const n = plan.record.length * paths;
    record.terminal!.addBlock({ firstPath, paths, values: packed.slice(at + 2, at + 2 + n) });
    at += 2 + n;
  }
  if (at !== packed.length || countsAt !== counts.length) throw new Error(`packed record: read ${at} of ${packed.length} numbers, ${countsAt} of ${counts.length} counts`);
}
