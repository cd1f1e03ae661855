/**
 * credit-events.ts on the real engine (lender-harness.test-helper.ts): collateral sold when a
 * bucket's LTV reaches the liquidation level, margin calls met (top-up) or failed (sale, the
 * lender keeping at most its claim), and the execution cost of the lender's BTC sales. No
 * defaults here (pdPerYear 0) and certain margin-call outcomes (probability 0 or 1), so the
 * figures are exact up to rounding (1e-12 relative); defaults are checked statistically in
 * mechanisms.spec.ts.
 */
import { describe, expect, it } from 'vitest';
import { sqrtImpactLogReturn } from '../../finance/square-root-impact.js';
import { executionCost } from './credit-events.js';
import { lenderHarness, near, PLAIN_LENDER, saleCost } from './lender-harness.test-helper.js';

const P0 = 100_000;
/** One secured book, one bucket of 4 borrowers at 1/LTV₀ = 1.5, no interest, no defaults. */
const SECURED = { share: 1, rateApr: 0, pdPerYear: 0, collateralRatio: 1.5, marginCallLtv: 0.8, liquidationLtv: 0.9, tenorDays: 365, buckets: 1, borrowers: 4 };

/** The lender after BTC moves from P0 to `price` on day 1. */
function afterMove(price: number, book: Record<string, unknown> = {}) {
  const t = lenderHarness({ lenders: { a: { ...PLAIN_LENDER, loans: [{ ...SECURED, ...book }] } } });
  const claim = t.bucket('a', 0, 0, 'principal');
  const collateral = t.bucket('a', 0, 0, 'collateralBtc');
  const cash = t.lv('a', 'cash');
  t.h.setNext('btc', 'priceUsd', price).step();
  return { t, claim, collateral, cash };
}

describe('credit events', () => {
  it('at the liquidation LTV every borrower is closed out: the collateral is sold into the market and the shortfall is a lending loss', () => {
    const { t, claim, collateral, cash } = afterMove(50_000); // LTV = 1/(1.5·0.5) = 1.33
    const usd = collateral * 50_000;
    near(t.out('a', 'btcSoldUsd'), usd);
    near(t.h.signal('market.forcedSellingUsd')[0], usd);
    near(t.out('a', 'lendingLossUsd'), claim - usd * (1 - saleCost(usd)));
    near(t.lv('a', 'cash'), cash + usd * (1 - saleCost(usd)));
    expect(t.bucket('a', 0, 0, 'borrowers')).toBe(0);
    expect(t.bucket('a', 0, 0, 'principal')).toBe(0);
  });

  it('a margin call met tops the collateral up to LTV₀; nothing is sold', () => {
    const price = P0 / (1.5 * 0.85); // LTV 0.85: between the margin-call and liquidation LTVs
    const { t, claim } = afterMove(price, { marginCallMeetProb: 1 });
    near(t.bucket('a', 0, 0, 'collateralBtc'), (claim * 1.5) / price);
    expect(t.bucket('a', 0, 0, 'borrowers')).toBe(4);
    expect(t.out('a', 'btcSoldUsd')).toBe(0);
    expect(t.out('a', 'lendingLossUsd')).toBe(0);
  });

  it('a margin call failed sells the collateral; the lender keeps its claim and no more', () => {
    const price = P0 / (1.5 * 0.85);
    const { t, claim, collateral, cash } = afterMove(price, { marginCallMeetProb: 0 });
    near(t.out('a', 'btcSoldUsd'), collateral * price);
    expect(t.out('a', 'lendingLossUsd')).toBe(0);
    near(t.lv('a', 'cash'), cash + claim);
    expect(t.bucket('a', 0, 0, 'borrowers')).toBe(0);
  });

  it('the execution cost of a sale is 1 − e^{⅔·I(Q)}, bit for bit what the model computed before it used square-root-impact-average', () => {
    const { block } = lenderHarness({ lenders: { a: PLAIN_LENDER } });
    for (const usd of [0, 1e5, 3e7, 2e9, 5e11]) {
      const impact = -sqrtImpactLogReturn(usd, 40e9 * block.days, block.stepVol, 1);
      expect(executionCost(block, 0, usd)).toBe(1 - Math.exp((-2 / 3) * impact));
    }
  });
});
