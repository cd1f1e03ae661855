/**
 * The US season: the day of the year, the monthly profile κ(d), and its default measured again
 * from data/ by the rule its source states (2023 and 2025, the summer months below the line from
 * the March–April to the October–November monthly means, divided by the US share 0.36).
 */
import { describe, expect, it } from 'vitest';
import { US_SEASONAL_CURTAILMENT } from './params.js';
import { SEASON_YEAR_DAYS, dayOfYear, seasonalCurtailment } from './season.js';
import { chainData } from './start-from.js';

const PROFILE = [0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.1, 0.11, 0.12];

describe('day of the year', () => {
  it('counts from 1 January (0), across a leap day', () => {
    expect(dayOfYear('2024-01-01')).toBe(0);
    expect(dayOfYear('2024-03-01')).toBe(60);
    expect(dayOfYear('2023-03-01')).toBe(59);
    expect(dayOfYear('2024-12-31')).toBe(365);
  });
});

describe('κ(d): the share of US capacity curtailed on day d', () => {
  it('is the value of the month d falls in (twelfths of the mean year), constant within it', () => {
    const month = SEASON_YEAR_DAYS / 12;
    for (let m = 0; m < 12; m++) {
      expect(seasonalCurtailment(PROFILE, m * month + 0.01)).toBe(PROFILE[m]);
      expect(seasonalCurtailment(PROFILE, (m + 0.5) * month)).toBe(PROFILE[m]);
      expect(seasonalCurtailment(PROFILE, (m + 1) * month - 0.01)).toBe(PROFILE[m]);
    }
    // the calendar's months differ from twelfths by at most 2 days: mid-July is July
    expect(seasonalCurtailment(PROFILE, dayOfYear('2024-07-15'))).toBe(PROFILE[6]);
  });

  it('repeats every year, for days past the year and before it (a run of several years)', () => {
    for (const d of [10, 100, 200, 300, 364]) {
      expect(seasonalCurtailment(PROFILE, d + SEASON_YEAR_DAYS)).toBe(seasonalCurtailment(PROFILE, d));
      expect(seasonalCurtailment(PROFILE, d + 3 * SEASON_YEAR_DAYS)).toBe(seasonalCurtailment(PROFILE, d));
    }
    expect(seasonalCurtailment(PROFILE, -1)).toBe(PROFILE[11]);
    expect(seasonalCurtailment(PROFILE, SEASON_YEAR_DAYS - 1e-9)).toBe(PROFILE[11]);
  });
});

describe('the default profile', () => {
  it('is what data/ gives by the rule of its source, to the rounding of its values (±0.002)', () => {
    const { hashrateEh, filled } = chainData();
    const monthly = new Map<string, { sum: number; n: number }>();
    for (const [date, h] of hashrateEh) {
      if (filled.has(date)) continue; // the file's own days (the rule as the default was derived)
      const m = monthly.get(date.slice(0, 7)) ?? { sum: 0, n: 0 };
      m.sum += h;
      m.n++;
      monthly.set(date.slice(0, 7), m);
    }
    const mean = (ym: string) => monthly.get(ym)!.sum / monthly.get(ym)!.n;
    const US_SHARE = 0.36;
    const below = (m: number) => {
      let s = 0;
      for (const y of [2023, 2025]) {
        // the log-linear line from the March–April mean (at month 3.5) to the October–November mean (10.5)
        const a = Math.log((mean(`${y}-03`) + mean(`${y}-04`)) / 2);
        const b = Math.log((mean(`${y}-10`) + mean(`${y}-11`)) / 2);
        s += Math.log(mean(`${y}-${String(m).padStart(2, '0')}`)) - (a + ((b - a) * (m - 3.5)) / 7);
      }
      return s / 2;
    };
    for (const m of [6, 7, 8, 9]) expect(Math.abs(-below(m) / US_SHARE - US_SEASONAL_CURTAILMENT[m - 1]), `month ${m}`).toBeLessThan(0.002);
    // May and October sit on the line (|κ| < 0.02): the profile is 0 outside June–September
    for (const m of [5, 10]) expect(Math.abs(below(m) / US_SHARE)).toBeLessThan(0.02);
    expect(US_SEASONAL_CURTAILMENT.filter((k, i) => i < 5 || i > 8).every((k) => k === 0)).toBe(true);
  });
});
