import { PathRng } from '../engine/rng/path-rng.js';

/**
 * A seeded stream of uniforms on [0, 1) for the analysis plans (Latin hypercube permutations,
 * Morris starts, bootstrap resamples): the engine's xoshiro128** with its seed derivation, one
 * named stream per use, so that the same seed gives the same plan and the same intervals.
 */
export function seededUniform(seed: number, stream: string): () => number {
  const rng = new PathRng(seed, 0, 1, `analysis#${stream}`);
  rng.load(0);
  return () => rng.uniform();
}
