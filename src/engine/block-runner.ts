import { EventEvaluator } from '../events/evaluate.js';
import { BlockArena } from './block-arena.js';
import { sampleDistribution, type NumberOrDistribution } from './distributions.js';
import { drawNumber } from './draw-number.js';
import type { ModelContext, ShockLanes } from './model.js';
import type { NumberParam, ParamTable } from './params.js';
import type { PreparedModel, PreparedPlan } from './prepare.js';
import type { RunRecord } from './recorder/run-record.js';
import { PathRng, reseedPathRng } from './rng/path-rng.js';
import { perPathInputs } from './per-path.js';
import { SUM_GRANULE, type PlannedEvent, type PlannedScheduleEntry } from './run-plan.js';
import type { SignalDecl } from './signals.js';

/** The per-model view of a block: the object a model's `init` and `step` receive. */
class BlockContext implements ModelContext<any> {
  paths = 0;
  firstPath = 0;
  step = 0;
  day = 0;
  readonly p: Record<string, any> = {};
  readonly state: Record<string, Float64Array> = {};
  readonly rng: PathRng;
  readonly prepared: unknown;
  /** Shocks due this step, by signal. */
  readonly dueShocks = new Map<string, ShockLanes>();

  constructor(
    readonly model: PreparedModel,
    readonly stepDays: number,
    private readonly workspace: BlockWorkspace,
    blockSize: number,
    arena: BlockArena,
  ) {
    this.rng = new PathRng(0, 0, blockSize, model.def.name, arena.uint32(blockSize * 4));
    this.prepared = model.def.prepare?.(model.settings as never, { blockSize, stepDays, startDate: workspace.prepared.plan.startDate, arena });
  }

  signal(signal: SignalDecl | string): Float64Array {
    const name = nameOf(signal);
    const b = this.workspace.current.get(name);
    if (!b) throw new Error(`model ${this.model.def.name} asked for signal ${name}, which it did not declare`);
    return b;
  }

  prev(signal: SignalDecl | string): Float64Array {
    const name = nameOf(signal);
    const b = this.workspace.previous.get(name);
    if (!b) throw new Error(`model ${this.model.def.name} asked for prev(${name}) without declaring the read with prev: true`);
    return b;
  }

  has(signal: SignalDecl | string): boolean {
    return this.workspace.provided.has(nameOf(signal));
  }

  isUpdated(signal: SignalDecl | string): boolean {
    return this.workspace.prepared.updated.has(nameOf(signal));
  }

  isUsed(signal: SignalDecl | string): boolean {
    return this.workspace.prepared.used.has(nameOf(signal));
  }

  shock(signal: SignalDecl | string): ShockLanes | null {
    return this.dueShocks.get(nameOf(signal)) ?? null;
  }
}

/**
 * Buffers for simulating one block of paths, allocated once per plan and reused for every
 * block a thread runs: nothing is allocated in the step loop.
 */
export class BlockWorkspace {
  /** Current-step value of every signal. */
  readonly current = new Map<string, Float64Array>();
  /** Previous-step value of signals read with `prev`. */
  readonly previous = new Map<string, Float64Array>();
  /** Signals some enabled model writes or adds to. */
  readonly provided = new Set<string>();
  private readonly contexts: BlockContext[];
  private readonly paramRng: PathRng;
  private readonly scheduleRng: PathRng;
  private readonly shockLanes = new Map<string, ShockLanes>();
  private readonly firstPassage: Int32Array[];
  /** Per event, its evaluator when it has logic (null for the simple form). */
  private readonly evaluators: (EventEvaluator | null)[];
  /** Recorded signals: their buffer, and its bytes as 32-bit words (the sketch's bit-based index). */
  private readonly recorded: { name: string; values: Float64Array; words: Uint32Array }[];
  /**
   * Signals whose previous value is kept, as [current, previous] buffer pairs. A signal no
   * model provides stays zero in both, so it is left out rather than copied every step.
   */
  private readonly prevCopies: [Float64Array, Float64Array][] = [];
  /** Buffers of flow signals, zeroed at the start of every step. */
  private readonly flowBuffers: Float64Array[];
  /** Global indices of the paths kept for plots. */
  private readonly samplePaths: number[];
  /** The sampled paths of the block being recorded, bound by `begin` (sampleRowsOf). */
  private sampleRows: { at: number; columns: Float64Array[] }[] = [];
  /** Per-path table inputs by where they are drawn (`model.param`, `ENTRY#model.param`, `ENTRY#signal.field`). */
  private readonly perPathInput = new Map<string, string>();
  /** Replayed signals: their buffer and their value per step (run-plan.ts, PlannedReplay). */
  private readonly replays: { buffer: Float64Array; values: readonly number[] }[] = [];
  /**
   * When profiling (bench/run.mjs --kernel flagship): milliseconds spent in each model's `step`
   * (in step order), then in recording; null otherwise, so a normal run reads no clock.
   */
  profile: Float64Array | null = null;

