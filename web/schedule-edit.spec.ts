import { describe, expect, it } from 'vitest';
import { axisTicks, dateAfter, dayOf, describeEntry, parseValue } from './schedule-edit.js';

describe('the schedule editor’s arithmetic', () => {
  it('turns days into dates and back, as the scenario counts them (UTC, across a leap day and a year end)', () => {
    expect(dateAfter('2023-03-07', 2)).toBe('2023-03-09');
    expect(dateAfter('2024-02-28', 1)).toBe('2024-02-29');
    expect(dateAfter('2025-12-31', 1)).toBe('2026-01-01');
    for (const d of [0, 1, 29, 180, 3286]) expect(dayOf('2017-01-01', dateAfter('2017-01-01', d))).toBe(d);
    expect(dateAfter('2023-03-07', NaN)).toBe('');
    expect(dayOf('2023-03-07', 'not a date')).toBeNaN();
  });

  it('reads a typed value as a number, else JSON (a distribution), else the text for the server to refuse', () => {
    expect(parseValue('5e9')).toBe(5e9);
    expect(parseValue(' 0.955 ')).toBe(0.955);
    expect(parseValue('{"dist":"uniform","min":0.8,"max":0.86}')).toEqual({ dist: 'uniform', min: 0.8, max: 0.86 });
    expect(parseValue('stress')).toBe('stress');
    expect(parseValue('')).toBe('');
  });

  it('labels the axis from 0 to the horizon with at most a few round steps', () => {
    expect(axisTicks(5)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(axisTicks(180)).toEqual([0, 30, 60, 90, 120, 150, 180]);
    expect(axisTicks(30)).toEqual([0, 5, 10, 15, 20, 25, 30]);
    expect(axisTicks(45)).toEqual([0, 10, 20, 30, 40, 45]);
    expect(axisTicks(42)).toEqual([0, 7, 14, 21, 28, 35, 42]);
    expect(axisTicks(43)).toEqual([0, 10, 20, 30, 43]); // no label crowding the horizon's
    for (const h of [1, 7, 60, 244, 540, 3286]) {
      const t = axisTicks(h);
      expect(t[0]).toBe(0);
      expect(t.at(-1)).toBe(h);
      expect(t.length).toBeLessThanOrEqual(8);
    }
  });

  it('words an entry as its shocks then its sets, values as written', () => {
    expect(describeEntry({ shock: [{ signal: 'btc.price', multiply: 0.8 }, { signal: 'lender.a.extraWithdrawalsUsd', add: { dist: 'uniform', min: 1, max: 2 } }], set: { 'supply.policy': 'entity-list' } })).toBe(
      'btc.price × 0.8; lender.a.extraWithdrawalsUsd + {"dist":"uniform","min":1,"max":2}; supply.policy = entity-list',
    );
    expect(describeEntry({})).toBe('nothing');
  });
});
