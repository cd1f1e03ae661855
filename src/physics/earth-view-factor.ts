/**
 * View factor F from a small flat plate in orbit to the planet below (a sphere of radius R,
 * the plate at distance R + h from its centre; H = (R + h)/R). Two orientations cover the
 * radiators of a space data centre (Howell, A Catalog of Radiation Heat Transfer Configuration
 * Factors, differential planar element to a sphere):
 *
 * - facing the planet (normal towards the centre): F = 1/H²;
 * - edge-on (normal perpendicular to the nadir, the plate's plane through the centre):
 *   F = (1/π)·[arctan(1/√(H² − 1)) − √(H² − 1)/H²].
 *
 * F is the share of the plate's hemisphere, weighted by cos θ, that the planet fills: the
 * planet's infrared and albedo loads on a side are q·F. The spec checks both forms against a
 * direct numerical integration over the planet's visible cap.
 */

/** Mean Earth radius, m (IUGG mean radius R₁). */
export const EARTH_RADIUS_M = 6_371_000;

/** H = (R + h)/R. */
function heightRatio(altitudeM: number, radiusM: number): number {
  return (radiusM + altitudeM) / radiusM;
}

/**
 * View factor of a plate facing the planet (nadir-pointing normal).
 *
 * @param altitudeM - h, altitude above the surface, m
 * @param radiusM - R, planet radius, m
 */
export function viewFactorFacing(altitudeM: number, radiusM = EARTH_RADIUS_M): number {
  const H = heightRatio(altitudeM, radiusM);
  return 1 / (H * H);
}

/**
 * View factor of a plate seen edge-on from the planet (normal perpendicular to the nadir): each
 * of a two-sided vertical panel's sides sees this much of the planet.
 *
 * @param altitudeM - h, altitude above the surface, m (> 0)
 * @param radiusM - R, planet radius, m
 */
export function viewFactorEdgeOn(altitudeM: number, radiusM = EARTH_RADIUS_M): number {
  const H = heightRatio(altitudeM, radiusM);
  const x = Math.sqrt(H * H - 1);
  return (Math.atan(1 / x) - x / (H * H)) / Math.PI;
}
