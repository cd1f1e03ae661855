/**
 * Calibration of the market model against real BTC prices (Bitstamp, 2017-01-01 .. 2025-12-31,
 * data/btc_price_daily_usd_bitstamp.csv): the daily log returns the model simulates, pooled
 * over every path and day of scenarios/btc-2017-2025-calibration.yaml, must match the data's
 * standard deviation, excess kurtosis and 1% quantile.
 *
 * Tolerance: 2 standard errors of the DATA's statistic, estimated here by a moving-block
 * bootstrap. The data are one 9-year path, so each of its statistics carries sampling error
 * (volatility clusters, so the error is larger than the i.i.d. formulas say; blocks of 30
 * days keep that clustering). The model's pooled statistic comes from 1,000 paths of the same
 * length and its own error is ~√1000 ≈ 30 times smaller, so it is close to the model's true
 * value: the test asks whether the data could plausibly come from the model, at about the
 * 95% level per statistic. Everything is seeded, so the verdict is deterministic.
 *
 * Kurtosis is the weak check: its standard error (~7) is over half its value, so 2 SE admits
 * anything from Gaussian-like to twice the data's. The 1% quantile is the informative tail check.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DAYS_PER_YEAR } from '../../engine/calendar.js';
import { runPlan } from '../../engine/run.js';
import { loadScenario } from '../../scenario/plan.js';
import { registry, registryUrl } from '../index.js';
import { absAutocorrelation } from '../../backtest/scores/acf.js';
import { varianceRatio } from '../../backtest/scores/variance-ratio.js';

const DATA = fileURLToPath(new URL('../../../data/btc_price_daily_usd_bitstamp.csv', import.meta.url));
const SCENARIO = fileURLToPath(new URL('../../../scenarios/btc-2017-2025-calibration.yaml', import.meta.url));
const FIRST = '2017-01-01';
const LAST = '2025-12-31';
/** Moving-block bootstrap: block length (days) and replicates. */
const BLOCK_DAYS = 30;
const REPLICATES = 2000;
const TOLERANCE_SE = 2;

interface Stats {
  mean: number;
  sd: number;
  excessKurtosis: number;
  q01: number;
  /** Reported, not asserted: the model's jumps give only part of the data's left skew. */
  skew: number;
  /** Reported, not asserted. */
  q99: number;
}

/** Daily log returns of the CSV's prices from `first` to `last` (inclusive), checking every day is present. */
function dailyLogReturns(first: string, last: string): Float64Array {
  const lines = fs.readFileSync(DATA, 'utf8').trim().split('\n').slice(1);
  const prices: number[] = [];
  let prevMs = NaN;
  for (const line of lines) {
    const [date, price] = line.split(',');
    if (date < first || date > last) continue;
    const ms = Date.parse(date + 'T00:00:00Z');
    if (prices.length && ms - prevMs !== 86400e3) throw new Error(`gap in ${DATA} before ${date}`);
    prevMs = ms;
    prices.push(Number(price));
  }
  const r = new Float64Array(prices.length - 1);
  for (let i = 0; i < r.length; i++) r[i] = Math.log(prices[i + 1] / prices[i]);
  return r;
}

/** Quantile of sorted `x` with linear interpolation between order statistics (NumPy's default, type 7). */
function quantileSorted(x: Float64Array, q: number): number {
  const h = (x.length - 1) * q;
  const lo = Math.floor(h);
  return x[lo] + (h - lo) * (x[Math.min(lo + 1, x.length - 1)] - x[lo]);
}

/** Mean, sample standard deviation, excess kurtosis (m₄/m₂² − 3), skew (m₃/m₂^1.5), 1% and 99% quantiles. Sorts `x`. */
function stats(x: Float64Array): Stats {
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i];
  const mean = s / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  const sd = Math.sqrt(m2 / (n - 1));
  const excessKurtosis = m4 / n / (m2 / n) ** 2 - 3;
  const skew = m3 / n / (m2 / n) ** 1.5;
  x.sort();
  return { mean, sd, excessKurtosis, q01: quantileSorted(x, 0.01), skew, q99: quantileSorted(x, 0.99) };
}

/** mulberry32: a small seeded generator of uniforms on [0, 1); enough to pick block starts. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard errors of {@link stats} by the moving-block bootstrap (blocks of `block` days, uniform starts). */
function blockBootstrapSe(x: Float64Array, block: number, replicates: number, seed: number): Stats {
  const n = x.length;
  const rand = mulberry32(seed);
  const buf = new Float64Array(n);
  const keys = ['mean', 'sd', 'excessKurtosis', 'q01', 'skew', 'q99'] as const;
  const sum: Stats = { mean: 0, sd: 0, excessKurtosis: 0, q01: 0, skew: 0, q99: 0 };
  const sumSq = { ...sum };
  for (let b = 0; b < replicates; b++) {
    for (let filled = 0; filled < n; ) {
      const start = Math.floor(rand() * (n - block + 1));
      const len = Math.min(block, n - filled);
      buf.set(x.subarray(start, start + len), filled);
      filled += len;
    }
    const s = stats(buf);
    for (const k of keys) {
      sum[k] += s[k];
      sumSq[k] += s[k] ** 2;
    }
  }
  const se = { ...sum };
  for (const k of keys) se[k] = Math.sqrt((sumSq[k] - sum[k] ** 2 / replicates) / (replicates - 1));
  return se;
}

