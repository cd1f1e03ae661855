/**
 * kernel.ts on the real engine (lender-harness.test-helper.ts): the market inputs of a step
 * (the crash fall, the hazard multipliers from btc.drawdown and the fallback hashprice, the
 * step volatility) and what the kernel does after every lender has stepped (the halted count,
 * the halts peers see next step, the last price). Exact up to rounding (1e-12 relative).
 */
import { describe, expect, it } from 'vitest';
import { DAYS_PER_YEAR } from '../../engine/calendar.js';
import { hashpriceAtConstantDifficulty } from '../../finance/constant-difficulty-hashprice.js';
import { lenderHarness, near, PLAIN_LENDER } from './lender-harness.test-helper.js';

describe('the lender kernel', () => {
  it('derives the step’s market inputs from btc.price and btc.drawdown', () => {
    const t = lenderHarness({ lenders: { a: PLAIN_LENDER } }, { paths: 1, btc: { priceUsd: 100_000, drawdown: 0.2 } });
    expect([t.market('p0'), t.market('dd0'), t.market('lastPrice')]).toEqual([100_000, 0.2, 100_000]);
    t.h.setNext('btc', 'priceUsd', 80_000).setNext('btc', 'drawdown', 0.6).step();
    const b = t.block;
    near(b.fall, Math.log(100_000 / 80_000) - 0.05);
    near(b.hazardMult, Math.exp(6 * ((0.6 - 0.2) / (1 - 0.2))));
    near(b.minerMult, Math.pow(40 / hashpriceAtConstantDifficulty(30, 80_000, 100_000), 1.5));
    near(b.stepVol, 0.6 * Math.sqrt(1 / DAYS_PER_YEAR));
    expect([t.market('p0'), t.market('lastPrice')]).toEqual([100_000, 80_000]);
  });

  it('counts the lenders halted, and keeps each halt for the peers’ next step', () => {
    const t = lenderHarness({ lenders: { a: { ...PLAIN_LENDER, gateBelowCoverage: 2 }, b: { ...PLAIN_LENDER, gateBelowCoverage: 2 }, c: PLAIN_LENDER } });
    expect(t.h.signal('lender.haltedCount')[0]).toBe(0);
    t.h.step();
    expect(t.h.signal('lender.haltedCount')[0]).toBe(2);
    expect(['a', 'b', 'c'].map((id) => t.lv(id, 'haltedPrev'))).toEqual([1, 1, 0]);
  });
});
