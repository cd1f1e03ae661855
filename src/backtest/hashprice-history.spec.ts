import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { halvingWithin, hashpriceSeries, subsidyBtcOn } from './hashprice-history.js';
import { indexOf, readDailySeries } from './history.js';

const DATA = path.join(import.meta.dirname, '..', '..', 'data');

describe('hashprice from the data', () => {
  it('halves the subsidy on the halving days', () => {
    expect(subsidyBtcOn('2012-11-27')).toBe(50);
    expect(subsidyBtcOn('2012-11-28')).toBe(25);
    expect(subsidyBtcOn('2024-04-19')).toBe(6.25);
    expect(subsidyBtcOn('2024-04-20')).toBe(3.125);
    expect(halvingWithin('2024-01-01', 180)).toBe(true);
    expect(halvingWithin('2025-08-01', 180)).toBe(false);
  });

  it("reproduces the flagship's starting hashprice from the price and difficulty of 2026-02-05", () => {
    const price = readDailySeries(path.join(DATA, 'btc_price_daily_usd_bitstamp.csv'));
    const difficulty = readDailySeries(path.join(DATA, 'btc_hashrate_difficulty_daily.csv'), 'difficulty', { from: '2011-01-01', carryGaps: true });
    const h = hashpriceSeries(price, difficulty);
    expect(h.firstDate).toBe(price.firstDate);
    // $73,002 × 3.125 BTC × 86,400 × 10¹⁵ / (141.67 T × 2³²) = $32.4 per PH/s per day; the network
    // model starts the flagship at $32.9 with fees: the subsidy-only figure is ~1.5% under it
    const start = h.values[indexOf(h, '2026-02-05')];
    expect(start).toBeCloseTo(32.4, 1);
    // the 2024 halving halves it overnight, price and difficulty aside
    const i = indexOf(h, '2024-04-20');
    const ratio = (h.values[i] / price.values[i]) * (price.values[i - 1] / h.values[i - 1]);
    expect(ratio).toBeGreaterThan(0.45);
    expect(ratio).toBeLessThan(0.55);
  });
});
