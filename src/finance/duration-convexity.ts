/**
 * Repricing by duration and convexity: a change Δr in the discount rate moves the price of an
 * asset with modified duration D and convexity C by the second-order Taylor expansion
 *
 *   ΔP/P ≈ −D·Δr + ½·C·Δr²,   so   ΔlnP = ln(1 − D·Δr + ½·C·Δr²).
 *
 * For a bond D and C come from src/finance/bond.ts and the error is third order in Δr; for a
 * growing perpetuity (Gordon, P = CF/(r − g)) D = 1/(r − g) and C = 2D², and the expansion is
 * the exact 1/(1 + D·Δr) to second order. The polynomial stays positive when C ≥ D²/2 (true
 * for bonds, where C ≥ D², and for Gordon assets); below that a large Δr could take it to
 * zero, so it is floored at `floor`.
 *
 * @returns the change in log price
 */
export function durationConvexityLogReturn(duration: number, convexity: number, dr: number, floor = 1e-6): number {
  const ratio = 1 - duration * dr + 0.5 * convexity * dr * dr;
  return Math.log(ratio > floor ? ratio : floor);
}

/** D and C of a growing perpetuity (Gordon model) at r − g = `spread`: D = 1/spread, C = 2/spread². */
export function gordonDurationConvexity(spread: number): { duration: number; convexity: number } {
  return { duration: 1 / spread, convexity: 2 / (spread * spread) };
}
