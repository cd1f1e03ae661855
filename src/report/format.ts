import { formatNumber, formatValue } from '../results/format.js';

/**
 * How a unit's numbers read. Units are free text declared by each model (`USD`, `USD/day`,
 * `fraction of assets`, `EH/s`, `°C`, …), so the rules look at the unit's form, never at a
 * signal's name: any model added later formats correctly if it names its units plainly.
 */
export type UnitKind = 'usd' | 'percent' | 'plain';

const PERCENT_UNITS = new Set(['probability', 'share', '1/√year', 'log return', 'log-return']);

/** `usd` for USD and USD/…, `percent` for fractions, shares and probabilities, else `plain`. */
export function unitKind(unit: string): UnitKind {
  if (unit === 'USD' || unit.startsWith('USD/')) return 'usd';
  if (PERCENT_UNITS.has(unit) || unit.startsWith('fraction') || unit.startsWith('share')) return 'percent';
  return 'plain';
}

/** What follows a percentage: `/step` for `fraction/step`, ` of assets` for `fraction of assets`. */
function percentSuffix(unit: string): string {
  const rest = unit.replace(/^(fraction|share)/, '');
  return rest.startsWith('/') || rest.startsWith(' ') ? rest : '';
}

const DIMENSIONLESS = new Set(['', '—', '-', 'ratio', 'count', 'number', 'index']);

/** True for units that say "no unit" (a ratio is a plain number). */
function unitless(unit: string): boolean {
  return DIMENSIONLESS.has(unit);
}

/**
 * A value with its unit for tables and card headlines: $1.20B, $24.8M/day, 12.5%, 35 EH/s,
 * 49,788 m², 0.664 (unitless).
 */
export function formatWithUnit(v: number, unit: string): string {
  const kind = unitKind(unit);
  if (!Number.isFinite(v) || kind === 'usd') return formatValue(v, unit);
  if (kind === 'percent') return `${formatPercent(v)}${percentSuffix(unit)}`;
  if (unitless(unit)) return formatNumber(v);
  // a unit that is a phrase ("1 feasible, 0 not") reads as a gloss, not a suffix
  return /[ ,;]/.test(unit) ? `${formatNumber(v)} (${unit})` : `${formatNumber(v)} ${unit}`;
}

/** 0.1234 → 12.3%, 0.004 → 0.40%, 0.00005 → 0.005%, −0.02 → −2.0%. */
export function formatPercent(v: number): string {
  const p = Math.abs(v * 100);
  if (p === 0) return '0%';
  const digits = p >= 1 ? p.toFixed(1) : p >= 0.01 ? p.toFixed(2) : String(Number(p.toPrecision(1)));
  return `${v < 0 ? '−' : ''}${digits}%`;
}

/** Up to three significant digits with trailing zeros dropped: 60 → 60, 1.25 → 1.25, 0.5 → 0.5. */
function sig3(v: number): string {
  return String(Number(v.toPrecision(3)));
}

const SUFFIXES: [number, string][] = [
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/** 60000 → 60k, 1.25e9 → 1.25B, 950 → 950, 0.015 → 0.015. */
export function compactNumber(v: number): string {
  const sign = v < 0 ? '−' : '';
  const a = Math.abs(v);
  for (const [scale, suffix] of SUFFIXES) if (a >= scale) return `${sign}${sig3(a / scale)}${suffix}`;
  return `${sign}${sig3(a)}`;
}

/** An axis tick: as short as it can be and still exact at tick values: $60k, $1.5B, 25%, 49.8k. */
export function axisTick(v: number, unit: string): string {
  const kind = unitKind(unit);
  if (v === 0) return kind === 'usd' ? '$0' : kind === 'percent' ? '0%' : '0';
  if (kind === 'usd') {
    const c = compactNumber(v);
    return c.startsWith('−') ? `−$${c.slice(1)}` : `$${c}`;
  }
  if (kind === 'percent') return `${compactNumber(v * 100)}%`;
  return compactNumber(v);
}

/**
 * The axis title of a unit, when the tick labels do not already say it all: `USD/day`,
 * `% of assets`, `EH/s`; empty for plain USD and plain fractions ($ and % are on the ticks)
 * and for unitless numbers.
 */
export function axisTitle(unit: string): string {
  const kind = unitKind(unit);
  if (kind === 'percent') return percentSuffix(unit) ? `%${percentSuffix(unit)}` : '';
  if (kind === 'usd') return unit === 'USD' ? '' : unit;
  return unitless(unit) ? '' : unit;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 2026-02-05 → 5 Feb 2026 (unambiguous in every locale). */
export function formatDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** Milliseconds → 850 ms, 4.2 s, 3 min 12 s. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}
