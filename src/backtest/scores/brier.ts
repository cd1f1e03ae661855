/** One bin of a reliability table: forecasts whose probability fell in [low, high). */
export interface ReliabilityBin {
  low: number;
  high: number;
  /** Forecasts in the bin. */
  n: number;
  /** Mean forecast probability in the bin. */
  forecast: number;
  /** Observed frequency of the event in the bin. */
  observed: number;
}

/** The Brier score of probability forecasts, its Murphy (1973) decomposition and skill. */
export interface BrierResult {
  /** Mean of (f − o)²: 0 perfect, lower better. */
  brier: number;
  /** Σ n_k (f̄_k − ō_k)² / N: how far binned forecasts sit from what happened (lower better). */
  reliability: number;
  /** Σ n_k (ō_k − ō)² / N: how much binned outcomes differ from the base rate (higher better). */
  resolution: number;
  /** ō (1 − ō): the score of always forecasting the base rate ō. */
  uncertainty: number;
  /** The base rate ō of the sample. */
  baseRate: number;
  /** 1 − brier / brier(climatology), with the climatological probability given (or ō). */
  skill: number;
  table: ReliabilityBin[];
}

/**
 * Brier score of forecasts f_i of binary outcomes o_i, with the decomposition
 * BS ≈ reliability − resolution + uncertainty over `bins` equal probability bins (exact when
 * forecasts within a bin are equal), and the skill against a climatological probability
 * (`climatology`, default the sample base rate: then the skill is 1 − BS/(ō(1−ō))).
 */
export function brierScore(forecasts: readonly number[], outcomes: readonly boolean[], bins = 10, climatology?: number): BrierResult {
  const n = forecasts.length;
  let brier = 0;
  let hits = 0;
  const sumF = new Array<number>(bins).fill(0);
  const sumO = new Array<number>(bins).fill(0);
  const count = new Array<number>(bins).fill(0);
  for (let i = 0; i < n; i++) {
    const f = forecasts[i];
    const o = outcomes[i] ? 1 : 0;
    brier += (f - o) * (f - o);
    hits += o;
    const k = Math.min(bins - 1, Math.max(0, Math.floor(f * bins)));
    sumF[k] += f;
    sumO[k] += o;
    count[k]++;
  }
  brier /= n;
  const baseRate = hits / n;
  let reliability = 0;
  let resolution = 0;
  const table: ReliabilityBin[] = [];
  for (let k = 0; k < bins; k++) {
    if (count[k] === 0) continue;
    const fk = sumF[k] / count[k];
    const ok = sumO[k] / count[k];
    reliability += count[k] * (fk - ok) * (fk - ok);
    resolution += count[k] * (ok - baseRate) * (ok - baseRate);
    table.push({ low: k / bins, high: (k + 1) / bins, n: count[k], forecast: fk, observed: ok });
  }
  const clim = climatology ?? baseRate;
  let climBrier = 0;
  for (let i = 0; i < n; i++) climBrier += (clim - (outcomes[i] ? 1 : 0)) ** 2;
  climBrier /= n;
  return { brier, reliability: reliability / n, resolution: resolution / n, uncertainty: baseRate * (1 - baseRate), baseRate, skill: climBrier > 0 ? 1 - brier / climBrier : NaN, table };
}