  constructor(readonly prepared: PreparedPlan) {
    const { plan } = prepared;
    const n = plan.blockSize;
    // every array from one arena, at staggered addresses (see block-arena.ts)
    const arena = new BlockArena();
    for (const m of prepared.models) {
      for (const s of [...m.io.writes, ...(m.io.adds ?? [])]) {
        this.current.set(s, arena.float64(n));
        this.provided.add(s);
      }
    }
    for (const r of plan.replay ?? []) {
      const buffer = arena.float64(n);
      this.current.set(r.signal, buffer);
      this.provided.add(r.signal);
      this.replays.push({ buffer, values: r.values });
    }
    for (const m of prepared.models) {
      for (const r of m.io.reads ?? []) if (!this.current.has(r.name)) this.current.set(r.name, arena.float64(n));
    }
    for (const s of prepared.prevRead) {
      const prev = arena.float64(n);
      this.previous.set(s, prev);
      if (this.provided.has(s)) this.prevCopies.push([this.current.get(s)!, prev]);
    }
    this.flowBuffers = [...prepared.flows].map((s) => this.current.get(s)!);
    for (const s of prepared.shockable.keys()) this.shockLanes.set(s, { multiply: arena.float64(n), add: arena.float64(n) });
    this.contexts = prepared.models.map((m) => {
      const ctx = new BlockContext(m, plan.stepDays, this, n, arena);
      for (const [field, width] of Object.entries(m.io.state)) ctx.state[field] = arena.float64(n * width);
      for (const [k, decl] of Object.entries(m.def.params as ParamTable)) {
        ctx.p[k] = decl.kind === 'number' ? arena.float64(n) : m.settings[k];
      }
      return ctx;
    });
    this.paramRng = new PathRng(0, 0, n, 'params', arena.uint32(n * 4));
    this.scheduleRng = new PathRng(0, 0, n, 'schedule', arena.uint32(n * 4));
    this.firstPassage = plan.events.map(() => arena.int32(n));
    const eventIndex = new Map(plan.events.map((e, k) => [e.name, k] as const));
    const alloc = { float64: () => arena.float64(n), int32: () => arena.int32(n) };
    this.evaluators = plan.events.map((e) =>
      e.logic ? new EventEvaluator(e.logic, (s) => this.current.get(s) ?? alloc.float64(), (name) => this.firstPassage[eventIndex.get(name)!], alloc) : null,
    );
    this.recorded = plan.record.map((name) => {
      const values = this.current.get(name)!;
      return { name, values, words: new Uint32Array(values.buffer, values.byteOffset, 2 * values.length) };
    });
    this.samplePaths = samplePathIndices(plan.paths, plan.samplePaths);
    if (plan.perPath) {
      for (const i of perPathInputs(plan)) {
        const key = i.kind === 'param' ? `${i.model}.${i.param}` : i.kind === 'set' ? `${i.entry}#${i.model}.${i.param}` : `${i.entry}#${i.signal}.${i.field}`;
        this.perPathInput.set(key, i.name);
      }
    }
  }

  /** Simulates paths [firstPath, firstPath + paths) over every step and adds them to `record`. */
  run(firstPath: number, paths: number, record: RunRecord): void {
    this.begin(firstPath, paths, record);
    for (let t = 1; t <= this.prepared.plan.steps; t++) this.advance(t, record);
    record.paths += paths;
  }

  /** The block being simulated: its first global path and size (set by `begin`). */
  private firstPath = 0;
  private paths = 0;
  /** The next schedule entry of the plan to apply. */
  private nextEntry = 0;

