/**
 * The Ishigami function (Ishigami & Homma 1990), the standard test of Sobol' estimators:
 * f = sin x1 + a sin² x2 + b x3⁴ sin x1 on [−π, π]³ with a = 7, b = 0.1. Its indices are known in
 * closed form (Sobol' & Levitan 1999): S1 = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437).
 */
export const ISHIGAMI = { a: 7, b: 0.1 } as const;

/** f at one point of the unit cube (each coordinate mapped to [−π, π]). */
export function ishigami(u: ArrayLike<number>, o = 0): number {
  const x1 = -Math.PI + 2 * Math.PI * u[o];
  const x2 = -Math.PI + 2 * Math.PI * u[o + 1];
  const x3 = -Math.PI + 2 * Math.PI * u[o + 2];
  return Math.sin(x1) + ISHIGAMI.a * Math.sin(x2) ** 2 + ISHIGAMI.b * x3 ** 4 * Math.sin(x1);
}

/** The analytic indices, from the variance decomposition (a = 7, b = 0.1). */
export function ishigamiIndices(): { s1: number[]; st: number[] } {
  const { a, b } = ISHIGAMI;
  const pi4 = Math.PI ** 4;
  const v1 = 0.5 * (1 + (b * pi4) / 5) ** 2;
  const v2 = (a * a) / 8;
  const v13 = ((b * b * pi4 * pi4) / 18) - ((b * b * pi4 * pi4) / 50);
  const v = v1 + v2 + v13;
  return { s1: [v1 / v, v2 / v, 0], st: [(v1 + v13) / v, v2 / v, v13 / v] };
}
