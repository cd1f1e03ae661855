/**
 * Calendar rules, one place for all: a scenario's dates are UTC calendar days written
 * YYYY-MM-DD, a step is a whole number of days, and rates quoted per year convert with a
 * 365-day year (the convention of the annualised volatilities and rates Cascade is calibrated
 * to: domain.md quotes σ·√365 for BTC, which trades every day).
 */

/** Days in a year when converting per-year rates and √year volatilities to days. */
export const DAYS_PER_YEAR = 365;

/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;

/** Milliseconds since the epoch of an ISO date's UTC midnight (NaN for a malformed date). */
export function dateMs(isoDate: string): number {
  return Date.parse(`${isoDate}T00:00:00Z`);
}

/** The ISO date `days` (a whole or fractional number) after `isoDate`, truncated to its day. */
export function addDays(isoDate: string, days: number): string {
  return new Date(dateMs(isoDate) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `fromIso` to `toIso` (negative when `toIso` is earlier). */
export function daysBetween(fromIso: string, toIso: string): number {
  return (dateMs(toIso) - dateMs(fromIso)) / DAY_MS;
}
