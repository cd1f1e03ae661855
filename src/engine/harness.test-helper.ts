import { BlockWorkspace } from './block-runner.js';
import type { ModelContext, ModelDefinition, ModelRegistry } from './model.js';
import type { ParamTable } from './params.js';
import { defaultSettings, preparePlan, type PreparedPlan } from './prepare.js';
import type { NumberOrDistribution } from './distributions.js';
import type { PlannedScheduleEntry, RunPlan } from './run-plan.js';
import type { SignalDecl } from './signals.js';

/**
 * Test only (not built into dist/): one block of paths run by the real engine — the same
 * `preparePlan`, `BlockWorkspace` and `ModelContext` as a run — one step at a time, so that a
 * model test can look at signals and state between steps, shock a signal or set a parameter
 * for the next step. Stand-in models (models/stand-in.test-helper.ts) drive the signals the
 * model under test reads.
 */
export interface HarnessOptions {
  /** The models to enable: the one under test and any stand-ins. Order is the registry order. */
  models: readonly ModelDefinition<any, any>[];
  /** Settings per model name; parameters not given take their defaults. */
  settings?: Record<string, Record<string, unknown>>;
  /** Paths in the block (default 8). */
  paths?: number;
  /** Steps the plan allows (default 400); `step()` past it throws. */
  steps?: number;
  /** Days per step (default 1). */
  stepDays?: number;
  /** Seed of the per-path random streams (default 1). */
  seed?: number;
  /** ISO date of step 0 (default 2026-01-01). */
  startDate?: string;
  /** The plan's own schedule (steps 1..steps), applied as in a run. */
  schedule?: PlannedScheduleEntry[];
  /** Global index of the block's first path (default 0). */
  firstPath?: number;
}

/** A block under test; see {@link modelHarness}. */
export interface ModelHarness {
  /** Paths in the block. */
  readonly paths: number;
  /** The last step simulated: 0 after `init`. */
  readonly t: number;
  /** The plan as the engine checked it (models in step order, units, flows). */
  readonly prepared: PreparedPlan;
  /** Runs every model's init (and paramsChanged): step 0. */
  init(): ModelHarness;
  /** Simulates the next step (`n` steps). */
  step(n?: number): ModelHarness;
  /** The current buffer of a signal (length: the block size; the first `paths` values are live). */
  signal(signal: SignalDecl | string): Float64Array;
  /** A state field of a model. */
  state(model: string, field: string): Float64Array;
  /** The real context a model's init and step receive. */
  context<P extends ParamTable = ParamTable, R = unknown>(model: string): ModelContext<P, R>;
  /** A shock on a shockable signal at the next step: signal ← signal × multiply + add. */
  shockNext(signal: string, multiply: NumberOrDistribution, add?: NumberOrDistribution): ModelHarness;
  /** A scheduled `set` of a parameter at the next step (drawn per path if a distribution). */
  setNext(model: string, param: string, value: unknown): ModelHarness;
}

/** Builds a {@link ModelHarness}; call `init()` before the first `step()`. */
export function modelHarness(options: HarnessOptions): ModelHarness {
  const paths = options.paths ?? 8;
  const steps = options.steps ?? 400;
  const registry: ModelRegistry = { models: options.models };
  const plan: RunPlan = {
    scenarioName: 'harness',
    seed: options.seed ?? 1,
    paths,
    steps,
    stepDays: options.stepDays ?? 1,
    startDate: options.startDate ?? '2026-01-01',
    blockSize: paths,
    models: options.models.map((def) => ({ name: def.name, settings: { ...defaultSettings(def), ...(options.settings?.[def.name] ?? {}) } })),
    schedule: options.schedule ?? [],
    events: [],
    record: [],
    samplePaths: 0,
    keepTerminal: false,
    sketchAlpha: 0.005,
  };
  const prepared = preparePlan(plan, registry);
  const workspace = new BlockWorkspace(prepared);
  const firstPath = options.firstPath ?? 0;
  let t = -1;
  let pending: PlannedScheduleEntry | undefined;
  const next = (): PlannedScheduleEntry => (pending ??= { step: t + 1, date: '', set: [], shocks: [] });
  const harness: ModelHarness = {
    paths,
    prepared,
    get t() {
      return t;
    },
    init() {
      workspace.begin(firstPath, paths);
      t = 0;
      return harness;
    },
    step(n = 1) {
      if (t < 0) throw new Error('harness: call init() before step()');
      for (let k = 0; k < n; k++) {
        if (t + 1 > steps) throw new Error(`harness: the plan has ${steps} steps (raise options.steps)`);
        const extra = pending;
        pending = undefined;
        workspace.advance(++t, undefined, extra);
      }
      return harness;
    },
    signal(signal) {
      const name = typeof signal === 'string' ? signal : signal.name;
      const b = workspace.current.get(name);
      if (!b) throw new Error(`harness: no signal ${name} in this plan`);
      return b;
    },
    state(model, field) {
      const f = workspace.contextOf(model).state[field];
      if (!f) throw new Error(`harness: model ${model} has no state field ${field}`);
      return f;
    },
    context<P extends ParamTable, R>(model: string) {
      return workspace.contextOf(model) as unknown as ModelContext<P, R>;
    },
    shockNext(signal, multiply, add) {
      if (!prepared.shockable.has(signal)) throw new Error(`harness: ${signal} is not shockable in this plan`);
      next().shocks.push({ signal, multiply, add });
      return harness;
    },
    setNext(model, param, value) {
      next().set.push({ model, param, value });
      return harness;
    },
  };
  return harness;
}
