/**
 * Test helper for the network backtests: real data (daily price, daily hashrate and difficulty,
 * difficulty epochs), the chain state at a date, and a price replay through the network model.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DAYS_PER_YEAR, addDays, dateMs } from '../../engine/calendar.js';
import { runPlan } from '../../engine/run.js';
import { loadScenario } from '../../scenario/plan.js';
import { SECONDS_PER_DAY, hashpriceUsdPerPhDay, subsidyBtc } from './chain.js';
import * as replay from './price-replay.test-helper.js';

const dataFile = (name: string) => fileURLToPath(new URL(`../../../data/${name}`, import.meta.url));

function readCsv(name: string): Record<string, string>[] {
  const [header, ...lines] = fs.readFileSync(dataFile(name), 'utf8').trim().split(/\r?\n/);
  const cols = header.split(',');
  return lines.map((l) => {
    const f = l.split(',');
    return Object.fromEntries(cols.map((c, k) => [c, f[k]]));
  });
}

/** Real daily series by date: BTC price (≈ 00:00 UTC), hashrate estimate (EH/s), difficulty. */
export interface Daily {
  price: Map<string, number>;
  hashrateEh: Map<string, number>;
  difficulty: Map<string, number>;
}
let daily: Daily | null = null;
export function readDaily(): Daily {
  if (!daily) {
    const price = new Map(readCsv('btc_price_daily_usd_bitstamp.csv').map((r) => [r.date, Number(r.price_usd)] as const));
    const hd = readCsv('btc_hashrate_difficulty_daily.csv');
    daily = {
      price,
      hashrateEh: new Map(hd.map((r) => [r.date, Number(r.hashrate_ths) / 1e6] as const)),
      difficulty: new Map(hd.map((r) => [r.date, Number(r.difficulty)] as const)),
    };
  }
  return daily;
}

/** A real difficulty epoch (heights and, where known, the time of its first block). */
export interface Epoch {
  epoch: number;
  startHeight: number;
  startTime: number;
  difficulty: number;
}
let epochs: Epoch[] | null = null;
export function readEpochs(): Epoch[] {
  epochs ??= readCsv('btc_difficulty_epochs.csv').map((r) => ({
    epoch: Number(r.epoch),
    startHeight: Number(r.start_height),
    startTime: r.start_time === '' ? NaN : Number(r.start_time),
    difficulty: Number(r.difficulty),
  }));
  return epochs;
}

/** Mean of the daily hashrate estimate over the `days` days before `date` (EH/s). */
export function trailingHashrate(date: string, days: number): number {
  const { hashrateEh } = readDaily();
  let s = 0;
  let n = 0;
  for (let k = 1; k <= days; k++) {
    const v = hashrateEh.get(addDays(date, -k));
    if (v !== undefined) {
      s += v;
      n++;
    }
  }
  return s / n;
}

/** Blocks mined on a date, from the daily estimate (hashrate·86400/(D·2³²) is a whole number). */
function blocksOn(date: string): number {
  const { hashrateEh, difficulty } = readDaily();
  return Math.round((hashrateEh.get(date)! * 1e18 * SECONDS_PER_DAY) / (difficulty.get(date)! * 2 ** 32));
}

/**
 * The chain at 00:00 UTC of `date`: the epoch under way (first-block time from the epochs file),
 * the tip height (the epoch's start height plus the day's blocks after its first block, pro rata
 * in time, plus every later day's blocks) and the days since the epoch's first block.
 */
export function chainStateAt(date: string): { startHeight: number; difficulty: number; daysSinceRetarget: number } {
  const T = dateMs(date) / 1000;
  const all = readEpochs();
  const e = all.filter((x) => x.startTime <= T).at(-1)!;
  const firstDay = new Date(e.startTime * 1000).toISOString().slice(0, 10);
  const dayEnd = dateMs(firstDay) / 1000 + SECONDS_PER_DAY;
  let blocks = (blocksOn(firstDay) * (dayEnd - e.startTime)) / SECONDS_PER_DAY;
  for (let d = addDays(firstDay, 1); d < date; d = addDays(d, 1)) blocks += blocksOn(d);
  return { startHeight: e.startHeight + Math.max(0, Math.round(blocks) - 1), difficulty: e.difficulty, daysSinceRetarget: (T - e.startTime) / SECONDS_PER_DAY };
}

