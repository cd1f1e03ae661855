import type { z } from 'zod';
import type { NumberOrDistribution } from './distributions.js';

/** What every parameter declares, so that `cascade models` can list it and errors can explain it. */
interface ParamBase {
  /** Unit, e.g. `USD`, `1/year`, `fraction`, `days`; `—` for dimensionless names. */
  unit: string;
  /** One sentence: what the parameter means. */
  description: string;
  /** Where the default comes from (a reference in domain.md or a paper), or `assumption: why`. */
  source: string;
  /**
   * Why the value cannot change during a run (e.g. "the number of classes sizes the state"):
   * the scenario loader refuses a scheduled `set` of it, naming the file, line and this reason.
   * A setting the model's `io` or `prepare` reads shapes the run whether declared or not
   * (shape.ts finds it); declaring it says why in `cascade models`.
   */
  shapesState?: string;
}

/** A real number, per path: it may be given as a distribution and drawn for each path. */
export interface NumberParam extends ParamBase {
  kind: 'number';
  default: number;
  /** Smallest allowed value (inclusive unless `exclusiveMin`). */
  min?: number;
  exclusiveMin?: boolean;
  /** Largest allowed value (inclusive unless `exclusiveMax`). */
  max?: number;
  exclusiveMax?: boolean;
  /** Whether only whole numbers make sense. */
  integer?: boolean;
}

/** One of a fixed list of names (a policy preset, a mode). The same for every path. */
export interface ChoiceParam<T extends string = string> extends ParamBase {
  kind: 'choice';
  values: readonly T[];
  default: T;
}

/** A structured value (a list, a table) checked by its own zod schema. The same for every path. */
export interface StructParam<T = unknown> extends ParamBase {
  kind: 'struct';
  schema: z.ZodType<T>;
  default: T;
  /** How the default reads in `cascade models`, when JSON would be too long. */
  summary?: string;
  /**
   * The fields of each entry (a lender's `cashShare`, a fleet class's `rigs`), declared like
   * parameters with unit, default and source, so that `cascade models` and the README tables
   * list them. Keys name the field; `entry` says where it sits (e.g. `<id>.segments.<name>`).
   */
  fields?: StructFields;
}

/** The documented fields of a struct parameter: where an entry's fields sit, and each field. */
export interface StructFields {
  /** Path of an entry below the parameter, e.g. `<id>` for a table keyed by id, `[i]` for a list. */
  entry: string;
  fields: Record<string, NumberParam | ChoiceParam | StructParam>;
}

export type ParamDecl = NumberParam | ChoiceParam | StructParam;
/** A model's parameters by name. */
export type ParamTable = Record<string, ParamDecl>;

/** Parameters as a model sees them in a block: numbers are one value per path. */
export type ParamValues<T extends ParamTable> = {
  [K in keyof T]: T[K] extends NumberParam ? Float64Array : T[K] extends ChoiceParam<infer E> ? E : T[K] extends StructParam<infer V> ? V : never;
};

/** Parameters as a scenario gives them: numbers may be distributions. */
export type ParamSettings<T extends ParamTable> = {
  [K in keyof T]: T[K] extends NumberParam ? NumberOrDistribution : T[K] extends ChoiceParam<infer E> ? E : T[K] extends StructParam<infer V> ? V : never;
};

/** Declares a per-path number parameter. */
export function num(decl: Omit<NumberParam, 'kind'>): NumberParam {
  return { kind: 'number', ...decl };
}

/** Declares a choice among names. */
export function choice<const T extends string>(decl: Omit<ChoiceParam<T>, 'kind'>): ChoiceParam<T> {
  return { kind: 'choice', ...decl };
}

/** Declares a structured parameter with its own schema. */
export function struct<T>(decl: Omit<StructParam<T>, 'kind'>): StructParam<T> {
  return { kind: 'struct', ...decl };
}

/** The sign of a bound: ≥ (or > if exclusive) for a lower bound, ≤ (or <) for an upper one. */
export function boundSign(side: 'min' | 'max', exclusive = false): string {
  if (side === 'min') return exclusive ? '>' : '≥';
  return exclusive ? '<' : '≤';
}

/**
 * A number parameter's bounds, the one way its range is written: `['≥ 0', '< 1']`, with `gap`
 * between sign and bound (`''` for the compact `cascade models` listing: `['≥0', '<1']`).
 */
export function numberBounds(p: NumberParam, gap = ' '): string[] {
  const bounds: string[] = [];
  if (p.min !== undefined) bounds.push(`${boundSign('min', p.exclusiveMin)}${gap}${p.min}`);
  if (p.max !== undefined) bounds.push(`${boundSign('max', p.exclusiveMax)}${gap}${p.max}`);
  return bounds;
}

/** "a number ≥ 0 (USD)": how a parameter's allowed values read in an error message. */
export function describeNumberRange(p: NumberParam): string {
  const bounds = numberBounds(p);
  const kind = p.integer ? 'a whole number' : 'a number';
  return `${kind}${bounds.length ? ' ' + bounds.join(' and ') : ''} (${p.unit})`;
}

/** Whether `v` is an allowed value of the number parameter. */
export function inNumberRange(p: NumberParam, v: number): boolean {
  if (!Number.isFinite(v)) return false;
  if (p.integer && !Number.isInteger(v)) return false;
  if (p.min !== undefined && (p.exclusiveMin ? v <= p.min : v < p.min)) return false;
  if (p.max !== undefined && (p.exclusiveMax ? v >= p.max : v > p.max)) return false;
  return true;
}
