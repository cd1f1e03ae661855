/**
 * coverage.ts on the real engine (lender-harness.test-helper.ts): the stayer coverage θ and
 * the LCR-style coverage of a lender at the start, recomputed here from README.md's
 * equations (step 8) for a balance sheet with every kind of asset; the gate below a coverage
 * floor; and the haltedWithin<d>d signals. Exact up to rounding (1e-12 relative). The
 * Diamond–Dybvig limit of θ: diamond-dybvig.spec.ts.
 */
import { describe, expect, it } from 'vitest';
import { DAYS_PER_YEAR } from '../../engine/calendar.js';
import { hashpriceAtConstantDifficulty } from '../../finance/constant-difficulty-hashprice.js';
import { liquidityCoverageRatio } from '../../finance/liquidity-coverage-ratio.js';
import { stayerCoverage } from '../../finance/stayer-coverage.js';
import { lenderHarness, near, PLAIN_LENDER, QUIET_SEGMENT } from './lender-harness.test-helper.js';

const P = 100_000;

describe('coverage', () => {
  it('θ and the LCR at the start follow README.md step 8 for cash, securities, own BTC, other assets and two loan books', () => {
    const t = lenderHarness({
      lenders: {
        a: {
          ...PLAIN_LENDER,
          otherLiabilitiesShare: 0.1,
          cashShare: 0.2,
          liquidShare: 0.1,
          ownBtcShare: 0.05,
          otherAssetsShare: 0.05,
          callLagDays: 3,
          callHaircut: 0.02,
          segments: { c: { ...QUIET_SEGMENT, runOff30d: 0.5 } },
          loans: [
            { borrower: 'trading', share: 0.5, rateApr: 0.1, pdPerYear: 0, collateralRatio: 0, tenorDays: 20, buckets: 1, borrowers: 1 },
            { borrower: 'miner', share: 0.5, rateApr: 0.1, pdPerYear: 0.05, collateralRatio: 0, tenorDays: 100, buckets: 1, borrowers: 1, callable: true },
          ],
        },
      },
    });
    const A = 1.2e9;
    const [rho, keep] = [0.3, 1 - 0.1]; // gateCostPerYear, 1 − gateHaircut (defaults)
    const claim = 0.3 * A;
    // the trading book: no defaults, due on day 20 (an LCR inflow at 100%)
    const m0 = claim * (1 + (0.1 * 20) / DAYS_PER_YEAR);
    const d0 = keep * Math.exp((-rho * 20) / DAYS_PER_YEAR);
    // the miners' book: λ = λ₀·(HP_ref/HP)^γ with the fallback hashprice at the start price
    const lambda = 0.05 * Math.pow(40 / hashpriceAtConstantDifficulty(30, P, P), 1.5);
    const m1 = claim * (1 + (0.1 * 100) / DAYS_PER_YEAR);
    let v1 = m1 - (1 - Math.exp((-lambda * 100) / DAYS_PER_YEAR)) * m1;
    let d1 = keep * Math.exp((-rho * 100) / DAYS_PER_YEAR);
    const callDiscount = Math.exp((-rho * 3) / DAYS_PER_YEAR);
    if (claim * 0.98 * callDiscount > v1 * d1) [v1, d1] = [claim * 0.98, callDiscount];
    // other assets cannot be sold (h_O = 1): held until day 365, like a loan
    const other = 0.05 * A;
    const otherHeld = other * keep * Math.exp(-rho);
    const liquid = 0.2 * A + 0.1 * A * 0.98 + 0.05 * A * 0.99;
    const theta = stayerCoverage(liquid, m0 + v1 + other, m0 * d0 + v1 * d1 + otherHeld, 0.1e9, 1e9);
    near(t.out('a', 'stayerCoverage'), theta);
    near(t.lv('a', 'theta'), theta);
    near(t.out('a', 'coverage'), liquidityCoverageRatio(0.2 * A + 0.1 * A * 0.98, 0.5e9, m0, 0.75));
  });

  it('a lender whose LCR is below gateBelowCoverage gates after the start, and its haltedWithin signals follow the first halt', () => {
    const t = lenderHarness({ haltHorizonsDays: [1, 3], lenders: { a: { ...PLAIN_LENDER, gateBelowCoverage: 2 } } });
    near(t.out('a', 'coverage'), 1.1);
    expect([t.out('a', 'halted'), t.h.signal('lender.a.haltedWithin1d')[0]]).toEqual([0, 0]);
    t.h.step();
    expect([t.out('a', 'halted'), t.lv('a', 'firstHaltDay'), t.h.signal('lender.a.haltedWithin1d')[0], t.h.signal('lender.a.haltedWithin3d')[0]]).toEqual([1, 1, 1, 1]);
  });

  it('a first halt on day 2 is within 3 days, never within 1', () => {
    const t = lenderHarness({ haltHorizonsDays: [1, 3], lenders: { a: { ...PLAIN_LENDER, cashFloorShare: 0.5 } } });
    t.h.step();
    t.h.shockNext('lender.a.extraWithdrawalsUsd', 1, 0.9e9).step();
    expect([t.out('a', 'halted'), t.h.signal('lender.a.haltedWithin1d')[0], t.h.signal('lender.a.haltedWithin3d')[0]]).toEqual([1, 0, 1]);
    t.h.step(3);
    expect([t.h.signal('lender.a.haltedWithin1d')[0], t.h.signal('lender.a.haltedWithin3d')[0]]).toEqual([0, 1]);
  });
});