/** Mean hashprice over the `days` days before `date` with a fee level F (USD per PH/s per day). */
export function trailingHashprice(date: string, days: number, feesBtc: number, height: number): number {
  const { price, difficulty } = readDaily();
  let s = 0;
  for (let k = 1; k <= days; k++) {
    const d = addDays(date, -k);
    s += hashpriceUsdPerPhDay(subsidyBtc(height) + feesBtc, price.get(d)!, difficulty.get(d)!);
  }
  return s / days;
}

/** Log growth per year of the 30-day mean hashrate over the `days` before `date`. */
export function trailingGrowthPerYear(date: string, days: number): number {
  return (Math.log(trailingHashrate(date, 30) / trailingHashrate(addDays(date, -days), 30)) * DAYS_PER_YEAR) / days;
}

export interface ReplayResult {
  /** Dates of steps 0..T. */
  dates: string[];
  /** Mean over paths of each signal per step. */
  mean: Record<string, number[]>;
  /** Sampled paths' values per signal, steps 0..T. */
  samples: Record<string, Float64Array>[];
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-network-'));
export function cleanUp(): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * Replays the real price from `start` for `days` days through the network model with these
 * parameters (or the price series of `opts.models.pricereplay`), in this thread.
 */
export async function replayPrices(
  name: string,
  start: string,
  days: number,
  network: Record<string, unknown>,
  opts: { paths?: number; samplePaths?: number; seed?: number; models?: Record<string, unknown>; record?: string[]; schedule?: unknown[] } = {},
): Promise<ReplayResult> {
  const { price } = readDaily();
  // the real price from the start date, unless the caller gives its own series
  const pricesUsd = opts.models?.pricereplay ? undefined : Array.from({ length: days + 1 }, (_, t) => price.get(addDays(start, t))!);
  const record = opts.record ?? ['network.hashrateEh', 'network.difficulty', 'network.blocksSinceStart'];
  const scenario = {
    name,
    start,
    horizonDays: days,
    paths: opts.paths ?? 1000,
    seed: opts.seed ?? 2022,
    models: { pricereplay: { pricesUsd }, network, ...opts.models },
    schedule: opts.schedule ?? [],
    record,
    output: { samplePaths: opts.samplePaths ?? 100 },
  };
  const file = path.join(dir, `${name}.yaml`);
  fs.writeFileSync(file, JSON.stringify(scenario));
  const { points } = loadScenario(file, replay.registry);
  const { record: rec } = await runPlan(points[0].plan, { registryUrl: replay.registryUrl, threads: 1 });
  const mean: Record<string, number[]> = {};
  for (const s of record) mean[s] = rec.signals.get(s)!.sums.map((x) => x.value() / rec.paths);
  return {
    dates: Array.from({ length: days + 1 }, (_, t) => addDays(start, t)),
    mean,
    samples: rec.samples.map((s) => s.values),
  };
}

/** A real epoch against the simulation: its difficulty, and the median simulated one when a path reaches its first block. */
export interface EpochCheck {
  epoch: number;
  real: number;
  sim: number;
  /** Median step at which the sampled paths reach the epoch. */
  day: number;
}

/**
 * For every real epoch whose first block lies within the run (on all sampled paths), the median
 * over sampled paths of the simulated difficulty in force at that height: compared by height,
 * so the check does not depend on when each path gets there. `h0` is the start height.
 */
export function epochDifficulties(r: ReplayResult, h0: number): EpochCheck[] {
  const last = r.dates.length - 1;
  const reached = Math.min(...r.samples.map((s) => s['network.blocksSinceStart'][last])) + h0;
  const median = (x: number[]) => x.sort((a, b) => a - b)[x.length >> 1];
  return readEpochs()
    .filter((e) => e.startHeight > h0 && e.startHeight <= reached)
    .map((e) => {
      const at = r.samples.map((s) => {
        const mined = s['network.blocksSinceStart'];
        let t = 0;
        while (mined[t] + h0 < e.startHeight) t++;
        return t;
      });
      return { epoch: e.epoch, real: e.difficulty, sim: median(r.samples.map((s, j) => s['network.difficulty'][at[j]])), day: median(at) };
    });
}
