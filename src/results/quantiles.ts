/**
 * The quantiles reported for every signal and step, by their keys in a signal's summary (and
 * the store's columns): `p05` is the 5% quantile. One list for the summary, the store and the
 * report.
 */
export const QUANTILE_KEYS = ['p01', 'p05', 'p25', 'p50', 'p75', 'p95', 'p99'] as const;

export type QuantileKey = (typeof QUANTILE_KEYS)[number];

/** The quantile of each key, in the order of {@link QUANTILE_KEYS}: p05 → 5/100 (the double nearest 0.05). */
export const QUANTILES: readonly number[] = QUANTILE_KEYS.map((k) => Number(k.slice(1)) / 100);

/**
 * Days after the start at which the summary table shows each signal (those within the horizon,
 * plus the last): the recorder keeps quantiles on these days whatever its weekly rhythm.
 */
export const SUMMARY_DAYS: readonly number[] = [1, 7, 30, 90, 180, 365];
