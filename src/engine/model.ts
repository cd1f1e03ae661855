import type { BlockArena } from './block-arena.js';
import type { ParamSettings, ParamTable, ParamValues } from './params.js';
import type { PathRng } from './rng/path-rng.js';

import type { SignalDecl } from './signals.js';

/** A signal a model reads, as the engine sees it after resolving the declarations. */
export interface SignalRead {
  /** Signal name, e.g. `btc.price`. */
  name: string;
  /** Read the value at the end of the previous step: how a feedback loop is closed. */
  prev?: boolean;
  /** The model copes when no enabled model writes it (it then reads zeros); check with `ctx.has`. */
  optional?: boolean;
}

/** A first-passage event a model offers: the first step at which `signal op value` holds. */
export interface EventDecl {
  name: string;
  signal: string;
  op: '<' | '<=' | '>' | '>=';
  value: number;
  /** What the event means, for the summary and the report. */
  description: string;
}

/** How a model plugs into a run: its signals, state and events, which may depend on its settings. */
export interface ModelIO {
  /**
   * Every signal the model writes, adds to, updates or reads, declared once (see `signals.ts`:
   * `written`, `added`, `updated`, `read`); a record of named handles or a list. The same
   * declaration objects are the handles the step code passes to `ctx.signal`.
   */
  signals: readonly SignalDecl[] | Readonly<Record<string, SignalDecl>>;
  /**
   * Per-path state fields and their width (1 for a scalar, k for a vector of k values per path).
   * A packed record of named fields is declared with `recordLayout` (record-layout.ts).
   */
  state: Record<string, number>;
  events?: EventDecl[];
}

/**
 * A model's I/O as the engine uses it: the declarations sorted by kind. Built by `resolveIO`
 * (io.ts); models never write this form.
 */
export interface ResolvedIO {
  /** Signals this model alone writes. */
  writes: string[];
  /** Flow signals this model adds into. */
  adds: string[];
  /** Signals another model writes that this model revises within the step. */
  updates: string[];
  reads: SignalRead[];
  /** Written signals a scenario may shock. */
  shockable: string[];
  state: Record<string, number>;
  events: EventDecl[];
  /** Units of written and added signals. */
  units: Record<string, string>;
  /** Written or added signals declared coupling-only: not recorded by default (absent: none). */
  coupling?: string[];
}

/** A scheduled shock to a signal in this step, one value per path. */
export interface ShockLanes {
  /** Multiply the signal by this (1 when the shock only adds). */
  multiply: Float64Array;
  /** Then add this (0 when the shock only multiplies). */
  add: Float64Array;
}

/** What a model's `init` and `step` see: one block of paths at one step. */
export interface ModelContext<P extends ParamTable = ParamTable, R = unknown> {
  /** Paths in this block; every array below has this length (times a state field's width). */
  readonly paths: number;
  /** Global index of the block's first path. */
  readonly firstPath: number;
  /** 0 during `init`, then 1..steps. */
  readonly step: number;
  /** Days per step. */
  readonly stepDays: number;
  /** Days since the scenario start at the end of this step. */
  readonly day: number;
  /** Parameters: numbers one value per path, others as set. They can change at scheduled dates. */
  readonly p: ParamValues<P>;
  /** Per-path state fields declared in `io().state`. */
  readonly state: Record<string, Float64Array>;
  /** This model's random stream for the block (load a path, draw, store). */
  readonly rng: PathRng;
  /**
   * What the model's `prepare` made for this run's settings (layouts, kernels, scratch), one per
   * block workspace; `undefined` for a model without `prepare`.
   */
  readonly prepared: R;
  /** The current-step buffer of a signal the model declared (its declaration, or its name). */
  signal(signal: SignalDecl | string): Float64Array;
  /** The previous step's value of a signal declared `read(name, { prev: true })`. */
  prev(signal: SignalDecl | string): Float64Array;
  /** Whether an enabled model writes (or adds to) the signal. */
  has(signal: SignalDecl | string): boolean;
  /** Whether an enabled model revises the signal after its writer (an `updated` declaration). */
  isUpdated(signal: SignalDecl | string): boolean;
  /**
   * Whether anything uses the signal: a model reads or updates it, the run records it or an
   * event watches it. A writer may skip computing an optional output nobody uses.
   */
  isUsed(signal: SignalDecl | string): boolean;
  /** The shock scheduled for this step on a shockable signal, or null. */
  shock(signal: SignalDecl | string): ShockLanes | null;
}

