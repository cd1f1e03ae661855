import { fileURLToPath } from 'node:url';
import { readCsvLines, readDailySeries, type DailySeries } from '../../backtest/history.js';
import { addDays, DAYS_PER_YEAR, dateMs, daysBetween } from '../../engine/calendar.js';
import type { ResolveEnv, SettingIssue } from '../../engine/model.js';
import type { ParamSettings } from '../../engine/params.js';
import { EH, HASHES_PER_DIFFICULTY, SECONDS_PER_DAY, hashpriceUsdPerPhDay, subsidyBtc } from './chain.js';
import type { NetworkParams } from './params.js';
import { RETARGET_INTERVAL } from './pow.js';

/*
 * The network's starting state at a date from the shipped data (data/, NOTICE.md), by the fixed
 * rules of the backtests (README "Start from a date"), and the check that a hand-set chain state
 * is consistent. Runs once, at validation (resolveSettings), never in a run.
 */

/** A shipped data file, from the package root (src/ and dist/ sit at the same depth). */
export const dataFile = (name: string): string => fileURLToPath(new URL(`../../../data/${name}`, import.meta.url));

/** A real difficulty epoch: its first height, the time of its first block and its difficulty. */
export interface Epoch {
  epoch: number;
  startHeight: number;
  /** Unix seconds of the epoch's first block. */
  startTime: number;
  difficulty: number;
}

/** The real chain, day by day and epoch by epoch. */
export interface ChainData {
  /** Daily hashrate estimate (EH/s) by ISO date; days missing in the file filled ({@link fillDailyGaps}). */
  hashrateEh: Map<string, number>;
  /** Mean difficulty of the day by ISO date. */
  difficulty: Map<string, number>;
  /** The days the file lacks, filled in hashrateEh and difficulty ({@link fillDailyGaps}). */
  filled: Set<string>;
  epochs: Epoch[];
  /** Daily BTC price (≈ 00:00 UTC). */
  price: DailySeries;
}

let cached: ChainData | null = null;

/** Reads (once) data/btc_hashrate_difficulty_daily.csv, data/btc_difficulty_epochs.csv and the daily price. */
export function chainData(): ChainData {
  if (cached) return cached;
  const rows = (file: string) => {
    const [header, ...lines] = readCsvLines(dataFile(file), 'a CSV file');
    const cols = header.split(',');
    return lines.map((l) => {
      const f = l.split(',');
      return Object.fromEntries(cols.map((c, k) => [c, f[k]]));
    });
  };
  const daily = rows('btc_hashrate_difficulty_daily.csv').map((r) => ({ date: r.date, hashrateEh: Number(r.hashrate_ths) / 1e6, difficulty: Number(r.difficulty) }));
  cached = {
    ...fillDailyGaps(daily),
    epochs: rows('btc_difficulty_epochs.csv').map((r) => ({
      epoch: Number(r.epoch),
      startHeight: Number(r.start_height),
      startTime: r.start_time === '' ? NaN : Number(r.start_time),
      difficulty: Number(r.difficulty),
    })),
    price: readDailySeries(dataFile('btc_price_daily_usd_bitstamp.csv')),
  };
  return cached;
}

/**
 * The daily series by date, in date order, with the days the file lacks filled (2025-11-13..15
 * in the shipped file; `filled` names them): the hashrate linearly between the known days
 * either side, the difficulty carried from the day before (it
 * changes only at a retarget, which a gap may hide by up to its length). Counting blocks through
 * a 3-day gap this way misses at most a few hundred of ~430 a day of real variation, well inside
 * an epoch, and the nearer epoch anchor (chainStateAt) usually avoids the gap altogether.
 */
export function fillDailyGaps(rows: readonly { date: string; hashrateEh: number; difficulty: number }[]): Pick<ChainData, 'hashrateEh' | 'difficulty' | 'filled'> {
  const hashrateEh = new Map<string, number>();
  const difficulty = new Map<string, number>();
  const filled = new Set<string>();
  const sorted = [...rows].sort((x, y) => (x.date < y.date ? -1 : 1));
  sorted.forEach((r, k) => {
    const before = sorted[k - 1];
    const days = before ? daysBetween(before.date, r.date) : 1;
    for (let j = 1; j < days; j++) {
      const d = addDays(before.date, j);
      hashrateEh.set(d, before.hashrateEh + ((r.hashrateEh - before.hashrateEh) * j) / days);
      difficulty.set(d, before.difficulty);
      filled.add(d);
    }
    hashrateEh.set(r.date, r.hashrateEh);
    difficulty.set(r.date, r.difficulty);
  });
  return { hashrateEh, difficulty, filled };
}

