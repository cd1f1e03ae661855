import { sampleDistribution, type DistributionSpec, type NumberOrDistribution } from './distributions.js';
import { inNumberRange, type NumberParam } from './params.js';
import type { PathRng } from './rng/path-rng.js';

/** How often a draw outside a parameter's (or field's) range is redrawn before it is clamped into the range. */
const MAX_REDRAWS = 64;

/**
 * The value of a number field for the working path of `rng`: the number itself, or a draw of
 * its distribution (rounded for a whole-number field), redrawn while outside the field's range
 * (the distribution is truncated to the range) and clamped after {@link MAX_REDRAWS} tries.
 * The one rule for numbers drawn in a range: the engine's draws of number parameters (per path,
 * at the start and at a scheduled `set`) and struct fields at `init`.
 */
export function drawNumber(value: NumberOrDistribution, decl: NumberParam, rng: PathRng): number {
  if (typeof value === 'number') return value;
  let v = drawOnce(value, decl, rng);
  for (let k = 0; k < MAX_REDRAWS && !inNumberRange(decl, v); k++) v = drawOnce(value, decl, rng);
  if (decl.min !== undefined && v < decl.min) v = decl.min;
  if (decl.max !== undefined && v > decl.max) v = decl.max;
  return v;
}

/** One number field of a struct laid out in a per-path record: its value, drawn at `init` into rec[o + slot]. */
export interface Column {
  slot: number;
  value: NumberOrDistribution;
  decl: NumberParam;
}

/** Draws every column of path i (rng's stream of that path) into its slot of the path's record at rec[o…]. */
export function drawColumns(columns: readonly Column[], rec: Float64Array, o: number, rng: PathRng, i: number): void {
  rng.load(i);
  for (let c = 0; c < columns.length; c++) rec[o + columns[c].slot] = drawNumber(columns[c].value, columns[c].decl, rng);
  rng.store(i);
}

function drawOnce(spec: DistributionSpec, decl: NumberParam, rng: PathRng): number {
  const v = sampleDistribution(spec, rng);
  return decl.integer ? Math.round(v) : v;
}
