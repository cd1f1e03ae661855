import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { indexOf, priceOrigin, readDailySeries } from './history.js';

const DATA = path.join(import.meta.dirname, '..', '..', 'data', 'btc_price_daily_usd_bitstamp.csv');

describe('price origins', () => {
  const series = readDailySeries(DATA);

  it('reads consecutive days and finds dates by index', () => {
    expect(series.firstDate).toBe('2012-01-01');
    const k = indexOf(series, '2016-01-01');
    expect(series.values[k]).toBe(430.89);
  });

  it('uses only data on or before the origin', () => {
    const k = indexOf(series, '2020-03-01');
    const a = priceOrigin(series, k);
    const future = { ...series, values: series.values.slice() };
    for (let j = k + 1; j < future.values.length; j++) future.values[j] *= 3;
    const b = priceOrigin(future, k);
    expect(b).toEqual(a);
    expect(a.peakUsd).toBe(Math.max(...series.values.subarray(0, k + 1)));
    expect(a.pastReturns.length).toBe(k);
  });

  it('gives the EWMA volatility of the returns (RiskMetrics λ = 0.94)', () => {
    const o = priceOrigin(series, indexOf(series, '2024-06-01'));
    // BTC's annualised volatility in mid-2024 was 40–70%
    expect(o.ewmaVolPerSqrtYear).toBeGreaterThan(0.3);
    expect(o.ewmaVolPerSqrtYear).toBeLessThan(0.8);
  });
});
