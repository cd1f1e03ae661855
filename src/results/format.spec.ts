import { describe, expect, it } from 'vitest';
import { formatNumber, formatProbability, formatUsd, formatValue, formatWithUnit } from './format.js';

describe('the shared number formatter', () => {
  it('USD with k/M/B/T, a USD rate with or without its per-unit, one minus sign', () => {
    expect(formatUsd(0)).toBe('$0');
    expect(formatUsd(950)).toBe('$950');
    expect(formatUsd(73_300)).toBe('$73.3k');
    expect(formatUsd(-63.4e6)).toBe('−$63.4M');
    expect(formatUsd(19.1e9)).toBe('$19.1B');
    expect(formatValue(27.16, 'USD/(PH/s)/day')).toBe('$27.16/(PH/s)/day');
    expect(formatValue(27.16, 'USD/(PH/s)/day', { perUnit: false })).toBe('$27.16');
  });

  it('fractions, log returns and volatilities as percentages, negative with U+2212', () => {
    expect(formatValue(0.36, 'fraction')).toBe('36.0%');
    expect(formatValue(-0.0802, 'log return')).toBe('−8.0%');
    expect(formatValue(1.15, '1/√year')).toBe('115.0%');
  });

  it('plain numbers: three significant digits, separators below a million, then M, B, T', () => {
    expect(formatNumber(0.4812)).toBe('0.481');
    expect(formatNumber(25_968.4)).toBe('25,968');
    expect(formatNumber(4.512e6)).toBe('4.51M');
    expect(formatNumber(2.5e9)).toBe('2.5B');
    expect(formatNumber(141_668_107_417_558)).toBe('142T');
    expect(formatNumber(2e-5)).toBe('2e−5');
    expect(formatNumber(-3.5)).toBe('−3.5');
    expect(formatValue(NaN, 'EH/s')).toBe('—');
    expect(formatValue(Infinity, 'm²')).toBe('∞');
  });

  it('integer-valued signals read as integers, without sketch artefacts', () => {
    expect(formatNumber(1.99, { integer: true })).toBe('2');
    expect(formatNumber(5.68e-11, { integer: true })).toBe('0');
    expect(formatWithUnit(12_345.4, 'rigs', { integer: true })).toBe('12,345 rigs');
  });

  it('a rare probability never reads 0, a near-certain one never 100%', () => {
    expect(formatProbability(0.0006)).toBe('0.06%');
    expect(formatProbability(0.00001)).toBe('0.001%');
    expect(formatProbability(0.123)).toBe('12.3%');
    expect(formatProbability(0.9996)).toBe('>99.9%');
    expect([formatProbability(0), formatProbability(1)]).toEqual(['0%', '100%']);
  });
});
