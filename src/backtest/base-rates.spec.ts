import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addDays } from '../engine/calendar.js';
import { baseRates, matchingOrigins } from './base-rates.js';
import { hashpriceSeries } from './hashprice-history.js';
import { readDailySeries, type DailySeries } from './history.js';

const DATA = path.join(import.meta.dirname, '..', '..', 'data', 'btc_price_daily_usd_bitstamp.csv');

describe('conditional base rates', () => {
  it('counts events after origins that match, one origin per episode', () => {
    // a toy series: up to 100, down to 55 (45% below the peak), a 20% fall, then down to 20
    const values = Float64Array.from([50, 100, 80, 55, 44, 40, 30, 20, 25, 30, 35, 40]);
    const s: DailySeries = { firstDate: '2020-01-01', values };
    const o = matchingOrigins(s, { drawdownFromPeak: [0.35, 0.5], nextDayLogReturnAtMost: Math.log(0.9), minGapDays: 2 }, 3);
    expect(o).toEqual([3]);
    const [half, dd80] = baseRates(s, o, [{ name: 'half', priceBelowShare: 0.5 }, { name: 'dd80', drawdownAtLeast: 0.8 }], 3);
    expect([half.hits, half.n]).toEqual([0, 1]); // 44, 40, 30 against 27.5
    expect(dd80.hits).toBe(0);
    expect(baseRates(s, o, [{ name: 'dd70', drawdownAtLeast: 0.7 }], 4)[0].hits).toBe(1); // 20 ≤ 30
  });

  it("finds the flagship's matching episodes in the data and never counts its own start", () => {
    const s = readDailySeries(DATA);
    const cond = { drawdownFromPeak: [0.35, 0.5] as [number, number], nextDayLogReturnAtMost: Math.log(0.9) };
    const all = matchingOrigins(s, cond, 180).map((i) => addDays(s.firstDate, i));
    expect(all).toContain('2026-02-05');
    const before = matchingOrigins(s, { ...cond, before: '2026-02-05' }, 180).map((i) => addDays(s.firstDate, i));
    expect(before).not.toContain('2026-02-05');
    expect(before.length).toBe(13);
    expect(before).toContain('2022-05-09');
  });
});

describe("the flagship's crash events against history (README: The flagship against history)", () => {
  it('counts each event after the 13 matching episodes before 2026-02-05', () => {
    const price = readDailySeries(DATA);
    const difficulty = readDailySeries(path.join(path.dirname(DATA), 'btc_hashrate_difficulty_daily.csv'), 'difficulty', { from: price.firstDate, carryGaps: true });
    const hashprice = hashpriceSeries(price, difficulty);
    const origins = matchingOrigins(price, { drawdownFromPeak: [0.35, 0.5], nextDayLogReturnAtMost: Math.log(0.9), before: '2026-02-05' }, 180);
    // thresholds relative to the flagship's start: $73.3k, and the network model's $32.90/PH/day
    const rates = baseRates(
      price,
      origins,
      [
        { name: 'btc-below-60k', priceBelowShare: 60_000 / 73_300 },
        { name: 'btc-below-40k', priceBelowShare: 40_000 / 73_300 },
        { name: 'drawdown-70pct', drawdownAtLeast: 0.7 },
        { name: 'hashprice-below-25', hashpriceBelowShare: 25 / 32.9 },
      ],
      180,
      hashprice,
    );
    const byName = Object.fromEntries(rates.map((r) => [r.name, `${r.hits}/${r.n}`]));
    // no matching window holds a halving, so the hashprice event counts all 13
    expect(byName).toEqual({ 'btc-below-60k': '10/13', 'btc-below-40k': '6/13', 'drawdown-70pct': '4/13', 'hashprice-below-25': '10/13' });
    expect(rates[3].interval.lo).toBeCloseTo(0.497, 3);
    expect(rates[3].interval.hi).toBeCloseTo(0.918, 3);
  });
});
