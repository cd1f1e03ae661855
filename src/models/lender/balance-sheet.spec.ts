/**
 * balance-sheet.ts on the real engine (one block, lender-harness.test-helper.ts): the opening
 * balance sheet, marks and interest, revealed losses, maturities and roll-over. Nothing here
 * is random (fixed fields, no defaults, quiet clients), so figures match to floating-point
 * rounding: 1e-12 relative.
 */
import { describe, expect, it } from 'vitest';
import { lenderHarness, near, PLAIN_LENDER, QUIET_SEGMENT } from './lender-harness.test-helper.js';

const P = 100_000;
/** A book that neither defaults nor is margin-called at a flat price. */
const SAFE = { pdPerYear: 0, rateApr: 0, borrowers: 4 };

describe('the opening balance sheet', () => {
  it('splits assets D₀(1 + e + x) into cash, securities, own BTC, other assets and loans by book, bucket and segment', () => {
    const t = lenderHarness({
      lenders: {
        a: {
          ...PLAIN_LENDER,
          otherLiabilitiesShare: 0.2,
          cashShare: 0.2,
          liquidShare: 0.1,
          ownBtcShare: 0.05,
          otherAssetsShare: 0.05,
          cashFloorShare: 0.01,
          clients: 100,
          largestTenShare: 0.5,
          segments: { big: { ...QUIET_SEGMENT, share: 0.6 }, small: { ...QUIET_SEGMENT, share: 0.2 } },
          loans: [
            { ...SAFE, borrower: 'trading', share: 0.75, collateralRatio: 1.5, tenorDays: 30, buckets: 2 },
            { ...SAFE, borrower: 'other', share: 0.25, collateralRatio: 0, tenorDays: 10, buckets: 1, borrowers: 2 },
          ],
        },
      },
    });
    const A = 1.3e9;
    near(t.lv('a', 'cash'), 0.2 * A);
    near(t.lv('a', 'liquid'), 0.1 * A);
    near(t.lv('a', 'ownBtc'), (0.05 * A) / P);
    near(t.lv('a', 'other'), 0.05 * A);
    near(t.lv('a', 'otherLiab'), 0.2e9);
    near(t.lv('a', 'equity'), 0.1e9);
    near(t.lv('a', 'floor'), 0.01e9);
    near(t.lv('a', 'targetCash'), 0.2 * 1.3);
    near(t.lv('a', 'neff'), 1 / (0.25 / 10 + 0.25 / 90));
    const loans = 0.6 * A;
    for (const j of [0, 1]) {
      near(t.bucket('a', 0, j, 'principal'), (0.75 * loans) / 2);
      near(t.bucket('a', 0, j, 'collateralBtc'), (1.5 * (0.75 * loans)) / 2 / P);
      expect(t.bucket('a', 0, j, 'borrowers')).toBe(4);
    }
    expect([t.bucket('a', 0, 0, 'maturityDay'), t.bucket('a', 0, 1, 'maturityDay'), t.bucket('a', 1, 0, 'maturityDay')]).toEqual([15, 30, 10]);
    near(t.bucket('a', 1, 0, 'principal'), 0.25 * loans);
    expect(t.bucket('a', 1, 0, 'collateralBtc')).toBe(0);
    near(t.seg('a', 'big', 'dep'), 0.75e9);
    near(t.seg('a', 'small', 'dep'), 0.25e9);
    near(t.out('a', 'assetsUsd'), A);
    near(t.out('a', 'liabilitiesUsd'), 1.2e9);
    near(t.out('a', 'equityUsd'), 0.1e9);
  });

  it('scales shares that add up to more than 1 down together; without a loan book the loans stay in cash', () => {
    const t = lenderHarness({ lenders: { over: { ...PLAIN_LENDER, cashShare: 0.8, liquidShare: 0.4 }, cashOnly: { ...PLAIN_LENDER, cashShare: 0.5 } } });
    near(t.lv('over', 'cash'), (1.1e9 * 2) / 3);
    near(t.lv('over', 'liquid'), 1.1e9 / 3);
    near(t.lv('cashOnly', 'cash'), 1.1e9);
  });
});

describe('a step of the balance sheet', () => {
  it('accrues interest on loans and credits it on claims, through equity', () => {
    const t = lenderHarness({
      lenders: { a: { ...PLAIN_LENDER, depositRateApr: 0.0365, loans: [{ ...SAFE, share: 1, rateApr: 0.365, collateralRatio: 0, tenorDays: 100, buckets: 2 }] } },
    });
    const principal = t.bucket('a', 0, 0, 'principal');
    const equity0 = t.lv('a', 'equity');
    t.h.step();
    const interest = principal * 0.365 * (1 / 365);
    near(t.bucket('a', 0, 0, 'accrued'), interest);
    near(t.bucket('a', 0, 1, 'accrued'), interest);
    near(t.seg('a', 'clients', 'dep'), 1e9 * (1 + 0.0365 / 365));
    near(t.lv('a', 'equity'), equity0 + 2 * interest - 1e9 * (0.0365 / 365));
  });

  it('books a revealed loss against other assets first, then the loans pro rata, then securities and cash', () => {
    const lenders = { a: { ...PLAIN_LENDER, cashShare: 0.2, liquidShare: 0.1, otherAssetsShare: 0.1, loans: [{ ...SAFE, share: 1, collateralRatio: 0, tenorDays: 100, buckets: 1 }] } };
    const A = 1.1e9;
    const small = lenderHarness({ lenders });
    small.h.shockNext('lender.a.revealedLossUsd', 1, 0.3e9).step();
    near(small.lv('a', 'other'), 0);
    near(small.bucket('a', 0, 0, 'principal'), 0.6 * A - (0.3e9 - 0.1 * A));
    near(small.lv('a', 'lendingLoss'), 0.3e9 - 0.1 * A);
    near(small.lv('a', 'liquid'), 0.1 * A);
    near(small.out('a', 'revealedLossUsd'), 0.3e9);
    near(small.out('a', 'equityUsd'), 0.1e9 - 0.3e9);
    const large = lenderHarness({ lenders });
    large.h.shockNext('lender.a.revealedLossUsd', 1, 0.85 * A).step();
    expect(large.bucket('a', 0, 0, 'principal')).toBe(0);
    expect(large.lv('a', 'liquid')).toBe(0);
    near(large.lv('a', 'cash'), 0.2 * A - 0.05 * A);
  });

  it('collects a maturing bucket and re-lends it while cash stays above the target; a book that does not roll over keeps the cash', () => {
    const book = { ...SAFE, share: 0.5, collateralRatio: 1.5, tenorDays: 2, buckets: 1 };
    const t = lenderHarness({ lenders: { a: { ...PLAIN_LENDER, loans: [{ ...book, rollOver: true }, { ...book, rollOver: false }] } } });
    const principal = t.bucket('a', 0, 0, 'principal');
    const cash0 = t.lv('a', 'cash');
    t.h.step(2);
    near(t.bucket('a', 0, 0, 'principal'), principal);
    expect(t.bucket('a', 0, 0, 'maturityDay')).toBe(4);
    near(t.bucket('a', 0, 0, 'collateralBtc'), (1.5 * principal) / P);
    expect(t.bucket('a', 1, 0, 'principal')).toBe(0);
    expect(t.bucket('a', 1, 0, 'maturityDay')).toBe(Infinity);
    near(t.lv('a', 'cash'), cash0 + principal);
  });
});
