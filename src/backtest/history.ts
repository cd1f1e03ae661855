import fs from 'node:fs';
import { addDays, DAYS_PER_YEAR, daysBetween } from '../engine/calendar.js';

/** A problem with a backtest's data or origins: the user's input, reported as such (exit 1). */
export class BacktestInputError extends Error {
  override name = 'BacktestInputError';
}

/** A daily series read from a `date,value` CSV: consecutive UTC days (gaps refused). */
export interface DailySeries {
  /** ISO date of values[0]. */
  firstDate: string;
  values: Float64Array;
}

/**
 * Reads a daily CSV with a `date` column and a value column (the second column unless named),
 * checking that the days are consecutive, so that index arithmetic is date arithmetic. With
 * `from`, rows before that date are skipped unread (e.g. the difficulty series' genesis days).
 * With `carryGaps`, missing days take the last value before them — right for a step series
 * such as the difficulty, which changes only at retargets; wrong for a price, so off by default.
 */
export function readDailySeries(file: string, column?: string, opts: { from?: string; carryGaps?: boolean } = {}): DailySeries {
  if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) throw new BacktestInputError(`${file}: expected a daily CSV file (date,value), found none`);
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  const header = lines[0].split(',');
  const col = column ? header.indexOf(column) : 1;
  if (header[0] !== 'date' || col < 1) throw new BacktestInputError(`${file}: expected a header "date,${column ?? 'value'}", found "${lines[0]}"`);
  let first = 1;
  while (opts.from && first < lines.length && lines[first].slice(0, 10) < opts.from) first++;
  const rows: number[] = [];
  for (let k = first; k < lines.length; k++) if (lines[k].trim() !== '') rows.push(k);
  if (!rows.length) throw new BacktestInputError(`${file}: expected daily rows${opts.from ? ` from ${opts.from}` : ''}, found none`);
  const firstDate = lines[rows[0]].split(',')[0];
  const values: number[] = [];
  for (const line of rows) {
    const cells = lines[line].split(',');
    let expected = addDays(firstDate, values.length);
    while (opts.carryGaps && cells[0] > expected && values.length) {
      values.push(values[values.length - 1]);
      expected = addDays(firstDate, values.length);
    }
    if (cells[0] !== expected) throw new BacktestInputError(`${file}:${line + 1}: expected the date ${expected} (consecutive days), found ${cells[0]}`);
    const v = Number(cells[col]);
    if (!(v > 0)) throw new BacktestInputError(`${file}:${line + 1}: expected a positive number, found ${cells[col]}`);
    values.push(v);
  }
  return { firstDate, values: Float64Array.from(values) };
}

/** Index of an ISO date in the series (may be outside [0, length)). */
export function indexOf(series: DailySeries, isoDate: string): number {
  return Math.round(daysBetween(series.firstDate, isoDate));
}

/** What a price series says at an origin, from data on or before it only. */
export interface PriceOrigin {
  /** Index of the origin day in the series. */
  index: number;
  date: string;
  priceUsd: number;
  /** The highest price on or before the origin. */
  peakUsd: number;
  /**
   * RiskMetrics EWMA volatility of daily log returns up to the origin, annualised (×√365):
   * σ²_t = λσ²_{t−1} + (1 − λ)r²_t, started at the variance of the first 30 returns.
   */
  ewmaVolPerSqrtYear: number;
  /** Daily log returns up to the origin (the last one ends on the origin day). */
  pastReturns: Float64Array;
}

/** The state at `index` from data on or before it (λ: EWMA weight of the previous variance). */
export function priceOrigin(series: DailySeries, index: number, lambda = 0.94): PriceOrigin {
  const p = series.values;
  if (index < 31 || index >= p.length) {
    throw new BacktestInputError(`origin ${addDays(series.firstDate, index)}: expected a date with 31 days of data before it and within the data (${addDays(series.firstDate, 31)} … ${addDays(series.firstDate, p.length - 1)})`);
  }
  const returns = new Float64Array(index);
  for (let k = 1; k <= index; k++) returns[k - 1] = Math.log(p[k] / p[k - 1]);
  let v = 0;
  for (let k = 0; k < 30; k++) v += returns[k] * returns[k];
  v /= 30;
  for (let k = 30; k < returns.length; k++) v = lambda * v + (1 - lambda) * returns[k] * returns[k];
  let peak = 0;
  for (let k = 0; k <= index; k++) if (p[k] > peak) peak = p[k];
  return { index, date: addDays(series.firstDate, index), priceUsd: p[index], peakUsd: peak, ewmaVolPerSqrtYear: Math.sqrt(v * DAYS_PER_YEAR), pastReturns: returns };
}
