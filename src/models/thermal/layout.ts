import type { ModelContext } from '../../engine/model.js';
import { recordLayout } from '../../engine/record-layout.js';
import { read, written } from '../../engine/signals.js';
import { newChainResult, newChainScratch, type ChainInputs, type ChainResult, type ChainScratch } from './chain.js';
import type { thermalParams } from './params.js';

/*
 * The thermal model's signals, each declared once: the declarations are io()'s list and the
 * handles kernel.ts passes to ctx.signal. Symbols as in README.md; B marks the baseline spreader.
 */
/** T_j. */
export const JUNCTION_C = written('thermal.junctionC', '°C', { headline: true });
/** T_j^B − T_j. */
export const JUNCTION_SAVED_K = written('thermal.junctionSavedK', 'K');
/** T_r. */
export const RADIATOR_TEMP_C = written('thermal.radiatorTempC', '°C');
/** q_panel, net rejection per m² of panel. */
export const RADIATOR_FLUX = written('thermal.radiatorFluxWPerM2', 'W/m²');
/** A_r (∞ when infeasible). */
export const RADIATOR_AREA = written('thermal.radiatorAreaM2', 'm²', { headline: true });
/** M_r. */
export const RADIATOR_MASS = written('thermal.radiatorMassKg', 'kg');
/** A_r per kW of P_IT. */
export const RADIATOR_M2_PER_KW = written('thermal.radiatorM2PerKw', 'm²/kW');
/** M_r per kW of P_IT. */
export const RADIATOR_KG_PER_KW = written('thermal.radiatorKgPerKw', 'kg/kW');
/** A_r^B − A_r. */
export const AREA_SAVED = written('thermal.areaSavedM2', 'm²');
/** (M_r^B + M_s^B) − (M_r + M_s). */
export const MASS_SAVED = written('thermal.massSavedKg', 'kg');
/** D, diamond in m² of reference-thickness plate. */
export const DIAMOND_AREA = written('thermal.diamondAreaM2', 'm²');
/** C = 10⁴·c_d·D·π_d. */
export const DIAMOND_COST = written('thermal.diamondCostUsd', 'USD', { headline: true });
/** Y = D/(S_d·a_d). */
export const DIAMOND_SUPPLY_YEARS = written('thermal.diamondSupplyYears', 'years', { derivedFromParams: true });
/** c_L·(mass saved) − (C − C^B). */
export const NET_SAVING = written('thermal.netSavingUsd', 'USD', { headline: true });
/** 1 when the design holds T_j,max with a finite radiator, else 0. */
export const FEASIBLE = written('thermal.feasible', '1 feasible, 0 not', { headline: true });
/** π_d, the supply model's diamond price index (1 without it). */
export const PRICE_INDEX = read('supply.diamondPriceIndex', { optional: true });
/** a_d, the share of S_d the supply model says can be had (1 without it). */
export const AVAILABILITY = read('supply.diamondAvailability', { optional: true });

/** Every signal of the thermal model, in the order of its tables. */
export const SIGNALS = [
  JUNCTION_C,
  JUNCTION_SAVED_K,
  RADIATOR_TEMP_C,
  RADIATOR_FLUX,
  RADIATOR_AREA,
  RADIATOR_MASS,
  RADIATOR_M2_PER_KW,
  RADIATOR_KG_PER_KW,
  AREA_SAVED,
  MASS_SAVED,
  DIAMOND_AREA,
  DIAMOND_COST,
  DIAMOND_SUPPLY_YEARS,
  NET_SAVING,
  FEASIBLE,
  PRICE_INDEX,
  AVAILABILITY,
];

/**
 * A path's record in state.path: the money bases the chain gives once (at init and after a
 * scheduled set), which each step scales by the supply model's price index and availability:
 * costUsd, 10⁴·c_d·D (C before π_d); baselineCostUsd, the same for the baseline spreader
 * (C^B); launchSavingUsd, c_L·(mass saved); supplyYears, D/S_d (Y before a_d).
 */
export const PATH = recordLayout({ costUsd: 1, baselineCostUsd: 1, launchSavingUsd: 1, supplyYears: 1 });

/**
 * What `prepare` builds once per block workspace: the chain's inputs and its two results (the
 * configured spreader and the baseline), reused for every path, and the chain's own scratch.
 */
export class ThermalScratch {
  readonly inputs = {} as ChainInputs;
  readonly ours: ChainResult = newChainResult();
  readonly base: ChainResult = newChainResult();
  readonly chain: ChainScratch = newChainScratch();
}

/** The context the thermal model's init, paramsChanged and step receive. */
export type ThermalContext = ModelContext<typeof thermalParams, ThermalScratch>;
