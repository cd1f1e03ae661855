import { describe, expect, it } from 'vitest';
import { axisTick, axisTitle, compactNumber, formatDate, formatDuration, formatPercent, formatWithUnit, unitKind } from './format.js';

describe('report number formats', () => {
  it('reads a unit by its form, whatever model declared it', () => {
    expect(['USD', 'USD/day', 'USD/(PH/s)/day'].map(unitKind)).toEqual(['usd', 'usd', 'usd']);
    expect(['fraction', 'fraction of assets', 'fraction/step', 'probability', 'share', '1/√year'].map(unitKind)).toEqual(Array(6).fill('percent'));
    expect(['EH/s', '°C', 'm²', '—', 'ratio', ''].map(unitKind)).toEqual(Array(6).fill('plain'));
  });

  it('writes values with their unit for tables: $1.2B, 12.5%, 35 EH/s', () => {
    expect(formatWithUnit(1.2e9, 'USD')).toBe('$1.2B');
    expect(formatWithUnit(2.48e7, 'USD/day')).toBe('$24.8M/day');
    expect(formatWithUnit(0.125, 'fraction')).toBe('12.5%');
    expect(formatWithUnit(0.3, 'fraction of assets')).toBe('30.0% of assets');
    expect(formatWithUnit(0.02, 'fraction/step')).toBe('2.0%/step');
    expect(formatWithUnit(35, 'EH/s')).toBe('35 EH/s');
    expect(formatWithUnit(49788, 'm²')).toBe('49,788 m²');
    expect(formatWithUnit(0.905, 'ratio')).toBe('0.905');
    expect(formatWithUnit(1, '1 feasible, 0 not')).toBe('1 (1 feasible, 0 not)');
    expect(formatWithUnit(NaN, 'USD')).toBe('—');
  });

  it('percentages keep small probabilities readable and signed', () => {
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(1)).toBe('100.0%');
    expect(formatPercent(0.004)).toBe('0.40%');
    expect(formatPercent(0.00005)).toBe('0.005%');
    expect(formatPercent(-0.02)).toBe('−2.0%');
  });

  it('axis ticks are short and exact at round values', () => {
    expect([0, 25000, 60000, 125000, 1.5e9, -2e8].map((v) => axisTick(v, 'USD'))).toEqual(['$0', '$25k', '$60k', '$125k', '$1.5B', '−$200M']);
    expect([0, 0.25, 0.125, -0.1].map((v) => axisTick(v, 'fraction'))).toEqual(['0%', '25%', '12.5%', '−10%']);
    expect([1200, 0.5, 3e6].map((v) => axisTick(v, 'm²'))).toEqual(['1.2k', '0.5', '3M']);
    expect(compactNumber(999)).toBe('999');
    expect(compactNumber(1.25e12)).toBe('1.25T');
  });

  it('axis titles only say what the ticks do not', () => {
    expect([axisTitle('USD'), axisTitle('USD/day'), axisTitle('fraction'), axisTitle('fraction of assets'), axisTitle('EH/s'), axisTitle('—')]).toEqual(['', 'USD/day', '', '% of assets', 'EH/s', '']);
  });

  it('dates and durations', () => {
    expect(formatDate('2026-02-05')).toBe('5 Feb 2026');
    expect([850, 4200, 192_000].map(formatDuration)).toEqual(['850 ms', '4.2 s', '3 min 12 s']);
  });
});
