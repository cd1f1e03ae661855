import { QUANTILE_KEYS } from '../results/quantiles.js';
import { isSteady, sameNumber } from '../results/signal-shape.js';
import type { SignalSummary } from '../results/types.js';

/**
 * How a signal is best shown, decided from its numbers alone (no signal names):
 * - `fan`: it moves over time: quantile bands, median and sample paths by date;
 * - `share`: a 0/1 indicator (halted, in the stress regime): the share of paths at 1 by date;
 * - `steady-spread`: the same every step but different across paths (a steady-state output of
 *   uncertain inputs): its distribution;
 * - `steady-value`: one number (a steady-state output of fixed inputs): a table row.
 */
export type SignalKind = 'fan' | 'share' | 'steady-spread' | 'steady-value';

/**
 * The first step worth plotting: 1 when step 0 is all zeros and later steps are not (a flow
 * that only exists once the first step has run, or an output a model fills from step 1),
 * otherwise 0.
 */
export function firstPlottedStep(s: SignalSummary): number {
  if (s.t.length < 2) return 0;
  const zeroAtStart = QUANTILE_KEYS.every((k) => s[k][0] === 0);
  const laterNonZero = QUANTILE_KEYS.some((k) => s[k].some((v, i) => i > 0 && v !== 0));
  return zeroAtStart && laterNonZero ? 1 : 0;
}

/** Decides how to show a signal; see {@link SignalKind}. */
export function classifySignal(s: SignalSummary): SignalKind {
  const first = Math.min(1, s.t.length - 1);
  if (isSteady(s, first)) return sameNumber(s.p01[first], s.p99[first]) ? 'steady-value' : 'steady-spread';
  const binary = QUANTILE_KEYS.every((k) => s[k].every((v) => v === 0 || v === 1));
  return binary ? 'share' : 'fan';
}
