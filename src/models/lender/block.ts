import type { ModelContext, ShockLanes } from '../../engine/model.js';
import { ExpMemo } from './exp-memo.js';
import { BK, BS, DRAWDOWN, FORCED_SELLING, HALTED_COUNT, HASHPRICE, LENDER_OUTPUTS, PRICE, VOL, type Layout, type LenderLayout } from './layout.js';
import type { lenderParams } from './params.js';

export type Ctx = ModelContext<typeof lenderParams, LenderBlock>;

/**
 * What `prepare` builds for a run: the compiled layout, and what the mechanism files share
 * while they work on one block of paths — the block's state and signal buffers (bound at
 * `init`) and the working values of the path-step under way (fields rather than closures or
 * returned objects: no allocation in the step loop).
 */
export class LenderBlock {
  readonly lenders: LenderLayout[];
  readonly nL: number;
  /** Doubles per path in the lv, sg, bk and u arrays (layout.ts, StateWidths). */
  readonly lvW: number;
  readonly sgW: number;
  readonly bkW: number;
  readonly uW: number;
  /**
   * The step's stride through `u`: uW, or 0 when every column the step reads is alike on all
   * the block's paths (then every path reads path 0's row, which stays in the cache instead
   * of a row a path streamed in; set by kernel.ts `initBlock`).
   */
  uStride = 0;
  /** The block's state (layout.ts, StateWidths): market values, lenders, segments, buckets, drawn fields. */
  g!: Float64Array;
  lv!: Float64Array;
  sg!: Float64Array;
  bk!: Float64Array;
  u!: Float64Array;
  /** Scratch of the path-step under way: one BS record per loan bucket (layout.ts; zeros between steps). */
  readonly bs: Float64Array;
  ctx!: Ctx;
  price!: Float64Array;
  drawdown!: Float64Array;
  vol: Float64Array | null = null;
  hashprice: Float64Array | null = null;
  flow!: Float64Array;
  haltedCount!: Float64Array;
  /** Per lender, its output buffers in LENDER_OUTPUTS order (index with `OUT`). */
  readonly out: Float64Array[][] = [];
  /** Per lender, the haltedWithin<d>d buffers. */
  readonly within: Float64Array[][] = [];
  /** Per lender, this step's shock on revealedLossUsd and on extraWithdrawalsUsd (or null). */
  readonly lossShock: (ShockLanes | null)[];
  readonly extraShock: (ShockLanes | null)[];

  // the path-step under way, set by the kernel before a path's lenders step
  day = 0;
  days = 1;
  P = 0;
  /** The part of the step's log fall beyond an ordinary day's (crash withdrawals). */
  fall = 0;
  hazardMult = 1;
  minerMult = 1;
  stepVol = 0;
  /** USD of BTC this lender sold in the current step (collateral and own), for impact and output. */
  soldUsd = 0;
  paidUsd = 0;
  requestedUsd = 0;
  extraUsd = 0;
  /** Whether closeOuts recorded a close-out in some bucket this step (else nothing to settle). */
  closedAny = false;
  /** Whether collectMaturities left principal to roll over in some bucket this step (else rollOver has nothing to do). */
  rolling = false;
  // the loan book valued by coverage.ts (see valueLoans)
  loanBook = 0;
  loanValue = 0;
  loanValueDiscounted = 0;
  loanInflows = 0;
  /**
   * The exponentials of the valuation that repeat (exp-memo.ts): per day to maturity τ, the
   * waiting discount e^{−ρτ/365} and the default probability's e^{−λτ/365}; the call discount
   * and the other assets' discount (one slot each). Bit for bit what `exp` returns.
   */
  readonly discountMemo: ExpMemo;
  readonly defaultMemo: ExpMemo;
  readonly callMemo = new ExpMemo(1);
  readonly otherMemo = new ExpMemo(1);

  constructor(readonly layout: Layout) {
    this.lenders = layout.lenders;
    this.nL = layout.lenders.length;
    this.lvW = layout.state.lv;
    this.sgW = layout.state.sg;
    this.bkW = layout.state.bk;
    this.uW = layout.state.u;
    this.bs = new Float64Array((layout.state.bk / BK.width) * BS.width);
    this.lossShock = layout.lenders.map(() => null);
    this.extraShock = layout.lenders.map(() => null);
    // τ ≤ the longest tenor: a bucket matures within its tenor of any day
    const maxTenorDays = Math.max(0, ...layout.lenders.flatMap((L) => L.books.map((b) => b.tenorDays)));
    this.discountMemo = new ExpMemo(maxTenorDays + 1);
    this.defaultMemo = new ExpMemo(maxTenorDays + 1);
  }

  /** Points the block at a context's state and signal buffers (at init, once per block of paths). */
  bind(ctx: Ctx): void {
    this.ctx = ctx;
    this.g = ctx.state.g;
    this.lv = ctx.state.lv;
    this.sg = ctx.state.sg;
    this.bk = ctx.state.bk;
    this.u = ctx.state.u;
    this.price = ctx.signal(PRICE);
    this.drawdown = ctx.signal(DRAWDOWN);
    this.vol = ctx.has(VOL) ? ctx.signal(VOL) : null;
    this.hashprice = ctx.has(HASHPRICE) ? ctx.signal(HASHPRICE) : null;
    this.flow = ctx.signal(FORCED_SELLING);
    this.haltedCount = ctx.signal(HALTED_COUNT);
    this.out.length = 0;
    this.within.length = 0;
    for (const L of this.lenders) {
      this.out.push(LENDER_OUTPUTS.map((k) => ctx.signal(L.signals[k])));
      this.within.push(L.haltWithin.map((s) => ctx.signal(s)));
    }
  }
}
