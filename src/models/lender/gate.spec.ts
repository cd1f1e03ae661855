/**
 * gate.ts on the real engine (lender-harness.test-helper.ts): payment from cash above the
 * floor, fire sales in the pecking order, calls of callable loans (same day, or with notice),
 * the gate and the queue, reopening when the queue can be paid, and the wind-down. A shocked
 * withdrawal sets off each case; nothing is random, so figures are exact up to rounding
 * (1e-12 relative). Repayment as loans mature over weeks: mechanisms.spec.ts.
 */
import { describe, expect, it } from 'vitest';
import { lenderHarness, near, PLAIN_LENDER, saleCost } from './lender-harness.test-helper.js';

/** An unsecured book that neither defaults nor earns interest. */
const BOOK = { share: 1, rateApr: 0, pdPerYear: 0, collateralRatio: 0, tenorDays: 365, buckets: 1, borrowers: 1 };
const A = 1.1e9;

/** Lender `a` with these fields, after a shocked withdrawal of `usd` on day 1. */
function afterRequest(fields: Record<string, unknown>, usd: number) {
  const t = lenderHarness({ lenders: { a: { ...PLAIN_LENDER, ...fields } } });
  t.h.shockNext('lender.a.extraWithdrawalsUsd', 1, usd).step();
  return t;
}

describe('payment and the gate', () => {
  it('sells liquid securities, then own BTC into the market, keeps unsellable assets, queues the rest and gates', () => {
    const t = afterRequest({ cashShare: 0.2, liquidShare: 0.1, ownBtcShare: 0.05, otherAssetsShare: 0.05, loans: [BOOK] }, 0.6e9);
    const own = 0.05 * A;
    const paid = 0.2 * A + 0.1 * A * (1 - 0.02) + own * (1 - saleCost(own));
    near(t.out('a', 'withdrawalsPaidUsd'), paid);
    near(t.out('a', 'btcSoldUsd'), own);
    near(t.h.signal('market.forcedSellingUsd')[0], own);
    near(t.out('a', 'queuedClaimsUsd'), 0.6e9 - paid);
    expect([t.lv('a', 'liquid'), t.lv('a', 'ownBtc'), t.lv('a', 'cash')]).toEqual([0, 0, 0]);
    near(t.lv('a', 'other'), 0.05 * A);
    expect([t.out('a', 'halted'), t.out('a', 'everHalted'), t.lv('a', 'firstHaltDay')]).toEqual([1, 1, 1]);
    expect(t.h.signal('lender.haltedCount')[0]).toBe(1);
  });

  it('with no notice (callLagDays 0) calls only the share of callable loans needed, at (1 − h_call), and stays open', () => {
    const t = afterRequest({ cashShare: 0.2, callLagDays: 0, callHaircut: 0.1, loans: [{ ...BOOK, callable: true }] }, 0.5e9);
    const f = (0.5e9 - 0.2 * A) / (0.8 * A * 0.9);
    near(t.out('a', 'withdrawalsPaidUsd'), 0.5e9);
    near(t.bucket('a', 0, 0, 'principal'), 0.8 * A * (1 - f));
    near(t.out('a', 'equityUsd'), 0.1e9 - 0.8 * A * f * 0.1);
    expect(t.out('a', 'halted')).toBe(0);
  });

  it('with notice calls every callable loan, gates, and reopens the day the called loans pay the queue', () => {
    const t = afterRequest({ cashShare: 0.2, callLagDays: 3, callHaircut: 0.1, loans: [{ ...BOOK, callable: true }] }, 0.5e9);
    const queue = 0.5e9 - 0.2 * A;
    expect(t.bucket('a', 0, 0, 'maturityDay')).toBe(4);
    near(t.bucket('a', 0, 0, 'principal'), 0.8 * A * 0.9);
    near(t.out('a', 'queuedClaimsUsd'), queue);
    expect(t.out('a', 'halted')).toBe(1);
    t.h.step(2);
    expect([t.out('a', 'halted'), t.out('a', 'withdrawalsPaidUsd')]).toEqual([1, 0]);
    t.h.step();
    near(t.out('a', 'withdrawalsPaidUsd'), queue);
    expect([t.out('a', 'halted'), t.out('a', 'repaid'), t.out('a', 'queuedClaimsUsd'), t.lv('a', 'called')]).toEqual([0, 1, 0, 0]);
  });

  it('with nothing left to collect or sell winds down the day it gates: senior debt first, then clients pro rata, the rest written off', () => {
    // assets 0.55e9, all cash, for claims of 1e9 and senior debt of 0.05e9; a floor of 0.1e9:
    // 0.45e9 is paid above the floor, then the floor's 0.1e9 goes 0.05e9 to senior debt, 0.05e9 to clients
    const t = afterRequest({ equityShare: -0.5, otherLiabilitiesShare: 0.05, cashFloorShare: 0.1 }, 0.8e9);
    near(t.out('a', 'withdrawalsPaidUsd'), 0.45e9 + 0.05e9);
    near(t.out('a', 'clientLossUsd'), 1e9 - 0.5e9);
    expect([t.out('a', 'assetsUsd'), t.out('a', 'liabilitiesUsd'), t.out('a', 'equityUsd'), t.out('a', 'queuedClaimsUsd'), t.lv('a', 'closed')]).toEqual([0, 0, 0, 0, 1]);
    t.h.step();
    expect(t.out('a', 'withdrawalsPaidUsd')).toBe(0);
    near(t.out('a', 'clientLossUsd'), 0.5e9);
  });
});
