/** Day arithmetic, value parsing and the wording of the workbench's schedule (no DOM). */

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

/** One schedule entry as the scenario format has it (web/timeline.tsx's ScheduleEntry). */
interface EntryLike {
  set?: Record<string, unknown>;
  shock?: { signal: string; multiply?: unknown; add?: unknown }[];
}

/**
 * What a schedule entry does, in words a reader of the run checks: each shock as
 * `signal × multiply + add` (the parts it has), each set as `model.param = value`; a number or a
 * distribution as written.
 */
export function describeEntry(entry: EntryLike): string {
  const value = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  const shocks = (entry.shock ?? []).map((s) => {
    const parts = [s.signal];
    if (s.multiply !== undefined) parts.push(`× ${value(s.multiply)}`);
    if (s.add !== undefined) parts.push(`+ ${value(s.add)}`);
    return parts.join(' ');
  });
  const sets = Object.entries(entry.set ?? {}).map(([k, v]) => `${k} = ${value(v)}`);
  return [...shocks, ...sets].join('; ') || 'nothing';
}
