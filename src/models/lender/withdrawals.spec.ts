/**
 * withdrawals.ts: the lumpiness factor, and on the real engine (lender-harness.test-helper.ts)
 * the selection of clients at the start, the global-games run after a loss, a peer's halt
 * lowering what clients perceive, and a shocked withdrawal spread over segments. Runs here are
 * noiseless (σ = 0) and clients infinitely many (clients: 0), so the figures are exact up to
 * rounding (1e-12 relative); noisy runs are checked against SVB and FTX in run-speed.spec.ts.
 */
import { describe, expect, it } from 'vitest';
import { globalGamesRunShare } from '../../finance/global-games-run-share.js';
import { lenderHarness, near, PLAIN_LENDER, QUIET_SEGMENT } from './lender-harness.test-helper.js';
import { lumpiness } from './withdrawals.js';

/** Clients who run, noiselessly, once the stayer coverage they perceive is below θ*, and request half their balance a day. */
const RUNNERS = { ...QUIET_SEGMENT, runThreshold: 1, runSpeedPerDay: 0.5 };

describe('lumpiness', () => {
  it('is a mean-one factor with the variance of a Binomial(n, q) share, (1 − q)/(q·n); 1 without lumpiness', () => {
    // E over z ~ N(0, 1) by the trapezoid rule on [−10, 10] (error far below the tolerance)
    const moments = (q: number, n: number) => {
      const h = 1e-3;
      let m1 = 0;
      let m2 = 0;
      for (let z = -10; z <= 10; z += h) {
        const w = (h * Math.exp(-0.5 * z * z)) / Math.sqrt(2 * Math.PI);
        const f = lumpiness(q, n, z);
        m1 += w * f;
        m2 += w * f * f;
      }
      return { mean: m1, variance: m2 - m1 * m1 };
    };
    for (const [q, n] of [[0.01, 500], [0.3, 20], [0.9, 3]]) {
      const { mean, variance } = moments(q, n);
      near(mean, 1, 1e-9);
      near(variance, (1 - q) / (q * n), 1e-8);
    }
    expect([lumpiness(0.2, 0, 1.5), lumpiness(0, 10, 1.5), lumpiness(1, 10, 1.5)]).toEqual([1, 1, 1]);
  });
});

describe('withdrawals and runs', () => {
  it('clients who would run at the starting coverage θ₀ were never clients: the share Φ((θ* − θ₀)/σ) counts as decided', () => {
    const t = lenderHarness({ lenders: { a: { ...PLAIN_LENDER, segments: { c: { ...QUIET_SEGMENT, runThreshold: 1, signalNoise: 0.33 } } } } });
    const theta0 = t.lv('a', 'theta');
    near(theta0, 1.1); // all cash: (1.1e9 of assets) / (1e9 of claims)
    near(t.seg('a', 'c', 'startShare'), globalGamesRunShare(theta0, 1, 0.33));
    expect(t.seg('a', 'c', 'decided')).toBe(t.seg('a', 'c', 'startShare'));
  });

  it('a loss that takes θ below θ* makes every client decide to run, and runners request κ of their balance a day', () => {
    const t = lenderHarness({ runVisibility: 0, lenders: { a: { ...PLAIN_LENDER, segments: { c: RUNNERS } } } });
    t.h.shockNext('lender.a.revealedLossUsd', 1, 0.2e9).step();
    near(t.out('a', 'stayerCoverage'), 0.9);
    expect(t.out('a', 'withdrawalRequestsUsd')).toBe(0); // clients act on the coverage they saw the step before
    t.h.step();
    expect(t.seg('a', 'c', 'decided')).toBe(1);
    near(t.out('a', 'withdrawalRequestsUsd'), 0.5e9);
    t.h.step();
    near(t.out('a', 'withdrawalRequestsUsd'), 0.25e9);
    near(t.out('a', 'depositsUsd'), 0.25e9);
  });

  it('a peer’s halt lowers the coverage clients perceive by peerHaltShift: enough here to start a run', () => {
    const requests = (peerHaltShift: number) => {
      const lenders = { a: { ...PLAIN_LENDER, cashFloorShare: 0.5 }, b: { ...PLAIN_LENDER, segments: { c: { ...RUNNERS, runThreshold: 1.06 } } } };
      const t = lenderHarness({ peerHaltShift, runVisibility: 0, lenders });
      t.h.shockNext('lender.a.extraWithdrawalsUsd', 1, 0.9e9).step(); // beyond a's cash: a halts
      expect(t.out('a', 'halted')).toBe(1);
      t.h.step();
      return t.out('b', 'withdrawalRequestsUsd');
    };
    expect(requests(0)).toBe(0);
    near(requests(0.05), 0.5e9); // θ_p = 1.1 − 0.05 < θ* = 1.06
  });

  it('a shocked withdrawal is spread over segments by their undecided balances', () => {
    const segments = { big: { ...QUIET_SEGMENT, share: 0.75 }, small: { ...QUIET_SEGMENT, share: 0.25 } };
    const t = lenderHarness({ lenders: { a: { ...PLAIN_LENDER, segments } } });
    t.h.shockNext('lender.a.extraWithdrawalsUsd', 1, 0.2e9).step();
    near(t.out('a', 'extraWithdrawalsUsd'), 0.2e9);
    near(t.out('a', 'withdrawalRequestsUsd'), 0.2e9);
    near(t.seg('a', 'big', 'dep'), 0.75e9 - 0.15e9);
    near(t.seg('a', 'small', 'dep'), 0.25e9 - 0.05e9);
  });
});
