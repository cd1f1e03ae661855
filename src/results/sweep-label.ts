import { formatWithUnit } from './format.js';

/**
 * Readable names for swept parameters: `leverage.openInterestUsd` = 61e9 reads
 * "open interest $61B", `thermal.spreaderMaterial` = "copper" reads "spreader material copper".
 * Units come from the parameter's declaration when the caller knows it, else from a `Usd`
 * suffix of the name.
 */

/** `leverage.openInterestUsd` → `open interest` (the model prefix and a unit suffix dropped, camelCase split). */
export function paramWords(key: string): string {
  const name = key.split('.').slice(1).join('.') || key;
  return name
    .replace(/(Usd|Pct|Mw|Kg|M2|Eh|Days|Years)$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

/** One swept value in words with its unit: `open interest $61B`, `it power 40 MW`, `spreader material copper`. */
export function sweepValueLabel(key: string, value: unknown, unit?: string): string {
  const u = unit ?? (/Usd$/.test(key) ? 'USD' : '');
  const v = typeof value === 'number' ? formatWithUnit(value, u) : typeof value === 'string' ? value : JSON.stringify(value);
  return `${paramWords(key)} ${v}`;
}

/** A sweep point in words: `open interest $61B`, or `sizing junction-limit, it power 1 MW`. */
export function sweepPointLabel(values: Record<string, unknown>, units: ReadonlyMap<string, string> = new Map()): string {
  const parts = Object.entries(values).map(([k, v]) => sweepValueLabel(k, v, units.get(k)));
  return parts.length ? parts.join(', ') : 'base';
}
