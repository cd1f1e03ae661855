import { solveChain } from './chain.js';
import {
  AREA_SAVED,
  AVAILABILITY,
  DIAMOND_AREA,
  DIAMOND_COST,
  DIAMOND_SUPPLY_YEARS,
  FEASIBLE,
  JUNCTION_C,
  JUNCTION_SAVED_K,
  MASS_SAVED,
  NET_SAVING,
  PATH,
  PRICE_INDEX,
  RADIATOR_AREA,
  RADIATOR_FLUX,
  RADIATOR_KG_PER_KW,
  RADIATOR_M2_PER_KW,
  RADIATOR_MASS,
  RADIATOR_TEMP_C,
  type ThermalContext,
} from './layout.js';
import { MATERIALS } from './materials.js';
import { ORBITS } from './orbits.js';
import { RADIATOR_AREAL_DENSITY_KG_PER_M2 } from './radiators.js';

const CM2_PER_M2 = 1e4;
const RECORD = PATH.width;
const COST = PATH.costUsd;
const BASELINE_COST = PATH.baselineCostUsd;
const LAUNCH_SAVING = PATH.launchSavingUsd;
const SUPPLY_YEARS = PATH.supplyYears;

/** Step 0: solves every path. */
export function initThermal(ctx: ThermalContext): void {
  solveAll(ctx);
}

/** A scheduled `set` changed a parameter: solve again (at step 0 init has just solved). */
export function thermalParamsChanged(ctx: ThermalContext): void {
  if (ctx.step > 0) solveAll(ctx);
}

/**
 * Steady state: the signals hold their values; only the supply model's price and
 * availability (when it runs) move the money signals.
 */
export function stepThermal(ctx: ThermalContext): void {
  if (ctx.has(PRICE_INDEX) || ctx.has(AVAILABILITY)) writeMoney(ctx);
}

/** Fills the prepared chain inputs for path i from the parameters (SI units), with the configured spreader and film or the baseline's. */
function loadInputs(ctx: ThermalContext, i: number, baseline: boolean): void {
  const p = ctx.p;
  const inputs = ctx.prepared.inputs;
  inputs.itPowerW = p.itPowerMw[i] * 1e6;
  inputs.acceleratorShare = p.acceleratorShare[i];
  inputs.chipPowerW = p.chipPowerW[i];
  inputs.dieAreaM2 = p.dieAreaMm2[i] * 1e-6;
  inputs.dieThicknessM = p.dieThicknessMm[i] * 1e-3;
  inputs.siliconK = p.siliconConductivity[i];
  inputs.tim1M2KPerW = p.tim1KCm2PerW[i] * 1e-4;
  inputs.spreader = MATERIALS[baseline ? p.baselineMaterial : p.spreaderMaterial];
  inputs.spreaderThicknessM = p.spreaderThicknessMm[i] * 1e-3;
  inputs.spreaderAreaM2 = p.spreaderAreaCm2[i] * 1e-4;
  inputs.film = baseline || p.filmMaterial === 'none' ? null : MATERIALS[p.filmMaterial];
  inputs.filmThicknessM = p.filmThicknessMm[i] * 1e-3;
  inputs.conductivityFactor = p.conductivityFactor[i];
  inputs.tim2M2KPerW = p.tim2KCm2PerW[i] * 1e-4;
  inputs.coldPlateHtc = p.coldPlateHtc[i];
  inputs.loopDeltaTK = p.loopDeltaTK[i];
  inputs.junctionMaxC = p.junctionMaxC[i];
  inputs.sizing = p.sizing;
  inputs.radiatorTempC = p.radiatorTempC[i];
  inputs.orbit = ORBITS[p.orbit];
  inputs.emissivity = p.emissivity[i];
  inputs.solarAbsorptance = p.solarAbsorptance[i];
  inputs.albedo = p.albedo[i];
  inputs.earthIrWPerM2 = p.earthIrWPerM2[i];
  inputs.solarConstantWPerM2 = p.solarConstantWPerM2[i];
  inputs.sides = p.radiatorSides[i];
  inputs.finEfficiency = p.finEfficiency[i];
  inputs.arealDensityKgPerM2 = p.radiatorTechnology === 'custom' ? p.arealDensityKgPerM2[i] : RADIATOR_AREAL_DENSITY_KG_PER_M2[p.radiatorTechnology];
  inputs.diamondRefThicknessM = p.diamondRefThicknessMm[i] * 1e-3;
}

