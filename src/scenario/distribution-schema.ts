import { z } from 'zod';
import { distributionSupport, type DistributionSpec } from '../engine/distributions.js';
import { describeNumberRange, inNumberRange, type NumberParam } from '../engine/params.js';
import { describeFound } from './issues.js';

const finite = z.number();

/** Zod schema of an uncertain number (see engine/distributions.ts for the meaning of fields). */
export const distributionSchema = z.discriminatedUnion('dist', [
  z.strictObject({ dist: z.literal('normal'), mean: finite, sd: finite.positive() }).meta({ description: 'Normal: mean and standard deviation, in the parameter unit' }),
  z.strictObject({ dist: z.literal('lognormal'), median: finite.positive(), sigma: finite.nonnegative() }).meta({ description: 'Lognormal: median (parameter unit) and sd of the logarithm' }),
  z.strictObject({ dist: z.literal('uniform'), min: finite, max: finite }).meta({ description: 'Uniform on [min, max]' }),
  z.strictObject({ dist: z.literal('triangular'), min: finite, mode: finite, max: finite }).meta({ description: 'Triangular on [min, max] peaking at mode' }),
  z.strictObject({ dist: z.literal('choice'), values: z.array(finite).min(1), weights: z.array(finite.nonnegative()).optional() }).meta({ description: 'One of values (weights optional)' }),
]);

/** A number parameter's schema: a number in range, or a distribution. */
export function numberSettingSchema(decl: NumberParam): z.ZodType {
  return z
    .union([finite, distributionSchema])
    .default(decl.default)
    .meta({ description: `${decl.description} Unit: ${decl.unit}. Default ${decl.default}. Source: ${decl.source}` });
}

const DIST_HINT = 'or a distribution such as {dist: normal, mean: …, sd: …} (also lognormal, uniform, triangular, choice)';

/**
 * Explains what is wrong with a number parameter's setting, or returns null when it is fine.
 * Distributions must be well formed, and bounded ones must stay inside the parameter's range
 * (unbounded tails are redrawn into the range at sampling time).
 */
export function checkNumberSetting(decl: NumberParam, v: unknown): string | null {
  const range = describeNumberRange(decl);
  if (typeof v === 'number') return inNumberRange(decl, v) ? null : `expected ${range}, found ${describeFound(v)}`;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return `expected ${range} ${DIST_HINT}, found ${describeFound(v)}`;
  const parsed = distributionSchema.safeParse(v);
  if (!parsed.success) {
    const d = (v as { dist?: unknown }).dist;
    if (typeof d !== 'string' || !['normal', 'lognormal', 'uniform', 'triangular', 'choice'].includes(d)) {
      return `expected ${range} ${DIST_HINT}, found an object with dist ${describeFound(d)}`;
    }
    const first = parsed.error.issues[0];
    const field = first.path.join('.');
    const keys = first.code === 'unrecognized_keys' ? ` (unknown field ${first.keys.join(', ')})` : '';
    return `expected a ${d} distribution with valid ${field || 'fields'}${keys}: ${DIST_FIELDS[d]}, found ${describeFound((v as Record<string, unknown>)[field] ?? v)}`;
  }
  const spec = parsed.data as DistributionSpec;
  if ((spec.dist === 'uniform' || spec.dist === 'triangular') && !(spec.min < spec.max)) return `expected ${spec.dist} min < max, found min ${spec.min} and max ${spec.max}`;
  if (spec.dist === 'triangular' && !(spec.mode >= spec.min && spec.mode <= spec.max)) return `expected triangular min ≤ mode ≤ max, found mode ${spec.mode}`;
  if (spec.dist === 'choice' && spec.weights && spec.weights.length !== spec.values.length) return `expected one weight per value (${spec.values.length}), found ${spec.weights.length}`;
  if (spec.dist === 'choice' && spec.weights) {
    const total = spec.weights.reduce((a, b) => a + b, 0);
    if (!(total > 0) || !Number.isFinite(total)) return `expected choice weights with a positive, finite sum, found ${total} (weights ${spec.weights.join(', ')})`;
  }
  if (spec.dist === 'choice') {
    const out = spec.values.find((x) => !inNumberRange(decl, x));
    if (out !== undefined) return `expected every choice value to be ${range}, found ${out}`;
    return null;
  }
  const [lo, hi] = distributionSupport(spec);
  const check = (x: number) => !Number.isFinite(x) || inNumberRange(decl, x) || (decl.integer && inNumberRange({ ...decl, integer: false }, x));
  // a lognormal's support is the open interval (0, ∞): it fits a parameter that must be > 0
  const lowOk = spec.dist === 'lognormal' ? decl.min === undefined || decl.min <= 0 : check(lo);
  if (!lowOk || !check(hi)) return `expected the distribution to stay within ${range}, found support [${lo}, ${hi}]`;
  const centre = spec.dist === 'normal' ? spec.mean : spec.dist === 'lognormal' ? spec.median : undefined;
  if (centre !== undefined && !inNumberRange({ ...decl, integer: false }, centre)) return `expected the distribution's centre to be ${range}, found ${centre}`;
  return null;
}

const DIST_FIELDS: Record<string, string> = {
  normal: 'mean (number) and sd (> 0)',
  lognormal: 'median (> 0) and sigma (≥ 0, sd of the logarithm)',
  uniform: 'min and max',
  triangular: 'min, mode and max',
  choice: 'values (a non-empty list of numbers) and optional weights',
};