  /**
   * Starts paths [firstPath, firstPath + paths): draws parameters, runs every model's `init` and
   * `paramsChanged`, and records step 0 into `record` when given. `run` = `begin` + `advance`
   * for every step; the test harness (harness.test-helper.ts) calls them one at a time.
   */
  begin(firstPath: number, paths: number, record?: RunRecord): void {
    const { plan } = this.prepared;
    const seed = plan.seed;
    this.firstPath = firstPath;
    this.paths = paths;
    this.nextEntry = 0;
    for (const buf of this.current.values()) buf.fill(0);
    for (const buf of this.previous.values()) buf.fill(0);
    this.writeReplays(0, paths);
    for (const ctx of this.contexts) {
      const name = ctx.model.def.name;
      ctx.paths = paths;
      ctx.firstPath = firstPath;
      ctx.step = 0;
      ctx.day = 0;
      ctx.dueShocks.clear();
      for (const f of Object.values(ctx.state)) f.fill(0);
      reseedPathRng(ctx.rng, seed, firstPath, paths, name);
      reseedPathRng(this.paramRng, seed, firstPath, paths, `${name}#params`);
      for (const [k, decl] of Object.entries(ctx.model.def.params as ParamTable)) {
        if (decl.kind === 'number') {
          this.fillLane(ctx.p[k] as Float64Array, decl, ctx.model.settings[k] as NumberOrDistribution, paths);
          this.keepInput(record, `${name}.${k}`, ctx.p[k] as Float64Array);
        } else ctx.p[k] = ctx.model.settings[k];
      }
    }
    for (const ctx of this.contexts) {
      ctx.model.def.init(ctx);
      ctx.model.def.paramsChanged?.(ctx);
    }
    this.keepPrevious();
    for (const fp of this.firstPassage) fp.fill(-1, 0, paths);
    for (const ev of this.evaluators) ev?.reset(paths);
    this.sampleRows = record && plan.samplePaths > 0 && plan.record.length > 0 ? this.sampleRowsOf(firstPath, paths, record) : [];
    if (record) this.observe(0, firstPath, paths, record);
  }

  /**
   * Simulates step t of the block started by `begin`: previous values kept, flows zeroed, the
   * plan's schedule entries of step t applied (then `extra`, a test harness's own entry), every
   * model stepped in graph order, and the step recorded into `record` when given.
   */
  advance(t: number, record?: RunRecord, extra?: PlannedScheduleEntry): void {
    const { plan } = this.prepared;
    const { firstPath, paths } = this;
    this.keepPrevious();
    for (const buf of this.flowBuffers) buf.fill(0, 0, paths);
    this.writeReplays(t, paths);
    for (const ctx of this.contexts) ctx.dueShocks.clear();
    while (this.nextEntry < plan.schedule.length && plan.schedule[this.nextEntry].step === t) {
      const index = this.nextEntry++;
      this.applySchedule(plan.schedule[index], String(index), firstPath, paths, record);
    }
    if (extra) this.applySchedule(extra, `extra#${t}`, firstPath, paths);
    const day = t * plan.stepDays;
    const profile = this.profile;
    if (profile) return this.advanceProfiled(t, day, profile, record);
    for (const ctx of this.contexts) {
      ctx.step = t;
      ctx.day = day;
      ctx.model.def.step(ctx);
    }
    if (record) this.observe(t, firstPath, paths, record);
  }

  /** The models' steps and the recording of `advance`, each timed into `profile`. */
  private advanceProfiled(t: number, day: number, profile: Float64Array, record?: RunRecord): void {
    const contexts = this.contexts;
    let before = performance.now();
    for (let m = 0; m < contexts.length; m++) {
      const ctx = contexts[m];
      ctx.step = t;
      ctx.day = day;
      ctx.model.def.step(ctx);
      const after = performance.now();
      profile[m] += after - before;
      before = after;
    }
    if (record) this.observe(t, this.firstPath, this.paths, record);
    profile[contexts.length] += performance.now() - before;
  }

  /** The models in step order, the names of {@link profile}'s slots (recording is the last). */
  get modelNames(): string[] {
    return this.contexts.map((c) => c.model.def.name);
  }

  /** The context a model's `init` and `step` receive in this workspace (for the test harness). */
  contextOf(model: string): ModelContext<any, any> {
    const ctx = this.contexts.find((c) => c.model.def.name === model);
    if (!ctx) throw new Error(`no enabled model ${model}`);
    return ctx;
  }

  /** Replayed signals take their value of step t on every path, before any model runs. */
  private writeReplays(t: number, paths: number): void {
    for (const r of this.replays) r.buffer.fill(r.values[t], 0, paths);
  }