/** Solves the chain for every path (configured spreader and baseline) and writes every signal. */
function solveAll(ctx: ThermalContext): void {
  const p = ctx.p;
  const { inputs, ours, base, chain } = ctx.prepared;
  const rec = ctx.state.path;
  const junction = ctx.signal(JUNCTION_C);
  const junctionSaved = ctx.signal(JUNCTION_SAVED_K);
  const radiatorTemp = ctx.signal(RADIATOR_TEMP_C);
  const flux = ctx.signal(RADIATOR_FLUX);
  const area = ctx.signal(RADIATOR_AREA);
  const mass = ctx.signal(RADIATOR_MASS);
  const areaPerKw = ctx.signal(RADIATOR_M2_PER_KW);
  const massPerKw = ctx.signal(RADIATOR_KG_PER_KW);
  const areaSaved = ctx.signal(AREA_SAVED);
  const massSaved = ctx.signal(MASS_SAVED);
  const diamondArea = ctx.signal(DIAMOND_AREA);
  const feasible = ctx.signal(FEASIBLE);
  for (let i = 0; i < ctx.paths; i++) {
    loadInputs(ctx, i, true);
    solveChain(inputs, base, chain);
    loadInputs(ctx, i, false);
    solveChain(inputs, ours, chain);
    const kw = p.itPowerMw[i] * 1e3;
    junction[i] = ours.junctionC;
    junctionSaved[i] = base.junctionC - ours.junctionC;
    radiatorTemp[i] = ours.radiatorTempC;
    flux[i] = ours.panelFluxWPerM2;
    area[i] = ours.areaM2;
    mass[i] = ours.radiatorMassKg;
    areaPerKw[i] = ours.areaM2 / kw;
    massPerKw[i] = ours.radiatorMassKg / kw;
    areaSaved[i] = base.areaM2 - ours.areaM2;
    const saved = base.radiatorMassKg + base.spreaderMassKg - (ours.radiatorMassKg + ours.spreaderMassKg);
    massSaved[i] = saved;
    diamondArea[i] = ours.diamondRefM2;
    feasible[i] = ours.feasible;
    const pricePerM2 = p.diamondCostUsdPerCm2[i] * CM2_PER_M2;
    const o = i * RECORD;
    rec[o + COST] = ours.diamondRefM2 * pricePerM2;
    rec[o + BASELINE_COST] = base.diamondRefM2 * pricePerM2;
    rec[o + LAUNCH_SAVING] = saved * p.launchCostUsdPerKg[i];
    rec[o + SUPPLY_YEARS] = ours.diamondRefM2 === 0 ? 0 : ours.diamondRefM2 / p.diamondSupplyM2PerYear[i]; // ∞ when none can be had
  }
  writeMoney(ctx);
}

/**
 * Writes the money signals from the per-path bases in the record, scaled by the supply
 * model's diamond price index π_d and availability a_d when it runs (1 and 1 otherwise).
 */
function writeMoney(ctx: ThermalContext): void {
  const rec = ctx.state.path;
  const cost = ctx.signal(DIAMOND_COST);
  const net = ctx.signal(NET_SAVING);
  const years = ctx.signal(DIAMOND_SUPPLY_YEARS);
  const hasPrice = ctx.has(PRICE_INDEX);
  const hasAvailability = ctx.has(AVAILABILITY);
  const price = ctx.signal(PRICE_INDEX);
  const avail = ctx.signal(AVAILABILITY);
  for (let i = 0; i < ctx.paths; i++) {
    const o = i * RECORD;
    const idx = hasPrice ? price[i] : 1;
    const a = hasAvailability ? avail[i] : 1;
    const supplyYears = rec[o + SUPPLY_YEARS];
    cost[i] = rec[o + COST] * idx;
    net[i] = rec[o + LAUNCH_SAVING] - (rec[o + COST] - rec[o + BASELINE_COST]) * idx;
    years[i] = supplyYears === 0 ? 0 : a > 0 ? supplyYears / a : Infinity;
  }
}
