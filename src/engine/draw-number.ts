import { sampleDistribution, type DistributionSpec, type NumberOrDistribution } from './distributions.js';
import { inNumberRange, type NumberParam } from './params.js';
import type { PathRng } from './rng/path-rng.js';

/** How often a draw outside a field's range is redrawn before it is clamped into the range. */
const MAX_REDRAWS = 64;

/**
 * The value of a number field for the working path of `rng`: the number itself, or a draw of
 * its distribution (rounded for a whole-number field), redrawn while outside the field's range
 * (the distribution is truncated to the range) and clamped after {@link MAX_REDRAWS} tries.
 * Struct fields use this at `init`; it is the rule of the engine's draws of number parameters.
 */
export function drawNumber(value: NumberOrDistribution, decl: NumberParam, rng: PathRng): number {
  if (typeof value === 'number') return value;
  let v = drawOnce(value, decl, rng);
  for (let k = 0; k < MAX_REDRAWS && !inNumberRange(decl, v); k++) v = drawOnce(value, decl, rng);
  if (decl.min !== undefined && v < decl.min) v = decl.min;
  if (decl.max !== undefined && v > decl.max) v = decl.max;
  return v;
}

function drawOnce(spec: DistributionSpec, decl: NumberParam, rng: PathRng): number {
  const v = sampleDistribution(spec, rng);
  return decl.integer ? Math.round(v) : v;
}
