import { sampleDistribution, type NumberOrDistribution } from './distributions.js';
import { inNumberRange, type NumberParam } from './params.js';
import type { PathRng } from './rng/path-rng.js';

/** How often a draw outside a field's range is redrawn before it is clamped into the range. */
const MAX_REDRAWS = 64;

/**
 * The value of a number field for the working path of `rng`: the number itself, or a draw of
 * its distribution, redrawn while outside the field's range (the distribution is truncated to
 * the range) and clamped after {@link MAX_REDRAWS} tries. Struct fields use this at `init`, as
 * the engine does for number parameters.
 */
export function drawNumber(value: NumberOrDistribution, decl: NumberParam, rng: PathRng): number {
  if (typeof value === 'number') return value;
  const range = { ...decl, integer: false };
  let v = sampleDistribution(value, rng);
  for (let k = 0; k < MAX_REDRAWS && !inNumberRange(range, v); k++) v = sampleDistribution(value, rng);
  if (decl.min !== undefined && v < decl.min) v = decl.min;
  if (decl.max !== undefined && v > decl.max) v = decl.max;
  return v;
}
