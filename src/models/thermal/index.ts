import { defineModel, type ModelContext } from '../../engine/model.js';
import { newChainResult, solveChain, type ChainInputs } from './chain.js';
import { MATERIALS } from './materials.js';
import { ORBITS } from './orbits.js';
import { thermalParams } from './params.js';
import { RADIATOR_AREAL_DENSITY_KG_PER_M2 } from './radiators.js';

const CM2_PER_M2 = 1e4;
const PRICE_INDEX = 'supply.diamondPriceIndex';
const AVAILABILITY = 'supply.diamondAvailability';

type Ctx = ModelContext<typeof thermalParams>;

// per-thread scratch: the chain's inputs and results, reused for every path
const inputs = {} as ChainInputs;
const ours = newChainResult();
const base = newChainResult();

/** Fills `inputs` for path i from the parameters (SI units), with the given spreader and film. */
function loadInputs(ctx: Ctx, i: number, baseline: boolean): void {
  const p = ctx.p;
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

/**
 * Writes the money signals from the per-path bases in state, scaled by the supply model's
 * diamond price index and availability when it runs (1 and 1 otherwise).
 */
function writeMoney(ctx: Ctx): void {
  const { costUsd, baselineCostUsd, launchSavingUsd, supplyYears } = ctx.state;
  const cost = ctx.signal('thermal.diamondCostUsd');
  const net = ctx.signal('thermal.netSavingUsd');
  const years = ctx.signal('thermal.diamondSupplyYears');
  const hasPrice = ctx.has(PRICE_INDEX);
  const hasAvailability = ctx.has(AVAILABILITY);
  const price = ctx.signal(PRICE_INDEX);
  const avail = ctx.signal(AVAILABILITY);
  for (let i = 0; i < ctx.paths; i++) {
    const idx = hasPrice ? price[i] : 1;
    const a = hasAvailability ? avail[i] : 1;
    cost[i] = costUsd[i] * idx;
    net[i] = launchSavingUsd[i] - (costUsd[i] - baselineCostUsd[i]) * idx;
    years[i] = supplyYears[i] === 0 ? 0 : a > 0 ? supplyYears[i] / a : Infinity;
  }
}

/**
 * Steady-state heat rejection of a space data centre: accelerator junction → die → bond →
 * spreader (Lee et al. spreading resistance; optional film) → cold plate → pumped loop →
 * radiator in orbit; the radiator's area and mass, the saving over a baseline spreader, and
 * the diamond's cost and supply. Equations: README.md (same symbols); the chain: chain.ts.
 */
export const thermal = defineModel({
  name: 'thermal',
  title: 'Space data centre heat rejection: junction → spreader (Lee et al.) → loop → radiator; diamond vs copper',
  readme: 'src/models/thermal/README.md',
  params: thermalParams,
  io: () => ({
    writes: [
      'thermal.junctionC',
      'thermal.junctionSavedK',
      'thermal.radiatorTempC',
      'thermal.radiatorFluxWPerM2',
      'thermal.radiatorAreaM2',
      'thermal.radiatorMassKg',
      'thermal.radiatorM2PerKw',
      'thermal.radiatorKgPerKw',
      'thermal.areaSavedM2',
      'thermal.massSavedKg',
      'thermal.diamondAreaM2',
      'thermal.diamondCostUsd',
      'thermal.diamondSupplyYears',
      'thermal.netSavingUsd',
      'thermal.feasible',
    ],
    reads: [
      { name: PRICE_INDEX, optional: true },
      { name: AVAILABILITY, optional: true },
    ],
    state: { costUsd: 1, baselineCostUsd: 1, launchSavingUsd: 1, supplyYears: 1 },
    units: {
      'thermal.junctionC': '°C',
      'thermal.junctionSavedK': 'K',
      'thermal.radiatorTempC': '°C',
      'thermal.radiatorFluxWPerM2': 'W/m²',
      'thermal.radiatorAreaM2': 'm²',
      'thermal.radiatorMassKg': 'kg',
      'thermal.radiatorM2PerKw': 'm²/kW',
      'thermal.radiatorKgPerKw': 'kg/kW',
      'thermal.areaSavedM2': 'm²',
      'thermal.massSavedKg': 'kg',
      'thermal.diamondAreaM2': 'm²',
      'thermal.diamondCostUsd': 'USD',
      'thermal.diamondSupplyYears': 'years',
      'thermal.netSavingUsd': 'USD',
      'thermal.feasible': '1 feasible, 0 not',
    },
    events: [
      {
        name: 'thermal.infeasible',
        signal: 'thermal.feasible',
        op: '<',
        value: 0.5,
        description: 'no finite radiator holds the junction limit (or, at a given radiator temperature, the junction exceeds it)',
      },
    ],
  }),

  init(ctx) {
    solveAll(ctx);
  },

  // a scheduled `set` changed a parameter: solve again (at step 0 init has just solved)
  paramsChanged(ctx) {
    if (ctx.step > 0) solveAll(ctx);
  },

  step(ctx) {
    // steady state: the signals hold their values; only the supply model's price and
    // availability (when it runs) move the money signals
    if (ctx.has(PRICE_INDEX) || ctx.has(AVAILABILITY)) writeMoney(ctx);
  },
});

/** Solves the chain for every path (configured spreader and baseline) and writes every signal. */
function solveAll(ctx: Ctx): void {
  const p = ctx.p;
  const { costUsd, baselineCostUsd, launchSavingUsd, supplyYears } = ctx.state;
  const junction = ctx.signal('thermal.junctionC');
  const junctionSaved = ctx.signal('thermal.junctionSavedK');
  const radiatorTemp = ctx.signal('thermal.radiatorTempC');
  const flux = ctx.signal('thermal.radiatorFluxWPerM2');
  const area = ctx.signal('thermal.radiatorAreaM2');
  const mass = ctx.signal('thermal.radiatorMassKg');
  const areaPerKw = ctx.signal('thermal.radiatorM2PerKw');
  const massPerKw = ctx.signal('thermal.radiatorKgPerKw');
  const areaSaved = ctx.signal('thermal.areaSavedM2');
  const massSaved = ctx.signal('thermal.massSavedKg');
  const diamondArea = ctx.signal('thermal.diamondAreaM2');
  const feasible = ctx.signal('thermal.feasible');
  for (let i = 0; i < ctx.paths; i++) {
    loadInputs(ctx, i, true);
    solveChain(inputs, base);
    loadInputs(ctx, i, false);
    solveChain(inputs, ours);
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
    costUsd[i] = ours.diamondRefM2 * pricePerM2;
    baselineCostUsd[i] = base.diamondRefM2 * pricePerM2;
    launchSavingUsd[i] = saved * p.launchCostUsdPerKg[i];
    supplyYears[i] = ours.diamondRefM2 === 0 ? 0 : ours.diamondRefM2 / p.diamondSupplyM2PerYear[i]; // ∞ when none can be had
  }
  writeMoney(ctx);
}
