import type { PathRng } from './rng/path-rng.js';

/** Normal with mean and standard deviation, in the parameter's unit. */
export interface NormalSpec { dist: 'normal'; mean: number; sd: number }
/** Lognormal by its median (the parameter's unit) and the sd of its logarithm. */
export interface LognormalSpec { dist: 'lognormal'; median: number; sigma: number }
/** Uniform on [min, max]. */
export interface UniformSpec { dist: 'uniform'; min: number; max: number }
/** Triangular on [min, max] with its peak at `mode`. */
export interface TriangularSpec { dist: 'triangular'; min: number; mode: number; max: number }
/** One of the listed values, each equally likely (or with `weights`). */
export interface ChoiceSpec { dist: 'choice'; values: number[]; weights?: number[] }

/** An uncertain number: drawn once per path when the run starts (or when a `set` applies). */
export type DistributionSpec = NormalSpec | LognormalSpec | UniformSpec | TriangularSpec | ChoiceSpec;
/** A parameter value as a scenario gives it: a number, or a distribution of numbers. */
export type NumberOrDistribution = number | DistributionSpec;

export const DISTRIBUTION_NAMES = ['normal', 'lognormal', 'uniform', 'triangular', 'choice'] as const;

/** Draws one value of `spec` from the working generator of `rng`. */
export function sampleDistribution(spec: DistributionSpec, rng: PathRng): number {
  switch (spec.dist) {
    case 'normal':
      return spec.mean + spec.sd * rng.normal();
    case 'lognormal':
      return spec.median * Math.exp(spec.sigma * rng.normal());
    case 'uniform':
      return spec.min + (spec.max - spec.min) * rng.uniform();
    case 'triangular': {
      const { min, mode, max } = spec;
      const u = rng.uniform();
      const cut = (mode - min) / (max - min);
      return u < cut ? min + Math.sqrt(u * (max - min) * (mode - min)) : max - Math.sqrt((1 - u) * (max - min) * (max - mode));
    }
    case 'choice': {
      const w = spec.weights;
      const u = rng.uniform();
      if (!w) return spec.values[Math.min(spec.values.length - 1, Math.floor(u * spec.values.length))];
      const total = w.reduce((a, b) => a + b, 0);
      let acc = 0;
      for (let k = 0; k < w.length; k++) {
        acc += w[k] / total;
        if (u < acc) return spec.values[k];
      }
      return spec.values[spec.values.length - 1];
    }
  }
}

/** The value a distribution is centred on: what `cascade models` and sizing use. */
export function centralValue(v: NumberOrDistribution): number {
  if (typeof v === 'number') return v;
  switch (v.dist) {
    case 'normal':
      return v.mean;
    case 'lognormal':
      return v.median;
    case 'uniform':
      return (v.min + v.max) / 2;
    case 'triangular':
      return v.mode;
    case 'choice':
      return v.values[0];
  }
}

/** Bounds within which every draw of `spec` falls, or ±Infinity for unbounded tails. */
export function distributionSupport(spec: DistributionSpec): [number, number] {
  switch (spec.dist) {
    case 'normal':
      return [-Infinity, Infinity];
    case 'lognormal':
      return [0, Infinity];
    case 'uniform':
    case 'triangular':
      return [spec.min, spec.max];
    case 'choice':
      return [Math.min(...spec.values), Math.max(...spec.values)];
  }
}
