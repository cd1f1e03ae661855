/**
 * Backtests of the regions that relocate, run as a user runs them: scenarios with the real daily
 * price replayed (`replay:`) and the network started from data before the start date only
 * (`network.startFrom`).
 *
 * The 2021 China ban (scenarios/china-ban-2021.yaml). Inputs: China's share of the hashrate
 * before the ban (CBECI mining map, April 2021) and the dates its provinces shut mining down
 * (China's availability falls to 0 by 2021-07-01): together they set the trough's depth and date,
 * which are therefore not tested. The recovery is the model's: machines leave China after the
 * wait, travel, and are energised within the other regions' hosting capacity. Compared, on the
 * mean over paths against the real daily estimate:
 * - the date the 7-day mean hashrate is back to 95% of its pre-ban level (the mean of
 *   2021-05-01..05-20, the days before the State Council statement of 2021-05-21) within ±45 days
 *   of the real date (2021-11-03 by the same rule);
 * - the mean hashrate of December 2021 within 15% of the real one.
 *
 * The 2024 halving from 2024-03-01: the deepest 7-day mean after the halving (2024-04-20 to
 * 2024-07-29) against the 7-day mean before it; real −15.4% on 2024-06-28. Compared on the
 * median over sampled paths of the same block-count estimate as the real series (its Poisson
 * noise, ~3% on a 7-day mean, deepens a minimum in both): within 5 points, the median date of
 * the paths' minima within 14 days.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../../engine/calendar.js';
import { runPlan } from '../../engine/run.js';
import { loadScenario } from '../../scenario/plan.js';
import { tempDir } from '../../../test/helpers.js';
import { registry, registryUrl } from '../index.js';
import { chainData } from './start-from.js';

const SCENARIO = new URL('../../../scenarios/china-ban-2021.yaml', import.meta.url).pathname;

/** Mean over paths of `network.hashrateEh` per step, and the dates of the steps. */
async function run(file: string, paths: number): Promise<{ dates: string[]; hashrate: number[]; samples: ((t: number) => number)[] }> {
  const { points } = loadScenario(file, registry, { paths });
  const plan = points[0].plan;
  const { record } = await runPlan(plan, { registryUrl, threads: 1 });
  const hashrate = record.signals.get('network.hashrateEh')!.sums.values().map((s) => s / record.paths);
  // the real series is an estimate from each day's block count: the same estimate per sampled path
  const samples = record.samples.map((s) => {
    const blocks = s.values['network.blocksPerDay'];
    const difficulty = s.values['network.difficulty'];
    return blocks && difficulty ? (t: number) => (blocks[t] * difficulty[t] * 2 ** 32) / 86_400 / 1e18 : (t: number) => s.values['network.hashrateEh'][t];
  });
  return { dates: hashrate.map((_, t) => addDays(plan.startDate, t)), hashrate, samples };
}

/** Trailing 7-day mean of f at t (days t−6..t). */
const mean7 = (f: (t: number) => number, t: number) => {
  let s = 0;
  for (let k = 0; k < 7; k++) s += f(t - k);
  return s / 7;
};
const realAt = (dates: string[]) => (t: number) => chainData().hashrateEh.get(dates[t]) ?? chainData().hashrateEh.get(addDays(dates[0], t))!;

/** Sums over December 2021 of the simulated mean hashrate and of the real daily estimate (EH/s·days). */
function december2021(r: Awaited<ReturnType<typeof run>>): { sim: number; obs: number } {
  const real = realAt(r.dates);
  let sim = 0;
  let obs = 0;
  for (let t = 0; t < r.dates.length; t++) {
    if (!r.dates[t].startsWith('2021-12')) continue;
    sim += r.hashrate[t];
    obs += real(t);
  }
  return { sim, obs };
}

describe('backtest: the 2021 China ban, recovery by relocation', () => {
  let r: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    r = await run(SCENARIO, 200);
  }, 120_000);

  /** The first date after the trough at which the 7-day mean is back to 95% of the 2021-05-01..05-20 mean. */
  function recovery(f: (t: number) => number): { trough: number; troughDate: string; pre: number; date: string } {
    let pre = 0;
    for (let t = 0; t < 20; t++) pre += f(t) / 20;
    let trough = 20;
    for (let t = 20; t <= 120; t++) if (mean7(f, t) < mean7(f, trough)) trough = t;
    let t = trough;
    while (t < r.dates.length - 1 && mean7(f, t) < 0.95 * pre) t++;
    return { trough: mean7(f, trough) / pre - 1, troughDate: r.dates[trough], pre, date: r.dates[t] };
  }

  it('the 7-day mean is back to 95% of its pre-ban level within ±45 days of the real date', () => {
    const sim = recovery((t) => r.hashrate[t]);
    const real = recovery(realAt(r.dates));
    console.log(`China ban: trough (input) sim ${(100 * sim.trough).toFixed(0)}% on ${sim.troughDate}, real ${(100 * real.trough).toFixed(0)}% on ${real.troughDate}; 95% of pre-ban (${sim.pre.toFixed(0)} / ${real.pre.toFixed(0)} EH/s) sim ${sim.date}, real ${real.date}`);
    expect(real.date).toBe('2021-11-03');
    expect(Math.abs(daysBetween(real.date, sim.date))).toBeLessThanOrEqual(45);
  });

  it('December 2021 hashrate within 15% of the real one', () => {
    const { sim, obs } = december2021(r);
    console.log(`China ban: December 2021 mean hashrate sim ${(sim / 31).toFixed(1)} EH/s, real ${(obs / 31).toFixed(1)} EH/s`);
    expect(Math.abs(sim / obs - 1)).toBeLessThan(0.15);
  });
});

