import * as fastExp from '../../engine/exp.js';

/*
 * e^x remembered by slot, for exponents that repeat: the loan valuation's discount
 * e^{−ρτ/365} has the same ρ on every path of most scenarios (a plain number) and takes one of
 * a few dozen whole τ, and books with the same default intensity and tenor share their
 * e^{−λτ/365}. A hit is decided by the exponent itself (bit for bit), so a memo returns exactly
 * what `exp(x)` returns, whatever was stored before: results do not depend on the order of
 * paths, the block size or the thread.
 */
const exp = fastExp.exp;

/** Slots of remembered exponents and their e^x (a slot holds the last x stored in it). */
export class ExpMemo {
  /** The exponent stored in each slot (NaN: none, as NaN equals nothing). */
  readonly x: Float64Array;
  /** e^x of the slot's exponent. */
  readonly y: Float64Array;
  /** The highest slot. */
  readonly last: number;

  constructor(slots: number) {
    this.x = new Float64Array(Math.max(1, slots)).fill(NaN);
    this.y = new Float64Array(Math.max(1, slots));
    this.last = this.x.length - 1;
  }
}

/**
 * e^x (engine/exp.ts) from slot `slot` of the memo when it holds this x, else computed and
 * stored there. `slot` is any number ≥ 0 that tends to pick the same slot for the same x (a
 * loan's days to maturity); it is truncated and capped at the last slot.
 */
export function memoExp(memo: ExpMemo, slot: number, x: number): number {
  const k = Math.min(slot, memo.last) | 0;
  const xs = memo.x;
  // ±0 compare equal and have the same e^x (1)
  if (xs[k] === x) return memo.y[k];
  const y = exp(x);
  xs[k] = x;
  memo.y[k] = y;
  return y;
}
