import { FORECASTERS, type BacktestResult } from '../backtest/run-backtest.js';

/** A row for the appender, in table column order. */
type Row = (string | number | null)[];

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

/**
 * The tidy rows of a backtest for `backtest_horizons` (one per forecaster × horizon: CRPS,
 * both bands' coverage, the 90% band's tests on independent origins, the PIT test and
 * histogram) and `backtest_events` (one per event × forecaster: the Brier score and its
 * decomposition against the origins' base rate). Columns as in schema.ts.
 */
export function backtestRows(id: string, r: BacktestResult): { horizons: Row[]; events: Row[] } {
  const horizons: Row[] = [];
  for (const f of FORECASTERS) {
    for (const s of r.scores.byForecaster[f] ?? []) {
      const band = (b: number) => s.coverage.find((c) => c.band === b);
      const b90 = band(0.9);
      const ind = b90?.independent;
      horizons.push([
        id, f, s.horizon, s.n, finite(s.crps),
        finite(band(0.5)?.observed ?? NaN), finite(b90?.observed ?? NaN),
        ind?.n ?? null, ind?.misses ?? null, finite(ind?.kupiec.pValue ?? NaN), finite(ind?.christoffersen.pValue ?? NaN), ind?.trafficLight ?? null,
        finite(s.pitUniformity.chi2), finite(s.pitUniformity.pValue), JSON.stringify(s.pitHistogram),
      ]);
    }
  }
  const events: Row[] = [];
  for (const e of r.scores.events) {
    for (const f of FORECASTERS) {
      const b = e.byForecaster[f];
      if (b) events.push([id, e.name, e.description, f, e.n, finite(e.baseRate), finite(b.brier), finite(b.skill), finite(b.reliability), finite(b.resolution), finite(b.uncertainty)]);
    }
  }
  return { horizons, events };
}