  private keepPrevious(): void {
    for (const [current, prev] of this.prevCopies) prev.set(current);
  }

  /** Fills a parameter lane from a number or per-path draws, redrawing values out of range (draw-number.ts). */
  private fillLane(lane: Float64Array, decl: NumberParam, value: NumberOrDistribution, paths: number, rng = this.paramRng): void {
    if (typeof value === 'number') {
      lane.fill(value, 0, paths);
      return;
    }
    for (let i = 0; i < paths; i++) {
      rng.load(i);
      lane[i] = drawNumber(value, decl, rng);
      rng.store(i);
    }
  }

  /** Copies a lane of drawn values into the per-path table, if the plan keeps one and `key` is one of its inputs. */
  private keepInput(record: RunRecord | undefined, key: string, lane: Float64Array): void {
    const name = record?.perPath && this.perPathInput.get(key);
    if (name) record!.perPath!.inputs.get(name)!.set(lane.subarray(0, this.paths), this.firstPath);
  }

  private applySchedule(entry: PlannedScheduleEntry, index: string, firstPath: number, paths: number, record?: RunRecord): void {
    const { plan } = this.prepared;
    const changed = new Set<BlockContext>();
    for (const set of entry.set) {
      const ctx = this.contexts.find((c) => c.model.def.name === set.model)!;
      changed.add(ctx);
      const decl = (ctx.model.def.params as ParamTable)[set.param];
      if (decl.kind === 'number') {
        reseedPathRng(this.scheduleRng, plan.seed, firstPath, paths, `set#${index}#${set.model}.${set.param}`);
        this.fillLane(ctx.p[set.param] as Float64Array, decl, set.value as NumberOrDistribution, paths, this.scheduleRng);
        this.keepInput(record, `${index}#${set.model}.${set.param}`, ctx.p[set.param] as Float64Array);
      } else {
        ctx.p[set.param] = set.value;
      }
    }
    for (const ctx of changed) ctx.model.def.paramsChanged?.(ctx);
    for (const shock of entry.shocks) {
      const lanes = this.shockLanes.get(shock.signal)!;
      reseedPathRng(this.scheduleRng, plan.seed, firstPath, paths, `shock#${index}#${shock.signal}`);
      fillShockLane(lanes.multiply, shock.multiply ?? 1, paths, this.scheduleRng);
      fillShockLane(lanes.add, shock.add ?? 0, paths, this.scheduleRng);
      this.keepInput(record, `${index}#${shock.signal}.multiply`, lanes.multiply);
      this.keepInput(record, `${index}#${shock.signal}.add`, lanes.add);
      const owner = this.prepared.shockable.get(shock.signal)!;
      this.contexts.find((c) => c.model.def.name === owner)!.dueShocks.set(shock.signal, lanes);
    }
  }

  /**
   * Records step t: exact sums (every step), quantiles (at the plan's quantile steps; one value
   * when every path of the block has it), first passages, sampled paths, terminal values.
   */
  private observe(t: number, firstPath: number, paths: number, record: RunRecord): void {
    const { plan } = this.prepared;
    const cell = record.cellAt[t];
    for (const { name, values, words } of this.recorded) {
      const rec = record.signals.get(name)!;
      // the partial sum of finite values of each granule of SUM_GRANULE paths in path order
      // (blocks start on a granule, so the sums are the same whatever the block size and
      // wherever the block runs), how many, and — on a quantile step — whether every path has
      // the first path's value
      const first = values[0];
      const exact = rec.sums;
      let finite = 0;
      let same = cell >= 0;
      for (let g = 0; g < paths; g += SUM_GRANULE) {
        const end = Math.min(paths, g + SUM_GRANULE);
        let sum = 0;
        if (same) {
          for (let i = g; i < end; i++) {
            const v = values[i];
            sum += v;
            if (v !== first) same = false;
          }
        } else for (let i = g; i < end; i++) sum += values[i];
        if (sum - sum === 0) finite += end - g;
        else {
          // a non-finite value (or an overflow) made the sum non-finite: again, leaving them
          // out; with every value finite this adds the same values in the same order as above
          sum = 0;
          for (let i = g; i < end; i++) {
            const v = values[i];
            if (v - v === 0) {
              sum += v;
              finite++;
            }
          }
        }
        exact.add(t, sum);
      }
      rec.finite[t] += finite;
      rec.nonFinite += paths - finite;
      if (cell >= 0) {
        const constant = same && finite === paths;
        if (rec.sharedAt >= 0) {
          if (constant) record.shared!.addConstant(rec.sharedAt, cell, first, paths);
          else record.shared!.addBlock(rec.sharedAt, cell, values, paths, words);
        } else if (constant) rec.cells[cell].addConstant(first, paths);
        else rec.cells[cell].addBlock(values, paths, words);
      }
    }
    if (t === plan.steps && record.terminal) {
      const last = new Float64Array(this.recorded.length * paths);
      this.recorded.forEach(({ values }, k) => last.set(values.subarray(0, paths), k * paths));
      record.terminal.addBlock({ firstPath, paths, values: last });
    }
    for (let e = 0; e < plan.events.length; e++) {
      const ev = plan.events[e];
      const hits = record.events.get(ev.name)!.hits;
      const logic = this.evaluators[e];
      hits[t] += logic ? logic.observe(t, this.firstPassage[e], paths) : markFirstPassages(ev, this.current.get(ev.signal)!, this.firstPassage[e], t, paths);
    }
    if (plan.samplePaths > 0 && plan.record.length > 0) this.keepSamples(t);
    if (t === plan.steps && record.perPath) plan.events.forEach((ev, e) => record.perPath!.firstStep.get(ev.name)!.set(this.firstPassage[e].subarray(0, paths), firstPath));
  }

