import type { ModelContext } from '../../engine/model.js';
import * as book from './book.js';
import { CLASS, SCALARS as S, VENUE, type LeverageRun } from './layout.js';
import type { LeverageParams } from './params.js';

/** A side's non-empty grid bin: its index, level (mean liquidation log price) and contracts. */
export interface BinView {
  index: number;
  level: number;
  contracts: number;
}

/** One venue's book on a path, as numbers. */
export interface VenueView {
  id: string;
  longContracts: number;
  shortContracts: number;
  longPool: number;
  shortPool: number;
  openInterest: number;
  fund: number;
  flushMemory: number;
}

/**
 * One path's books as numbers (for tests and diagnostics): per venue its contracts per side
 * (bins + pool), open interest, fund and flush memory; and over all venues the same totals,
 * where the cascades start and the non-empty grid bins (every venue's positions in a bin together).
 */
export function inspectPath(ctx: ModelContext<LeverageParams, LeverageRun>, i: number) {
  const run = ctx.prepared;
  const { K, V, W, record } = run;
  const rec = ctx.state.path;
  const o = i * W;
  const g = o + record.scalars;
  const longs = o + record.longBins;
  const shorts = o + record.shortBins;
  const at = (u: number) => o + record.venues + u * VENUE.width;
  const venues: VenueView[] = run.venueIds.map((id, u) => {
    const a = at(u);
    return {
      id,
      longContracts: book.bookContracts(rec, longs, K, V, u, rec[a + VENUE.scaleLong]) + rec[a + VENUE.poolLong] * rec[a + VENUE.scaleLong],
      shortContracts: book.bookContracts(rec, shorts, K, V, u, rec[a + VENUE.scaleShort]) + rec[a + VENUE.poolShort] * rec[a + VENUE.scaleShort],
      longPool: rec[a + VENUE.poolLong] * rec[a + VENUE.scaleLong],
      shortPool: rec[a + VENUE.poolShort] * rec[a + VENUE.scaleShort],
      openInterest: rec[a + VENUE.openInterest],
      fund: rec[a + VENUE.fund],
      flushMemory: rec[a + VENUE.flushMemory],
    };
  });
  const bins = (side: number, scaleAt: number) => {
    const out: BinView[] = [];
    for (let j = 0; j < K; j++) {
      let n = 0;
      let moment = 0;
      for (let u = 0; u < V; u++) {
        const scale = rec[at(u) + scaleAt];
        n += rec[side + 2 * (j * V + u)] * scale;
        moment += rec[side + 2 * (j * V + u) + 1] * scale;
      }
      if (n > 0) out.push({ index: j, level: moment / n, contracts: n });
    }
    return out;
  };
  const total = (k: keyof VenueView) => venues.reduce((s, v) => s + (v[k] as number), 0);
  return {
    venues,
    longContracts: total('longContracts'),
    shortContracts: total('shortContracts'),
    longPool: total('longPool'),
    shortPool: total('shortPool'),
    openInterest: total('openInterest'),
    fund: total('fund'),
    /** The flush memory of the first venue (all venues' when they are flushed alike). */
    flushMemory: venues[0].flushMemory,
    /** No long position above this bin, no short below that one (where cascades start). */
    nearLong: rec[g + S.nearLong],
    nearShort: rec[g + S.nearShort],
    /** Each class's long liquidation offset ln(p_liq/p_e) for the J classes in force. */
    longOffsets: Array.from({ length: run.J }, (_, j) => ctx.state.classes[i * run.classesWidth + j * CLASS.width + CLASS.long]),
    longBins: bins(longs, VENUE.scaleLong),
    shortBins: bins(shorts, VENUE.scaleShort),
  };
}
