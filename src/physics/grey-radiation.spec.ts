/**
 * Radiation arithmetic against the table of domain.md §6 (ε = 0.9, one side, 0 K sink) and
 * the Starcloud figure; tolerances are the rounding of the published figures (whole W/m²).
 */
import { describe, expect, it } from 'vitest';
import { netRadiatedFlux, sinkTemperature, STEFAN_BOLTZMANN, ZERO_CELSIUS_K } from './grey-radiation.js';

const K = (c: number) => c + ZERO_CELSIUS_K;

describe('netRadiatedFlux', () => {
  it.each([
    [20, 377],
    [60, 629],
    [80, 794],
    [100, 989],
  ])('ε = 0.9, one side, deep space, %d °C: %d W/m² (±0.5, the table rounds to whole W/m²)', (c, wPerM2) => {
    expect(Math.abs(netRadiatedFlux(0.9, K(c)) - wPerM2)).toBeLessThanOrEqual(0.5);
  });

  it('a two-sided black plate at 20 °C rejects 838 W/m² of planform (Starcloud white paper, ±0.5)', () => {
    expect(Math.abs(2 * netRadiatedFlux(1, K(20)) - 838)).toBeLessThanOrEqual(0.5);
  });

  it('1 MW at 60 °C, ε = 0.9, two sides, deep space: ≈795 m² of planform (domain.md §6, ±1 m²)', () => {
    expect(Math.abs(1e6 / (2 * netRadiatedFlux(0.9, K(60))) - 795)).toBeLessThanOrEqual(1);
  });

  it('is zero at the sink temperature and negative below it', () => {
    expect(netRadiatedFlux(0.8, 250, 250)).toBe(0);
    expect(netRadiatedFlux(0.8, 240, 250)).toBeLessThan(0);
  });
});

describe('sinkTemperature', () => {
  it('inverts the emission: εσT_sink⁴ = q_abs (relative 1e-12)', () => {
    const t = sinkTemperature(186.3, 0.9);
    expect(0.9 * STEFAN_BOLTZMANN * t ** 4).toBeCloseTo(186.3, 9);
  });

  it('an Earth-facing plate at 400 km absorbing ε·207 W/m² of Earth IR sees T_sink ≈ 246 K (domain.md §6, ±0.5 K)', () => {
    // 207 W/m² is the 234 W/m² Earth IR times the facing view factor 0.885 at 400 km
    expect(Math.abs(sinkTemperature(0.9 * 207, 0.9) - 246)).toBeLessThanOrEqual(0.5);
  });
});