describe('market calibration: Bitstamp daily log returns 2017–2025', () => {
  const returns = dailyLogReturns(FIRST, LAST);
  const data = stats(returns.slice());
  const se = blockBootstrapSe(returns, BLOCK_DAYS, REPLICATES, 20170101);

  it('reads 3,286 daily returns with the moments quoted in README.md', () => {
    expect(returns.length).toBe(3286);
    expect(data.sd).toBeCloseTo(0.03679, 5);
    expect(data.excessKurtosis).toBeCloseTo(12.52, 2);
    expect(data.q01).toBeCloseTo(-0.1064, 4);
    // the bootstrap's own Monte Carlo error at 2,000 replicates is ~2% of each SE
    expect(se.sd).toBeGreaterThan(0.001);
    expect(se.sd).toBeLessThan(0.0025);
    expect(se.q01).toBeGreaterThan(0.003);
    expect(se.q01).toBeLessThan(0.008);
  });

  it('the scenario has the span of the data and a drift giving the sample mean', () => {
    const { points, valid } = loadScenario(SCENARIO, registry);
    expect(valid.scenario.start).toBe(FIRST);
    expect(valid.steps).toBe(returns.length);
    // μ_r is the expected log return in regime r: the stationary mean daily log return is
    // E[μ_r]/DAYS_PER_YEAR over the regime mix (the trend has mean 0)
    const s = points[0].plan.models.find((m) => m.name === 'market')!.settings as Record<string, number>;
    const piStress = s.calmToStressPerDay / (s.calmToStressPerDay + s.stressToCalmPerDay);
    const meanPerDay = ((1 - piStress) * s.driftCalmPerYear + piStress * s.driftStressPerYear) / DAYS_PER_YEAR;
    // the drift is there only to centre the 1% quantile; 1e-6/day is 0.02% of its SE
    expect(Math.abs(meanPerDay - data.mean)).toBeLessThan(1e-6);
  });

  it('simulated sd, excess kurtosis and 1% quantile lie within 2 bootstrap SE of the data', async () => {
    const { points } = loadScenario(SCENARIO, registry);
    const plan = points[0].plan;
    const { record } = await runPlan(plan, { registryUrl, threads: 2 });
    expect(record.samples.length).toBe(plan.paths);
    const steps = plan.steps;
    const pooled = new Float64Array(record.samples.length * steps);
    record.samples.forEach((sample, j) => pooled.set(sample.values['btc.return'].subarray(1), j * steps)); // step 0 is the start, not a return
    const sim = stats(pooled);
    const rows = (['sd', 'excessKurtosis', 'q01', 'skew', 'q99'] as const).map((k) => ({
      statistic: k,
      data: data[k],
      simulated: sim[k],
      bootstrapSe: se[k],
      zScore: (sim[k] - data[k]) / se[k],
    }));
    console.table(rows);
    console.log(`simulated mean ${sim.mean.toFixed(6)}/day vs data ${data.mean.toFixed(6)} (SE ${se.mean.toFixed(6)})`);
    for (const row of rows.slice(0, 3)) expect(Math.abs(row.zScore), row.statistic).toBeLessThanOrEqual(TOLERANCE_SE);

    // Volatility clustering and trends: the autocorrelation of |returns| at lags 1–100 and the
    // variance ratios at 30–180 days. Each of the model's 1,000 paths is a 9-year sample like the
    // data, so the spread of a statistic across paths is its sampling distribution under the
    // model: the data's value must lie inside the model's central 95% (2.5–97.5% across paths).
    const paths = record.samples.map((sample) => sample.values['btc.return'].subarray(1));
    const lags = [1, 5, 20, 50, 100];
    const horizons = [30, 90, 180];
    const dataAcf = absAutocorrelation(returns, 100);
    const modelAcf = paths.map((x) => absAutocorrelation(x, 100));
    const memory = [
      ...lags.map((k) => ({ statistic: `acf|r| lag ${k}`, data: dataAcf[k - 1], model: modelAcf.map((a) => a[k - 1]) })),
      ...horizons.map((h) => ({ statistic: `VR ${h} d`, data: varianceRatio(returns, h), model: paths.map((x) => varianceRatio(x, h)) })),
    ].map(({ statistic, data: d, model }) => {
      const sorted = Float64Array.from(model).sort();
      return { statistic, data: d, modelMedian: quantileSorted(sorted, 0.5), model025: quantileSorted(sorted, 0.025), model975: quantileSorted(sorted, 0.975) };
    });
    console.table(memory);
    for (const m of memory) {
      expect(m.data, m.statistic).toBeGreaterThanOrEqual(m.model025);
      expect(m.data, m.statistic).toBeLessThanOrEqual(m.model975);
    }
    // That range is wide (one 9-year path says little about lag 100), so the fit is also held
    // where it was made: the model's median within 0.035 of the data's autocorrelation at lags
    // 1–20 and 0.02 at 50–100, and within 0.15 of its variance ratios. The regime-only model
    // this replaced missed lag 100 by 0.030 (median 0.000) and VR 180 by 0.6 (median 0.90).
    for (const m of memory) {
      const tolerance = m.statistic.startsWith('VR') ? 0.15 : /lag (50|100)$/.test(m.statistic) ? 0.02 : 0.035;
      expect(Math.abs(m.modelMedian - m.data), m.statistic).toBeLessThanOrEqual(tolerance);
    }
  });
});
