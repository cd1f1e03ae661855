/**
 * Bitcoin's block reward schedule and the conversions between hashrate, difficulty, block
 * rate and hashprice, in doubles (cheap enough for the step loop).
 */
import { TARGET_SPACING_S } from './pow.js';

/** nSubsidyHalvingInterval: blocks between halvings. */
export const HALVING_INTERVAL = 210_000;
/** Hashes per unit of difficulty: a block at difficulty D takes D·2³² hashes on average. */
export const HASHES_PER_DIFFICULTY = 2 ** 32;
/** Satoshis per BTC. */
const COIN = 100_000_000;
export const SECONDS_PER_DAY = 86_400;
/** Hashes per second in one EH/s and in one PH/s. */
export const EH = 1e18;
const PH = 1e15;

/** Subsidy per block of each era (BTC): 50 BTC as satoshis shifted right by the era, 0 from era 64. */
const SUBSIDY_BY_ERA = Float64Array.from({ length: 65 }, (_, era) => (era >= 64 ? 0 : Math.floor((50 * COIN) / 2 ** era) / COIN));

/** GetBlockSubsidy: 50 BTC halved (integer satoshis, shifted right) every 210,000 blocks; 0 after 64 halvings. */
export function subsidyBtc(height: number): number {
  // heights below 2³¹ (≈ era 10,000) divide as int32; beyond, Math.floor
  const era = height < 2 ** 31 ? ((height | 0) / HALVING_INTERVAL) | 0 : Math.floor(height / HALVING_INTERVAL);
  return SUBSIDY_BY_ERA[era < 64 ? era : 64];
}

/** Blocks a day at Bitcoin's target spacing of 600 seconds. */
export const TARGET_BLOCKS_PER_DAY = SECONDS_PER_DAY / TARGET_SPACING_S;

/**
 * The subsidy (BTC) of the block mined `days` after a tip at height h, counted at the target
 * spacing: S(h + 1 + 144·days). What a machine ordered at h earns per block when it arrives
 * `days` later: across a halving, half of today's.
 */
export function subsidyAfterDaysBtc(tip: number, days: number): number {
  return subsidyBtc(tip + 1 + TARGET_BLOCKS_PER_DAY * days);
}

/** The subsidies of the blocks at heights from + 1 … to (BTC), crossing halvings exactly. */
export function subsidySumBtc(from: number, to: number): number {
  let sum = 0;
  let h = from;
  while (h < to) {
    // the last height of the era of block h + 1
    const eraEnd = (Math.floor((h + 1) / HALVING_INTERVAL) + 1) * HALVING_INTERVAL - 1;
    const end = eraEnd < to ? eraEnd : to;
    sum += (end - h) * subsidyBtc(h + 1);
    h = end;
  }
  return sum;
}

/**
 * Hashprice: expected miner revenue per PH/s per day at difficulty D, in USD,
 * HP = (S + F)·P·86400·10¹⁵ / (D·2³²), with S + F the reward per block (BTC) and P the BTC price.
 */
export function hashpriceUsdPerPhDay(rewardBtcPerBlock: number, priceUsd: number, difficulty: number): number {
  return (rewardBtcPerBlock * priceUsd * SECONDS_PER_DAY * PH) / (difficulty * HASHES_PER_DIFFICULTY);
}

/** The hashrate (EH/s) at which blocks come every 600 s on average at difficulty D: D·2³²/600. */
export function hashrateAtTargetSpacingEh(difficulty: number): number {
  return (difficulty * HASHES_PER_DIFFICULTY) / TARGET_SPACING_S / EH;
}

/** HP = reward·P·HP_FACTOR/D: USD per PH/s per day for 1 BTC per block at price 1 and difficulty 1. */
export const HP_FACTOR = hashpriceUsdPerPhDay(1, 1, 1);

/** Blocks per second per (EH/s of hashrate / difficulty): the Poisson rate is H·BLOCKS_PER_S_FACTOR/D. */
export const BLOCKS_PER_S_FACTOR = EH / HASHES_PER_DIFFICULTY;
