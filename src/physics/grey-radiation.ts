/**
 * Radiative exchange of a grey, diffuse plate with its surroundings (Stefan–Boltzmann law).
 *
 * A plate of emissivity ε at temperature T emits εσT⁴ per unit area and side. What it absorbs
 * from its surroundings (sunlight, albedo, planet infrared) is lumped into one absorbed flux
 * q_abs, which equals the emission of the same plate at its equivalent sink temperature,
 * T_sink⁴ = q_abs/(εσ). The net flux rejected per side is then
 *
 *   q = εσT⁴ − q_abs = εσ(T⁴ − T_sink⁴).
 *
 * One implementation, used by every model that sizes a radiator.
 */

/** σ, the Stefan–Boltzmann constant, W/(m²·K⁴): CODATA 2018 value (exact in the 2019 SI). */
export const STEFAN_BOLTZMANN = 5.670374419e-8;

/** 0 °C in kelvin. */
export const ZERO_CELSIUS_K = 273.15;

/**
 * Net flux a grey plate rejects per unit area of one side: εσ(T⁴ − T_sink⁴).
 *
 * @param emissivity - ε, hemispherical infrared emissivity (0–1)
 * @param tempK - T, plate temperature, K
 * @param sinkK - T_sink, equivalent sink temperature, K (0 for deep space)
 * @returns W/m², negative when the plate absorbs more than it emits
 */
export function netRadiatedFlux(emissivity: number, tempK: number, sinkK = 0): number {
  const t2 = tempK * tempK;
  const s2 = sinkK * sinkK;
  return emissivity * STEFAN_BOLTZMANN * (t2 * t2 - s2 * s2);
}

/**
 * Equivalent sink temperature of an absorbed flux: T_sink = (q_abs/(εσ))^¼.
 *
 * @param absorbedFlux - q_abs, environmental flux absorbed per unit area of one side, W/m²
 * @param emissivity - ε of the plate (0–1)
 * @returns K
 */
export function sinkTemperature(absorbedFlux: number, emissivity: number): number {
  return Math.sqrt(Math.sqrt(absorbedFlux / (emissivity * STEFAN_BOLTZMANN)));
}
