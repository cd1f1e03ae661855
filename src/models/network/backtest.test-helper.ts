/**
 * Test helper for the network backtests: real data (daily price, daily hashrate and difficulty,
 * difficulty epochs), the chain state at a date, and a price replay through the network model.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addDays } from '../../engine/calendar.js';
import { runPlan } from '../../engine/run.js';
import { loadScenario } from '../../scenario/plan.js';
import { chainData, type Epoch } from './start-from.js';
import * as replay from './price-replay.test-helper.js';

/** Real daily series by date: BTC price (≈ 00:00 UTC), hashrate estimate (EH/s), difficulty. */
export interface Daily {
  price: Map<string, number>;
  hashrateEh: Map<string, number>;
  difficulty: Map<string, number>;
}
let daily: Daily | null = null;
export function readDaily(): Daily {
  if (!daily) {
    const data = chainData();
    const p = data.price;
    daily = { price: new Map(Array.from(p.values, (v, k) => [addDays(p.firstDate, k), v] as const)), hashrateEh: data.hashrateEh, difficulty: data.difficulty };
  }
  return daily;
}

/** The real epochs (start-from.ts reads them for the starting state). */
export function readEpochs(): Epoch[] {
  return chainData().epochs;
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
  for (const s of record) mean[s] = rec.signals.get(s)!.sums.values().map((x) => x / rec.paths);
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
