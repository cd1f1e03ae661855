/**
 * Signals declared once. A model lists each signal it touches as one declaration — its name,
 * how the model uses it and (for what it produces) its unit — and uses the same declaration
 * object as the handle in its step code: `ctx.signal(PRICE)`. The engine reads the
 * declarations for ordering, units, shocks and checks; nothing is written twice.
 */

/** How a model uses a signal. */
export type SignalKind = 'written' | 'added' | 'updated' | 'read';

/** One signal as a model declares it; also the model's handle to its buffer. */
export interface SignalDecl<K extends SignalKind = SignalKind> {
  /** Signal name, e.g. `btc.price`. */
  readonly name: string;
  /**
   * - `written`: this model alone writes it, one value per path per step;
   * - `added`: a flow this model adds into (zeroed by the engine each step, summed over contributors);
   * - `updated`: written by another model and revised here within the step: this model runs after
   *   the writer and before every other current-step reader (the leverage cascade revises the
   *   market's price); several updaters run in the registry's order, which the engine README states;
   * - `read`: written or added by another model.
   */
  readonly kind: K;
  /** Unit of a written or added signal, for tables and chart axes (e.g. `USD`, `USD/day`, `0/1`). */
  readonly unit: string;
  /** A read of the previous step's value: how a feedback loop is closed (`ctx.prev`). */
  readonly prev: boolean;
  /** The model copes when no enabled model provides a read signal (it then reads zeros); check with `ctx.has`. */
  readonly optional: boolean;
  /** A written signal a scenario may `shock`; the model applies the shock itself (`ctx.shock`). */
  readonly shockable: boolean;
  /**
   * One of the few signals (4–6 per model) the terminal summary and the report's first screen
   * show; the others stay in `--json`, the store and the report's folded sections.
   */
  readonly headline?: boolean;
  /**
   * A written signal computed from the model's parameters alone (e.g. an area divided by an
   * assumed yearly supply): shown as an input, not as a simulated outcome.
   */
  readonly derivedFromParams?: boolean;
  /**
   * A coupling-only signal (written or added): other models read it, people do not (an order
   * book's internal flow, a per-item delivery count). A scenario records it only when its
   * `record:` list names it; every other signal is recorded by default. Default false.
   */
  readonly coupling?: boolean;
}

/** Options of a written signal. */
export interface WrittenOptions {
  /** A scenario may shock it (default false). */
  shockable?: boolean;
  /** Shown in the summary's and report's headline (see {@link SignalDecl.headline}). */
  headline?: boolean;
  /** Computed from parameters alone: an input, not an outcome (see {@link SignalDecl.derivedFromParams}). */
  derivedFromParams?: boolean;
  /** Coupling-only: not recorded unless a scenario's `record:` names it (default false; {@link SignalDecl.coupling}). */
  coupling?: boolean;
}

/** Options of an added (flow) signal. */
export interface AddedOptions {
  /** Coupling-only: not recorded unless a scenario's `record:` names it (default false; {@link SignalDecl.coupling}). */
  coupling?: boolean;
}

/** Options of a read signal. */
export interface ReadOptions {
  /** Read the previous step's value (default false). */
  prev?: boolean;
  /** The model runs without a provider (default false). */
  optional?: boolean;
}

/** A signal this model alone writes, with its unit. */
export function written(name: string, unit: string, options: WrittenOptions = {}): SignalDecl<'written'> {
  const decl: SignalDecl<'written'> = { name, kind: 'written', unit, prev: false, optional: false, shockable: options.shockable ?? false, coupling: options.coupling ?? false };
  // the display flags only when set, so declarations without them stay as they were
  return { ...decl, ...(options.headline ? { headline: true } : {}), ...(options.derivedFromParams ? { derivedFromParams: true } : {}) };
}

/** A flow signal this model adds into, with its unit (every contributor declares the same unit). */
export function added(name: string, unit: string, options: AddedOptions = {}): SignalDecl<'added'> {
  return { name, kind: 'added', unit, prev: false, optional: false, shockable: false, coupling: options.coupling ?? false };
}

/** A signal another model writes that this model revises within the step. */
export function updated(name: string): SignalDecl<'updated'> {
  return { name, kind: 'updated', unit: '', prev: false, optional: false, shockable: false };
}

/** A signal another model writes or adds to, read by this model. */
export function read(name: string, options: ReadOptions = {}): SignalDecl<'read'> {
  return { name, kind: 'read', unit: '', prev: options.prev ?? false, optional: options.optional ?? false, shockable: false };
}

/** A model's declarations as a list: given as an array or as a record of named handles. */
export function signalList(signals: readonly SignalDecl[] | Readonly<Record<string, SignalDecl>>): SignalDecl[] {
  return Array.isArray(signals) ? [...signals] : Object.values(signals as Record<string, SignalDecl>);
}