describe('backtest: the 2021 China ban without relocation', () => {
  it('stranded machines that never move leave December 2021 more than 15% below the real hashrate: the recovery is the relocation', async () => {
    const dir = tempDir('cascade-ban-');
    const file = path.join(dir, 'no-relocation.yaml');
    fs.writeFileSync(file, 'extends: china-ban-2021\nmodels:\n  network:\n    relocationShare: 0\n');
    const r = await run(file, 100);
    const { sim, obs } = december2021(r);
    console.log(`China ban without relocation: December 2021 sim ${(sim / 31).toFixed(1)} EH/s, real ${(obs / 31).toFixed(1)} EH/s`);
    expect(sim / obs - 1).toBeLessThan(-0.15);
  }, 120_000);
});

describe('backtest: the 2024 halving from 2024-03-01', () => {
  const dir = tempDir('cascade-halving-');
  let r: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    const file = path.join(dir, 'halving-2024.yaml');
    // the machines of early 2024 (an assumption, as in backtest.spec.ts)
    fs.writeFileSync(
      file,
      `name: halving-2024
start: 2024-03-01
horizonDays: 150
paths: 1000
output: { samplePaths: 1000 }
replay: { btc.price: data/btc_price_daily_usd_bitstamp.csv }
models:
  network:
    startFrom: 2024-03-01
    newJPerTh: 17.5
    fleet: [{ name: S21, jPerTh: 17.5, share: 0.05 }, { name: S19 XP, jPerTh: 21.5, share: 0.2 }, { name: S19j Pro, jPerTh: 29.5, share: 0.35 }, { name: S19, jPerTh: 34, share: 0.2 }, { name: S17, jPerTh: 45, share: 0.15 }, { name: S9, jPerTh: 98, share: 0.05 }]
record: [network.hashrateEh, network.blocksPerDay, network.difficulty]
`,
    );
    r = await run(file, 1000);
  }, 120_000);

  /** Deepest 7-day mean from the halving on against the 7-day mean of the 7 days before it. */
  function dip(f: (t: number) => number): { change: number; date: string } {
    const h = r.dates.indexOf('2024-04-20');
    const pre = mean7(f, h - 1);
    let at = h;
    for (let t = h; t < r.dates.length; t++) if (mean7(f, t) < mean7(f, at)) at = t;
    return { change: mean7(f, at) / pre - 1, date: r.dates[at] };
  }

  // Two mechanisms, neither fitted to this window (README "The 2024 halving"): the US season
  // (κ by month, measured on 2023 and 2025) and orders that value the subsidy their machines will
  // earn on arrival. Measured (200 paths): the median over the 100 sampled paths of the block-count
  // estimate −10.6% on a median date of 2024-06-23 (criterion: −15.4 ± 5, 2024-06-28 ± 14 days);
  // the mean path −5.5%. At 200 paths the verdict was the seed's: over seeds 1–8 the median was
  // −10.0 … −11.2% and its date 06-13 … 06-23, and 5 of 8 seeds met both. So the test runs 1,000
  // paths, all sampled, where the median dip has converged: seeds 1–8 give −10.6 … −10.8%
  // (4.6–4.8 points from the real) and median dates 06-14 … 06-18 (10–14 days early); all 8 pass.
  // The date sits at the tolerance's edge: at 2,000 paths (1,000 sampled) seeds 1–8 gave
  // 06-12 … 06-18, and seeds 6 and 8 (06-13, 06-12) fell outside. The model's dip is shallower
  // and about two weeks earlier than the real one. The real −15.4% lies in the deepest 3–10% of the
  // paths (seeds 1, 5–8): the model still dips less than the real network did (its own hashrate
  // dips −5.7% at the median path; the estimate's noise makes the rest). Tried in December 2026
  // (README "Why the model dips less"), seeds 1–8 each: power price 0.05 $/kWh 6/8 (−16.8 …
  // −17.6%, but 2022 and April–July 2024 fail), ρ = 4/yr 8/8 (−11.2 … −12.6%, 2022's mean miss
  // 10.1% fails), ρ = 2/yr 7/8, the start's pipeline at the order rule's rate 7/8 (2022 fails),
  // d₀ 0.6 by hand 8/8 (−11.8 … −13.0%; no rule outside this window gives it): no default changed.
  it('the 7-day-mean dip within 5 points of the real −15%, its date within two weeks', () => {
    const real = dip(realAt(r.dates));
    const sims = r.samples.map(dip).sort((a, b) => a.change - b.change);
    const median = sims[sims.length >> 1];
    const dates = sims.map((s) => s.date).sort();
    console.log(`2024 halving: 7-day-mean dip real ${(100 * real.change).toFixed(1)}% on ${real.date}; simulated (block-count estimate, median over paths) ${(100 * median.change).toFixed(1)}%, median date ${dates[dates.length >> 1]}; mean path ${(100 * dip((t) => r.hashrate[t]).change).toFixed(1)}%; paths at least as deep as the real ${(100 * sims.filter((x) => x.change <= real.change).length / sims.length).toFixed(0)}%`);
    expect(real.date).toBe('2024-06-28');
    expect(Math.abs(median.change - real.change)).toBeLessThan(0.05);
    expect(Math.abs(daysBetween(real.date, dates[dates.length >> 1]))).toBeLessThanOrEqual(14);
  });
});