/** Blocks mined on a date, from the daily estimate (hashrate·86400/(D·2³²) is a whole number). */
function blocksOn(data: ChainData, date: string): number {
  return Math.round((data.hashrateEh.get(date)! * EH * SECONDS_PER_DAY) / (data.difficulty.get(date)! * HASHES_PER_DIFFICULTY));
}

/**
 * The chain at 00:00 UTC of `date`: the epoch under way (the last whose first block is before
 * then) and the days since its first block. The height is not in the daily file, so it is
 * derived from the nearer of two anchors, each counting blocks with the daily estimate
 * (hashrate·86400/(D·2³²), whole blocks a day; a part day pro rata in time): forward from the
 * epoch's first block, or back from the next epoch's first block when that is known; then kept
 * inside the epoch.
 */
export function chainStateAt(date: string, data = chainData()): { startHeight: number; difficulty: number; daysSinceRetarget: number } {
  const T = dateMs(date) / 1000;
  let k = data.epochs.length - 1;
  while (k > 0 && !(data.epochs[k].startTime <= T)) k--;
  const next = data.epochs[k + 1];
  if (next && Number.isFinite(next.startTime) && next.startTime - T < T - data.epochs[k].startTime) {
    const e = data.epochs[k];
    const tip = next.startHeight - 1 - Math.round(blocksBetween(data, T, next.startTime));
    return { startHeight: Math.max(e.startHeight, tip), difficulty: e.difficulty, daysSinceRetarget: (T - e.startTime) / SECONDS_PER_DAY };
  }
  // forward, through later epochs whose first-block time the file lacks (found where the count reaches their height)
  let height = data.epochs[k].startHeight - 1;
  const t0 = data.epochs[k].startTime;
  let epochStart = t0;
  for (let day = Math.floor(epochStart / SECONDS_PER_DAY) * SECONDS_PER_DAY; day < T; day += SECONDS_PER_DAY) {
    const from = Math.max(t0, day);
    const to = Math.min(T, day + SECONDS_PER_DAY);
    if (to <= from) continue;
    const perS = blocksOn(data, new Date(day * 1000).toISOString().slice(0, 10)) / SECONDS_PER_DAY;
    const added = perS * (to - from);
    while (data.epochs[k + 1] && height + added >= data.epochs[k + 1].startHeight && perS > 0) {
      k++;
      epochStart = Number.isFinite(data.epochs[k].startTime) ? data.epochs[k].startTime : from + (data.epochs[k].startHeight - height) / perS;
    }
    height += added;
  }
  const e = data.epochs[k];
  const last = data.epochs[k + 1] ? data.epochs[k + 1].startHeight - 1 : Infinity;
  return { startHeight: Math.min(last, Math.max(e.startHeight, Math.round(height))), difficulty: e.difficulty, daysSinceRetarget: (T - epochStart) / SECONDS_PER_DAY };
}

/** Blocks mined between two times (Unix s), from the daily estimate, a part day pro rata in time. */
function blocksBetween(data: ChainData, from: number, to: number): number {
  let blocks = 0;
  for (let day = Math.floor(from / SECONDS_PER_DAY) * SECONDS_PER_DAY; day < to; day += SECONDS_PER_DAY) {
    const overlap = Math.min(to, day + SECONDS_PER_DAY) - Math.max(from, day);
    blocks += (blocksOn(data, new Date(day * 1000).toISOString().slice(0, 10)) * overlap) / SECONDS_PER_DAY;
  }
  return blocks;
}

/** Mean of the daily hashrate estimate over the `days` days before `date` (EH/s; missing days skipped). */
export function trailingHashrate(date: string, days: number, data = chainData()): number {
  let s = 0;
  let n = 0;
  for (let k = 1; k <= days; k++) {
    const v = data.hashrateEh.get(addDays(date, -k));
    if (v !== undefined) {
      s += v;
      n++;
    }
  }
  return s / n;
}

