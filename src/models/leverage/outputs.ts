import type { ModelContext } from '../../engine/model.js';
import { ADL, CASCADE_RETURN, HIGH, INSURANCE_FUND, LIQUIDATED, LIQUIDATED_LONG, LIQUIDATED_SHORT, LOW, NET_NEW_BTC, OPEN_INTEREST_BTC, OPEN_INTEREST_USD, REMOVED_BTC, VENUE, VENUE_OUTPUTS, VOUT, type LeverageRun, type Outputs } from './layout.js';
import type { LeverageParams } from './params.js';

/** Binds the block's output buffers into run.out (once per step: a few lookups, no allocation). */
export function bindOutputs(ctx: ModelContext<LeverageParams, LeverageRun>): Outputs {
  const run = ctx.prepared;
  const out = run.out;
  out.longUsd = ctx.signal(LIQUIDATED_LONG);
  out.shortUsd = ctx.signal(LIQUIDATED_SHORT);
  out.totalUsd = ctx.signal(LIQUIDATED);
  out.adlUsd = ctx.signal(ADL);
  out.oiUsd = ctx.signal(OPEN_INTEREST_USD);
  out.fund = ctx.signal(INSURANCE_FUND);
  out.low = ctx.signal(LOW);
  out.high = ctx.signal(HIGH);
  out.cascade = ctx.signal(CASCADE_RETURN);
  // without diagnostics these three go to a scratch buffer nobody records
  out.oiBtc = run.diagnostics ? ctx.signal(OPEN_INTEREST_BTC) : run.scratch;
  out.removed = run.diagnostics ? ctx.signal(REMOVED_BTC) : run.scratch;
  out.netNew = run.diagnostics ? ctx.signal(NET_NEW_BTC) : run.scratch;
  for (let u = 0; u < run.V; u++) {
    const signals = run.venueSignals[u];
    const bufs = out.venue[u];
    for (let k = 0; k < VENUE_OUTPUTS.length; k++) bufs[k] = ctx.signal(signals[VENUE_OUTPUTS[k]]);
  }
  return out;
}

/**
 * Path i's outputs of the step: the totals given, and each venue's from run.day and its
 * scalars (at rec[vs …]); the total fund is the venues' sum.
 */
export function writeOutputs(
  out: Outputs,
  run: LeverageRun,
  rec: Float64Array,
  vs: number,
  i: number,
  longUsd: number,
  shortUsd: number,
  adlUsd: number,
  oiUsd: number,
  price: number,
  low: number,
  high: number,
  cascade: number,
  oiBtc: number,
  removed: number,
  netNew: number,
): void {
  const day = run.day;
  let fund = 0;
  for (let u = 0; u < run.V; u++) {
    const at = vs + u * VENUE.width;
    const bufs = out.venue[u];
    const f = rec[at + VENUE.fund];
    fund += f;
    bufs[VOUT.liquidatedUsd][i] = day.venueLongUsd[u] + day.venueShortUsd[u];
    bufs[VOUT.liquidatedLongUsd][i] = day.venueLongUsd[u];
    bufs[VOUT.adlUsd][i] = day.venueAdlUsd[u];
    bufs[VOUT.insuranceFundUsd][i] = f;
    bufs[VOUT.openInterestUsd][i] = rec[at + VENUE.openInterest] * price;
  }
  out.longUsd[i] = longUsd;
  out.shortUsd[i] = shortUsd;
  out.totalUsd[i] = longUsd + shortUsd;
  out.adlUsd[i] = adlUsd;
  out.oiUsd[i] = oiUsd;
  out.fund[i] = fund;
  out.low[i] = low;
  out.high[i] = high;
  out.cascade[i] = cascade;
  out.oiBtc[i] = oiBtc;
  out.removed[i] = removed;
  out.netNew[i] = netNew;
}
