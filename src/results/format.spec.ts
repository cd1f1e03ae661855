import { describe, expect, it } from 'vitest';
import { formatNumber, formatUsd, formatValue } from './format.js';

describe('formatValue', () => {
  it('USD with k/M/B/T, a USD rate with or without its per-unit', () => {
    expect(formatUsd(950)).toBe('$950');
    expect(formatUsd(73_300)).toBe('$73.3k');
    expect(formatUsd(-63.4e6)).toBe('−$63.4M');
    expect(formatUsd(19.1e9)).toBe('$19.1B');
    expect(formatValue(27.16, 'USD/(PH/s)/day')).toBe('$27.16/(PH/s)/day');
    expect(formatValue(27.16, 'USD/(PH/s)/day', { perUnit: false })).toBe('$27.16');
  });

  it('fractions, log returns and volatilities as percentages', () => {
    expect(formatValue(0.36, 'fraction')).toBe('36.0%');
    expect(formatValue(-0.0802, 'log return')).toBe('-8.02%');
    expect(formatValue(1.15, '1/√year')).toBe('115.0%');
  });

  it('plain numbers: three significant digits, separators below a million, then M, B, T', () => {
    expect(formatNumber(0.4812)).toBe('0.481');
    expect(formatNumber(25_968.4)).toBe('25,968');
    expect(formatNumber(4.512e6)).toBe('4.51M');
    expect(formatNumber(2.5e9)).toBe('2.50B');
    expect(formatNumber(141_668_107_417_558)).toBe('141.7T');
    expect(formatNumber(2e-5)).toBe('2.00e-5');
    expect(formatValue(NaN, 'EH/s')).toBe('—');
    expect(formatValue(Infinity, 'm²')).toBe('∞');
  });
});
