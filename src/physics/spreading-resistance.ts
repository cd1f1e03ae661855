/**
 * Spreading resistance of a heat spreader: a circular source of radius a (uniform flux) on a
 * coaxial circular plate of radius b, the plate's far face cooled with a uniform heat
 * transfer coefficient h, its edge adiabatic. Closed form of Lee, Song, Au and Moran (1995),
 * "Constriction/spreading resistance model for electronics packaging", ASME/JSME Thermal
 * Engineering Conference vol. 4, pp. 199–206:
 *
 *   ε = a/b,  τ = t/b,  Bi = h·b/k,  λ_c = π + 1/(√π·ε)
 *   Φ_c = (tanh(λ_c·τ) + λ_c/Bi) / (1 + (λ_c/Bi)·tanh(λ_c·τ))
 *   ψ_avg = ε·τ/√π + ½·(1 − ε)^{3/2}·Φ_c
 *   ψ_max = ε·τ/√π + (1 − ε)·Φ_c/√π
 *   R = ψ/(√π·k·a)
 *
 * R_avg raises the source's mean temperature, R_max its centre (peak) temperature, above the
 * cooled face; the film resistance 1/(h·π·b²) comes on top. The ε·τ/√π term is the plate's
 * one-dimensional conduction t/(k·π·b²). Limits: ε → 0 with a thick plate gives ψ_max → 1/√π,
 * the exact half-space value for a uniform-flux disc (R = 1/(π·k·a)), and ψ_avg → ½ (exact:
 * 8/(3π^{3/2}) = 0.479); ε → 1 leaves one-dimensional conduction.
 *
 * Two extensions, both exact transformations of the same boundary-value problem:
 * - an orthotropic layer (in-plane k_r, through-plane k_z, e.g. graphite sheet) behaves as an
 *   isotropic layer of conductivity √(k_r·k_z) and thickness t·√(k_r/k_z);
 * - a stack of layers (a diamond film on a copper plate): Φ_c is the normalised input
 *   impedance of the stack for the one Fourier–Bessel mode of wavenumber λ_c/b that Lee's
 *   closed form keeps, obtained by chaining each layer's thermal quadrupole from the cooled
 *   face up. For one isotropic layer this is exactly Lee's Φ_c. It keeps Lee's one-mode
 *   approximation; the spec checks it against a finite-difference solution.
 */

/** One layer of a spreader, listed from the source side down to the cooled face. */
export interface PlateLayer {
  /** t, m. */
  thicknessM: number;
  /** k_r, in-plane conductivity, W/(m·K). */
  kInPlane: number;
  /** k_z, through-plane conductivity, W/(m·K) (equal to k_r for an isotropic material). */
  kThrough: number;
}

/** Source-to-cooled-face resistances of a spreader, K/W (the film 1/(h·π·b²) excluded). */
export interface SpreadingResistance {
  /** R_avg: raises the source's area-mean temperature. */
  avgKPerW: number;
  /** R_max: raises the source's centre (peak) temperature. */
  maxKPerW: number;
}

const SQRT_PI = Math.sqrt(Math.PI);

/** λ_c = π + 1/(√π·ε), Lee's single eigenvalue. */
export function leeEigenvalue(epsilon: number): number {
  return Math.PI + 1 / (SQRT_PI * epsilon);
}

/**
 * Spreading plus one-dimensional conduction resistance of a stack of layers (Lee et al. 1995,
 * extended to orthotropic layers and stacks as described above).
 *
 * @param sourceRadiusM - a, radius of the heat source (a die of area A has a = √(A/π)), m
 * @param plateRadiusM - b, radius of the spreader (taken as a when smaller), m
 * @param layers - the layers from the source side down; at least one
 * @param hWPerM2K - h, heat transfer coefficient on the cooled face, W/(m²·K), > 0
 * @param out - where to write the result (lets a caller avoid allocation)
 */
export function spreadingResistance(
  sourceRadiusM: number,
  plateRadiusM: number,
  layers: readonly PlateLayer[],
  hWPerM2K: number,
  out: SpreadingResistance = { avgKPerW: 0, maxKPerW: 0 },
): SpreadingResistance {
  const a = sourceRadiusM;
  const b = plateRadiusM > a ? plateRadiusM : a;
  const eps = a / b;
  const lambda = leeEigenvalue(eps) / b; // 1/m, the mode's wavenumber
  // input impedance Z = θ/q of the mode, from the cooled face (q = hθ) up through each layer
  let z = 1 / hWPerM2K;
  let r1d = 0; // Σ t/(k_z·π·b²)
  for (let n = layers.length - 1; n >= 0; n--) {
    const { thicknessM: t, kInPlane: kr, kThrough: kz } = layers[n];
    const kEff = Math.sqrt(kr * kz);
    const th = Math.tanh(lambda * t * Math.sqrt(kr / kz));
    const K = kEff * lambda;
    z = (z + th / K) / (K * th * z + 1);
    r1d += t / (kz * Math.PI * b * b);
  }
  const top = layers[0];
  const kTop = Math.sqrt(top.kInPlane * top.kThrough);
  const phi = kTop * lambda * z;
  const scale = SQRT_PI * kTop * a; // ψ = R·√π·k·a
  const psi1d = r1d * scale;
  const rest = 1 - eps;
  out.avgKPerW = (psi1d + 0.5 * rest * Math.sqrt(rest) * phi) / scale;
  out.maxKPerW = (psi1d + (rest * phi) / SQRT_PI) / scale;
  return out;
}
