/** Test only (supply specs): shared scenario dates and series helpers. */

export const START = '2026-01-01';
/** Day 30 after START, when the tests switch the policy. */
export const SWITCH = '2026-01-31';

/** A sampled path's value on a day (steps are days). */
export function at(series: Float64Array, day: number): number {
  return series[day];
}

/** First day ≥ from on which pred holds, or −1. */
export function firstDay(series: Float64Array, from: number, pred: (v: number) => boolean): number {
  for (let d = from; d < series.length; d++) if (pred(series[d])) return d;
  return -1;
}

/** Mean step of a consumer's deliveries, and their total. */
export function meanDeliveryStep(delivered: Float64Array): { mean: number; total: number } {
  let total = 0;
  let m = 0;
  delivered.forEach((x, t) => {
    total += x;
    m += x * t;
  });
  return { mean: m / total, total };
}
