import { mergePerPath, newPerPathRecord, type PerPathRecord } from '../per-path.js';
import type { RunPlan } from '../run-plan.js';
import { DDSketch, type DDSketchData } from './ddsketch.js';
import { ExactSum } from './exact-sum.js';

/** Per step statistics of one recorded signal. */
export interface SignalRecord {
  /** One sketch per step 0..steps. */
  sketches: DDSketch[];
  /** Exact sums of finite values per step, for the mean. */
  sums: ExactSum[];
  /** NaN or infinite values seen (they are left out of sketches and sums): a model bug. */
  nonFinite: number;
  /** Final value of every path (global index), when the plan keeps terminal values. */
  terminal: Float64Array | null;
}

/** First-passage counts of one event. */
export interface EventRecord {
  /** hits[t]: paths whose first passage was at step t. */
  hits: Float64Array;
}

/** A full path kept for plots. */
export interface SampledPath {
  path: number;
  /** Signal name → value per step 0..steps. */
  values: Record<string, Float64Array>;
}

/** Serialised form: plain arrays, for postMessage and JSON. */
export interface RunRecordData {
  paths: number;
  signals: Record<string, { sketches: DDSketchData[]; sums: number[][]; nonFinite: number; terminal: Float64Array | null }>;
  events: Record<string, { hits: Float64Array }>;
  samples: { path: number; values: Record<string, Float64Array> }[];
  perPath?: { inputs: Record<string, Float64Array>; firstStep: Record<string, Int32Array> };
}

/**
 * What a run records, accumulated over blocks. Merging two records is addition (exact for
 * counts and sums, placement for per-path arrays), so the result is the same whatever order
 * and however the blocks were split among threads, shards or machines.
 */
export class RunRecord {
  /** Paths accumulated so far. */
  paths = 0;
  readonly signals = new Map<string, SignalRecord>();
  readonly events = new Map<string, EventRecord>();
  readonly samples: SampledPath[] = [];
  /** The per-path table, when the plan asks for it (`plan.perPath`). */
  perPath: PerPathRecord | null;

  constructor(readonly plan: RunPlan) {
    this.perPath = plan.perPath ? newPerPathRecord(plan) : null;
    const n = plan.steps + 1;
    for (const s of plan.record) {
      this.signals.set(s, {
        sketches: Array.from({ length: n }, () => new DDSketch(plan.sketchAlpha)),
        sums: Array.from({ length: n }, () => new ExactSum()),
        nonFinite: 0,
        terminal: plan.keepTerminal ? new Float64Array(plan.paths).fill(NaN) : null,
      });
    }
    for (const e of plan.events) this.events.set(e.name, { hits: new Float64Array(n) });
  }

  /** Adds another record of the same plan (disjoint paths). */
  merge(other: RunRecord): void {
    this.paths += other.paths;
    for (const [name, theirs] of other.signals) {
      const ours = this.signals.get(name)!;
      for (let t = 0; t < theirs.sketches.length; t++) {
        ours.sketches[t].merge(theirs.sketches[t]);
        ours.sums[t].merge(theirs.sums[t]);
      }
      ours.nonFinite += theirs.nonFinite;
      if (ours.terminal && theirs.terminal) {
        const a = ours.terminal;
        const b = theirs.terminal;
        for (let i = 0; i < a.length; i++) if (b[i] === b[i]) a[i] = b[i];
      }
    }
    for (const [name, theirs] of other.events) {
      const ours = this.events.get(name)!.hits;
      for (let t = 0; t < ours.length; t++) ours[t] += theirs.hits[t];
    }
    this.samples.push(...other.samples);
    this.samples.sort((x, y) => x.path - y.path);
    if (this.perPath && other.perPath) mergePerPath(this.perPath, other.perPath);
  }

  toData(): RunRecordData {
    const signals: RunRecordData['signals'] = {};
    for (const [name, s] of this.signals) {
      signals[name] = {
        sketches: s.sketches.map((k) => k.toData()),
        sums: s.sums.map((k) => k.partials.slice()),
        nonFinite: s.nonFinite,
        terminal: s.terminal,
      };
    }
    const events: RunRecordData['events'] = {};
    for (const [name, e] of this.events) events[name] = { hits: e.hits };
    const perPath = this.perPath ? { inputs: Object.fromEntries(this.perPath.inputs), firstStep: Object.fromEntries(this.perPath.firstStep) } : undefined;
    return { paths: this.paths, signals, events, samples: this.samples, perPath };
  }

  static fromData(plan: RunPlan, d: RunRecordData): RunRecord {
    const r = new RunRecord(plan);
    r.paths = d.paths;
    for (const [name, s] of Object.entries(d.signals)) {
      const ours = r.signals.get(name)!;
      ours.sketches = s.sketches.map((k) => DDSketch.fromData(k));
      ours.sums = s.sums.map((p) => {
        const e = new ExactSum();
        e.partials = p.slice();
        return e;
      });
      ours.nonFinite = s.nonFinite;
      ours.terminal = s.terminal;
    }
    for (const [name, e] of Object.entries(d.events)) r.events.get(name)!.hits = e.hits;
    r.samples.push(...d.samples);
    if (d.perPath) r.perPath = { inputs: new Map(Object.entries(d.perPath.inputs)), firstStep: new Map(Object.entries(d.perPath.firstStep)) };
    return r;
  }
}