/** Log growth per year of the 30-day mean hashrate over the `days` before `date`. */
export function trailingGrowthPerYear(date: string, days: number, data = chainData()): number {
  return (Math.log(trailingHashrate(date, 30, data) / trailingHashrate(addDays(date, -days), 30, data)) * DAYS_PER_YEAR) / days;
}

/** Mean hashprice over the `days` days before `date` with fees F per block at height h (USD per PH/s per day). */
export function trailingHashprice(date: string, days: number, feesBtc: number, height: number, data = chainData()): number {
  const p = data.price;
  const i0 = Math.round((dateMs(date) - dateMs(p.firstDate)) / 86_400_000);
  let s = 0;
  for (let k = 1; k <= days; k++) s += hashpriceUsdPerPhDay(subsidyBtc(height) + feesBtc, p.values[i0 - k], data.difficulty.get(addDays(date, -k))!);
  return s / days;
}

/** Days of data the rules look back: a year of growth plus its 30-day window. */
const LOOKBACK_DAYS = 365 + 30;

/** The range of dates the shipped data can start the network from (a year and a month of history before, data up to the day before). */
export function startFromRange(data = chainData()): { first: string; last: string } {
  const dates = [...data.hashrateEh.keys()];
  const first = [addDays(data.price.firstDate, LOOKBACK_DAYS), addDays(dates[0], LOOKBACK_DAYS)].sort()[1];
  const last = [addDays(dates.at(-1)!, 1), addDays(data.price.firstDate, data.price.values.length)].sort()[0];
  return { first, last };
}

/** The parameters `startFrom` builds, each by the rule in the README. */
export const FROM_DATA = ['startHeight', 'difficulty', 'daysSinceRetarget', 'hashrateEh', 'deliveriesPerYear', 'orderRefHashpriceUsdPerPhDay'] as const;
/** Those a scenario may still set itself (the order rule); the chain state and H₀ come from data only. */
const OVERRIDABLE = new Set<string>(['deliveriesPerYear', 'orderRefHashpriceUsdPerPhDay']);
/** The settings `startFrom` alone may give (a scenario setting them too is refused). */
export const CHAIN_STATE_FROM_DATA: readonly string[] = FROM_DATA.filter((k) => !OVERRIDABLE.has(k));

/**
 * The starting state at 00:00 UTC of `date` from data before it only: the chain (chainStateAt),
 * H₀ the mean daily estimate of the 7 days before, d₀ the mean of the 6- and 12-month log growth
 * per year of the 30-day mean hashrate plus the wear-out ω, HP_ref the mean hashprice of the 180
 * days before at fees F.
 */
export function networkStateAt(date: string, wearOutPerYear: number, feesBtc: number, data = chainData()): Record<(typeof FROM_DATA)[number], number> {
  const chain = chainStateAt(date, data);
  const growth = (trailingGrowthPerYear(date, 182, data) + trailingGrowthPerYear(date, 365, data)) / 2;
  return {
    ...chain,
    hashrateEh: trailingHashrate(date, 7, data),
    deliveriesPerYear: Math.max(0, growth + wearOutPerYear),
    orderRefHashpriceUsdPerPhDay: trailingHashprice(date, 180, feesBtc, chain.startHeight, data),
  };
}

/** A plain number setting, or the median-free stand-in NaN for a distribution (checks skip it). */
const plain = (v: unknown): number => (typeof v === 'number' ? v : NaN);

/**
 * The network's `resolveSettings`: with `startFrom`, the starting state from data (refusing a
 * date other than the start, outside the data, or a chain state also set by hand); then, always,
 * the check that the height and the retarget clock agree.
 */
