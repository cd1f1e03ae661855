import { normalCdf } from './normal-cdf.js';

/**
 * The run share of a global game (Morris–Shin; Goldstein–Pauzner, JF 2005; domain.md §2 [31]).
 * Each client sees a private signal x = θ + σ·ε of the fundamental θ, ε ~ N(0, 1), and runs
 * when x < θ*. The share of clients who run is then
 *
 *   Pr(x < θ*) = Φ((θ* − θ) / σ)
 *
 * smooth in θ, and a step at θ* in the limit σ → 0 (the common-knowledge case, where any
 * θ < θ* makes everybody run and the outcome is no longer arbitrary: the threshold decides).
 *
 * @param coverage - θ, the fundamental the clients observe with noise
 * @param threshold - θ*, the signal below which a client runs
 * @param noise - σ, the standard deviation of a client's signal error (0: everybody sees θ)
 * @returns the share of clients whose signal is below the threshold, in [0, 1]
 */
export function globalGamesRunShare(coverage: number, threshold: number, noise: number): number {
  if (noise > 0) return normalCdf((threshold - coverage) / noise);
  return coverage < threshold ? 1 : 0;
}
