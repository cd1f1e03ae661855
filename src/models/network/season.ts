import { dateMs, DAY_MS } from '../../engine/calendar.js';

/*
 * The season of US mining: in summer, Texas miners switch off in the afternoon peaks (ERCOT's
 * four-coincident-peak charges, June–September, and its demand-response and price-responsive
 * curtailment in heat waves), so a share of US capacity does not run that has nothing to do
 * with the hashprice. A profile of 12 monthly values κ_m, linear between mid-months.
 */

/** Days of a mean Gregorian year: a season repeats on it, whatever the year's length. */
export const SEASON_YEAR_DAYS = 365.2425;

/** Days from 1 January (00:00 UTC) of the date's year to the date (0 on 1 January). */
export function dayOfYear(isoDate: string): number {
  return (dateMs(isoDate) - dateMs(`${isoDate.slice(0, 4)}-01-01`)) / DAY_MS;
}

/**
 * κ(d): the share of US capacity curtailed on day d of the year (0 = 1 January, any real d,
 * taken modulo the year): the value κ_m of the month it falls in, months being twelfths of the
 * mean year (Y/12 = 30.44 days; the calendar's months differ by up to 2 days). Constant within a
 * month, so that each month's mean is its measured value. No allocation (the network's step
 * calls it once per step).
 */
export function seasonalCurtailment(monthly: readonly number[], day: number): number {
  let d = day % SEASON_YEAR_DAYS;
  if (d < 0) d += SEASON_YEAR_DAYS;
  return monthly[Math.min(11, Math.floor((d * 12) / SEASON_YEAR_DAYS))];
}
