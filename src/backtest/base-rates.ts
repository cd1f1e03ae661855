import { addDays } from '../engine/calendar.js';
import { wilsonInterval } from '../results/wilson-interval.js';
import { halvingWithin } from './hashprice-history.js';
import type { DailySeries } from './history.js';

/**
 * Empirical base rates of a scenario's crash events under conditions that match its start:
 * every day of the data where the condition held is an origin, and each event is counted when
 * it happened within the window after it. Events are relative to the origin (a fall to a
 * fraction of the origin's price, a drawdown from the all-time high), so a scenario's $60k
 * threshold from $73.3k reads as a fall to 0.819 of the origin price.
 *
 * Overlapping origins (consecutive days of one episode) are not independent: origins are
 * thinned to one per `minGapDays` (the first day of each episode), and the interval is the
 * Wilson interval on that count — small samples, wide intervals, said in every table.
 */
export interface OriginCondition {
  /** The origin's drawdown from its all-time high lies in [min, max]. */
  drawdownFromPeak: [number, number];
  /** The next day's log return is at most this (e.g. ln 0.9: a fall of 10% or more the next day, as the scenario's shock). */
  nextDayLogReturnAtMost?: number;
  /** Only origins from this date on (ISO). */
  from?: string;
  /** Only origins before this date (ISO): a scenario's own start, so its outcome is never counted. */
  before?: string;
  /** Origins at least this many days apart (default 30). */
  minGapDays?: number;
}

/** An event over the window after an origin. */
export interface RelativeEvent {
  name: string;
  /** The price falls to this fraction of the origin's price or below. */
  priceBelowShare?: number;
  /** The drawdown from the all-time high reaches this. */
  drawdownAtLeast?: number;
  /**
   * The hashprice (hashprice-history.ts) falls to this fraction of the origin's or below.
   * Origins whose window holds a halving are left out of this event's count: the subsidy
   * halving overnight is not the kind of fall a scenario without a halving is asked about.
   */
  hashpriceBelowShare?: number;
}

export interface BaseRate {
  name: string;
  hits: number;
  n: number;
  rate: number;
  interval: { lo: number; hi: number };
}

/** The origins (ISO dates) where `condition` holds with a full window of data after them. */
export function matchingOrigins(series: DailySeries, condition: OriginCondition, windowDays: number): number[] {
  const p = series.values;
  const gap = condition.minGapDays ?? 30;
  const out: number[] = [];
  let peak = 0;
  for (let i = 0; i + windowDays < p.length; i++) {
    if (p[i] > peak) peak = p[i];
    const date = addDays(series.firstDate, i);
    if ((condition.from && date < condition.from) || (condition.before && date >= condition.before)) continue;
    const dd = 1 - p[i] / peak;
    if (dd < condition.drawdownFromPeak[0] || dd > condition.drawdownFromPeak[1]) continue;
    if (condition.nextDayLogReturnAtMost !== undefined && !(Math.log(p[i + 1] / p[i]) <= condition.nextDayLogReturnAtMost)) continue;
    if (out.length && i - out[out.length - 1] < gap) continue;
    out.push(i);
  }
  return out;
}

/**
 * Base rates of `events` within `windowDays` after each matching origin. Hashprice events need
 * `hashprice`, aligned with `series` (same first date); an origin whose window runs past it or
 * holds a halving is not counted for them.
 */
export function baseRates(series: DailySeries, origins: number[], events: RelativeEvent[], windowDays: number, hashprice?: DailySeries): BaseRate[] {
  const p = series.values;
  return events.map((ev) => {
    let hits = 0;
    let n = 0;
    for (const i of origins) {
      if (ev.hashpriceBelowShare !== undefined) {
        if (!hashprice || hashprice.firstDate !== series.firstDate) throw new RangeError(`${ev.name}: a hashprice event needs a hashprice series aligned with the price series`);
        if (i + windowDays >= hashprice.values.length || halvingWithin(addDays(series.firstDate, i), windowDays)) continue;
      }
      n++;
      let peak = 0;
      for (let k = 0; k <= i; k++) if (p[k] > peak) peak = p[k];
      let hit = false;
      for (let t = i + 1; t <= i + windowDays && !hit; t++) {
        if (p[t] > peak) peak = p[t];
        if (ev.priceBelowShare !== undefined && p[t] <= ev.priceBelowShare * p[i]) hit = true;
        if (ev.drawdownAtLeast !== undefined && 1 - p[t] / peak >= ev.drawdownAtLeast) hit = true;
        if (ev.hashpriceBelowShare !== undefined && hashprice!.values[t] <= ev.hashpriceBelowShare * hashprice!.values[i]) hit = true;
      }
      if (hit) hits++;
    }
    return { name: ev.name, hits, n, rate: n ? hits / n : NaN, interval: wilsonInterval(hits, n) };
  });
}