/**
 * A model is data: a name, its parameters (each with unit, default and source), the signals
 * it reads and writes, and two functions that loop over all paths of a block. The engine
 * runs any model that fits this shape and knows none of them; models never import each other.
 */
export interface ModelDefinition<P extends ParamTable = ParamTable, R = unknown> {
  /** Short lowercase name: the key under `models:` in a scenario, and the prefix of its parameters. */
  name: string;
  /** One-line title for listings. */
  title: string;
  /** Where the model's README lives, relative to the repository root. */
  readme: string;
  params: P;
  /**
   * Signals, state and events, given the scenario's settings (numbers there may be
   * distributions). Every setting it reads shapes the run and cannot be changed by a scheduled
   * `set` (see shape.ts): read only what decides the state's size and the signals' names.
   */
  io(settings: ParamSettings<P>): ModelIO;
  /**
   * Optional: the per-run preparation. Turns the settings into what `init` and `step` use on
   * every block (layouts, compiled tables, kernels, scratch buffers sized for `blockSize`),
   * handed to them as `ctx.prepared`. Called once per block workspace (one per thread), never in
   * the step loop. Like `io`, every setting it reads shapes the run: values that a scheduled
   * `set` may change belong in `paramsChanged`, read from `ctx.p`.
   */
  prepare?(settings: ParamSettings<P>, env: PrepareEnv): R;
  /**
   * Optional: settings worked out before the run, once, in the main thread when the scenario is
   * validated: a starting state built from shipped data at the start date, checks that several
   * parameters agree. Returns the settings the plan carries (plain values, no distributions
   * added) and the problems found, each blamed on a parameter. Never called in a run or a worker.
   */
  resolveSettings?(settings: ParamSettings<P>, env: ResolveEnv): { settings: ParamSettings<P>; issues: SettingIssue[] };
  /** Sets initial state and the step-0 value of every written signal. */
  init(ctx: ModelContext<P, R>): void;
  /**
   * Optional: derives per-path constants from `ctx.p` (into `ctx.state`), so that `step` need
   * not recompute them every step. Called after `init`, and again before the `step` of any
   * step at which a scheduled `set` changed this model's parameters.
   */
  paramsChanged?(ctx: ModelContext<P, R>): void;
  /** Advances every path of the block by one step. No allocation here. */
  step(ctx: ModelContext<P, R>): void;
}

/** What a model's `resolveSettings` knows of the scenario besides the model's settings. */
export interface ResolveEnv {
  /** ISO date of step 0. */
  startDate: string;
  /** The parameters the scenario (or a file it extends) sets; the others hold their defaults. */
  given: ReadonlySet<string>;
}

/** A problem `resolveSettings` found: validate reports it at the parameter's line. */
export interface SettingIssue {
  /** The parameter at fault (a key of the model's params). */
  param: string;
  /** "expected …, found …", and what to change. */
  message: string;
}

/** What `prepare` knows of the run besides the settings. */
export interface PrepareEnv {
  /** Paths per block: the largest `ctx.paths` that `init` and `step` will see. */
  blockSize: number;
  /** Days per step. */
  stepDays: number;
  /** ISO date of step 0 (for a model with a calendar: seasons, dated profiles). */
  startDate: string;
  /**
   * The block workspace's arena, for scratch arrays beside its signals and state (in the same
   * WebAssembly memory where possible: engine/block-arena.ts); absent outside a workspace.
   */
  arena?: BlockArena;
}

/** Declares a model with its parameter and prepared types inferred. */
export function defineModel<P extends ParamTable, R = undefined>(model: ModelDefinition<P, R>): ModelDefinition<P, R> {
  return model;
}

/** What the engine needs to know of the available models: a list, in a stable order. */
export interface ModelRegistry {
  models: readonly ModelDefinition<any, any>[];
}
