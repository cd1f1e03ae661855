import { formatCompact, isUnitless, percentSuffix, unitKind } from '../results/format.js';

/** The shared formatter (src/results/format.ts): the report reads numbers as the terminal does. */
export { formatPercent, formatProbability, formatWithUnit, unitKind, type UnitKind } from '../results/format.js';

/** 60000 → 60k, 1.25e9 → 1.25B, 950 → 950, 0.015 → 0.015 (the shared compact form). */
export const compactNumber = formatCompact;

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
  return isUnitless(unit) ? '' : unit;
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
