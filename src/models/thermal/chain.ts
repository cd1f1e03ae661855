import { netRadiatedFlux, ZERO_CELSIUS_K } from '../../physics/grey-radiation.js';
import { spreadingResistance, type PlateLayer, type SpreadingResistance } from '../../physics/spreading-resistance.js';
import type { SpreaderMaterial } from './materials.js';
import type { OrbitPreset } from './orbits.js';

/**
 * The steady-state heat path of a space data centre, one accelerator and one radiator, in SI
 * units. Symbols are those of README.md. Pure: the model calls it per path (twice: for the
 * configured spreader and for the baseline material), and the specs call it directly.
 */
export interface ChainInputs {
  /** P_IT, heat of the whole compute payload, W. */
  itPowerW: number;
  /** s_acc, share of P_IT dissipated in the accelerator packages. */
  acceleratorShare: number;
  /** P_c, W per accelerator. */
  chipPowerW: number;
  /** A_d, m². */
  dieAreaM2: number;
  /** t_Si, m. */
  dieThicknessM: number;
  /** k_Si, W/(m·K). */
  siliconK: number;
  /** R″₁, die-to-spreader interface, m²·K/W. */
  tim1M2KPerW: number;
  spreader: SpreaderMaterial;
  /** t_s, m. */
  spreaderThicknessM: number;
  /** A_s, m². */
  spreaderAreaM2: number;
  /** Film between die and spreader (e.g. CVD diamond on copper), or null. */
  film: SpreaderMaterial | null;
  /** t_f, m. */
  filmThicknessM: number;
  /** f_k, multiplies the spreader's and the film's conductivities. */
  conductivityFactor: number;
  /** R″₂, spreader-to-cold-plate interface, m²·K/W. */
  tim2M2KPerW: number;
  /** h_cp, cold-plate heat transfer coefficient, W/(m²·K). */
  coldPlateHtc: number;
  /** ΔT_loop, coolant at the cold plate minus the radiator's radiating temperature, K. */
  loopDeltaTK: number;
  /** T_j,max, °C. */
  junctionMaxC: number;
  /** Whether T_r follows from T_j,max (sizing) or is given (T_j follows). */
  sizing: 'junction-limit' | 'radiator-temperature';
  /** T_r, °C, used when sizing = radiator-temperature. */
  radiatorTempC: number;
  orbit: OrbitPreset;
  /** ε, infrared emissivity of the radiator. */
  emissivity: number;
  /** α, solar absorptance of the radiator. */
  solarAbsorptance: number;
  /** ρ, Earth's albedo. */
  albedo: number;
  /** q_IR, Earth's infrared emission, W/m². */
  earthIrWPerM2: number;
  /** G_s, W/m². */
  solarConstantWPerM2: number;
  /** n_s, radiating sides of a panel (1 or 2). */
  sides: number;
  /** η, share of the isothermal panel's rejection a real panel achieves. */
  finEfficiency: number;
  /** m″, kg per m² of panel. */
  arealDensityKgPerM2: number;
  /** t_ref, thickness the diamond price and supply are quoted for, m. */
  diamondRefThicknessM: number;
}

/** What the chain gives, per configuration. */
export interface ChainResult {
  /** N = s_acc·P_IT/P_c, accelerators. */
  chips: number;
  /** R_jc, junction (die centre) to coolant, K/W per accelerator. */
  junctionToCoolantKPerW: number;
  /** T_j, °C. */
  junctionC: number;
  /** T_r, °C. */
  radiatorTempC: number;
  /** q_abs, environmental flux absorbed per side, W/m². */
  absorbedWPerM2: number;
  /** q_panel = η·n_s·(εσT_r⁴ − q_abs), net W per m² of panel (≤ 0 when infeasible). */
  panelFluxWPerM2: number;
  /** A_r = P_IT/q_panel, m² of panel (∞ when q_panel ≤ 0). */
  areaM2: number;
  /** M_r = m″·A_r, kg. */
  radiatorMassKg: number;
  /** M_s = N·A_s·Σρ_i·t_i, kg of spreaders (and films). */
  spreaderMassKg: number;
  /** D = N·A_s·Σ_diamond t_i/t_ref, diamond in m² of reference-thickness plate. */
  diamondRefM2: number;
  /** 1 when the junction limit is met by a finite radiator, else 0. */
  feasible: number;
}

/** Empty result, to be filled by {@link solveChain}. */
export function newChainResult(): ChainResult {
  return {
    chips: 0,
    junctionToCoolantKPerW: 0,
    junctionC: 0,
    radiatorTempC: 0,
    absorbedWPerM2: 0,
    panelFluxWPerM2: 0,
    areaM2: 0,
    radiatorMassKg: 0,
    spreaderMassKg: 0,
    diamondRefM2: 0,
    feasible: 0,
  };
}

/** q_abs = α·G_s·(F_s + ρ·K_a·F_E) + ε·q_IR·F_E, per side, W/m². */
export function absorbedFlux(inp: ChainInputs): number {
  const o = inp.orbit;
  return inp.solarAbsorptance * inp.solarConstantWPerM2 * (o.solarFactor + inp.albedo * o.albedoIllumination * o.earthViewFactor) + inp.emissivity * inp.earthIrWPerM2 * o.earthViewFactor;
}

