/**
 * The one number formatter of Cascade: the terminal summary, the HTML report and the exports'
 * README all read numbers through it, so a value prints the same everywhere. Built on
 * `Intl.NumberFormat` (en-US digits and separators), with one minus sign (U+2212 "−").
 *
 * Units are free text declared by each model (`USD`, `USD/day`, `fraction of assets`, `EH/s`,
 * `°C`, …), so the rules look at the unit's form, never at a signal's name.
 */

/** How a unit's numbers read: `usd` ($1.2B), `percent` (12.5%) or `plain` (0.481, 25,968, 4.51M). */
export type UnitKind = 'usd' | 'percent' | 'plain';

const PERCENT_UNITS = new Set(['probability', 'share', '1/√year', 'log return', 'log-return']);
const DIMENSIONLESS = new Set(['', '—', '-', 'ratio', 'count', 'number', 'index']);

/** `usd` for USD and USD/…, `percent` for fractions, shares, probabilities, log returns and volatilities, else `plain`. */
export function unitKind(unit: string): UnitKind {
  if (unit === 'USD' || unit.startsWith('USD/')) return 'usd';
  if (PERCENT_UNITS.has(unit) || unit.startsWith('fraction') || unit.startsWith('share')) return 'percent';
  return 'plain';
}

/** Units shown as percentages. */
export function isPercentUnit(unit: string): boolean {
  return unitKind(unit) === 'percent';
}

/** True for units that say "no unit" (a ratio is a plain number). */
export function isUnitless(unit: string): boolean {
  return DIMENSIONLESS.has(unit);
}

const SIG3 = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3 });
const SIG2 = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 2 });
const INT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const CENTS = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const COMPACT = new Intl.NumberFormat('en-US', { notation: 'compact', maximumSignificantDigits: 3 });
const SCIENTIFIC = new Intl.NumberFormat('en-US', { notation: 'scientific', maximumSignificantDigits: 3 });
const PCT1 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const PCT2 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Intl's output with one minus sign (−), lower-case k and e: `-2E-5` → `−2e−5`, `73.3K` → `73.3k`. */
function tidy(s: string): string {
  return s.replace(/-/g, '−').replace('K', 'k').replace('E', 'e');
}

function nonFinite(v: number): string {
  return Number.isNaN(v) ? '—' : v > 0 ? '∞' : '−∞';
}

/** Options of the formatters. */
export interface FormatOptions {
  /** The signal only takes whole values: print it rounded (a sketch's 1.99 is 2). */
  integer?: boolean;
  /** A USD rate keeps its "/…" (default true); false for a table with a unit column. */
  perUnit?: boolean;
}

/**
 * A plain number: three significant digits below 1,000 (0.481), whole numbers with separators
 * below a million (25,968), then compact notation (4.51M, 2.5B, 142T), scientific for
 * the tiny and the huge (2e−5). With `integer`, rounded to a whole number first.
 */
export function formatNumber(v: number, options: FormatOptions = {}): string {
  if (!Number.isFinite(v)) return nonFinite(v);
  if (options.integer) v = Math.round(v);
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a < 1e-3 || a >= 1e15) return tidy(SCIENTIFIC.format(v));
  if (a < 1000) return tidy(SIG3.format(v));
  if (a < 1e6) return tidy(INT.format(v));
  return tidy(COMPACT.format(v));
}

/** 60000 → 60k, 1.25e9 → 1.25B, 950 → 950, 0.015 → 0.015: three significant digits, compact. */
export function formatCompact(v: number): string {
  return Number.isFinite(v) ? tidy(COMPACT.format(v)) : nonFinite(v);
}

/** $0, $0.48, $27.16, $950, $73.3k, $1.2M, $19.1B, $1.05T, −$63.4M. */
export function formatUsd(v: number): string {
  if (!Number.isFinite(v)) return nonFinite(v);
  const sign = v < 0 ? '−' : '';
  const a = Math.abs(v);
  if (a === 0) return '$0';
  if (a < 1) return `${sign}$${SIG2.format(a)}`;
  if (a < 100) return `${sign}$${CENTS.format(a)}`;
  if (a < 1000) return `${sign}$${INT.format(a)}`;
  return `${sign}$${tidy(COMPACT.format(a))}`;
}

/** 0.1234 → 12.3%, 0.004 → 0.40%, 0.00005 → 0.005%, −0.02 → −2.0%. */
export function formatPercent(v: number): string {
  if (!Number.isFinite(v)) return nonFinite(v);
  const p = Math.abs(v * 100);
  if (p === 0) return '0%';
  const digits = p >= 1 ? PCT1.format(p) : p >= 0.01 ? PCT2.format(p) : SIG2.format(p);
  return `${v < 0 ? '−' : ''}${digits}%`;
}

/**
 * A probability that never reads 0 or 100% unless it is: 0.0006 → 0.06%, 0.00001 → 0.001%,
 * 0.123 → 12.3%, 0.9996 → >99.9%, 0 → 0%, 1 → 100%.
 */
export function formatProbability(p: number): string {
  if (!Number.isFinite(p)) return nonFinite(p);
  if (p <= 0) return '0%';
  if (p >= 1) return '100%';
  if (p > 0.999) return '>99.9%';
  return formatPercent(p);
}

/** What follows a percentage: `/step` for `fraction/step`, ` of assets` for `fraction of assets`. */
export function percentSuffix(unit: string): string {
  const rest = unit.replace(/^(fraction|share)/, '');
  return rest.startsWith('/') || rest.startsWith(' ') ? rest : '';
}

/**
 * A value as its unit reads: $1.2B, $27.16/(PH/s)/day, 35.0%, 0.48. Without `perUnit` (a table
 * with a unit column) a USD rate drops its "/…"; the unit of a plain number is left to the
 * column (see {@link formatWithUnit} for a value that carries it).
 */
export function formatValue(v: number, unit: string, options: FormatOptions = {}): string {
  if (!Number.isFinite(v)) return nonFinite(v);
  const kind = unitKind(unit);
  if (kind === 'usd') return formatUsd(v) + (unit.startsWith('USD/') && options.perUnit !== false ? unit.slice(3) : '');
  if (kind === 'percent') return formatPercent(v);
  return formatNumber(v, options);
}

/**
 * A value with its unit for tables and card headlines: $1.2B, $24.8M/day, 12.5%, 35 EH/s,
 * 49,788 m², 0.664 (unitless).
 */
export function formatWithUnit(v: number, unit: string, options: FormatOptions = {}): string {
  const kind = unitKind(unit);
  if (!Number.isFinite(v) || kind === 'usd') return formatValue(v, unit, options);
  if (kind === 'percent') return `${formatPercent(v)}${percentSuffix(unit)}`;
  const n = formatNumber(v, options);
  if (isUnitless(unit)) return n;
  // a unit that is a phrase ("1 feasible, 0 not") reads as a gloss, not a suffix
  return /[ ,;]/.test(unit) ? `${n} (${unit})` : `${n} ${unit}`;
}
