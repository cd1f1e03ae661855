import type { ParamSettings, ParamTable, ParamValues } from './params.js';
import type { PathRng } from './rng/path-rng.js';

/** A signal a model reads. */
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
  /** Signals this model alone writes (one value per path per step). */
  writes: string[];
  /** Flow signals this model adds into (zeroed by the engine each step, summed over contributors). */
  adds?: string[];
  /**
   * Signals another model writes that this model revises within the step: it runs after their
   * writer and before every other current-step reader, reads their value with `ctx.signal` and
   * writes the revised value back (the leverage cascade turns the market's pre-cascade price
   * into the one price every other model sees). Several updaters run in registry order.
   */
  updates?: string[];
  reads?: SignalRead[];
  /** Written signals a scenario may `shock`; the model applies the shock itself (see `ctx.shock`). */
  shockable?: string[];
  /** Per-path state fields and their width (1 for a scalar, k for a vector of k values per path). */
  state: Record<string, number>;
  events?: EventDecl[];
  /** Units of written and added signals, for tables and chart axes. */
  units: Record<string, string>;
}

/** A scheduled shock to a signal in this step, one value per path. */
export interface ShockLanes {
  /** Multiply the signal by this (1 when the shock only adds). */
  multiply: Float64Array;
  /** Then add this (0 when the shock only multiplies). */
  add: Float64Array;
}

/** What a model's `init` and `step` see: one block of paths at one step. */
export interface ModelContext<P extends ParamTable = ParamTable> {
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
  /** The current-step buffer of a signal the model writes, adds to or reads. */
  signal(name: string): Float64Array;
  /** The previous step's value of a signal read with `prev: true`. */
  prev(name: string): Float64Array;
  /** Whether an enabled model writes (or adds to) the signal. */
  has(name: string): boolean;
  /** Whether an enabled model revises the signal after its writer (see `ModelIO.updates`). */
  isUpdated(name: string): boolean;
  /**
   * Whether anything uses the signal: a model reads or updates it, the run records it or an
   * event watches it. A writer may skip computing an optional output nobody uses.
   */
  isUsed(name: string): boolean;
  /** The shock scheduled for this step on a shockable signal, or null. */
  shock(name: string): ShockLanes | null;
}

/**
 * A model is data: a name, its parameters (each with unit, default and source), the signals
 * it reads and writes, and two functions that loop over all paths of a block. The engine
 * runs any model that fits this shape and knows none of them; models never import each other.
 */
export interface ModelDefinition<P extends ParamTable = ParamTable> {
  /** Short lowercase name: the key under `models:` in a scenario, and the prefix of its parameters. */
  name: string;
  /** One-line title for listings. */
  title: string;
  /** Where the model's README lives, relative to the repository root. */
  readme: string;
  params: P;
  /** Signals, state and events, given the scenario's settings (numbers there may be distributions). */
  io(settings: ParamSettings<P>): ModelIO;
  /** Sets initial state and the step-0 value of every written signal. */
  init(ctx: ModelContext<P>): void;
  /**
   * Optional: derives per-path constants from `ctx.p` (into `ctx.state`), so that `step` need
   * not recompute them every step. Called after `init`, and again before the `step` of any
   * step at which a scheduled `set` changed this model's parameters.
   */
  paramsChanged?(ctx: ModelContext<P>): void;
  /** Advances every path of the block by one step. No allocation here. */
  step(ctx: ModelContext<P>): void;
}

/** Declares a model with its parameter types inferred. */
export function defineModel<P extends ParamTable>(model: ModelDefinition<P>): ModelDefinition<P> {
  return model;
}

/** What the engine needs to know of the available models: a list, in a stable order. */
export interface ModelRegistry {
  models: readonly ModelDefinition<any>[];
}
