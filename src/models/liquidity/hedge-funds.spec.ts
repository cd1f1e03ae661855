/**
 * The hedge funds' mechanics (hedge-funds.ts) on one path's record: marking, redemptions,
 * the step's leverage target and their part of a round. Exact where the arithmetic is.
 */
import { describe, expect, it } from 'vitest';
import { hedgeFundSales, markHedgeFunds, REBALANCE_BAND, redeemHedgeFunds, redemptionsAfterLoss, stepLeverage } from './hedge-funds.js';
import { N, PATH, STRATEGIC } from './layout.js';
import { CLASSES } from './params.js';

const STAKE = PATH.strategic + STRATEGIC.hedgeFunds;
const SOFTWARE = CLASSES.indexOf('software');
const MEMORY = CLASSES.indexOf('memory');

/** One path's record: funds with equity E and exposures, the strategic holder's stake. */
function fundRecord(equity: number, exposures: Partial<Record<(typeof CLASSES)[number], number>>, stake = 0): Float64Array {
  const rec = new Float64Array(PATH.width);
  rec[PATH.hfEquity] = equity;
  for (const [c, x] of Object.entries(exposures)) rec[PATH.hfExposure + CLASSES.indexOf(c as (typeof CLASSES)[number])] = x;
  rec[STAKE] = stake;
  return rec;
}

const exposure = (rec: Float64Array) => rec.subarray(PATH.hfExposure, PATH.hfExposure + N).reduce((a, b) => a + b, 0);
const roundSales = (rec: Float64Array) => rec.subarray(PATH.roundSales, PATH.roundSales + N);
const ONE_PATH = Int32Array.of(0);

/** Round k of the hedge funds on the one path, the step's leverage target `target`. */
function round(rec: Float64Array, k: number, target: number, order = Int32Array.from([0, 1, 2, 3, 4])): Float64Array {
  rec[PATH.leverageStep] = target;
  if (k === 0) rec[PATH.hfLeverage] = target;
  hedgeFundSales(rec, ONE_PATH, 1, k, order, new Float64Array(STRATEGIC.width));
  return roundSales(rec);
}

describe('liquidity: hedge funds', () => {
  it('the strategic holder’s stake moves with the funds’ equity, which is floored at 0', () => {
    const rec = fundRecord(100, { software: 300 }, 20);
    markHedgeFunds(rec, 0, 90);
    expect(rec[PATH.hfEquity]).toBe(90);
    expect(rec[STAKE]).toBeCloseTo(18, 12);
    markHedgeFunds(rec, 0, -5);
    expect(rec[PATH.hfEquity]).toBe(0);
    expect(rec[STAKE]).toBe(0);
  });

  it('redemptions paid lower equity; the stake is capped at what is left', () => {
    const rec = fundRecord(100, {}, 30);
    redeemHedgeFunds(rec, 0, 60);
    expect(rec[PATH.hfEquity]).toBe(40);
    expect(rec[STAKE]).toBe(30);
    redeemHedgeFunds(rec, 0, 20);
    expect(rec[STAKE]).toBe(20);
    redeemHedgeFunds(rec, 0, 50);
    expect(rec[PATH.hfEquity]).toBe(0);
    expect(rec[STAKE]).toBe(0);
  });

  it('outside investors redeem ρ·(loss/E − ℓ₀)·E after a loss beyond the threshold, nothing after gains or small losses', () => {
    expect(redemptionsAfterLoss(100, -3, 0.01, 1)).toBeCloseTo(2, 12);
    expect(redemptionsAfterLoss(100, -3, 0.01, 2.5)).toBeCloseTo(5, 12);
    expect(redemptionsAfterLoss(100, -0.5, 0.01, 1)).toBe(0);
    expect(redemptionsAfterLoss(100, 5, 0.01, 1)).toBe(0);
    expect(redemptionsAfterLoss(0, -3, 0.01, 1)).toBe(0);
  });

  it('the step’s leverage target is a share of the way back to λ*', () => {
    const rec = fundRecord(100, { software: 400 }); // leverage 4
    rec[PATH.hfTarget] = 3;
    rec[PATH.hfAdjust] = 0.25;
    expect(stepLeverage(rec, 0)).toBeCloseTo(3.75, 12);
    rec[PATH.hfEquity] = 0;
    expect(stepLeverage(rec, 0)).toBeCloseTo(0.75, 12); // wiped out: from 0 toward λ*
  });

  it('a round: redemptions are paid lowest conviction first, then the funds sell down to the step’s leverage', () => {
    const rec = fundRecord(100, { software: 200, memory: 100 });
    rec[PATH.hfRedemptions] = 10;
    const sold = round(rec, 0, 2.5, Int32Array.from([SOFTWARE, MEMORY, 0, 3, 4]));
    // $10 of software sold for the redemptions (equity 90), then exposure 290 → 2.5 × 90 = 225:
    // $65 more, software again (the lowest conviction, still held)
    expect(rec[PATH.hfRedemptions]).toBe(0);
    expect(rec[PATH.hfEquity]).toBe(90);
    expect(rec[PATH.hfLeverage]).toBe(2.5);
    expect(exposure(rec)).toBeCloseTo(225, 9);
    expect(sold[SOFTWARE]).toBeCloseTo(75, 9);
    expect(sold[MEMORY]).toBe(0);
  });

  it('inside the rebalancing band the funds keep their leverage; after gains they buy back pro rata in the first round only', () => {
    // 194/64 = 3.03125× against a 3× step target: off by $2, within 2% of exposure: no trade
    const near = fundRecord(64, { software: 194 });
    const none = round(near, 0, 3);
    expect(194 - 3 * 64).toBeLessThanOrEqual(REBALANCE_BAND * 194);
    expect(near[PATH.hfLeverage]).toBe(194 / 64);
    expect(none.every((s) => s === 0)).toBe(true);
    // 2× against 3×: buy back 100, split as the exposures (3:2)
    const low = fundRecord(100, { software: 120, memory: 80 });
    const bought = round(low, 0, 3);
    expect(bought[SOFTWARE]).toBeCloseTo(-60, 9);
    expect(bought[MEMORY]).toBeCloseTo(-40, 9);
    expect(exposure(low)).toBeCloseTo(300, 9);
    // a later round never buys
    roundSales(low).fill(0);
    low[PATH.hfEquity] = 200;
    expect(round(low, 1, 3).every((s) => s === 0)).toBe(true);
  });

  it('funds wiped out sell everything', () => {
    const rec = fundRecord(0, { software: 50, memory: 20 });
    const sold = round(rec, 0, 3);
    expect(sold[SOFTWARE]).toBe(50);
    expect(sold[MEMORY]).toBe(20);
    expect(exposure(rec)).toBe(0);
  });
});
