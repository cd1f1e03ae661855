/** Axis bounds on round numbers: min and max are multiples of interval, which is 1, 2, 2.5 or 5 × 10^k. */
export interface NiceScale {
  min: number;
  max: number;
  interval: number;
}

const STEPS = [1, 2, 2.5, 5, 10];

/**
 * Round bounds that contain [lo, hi] with about `ticks` intervals (Heckbert's "nice numbers",
 * with 2.5 allowed). A flat range gets a small band around its value so that the line is
 * drawn mid-chart rather than on an edge.
 */
export function niceScale(lo: number, hi: number, ticks = 5): NiceScale {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { min: 0, max: 1, interval: 0.2 };
  if (lo > hi) [lo, hi] = [hi, lo];
  if (hi === lo) {
    const pad = Math.abs(lo) > 0 ? Math.abs(lo) * 0.1 : 1;
    lo -= pad;
    hi += pad;
  }
  const raw = (hi - lo) / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const interval = STEPS.map((s) => s * mag).find((s) => s >= raw * 0.999)!;
  // round to the interval's decimals so that ticks print as 0.3, not 0.30000000000000004
  const decimals = Math.max(0, -Math.floor(Math.log10(interval)) + 2);
  const round = (v: number) => Number(v.toFixed(decimals));
  return { min: round(Math.floor(lo / interval + 1e-9) * interval), max: round(Math.ceil(hi / interval - 1e-9) * interval), interval: round(interval) };
}
