import type { ModelContext } from '../../engine/model.js';
import * as book from './book.js';
import { CLASS, CLASSES_WIDTH, SCALARS as S, type LeverageRun } from './layout.js';
import type { LeverageParams } from './params.js';

/** A side's non-empty bin: its index, level (mean liquidation log price) and contracts. */
export interface BinView {
  index: number;
  level: number;
  contracts: number;
}

/**
 * One path's books as numbers (for tests and diagnostics): contracts per side (bins + pool),
 * the open interest, the fund, the flush memory, where the cascades start and the non-empty bins.
 */
export function inspectPath(ctx: ModelContext<LeverageParams, LeverageRun>, i: number) {
  const { K, W, record } = ctx.prepared;
  const rec = ctx.state.path;
  const o = i * W;
  const g = o + record.scalars;
  const longs = o + record.longBins;
  const shorts = o + record.shortBins;
  const bins = (side: number, scale: number) => {
    const out: BinView[] = [];
    for (let j = 0; j < K; j++) if (rec[side + 2 * j] > 0) out.push({ index: j, level: rec[side + 2 * j + 1] / rec[side + 2 * j], contracts: rec[side + 2 * j] * scale });
    return out;
  };
  return {
    longContracts: book.bookContracts(rec, longs, K, rec[g + S.scaleLong]) + rec[g + S.poolLong] * rec[g + S.scaleLong],
    shortContracts: book.bookContracts(rec, shorts, K, rec[g + S.scaleShort]) + rec[g + S.poolShort] * rec[g + S.scaleShort],
    longPool: rec[g + S.poolLong] * rec[g + S.scaleLong],
    shortPool: rec[g + S.poolShort] * rec[g + S.scaleShort],
    openInterest: rec[g + S.openInterest],
    fund: rec[g + S.fund],
    flushMemory: rec[g + S.flushMemory],
    /** No long position above this bin, no short below that one (where cascades start). */
    nearLong: rec[g + S.nearLong],
    nearShort: rec[g + S.nearShort],
    /** Each class's long liquidation offset ln(p_liq/p_e) for the J classes in force. */
    longOffsets: Array.from({ length: ctx.prepared.J }, (_, j) => ctx.state.classes[i * CLASSES_WIDTH + j * CLASS.width + CLASS.long]),
    longBins: bins(longs, rec[g + S.scaleLong]),
    shortBins: bins(shorts, rec[g + S.scaleShort]),
  };
}
