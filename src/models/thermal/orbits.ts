import { viewFactorEdgeOn } from '../../physics/earth-view-factor.js';

/**
 * Orbit presets: what a radiator panel sees. Every preset assumes flat two-sided panels
 * whose plane contains the nadir (edge-on to the Earth: each side sees the Earth with the
 * edge-on view factor F_E of `physics/earth-view-factor.ts`) and that are turned edge-on to
 * the Sun where the orbit allows. Factors are the two sides' mean, averaged over an orbit
 * (sizing for the orbit-average load; a design also checks the hot case):
 *
 *   q_abs = α·G_s·(F_s + ρ·K_a·F_E) + ε·q_IR·F_E     (per side, W/m²)
 *
 * F_s: mean cosine of the Sun's incidence; K_a: mean illumination of the Earth the panel sees
 * (1 for a sub-solar view, 1/π averaged over a noon–midnight orbit, small on the terminator).
 */
export interface OrbitPreset {
  altitudeKm: number;
  /** F_s, the sides' orbit-mean solar incidence factor. */
  solarFactor: number;
  /** F_E, the view factor of each side to the Earth. */
  earthViewFactor: number;
  /** K_a, orbit-mean illumination of the Earth seen, for albedo. */
  albedoIllumination: number;
  description: string;
}

export const ORBIT_NAMES = ['deep-space', 'leo-400', 'leo-650', 'sso-dawn-dusk-650', 'geo'] as const;
export type OrbitName = (typeof ORBIT_NAMES)[number];

/** Sun's greatest declination, degrees (obliquity of the ecliptic). */
const OBLIQUITY_DEG = 23.44;
const GEO_ALTITUDE_KM = 35_786;

export const ORBITS: Record<OrbitName, OrbitPreset> = {
  'deep-space': {
    altitudeKm: Infinity,
    solarFactor: 0,
    earthViewFactor: 0,
    albedoIllumination: 0,
    description: 'reference: no planet in view, panels edge-on to the Sun (the 629 W/m² at 60 °C of domain.md §6)',
  },
  'leo-400': {
    altitudeKm: 400,
    solarFactor: 0,
    earthViewFactor: viewFactorEdgeOn(400e3),
    albedoIllumination: 1 / Math.PI,
    description: 'ISS-like 400 km orbit, low beta angle: panels rotated edge-on to the Sun (as the ISS radiators are), F_E = 0.289; albedo averaged over day and night (1/π)',
  },
  'leo-650': {
    altitudeKm: 650,
    solarFactor: 0,
    earthViewFactor: viewFactorEdgeOn(650e3),
    albedoIllumination: 1 / Math.PI,
    description: '650 km orbit, low beta angle, panels edge-on to the Sun, F_E = 0.241; albedo averaged over day and night (1/π)',
  },
  'sso-dawn-dusk-650': {
    altitudeKm: 650,
    solarFactor: 0,
    earthViewFactor: viewFactorEdgeOn(650e3),
    albedoIllumination: 0.1,
    description:
      'dawn–dusk sun-synchronous at 650 km (Suncatcher, domain.md §6): the Sun stays near the orbit normal, so the panels stay edge-on to it with no eclipse; F_E = 0.241; the Earth below is on the terminator, lit at grazing angles (K_a = 0.1, assumption)',
  },
  geo: {
    altitudeKm: GEO_ALTITUDE_KM,
    solarFactor: Math.sin((OBLIQUITY_DEG * Math.PI) / 180) / 2,
    earthViewFactor: viewFactorEdgeOn(GEO_ALTITUDE_KM * 1e3),
    albedoIllumination: 1 / Math.PI,
    description:
      'geostationary, panels facing north and south: at a solstice one side sees the Sun at 23.44° (the sides’ mean F_s = sin 23.44°/2 = 0.199, the hot season); the Earth is negligible (F_E = 0.0007)',
  },
};
