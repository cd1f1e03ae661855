import { normalCdf } from '../../finance/normal-cdf.js';

/**
 * The continuous ranked probability score of an ensemble forecast x₁ ≤ … ≤ x_m for the outcome y:
 *
 *   CRPS = (1/m)·Σ|x_i − y| − (1/(2m²))·Σ_i Σ_j |x_i − x_j|
 *        = (1/m)·Σ|x_i − y| − (1/m²)·Σ_i (2i − m − 1)·x_i        (x sorted, i from 1)
 *
 * the energy form of Gneiting & Raftery (2007, eq. 21), exact for the ensemble's empirical
 * distribution. Lower is better; it has the unit of x and reduces to |x − y| for one member.
 *
 * @param sorted - ensemble members in ascending order (not modified)
 * @param y - the outcome
 */
export function crpsEnsemble(sorted: ArrayLike<number>, y: number): number {
  const m = sorted.length;
  if (m === 0) return NaN;
  let absErr = 0;
  let spread = 0;
  for (let i = 0; i < m; i++) {
    const x = sorted[i];
    absErr += Math.abs(x - y);
    spread += (2 * (i + 1) - m - 1) * x;
  }
  return absErr / m - spread / (m * m);
}

/**
 * CRPS of a normal forecast N(μ, σ²) for y, in closed form (Gneiting et al. 2005, eq. 5):
 * σ·[z·(2Φ(z) − 1) + 2φ(z) − 1/√π], z = (y − μ)/σ. The reference the ensemble form is tested on.
 */
export function crpsNormal(mu: number, sigma: number, y: number): number {
  const z = (y - mu) / sigma;
  const pdf = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
  return sigma * (z * (2 * normalCdf(z) - 1) + 2 * pdf - 1 / Math.sqrt(Math.PI));
}