/**
 * What {@link junctionToCoolant} reuses on every call, so that solving a path allocates
 * nothing: the film and spreader layers, the stacks of one and two layers, and the spreading
 * resistance. One per block workspace (the model's `prepare`), or one per caller.
 */
export interface ChainScratch {
  readonly film: PlateLayer;
  readonly base: PlateLayer;
  readonly twoLayers: readonly PlateLayer[];
  readonly oneLayer: readonly PlateLayer[];
  readonly spread: SpreadingResistance;
}

/** A {@link ChainScratch}. */
export function newChainScratch(): ChainScratch {
  const film: PlateLayer = { thicknessM: 0, kInPlane: 0, kThrough: 0 };
  const base: PlateLayer = { thicknessM: 0, kInPlane: 0, kThrough: 0 };
  return { film, base, twoLayers: [film, base], oneLayer: [base], spread: { avgKPerW: 0, maxKPerW: 0 } };
}

/**
 * R_jc = t_Si/(k_Si·A_d) + R″₁/A_d + R_sp,max + 1/(h_eff·A_s), with h_eff = 1/(R″₂ + 1/h_cp)
 * and R_sp,max the Lee et al. peak resistance of the film + spreader stack (die of radius
 * a = √(A_d/π) on a plate of radius b = √(A_s/π)).
 */
export function junctionToCoolant(inp: ChainInputs, scratch: ChainScratch): number {
  const f = inp.conductivityFactor;
  const { film, base, spread } = scratch;
  base.thicknessM = inp.spreaderThicknessM;
  base.kInPlane = inp.spreader.kInPlane * f;
  base.kThrough = inp.spreader.kThrough * f;
  let layers = scratch.oneLayer;
  if (inp.film !== null && inp.filmThicknessM > 0) {
    film.thicknessM = inp.filmThicknessM;
    film.kInPlane = inp.film.kInPlane * f;
    film.kThrough = inp.film.kThrough * f;
    layers = scratch.twoLayers;
  }
  const hEff = 1 / (inp.tim2M2KPerW + 1 / inp.coldPlateHtc);
  if (!(hEff > 0)) return Infinity; // no cooling: no steady state
  const a = Math.sqrt(inp.dieAreaM2 / Math.PI);
  const b = Math.sqrt(inp.spreaderAreaM2 / Math.PI);
  spreadingResistance(a, b, layers, hEff, spread);
  const area = Math.max(inp.spreaderAreaM2, inp.dieAreaM2);
  return inp.dieThicknessM / (inp.siliconK * inp.dieAreaM2) + inp.tim1M2KPerW / inp.dieAreaM2 + spread.maxKPerW + 1 / (hEff * area);
}

/** Solves the chain for one configuration; writes into `out` and returns it. */
export function solveChain(inp: ChainInputs, out: ChainResult, scratch: ChainScratch): ChainResult {
  const rjc = junctionToCoolant(inp, scratch);
  const dropK = inp.chipPowerW * rjc + inp.loopDeltaTK; // T_j − T_r
  let tj: number;
  let tr: number;
  if (inp.sizing === 'junction-limit') {
    tj = inp.junctionMaxC;
    tr = tj - dropK;
  } else {
    tr = inp.radiatorTempC;
    tj = tr + dropK;
  }
  const qAbs = absorbedFlux(inp);
  const trK = tr + ZERO_CELSIUS_K;
  const qPanel = inp.finEfficiency * inp.sides * (trK > 0 ? netRadiatedFlux(inp.emissivity, trK) - qAbs : -qAbs);
  const area = qPanel > 0 ? inp.itPowerW / qPanel : Infinity;
  const chips = (inp.acceleratorShare * inp.itPowerW) / inp.chipPowerW;
  const perChipArea = Math.max(inp.spreaderAreaM2, inp.dieAreaM2);
  let massPerChip = inp.spreader.densityKgPerM3 * inp.spreaderThicknessM;
  let diamondThickness = inp.spreader.diamond ? inp.spreaderThicknessM : 0;
  if (inp.film !== null && inp.filmThicknessM > 0) {
    massPerChip += inp.film.densityKgPerM3 * inp.filmThicknessM;
    if (inp.film.diamond) diamondThickness += inp.filmThicknessM;
  }
  out.chips = chips;
  out.junctionToCoolantKPerW = rjc;
  out.junctionC = tj;
  out.radiatorTempC = tr;
  out.absorbedWPerM2 = qAbs;
  out.panelFluxWPerM2 = qPanel;
  out.areaM2 = area;
  out.radiatorMassKg = inp.arealDensityKgPerM2 * area;
  out.spreaderMassKg = chips * perChipArea * massPerChip;
  out.diamondRefM2 = (chips * perChipArea * diamondThickness) / inp.diamondRefThicknessM;
  out.feasible = qPanel > 0 && tj <= inp.junctionMaxC + 1e-9 ? 1 : 0;
  return out;
}
