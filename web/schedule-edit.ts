/** Day arithmetic and value parsing of the workbench's schedule editor (no DOM). */

import { addDays, dateMs, daysBetween } from '../src/engine/calendar.js';

/** The date `day` days after `start` (YYYY-MM-DD, UTC), as the scenario checks count them; '' for a day that is not a number. */
export function dateAfter(start: string, day: number): string {
  return Number.isFinite(day) && Number.isFinite(dateMs(start)) ? addDays(start, Math.round(day)) : '';
}

/** Days from `start` to `at` (NaN for a date that does not parse). */
export function dayOf(start: string, at: string): number {
  return Math.round(daysBetween(start, at));
}

/** A value as typed: a number, else JSON (a distribution), else the text as it is (the server says what is wrong). */
export function parseValue(text: string): unknown {
  const t = text.trim();
  if (t !== '' && Number.isFinite(Number(t))) return Number(t);
  try {
    return JSON.parse(t);
  } catch {
    return t;
  }
}

/** Days to label on the axis: 0, the horizon, and a few round numbers between. */
export function axisTicks(horizon: number): number[] {
  const step = [1, 2, 5, 7, 10, 14, 30, 60, 90, 180, 365, 730].find((s) => horizon / s <= 6) ?? Math.ceil(horizon / 6);
  const out: number[] = [];
  for (let d = 0; d < horizon; d += step) out.push(d);
  if (horizon - (out.at(-1) ?? 0) < step / 2 && out.length > 1) out.pop();
  out.push(horizon);
  return out;
}
