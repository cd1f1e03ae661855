/**
 * Readable numbers with their unit: $1.2B, $27.16/(PH/s)/day, 35.0%, 0.48. Used by the CLI table
 * and reports. With `perUnit: false` a USD rate drops its "/…" (for a table with a unit column).
 */
export function formatValue(v: number, unit: string, options: { perUnit?: boolean } = {}): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? '—' : v > 0 ? '∞' : '−∞';
  if (unit === 'USD' || unit.startsWith('USD/')) return formatUsd(v) + (unit.startsWith('USD/') && options.perUnit !== false ? unit.slice(3) : '');
  if (isPercentUnit(unit)) return `${(v * 100).toFixed(Math.abs(v) < 0.1 ? 2 : 1)}%`;
  return formatNumber(v);
}

/** Units shown as percentages. */
export function isPercentUnit(unit: string): boolean {
  return unit === 'fraction' || unit === 'log return' || unit === '1/√year';
}

/** $950, $73.3k, $1.20M, $19.1B, $1.05T. */
export function formatUsd(v: number): string {
  const sign = v < 0 ? '−' : '';
  const a = Math.abs(v);
  if (a >= 1e12) return `${sign}$${(a / 1e12).toFixed(2)}T`;
  if (a >= 1e9) return `${sign}$${(a / 1e9).toFixed(a >= 1e10 ? 1 : 2)}B`;
  if (a >= 1e6) return `${sign}$${(a / 1e6).toFixed(a >= 1e7 ? 1 : 2)}M`;
  if (a >= 1e3) return `${sign}$${(a / 1e3).toFixed(a >= 1e4 ? 1 : 2)}k`;
  return `${sign}$${a.toFixed(a >= 100 ? 0 : 2)}`;
}

/** Three significant digits, thousands separated below a million: 0.48, 25,968, 4.51M, 141.7T. */
export function formatNumber(v: number): string {
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e15)) return v.toExponential(2);
  if (a >= 1e12) return `${(v / 1e12).toFixed(1)}T`;
  if (a >= 1e9) return `${(v / 1e9).toFixed(2)}B`;
  if (a >= 1e6) return `${(v / 1e6).toFixed(2)}M`;
  if (a >= 1000) return Math.round(v).toLocaleString('en-US');
  return Number(v.toPrecision(3)).toString();
}

