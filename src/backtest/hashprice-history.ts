import { addDays, daysBetween } from '../engine/calendar.js';
import type { DailySeries } from './history.js';

/** The days the block subsidy halved (blocks 210,000, 420,000, 630,000, 840,000; UTC dates). */
export const HALVING_DATES = ['2012-11-28', '2016-07-09', '2020-05-11', '2024-04-20'] as const;

/** The block subsidy (BTC) in force on a day: 50 BTC halved at each halving on or before it. */
export function subsidyBtcOn(isoDate: string): number {
  let subsidy = 50;
  for (const d of HALVING_DATES) if (isoDate >= d) subsidy /= 2;
  return subsidy;
}

/** True when a halving falls in (from, from + days]. */
export function halvingWithin(fromIso: string, days: number): boolean {
  const to = addDays(fromIso, days);
  return HALVING_DATES.some((d) => d > fromIso && d <= to);
}

/**
 * The daily hashprice from the price and the difficulty, aligned with the price series (same
 * first date; as long as both series last):
 *
 *   h_t = P_t · subsidy_t · 86,400 · 10¹⁵ / (D_t · 2³²)   USD per PH/s per day
 *
 * the expected subsidy a PH/s earns in a day at difficulty D_t (a block takes D·2³² hashes on
 * average). Fees are left out (assumption: they were 1–5% of miner revenue in most of 2016–2025
 * and are not in the shipped data), so the series sits a few percent under a fee-inclusive one.
 */
export function hashpriceSeries(price: DailySeries, difficulty: DailySeries): DailySeries {
  const offset = Math.round(daysBetween(difficulty.firstDate, price.firstDate));
  if (offset < 0) throw new RangeError(`the difficulty series starts ${difficulty.firstDate}, after the price series (${price.firstDate})`);
  const n = Math.max(0, Math.min(price.values.length, difficulty.values.length - offset));
  const values = new Float64Array(n);
  const perPhDay = (86_400 * 1e15) / 2 ** 32;
  for (let i = 0; i < n; i++) values[i] = (price.values[i] * subsidyBtcOn(addDays(price.firstDate, i)) * perPhDay) / difficulty.values[offset + i];
  return { firstDate: price.firstDate, values };
}