export function resolveNetworkSettings(settings: ParamSettings<NetworkParams>, env: ResolveEnv): { settings: ParamSettings<NetworkParams>; issues: SettingIssue[] } {
  const issues: SettingIssue[] = [];
  const out = { ...settings } as Record<string, unknown>;
  const from = settings.startFrom;
  if (from) {
    const range = startFromRange();
    if (from !== env.startDate) issues.push({ param: 'startFrom', message: `expected the scenario's start ${env.startDate} (the state is built at 00:00 UTC of step 0), found ${from}` });
    else if (from < range.first || from > range.last) issues.push({ param: 'startFrom', message: `expected a date the shipped data cover with a year before it (${range.first} … ${range.last}), found ${from}` });
    for (const k of FROM_DATA) {
      if (env.given.has(k) && !OVERRIDABLE.has(k)) issues.push({ param: k, message: `expected no ${k} with startFrom (it builds ${k} from data/), found both; remove one` });
    }
    if (issues.length) return { settings, issues };
    const state = networkStateAt(from, plain(settings.wearOutPerYear), plain(settings.feesBtcPerBlock));
    for (const k of FROM_DATA) if (!env.given.has(k)) out[k] = state[k];
    const missing = FROM_DATA.filter((k) => !env.given.has(k) && !Number.isFinite(state[k]));
    if (missing.length) {
      issues.push({
        param: 'startFrom',
        message: `expected the data before ${from} to give ${missing.join(', ')}, found a distribution for feesBtcPerBlock or wearOutPerYear; set those parameters yourself or start on another date`,
      });
    }
  }
  const shares = plain(out.usShare) + plain(out.chinaShare) + plain(out.russiaShare);
  if (shares > 1 + 1e-12) {
    const blame = ['chinaShare', 'russiaShare', 'usShare'].find((k) => env.given.has(k)) ?? 'chinaShare';
    issues.push({ param: blame, message: `expected usShare + chinaShare + russiaShare ≤ 1 (the rest of the world has the remainder), found ${shares.toFixed(3)}` });
  }
  const problem = chainStateProblem(plain(out.startHeight), plain(out.daysSinceRetarget), plain(out.hashrateEh), plain(out.difficulty));
  if (problem) issues.push({ param: env.given.has('daysSinceRetarget') || !env.given.has('startHeight') ? 'daysSinceRetarget' : 'startHeight', message: problem });
  return { settings: out as ParamSettings<NetworkParams>, issues };
}

/**
 * Whether a tip height h₀ and a retarget clock agree: the epoch has b = h₀ mod 2016 blocks after
 * its first, which at H₀ and D₀ take about b/r days (r = H₀·10¹⁸·86400/(D₀·2³²) blocks a day).
 * Refused when b is further from r·days than 5 Poisson standard deviations plus half the
 * expected count (the hashrate within an epoch moves, by up to −28% in the 2021 China ban);
 * unchecked when a value is a distribution.
 */
export function chainStateProblem(startHeight: number, daysSinceRetarget: number, hashrateEh: number, difficulty: number): string | null {
  if (![startHeight, daysSinceRetarget, hashrateEh, difficulty].every(Number.isFinite)) return null;
  const perDay = (hashrateEh * EH * SECONDS_PER_DAY) / (difficulty * HASHES_PER_DIFFICULTY);
  const blocks = startHeight % RETARGET_INTERVAL;
  const expected = perDay * daysSinceRetarget;
  if (Math.abs(blocks - expected) <= 5 * Math.sqrt(expected + 1) + 0.5 * expected) return null;
  const first = startHeight - blocks;
  // the next retarget against the one a consistent clock gives: the epoch's time is the clock plus the rest of its blocks
  const rest = (RETARGET_INTERVAL - 1 - blocks) / perDay;
  const off = Math.min(4, Math.max(0.25, (blocks / perDay + rest) / (daysSinceRetarget + rest))) - 1;
  return (
    `expected startHeight and daysSinceRetarget to agree: height ${startHeight.toLocaleString('en-US')} is ${blocks.toLocaleString('en-US')} blocks after the epoch's first block ${first.toLocaleString('en-US')}, ` +
    `about ${(blocks / perDay).toFixed(1)} days at ${+hashrateEh.toPrecision(4)} EH/s and difficulty ${difficulty.toExponential(3)}, found daysSinceRetarget ${daysSinceRetarget} ` +
    `(the next retarget would be off by ${off > 0 ? '+' : ''}${(100 * off).toFixed(0)}%${off === 3 || off === -0.75 ? ', the clamp' : ''}); set both, or startFrom: the start date to build them from data/`
  );
}