  private keepSamples(t: number): void {
    const recorded = this.recorded;
    for (const { at, columns } of this.sampleRows) {
      for (let k = 0; k < recorded.length; k++) columns[k][t] = recorded[k].values[at];
    }
  }

  /**
   * The sampled paths of the block [firstPath, firstPath + paths) (made in `record` if new) and,
   * per path, its value arrays in the order of `recorded`: looked up once a block, not per step
   * and signal by name.
   */
  private sampleRowsOf(firstPath: number, paths: number, record: RunRecord): { at: number; columns: Float64Array[] }[] {
    const { plan } = this.prepared;
    const rows: { at: number; columns: Float64Array[] }[] = [];
    for (const path of this.samplePaths) {
      if (path < firstPath || path >= firstPath + paths) continue;
      let sample = record.samples.find((s) => s.path === path);
      if (!sample) {
        sample = { path, values: {} };
        for (const { name } of this.recorded) sample.values[name] = new Float64Array(plan.steps + 1);
        record.samples.push(sample);
      }
      const values = sample.values;
      rows.push({ at: path - firstPath, columns: this.recorded.map(({ name }) => values[name]) });
    }
    return rows;
  }
}

function nameOf(signal: SignalDecl | string): string {
  return typeof signal === 'string' ? signal : signal.name;
}

/** The global indices of the paths kept for plots: evenly spread, always including path 0. */
export function samplePathIndices(paths: number, count: number): number[] {
  const k = Math.min(paths, count);
  const out: number[] = [];
  for (let j = 0; j < k; j++) out.push(Math.floor((j * paths) / k));
  return out;
}

/**
 * Sets fp[i] = t on the paths not hit before (fp[i] < 0) where `values[i] op ev.value`, and
 * returns how many. The operator is resolved once, not per path: `v op c` is written as
 * `s·v > s·c` or `s·v ≥ s·c` with s = ±1 (negation is exact, and NaN fails either way, as it
 * fails every comparison), so one loop serves the strict operators and one the others.
 */
function markFirstPassages(ev: PlannedEvent, values: Float64Array, fp: Int32Array, t: number, paths: number): number {
  const s = ev.op === '<' || ev.op === '<=' ? -1 : 1;
  const bound = s * ev.value;
  let hits = 0;
  if (ev.op === '<' || ev.op === '>') {
    for (let i = 0; i < paths; i++) {
      if (fp[i] < 0 && s * values[i] > bound) {
        fp[i] = t;
        hits++;
      }
    }
  } else {
    for (let i = 0; i < paths; i++) {
      if (fp[i] < 0 && s * values[i] >= bound) {
        fp[i] = t;
        hits++;
      }
    }
  }
  return hits;
}

function fillShockLane(lane: Float64Array, value: NumberOrDistribution, paths: number, rng: PathRng): void {
  if (typeof value === 'number') {
    lane.fill(value, 0, paths);
    return;
  }
  for (let i = 0; i < paths; i++) {
    rng.load(i);
    lane[i] = sampleDistribution(value, rng);
    rng.store(i);
  }
}
