import { unitKind } from './format.js';
import { QUANTILE_KEYS } from './quantiles.js';
import type { SignalSummary } from './types.js';

/**
 * What a signal's numbers say about how to show it, decided from its summary alone (no names):
 * whether it stays the same, and whether it only takes whole values.
 */

/** Equal up to float noise (sketch bucket edges are exact, means may differ in the last bits). */
export function sameNumber(a: number, b: number): boolean {
  if (a === b || (Number.isNaN(a) && Number.isNaN(b))) return true;
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * True when every quantile and the mean are the same on every step from `first` on: the
 * signal does not move in time. The mean matters: a lender that halts on 0.06% of paths
 * has every quantile at 0 and a mean that is not.
 */
export function isSteady(s: SignalSummary, first = 0): boolean {
  return [...QUANTILE_KEYS, 'mean' as const].every((k) => s[k].every((v, i) => i < first || sameNumber(v, s[k][first])));
}

/** True when it is also the same on every path: its 1% and 99% quantiles and its mean agree. */
export function isConstant(s: SignalSummary, first = 0): boolean {
  return isSteady(s, first) && sameNumber(s.p01[first], s.p99[first]) && sameNumber(s.mean[first], s.p50[first]);
}

/**
 * Relative distance from a whole number within which a quantile still counts as whole: the
 * quantile sketch's default relative accuracy is 0.5%, so a count of 2 may read 1.99; twice
 * that leaves a margin, and a continuous signal has ~1,300 quantiles (7 × 181 steps) that
 * would all have to land this close to whole numbers by chance.
 */
const WHOLE_TOLERANCE = 0.01;

/** True when every quantile of a plain-unit signal is a whole number up to the sketch's accuracy (counts: rigs, calls, lenders). */
export function isIntegerValued(s: SignalSummary): boolean {
  if (unitKind(s.unit) !== 'plain') return false;
  for (const k of QUANTILE_KEYS) {
    for (const v of s[k]) {
      if (!Number.isFinite(v)) continue;
      const r = Math.round(v);
      if (Math.abs(v - r) > WHOLE_TOLERANCE * Math.abs(r) + 1e-9) return false;
    }
  }
  return true;
}
