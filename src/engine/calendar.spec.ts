import { describe, expect, it } from 'vitest';
import { addDays, dateMs, daysBetween, DAY_MS } from './calendar.js';

describe('calendar', () => {
  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2026-02-05', 180)).toBe('2026-08-04');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('counts days between dates, either way', () => {
    expect(daysBetween('2025-10-10', '2025-10-11')).toBe(1);
    expect(daysBetween('2026-02-05', '2025-02-05')).toBe(-365);
    expect(dateMs('2026-01-01') % DAY_MS).toBe(0);
    expect(Number.isNaN(dateMs('2026-13-01'))).toBe(true);
  });
});
