/**
 * The lender model in its Diamond–Dybvig limit (domain.md §2, README.md "Validation").
 *
 * Set-up: a mass of depositors with claims c₁ = 1.28 (scaled to $1.28B) and one long asset of
 * $1B: a callable loan that is worth R = 2 at maturity (day 3) and 1 if called early on day 1
 * (lag 0 and a call haircut that makes the day-1 call value exactly 1 per unit); no cash, no
 * cost of waiting (ρ = g = 0), no herding (runVisibility = 0), no defaults, no lumpiness (clients: 0), and noiseless signals
 * (σ = 0) with threshold θ* = 1. On day 1 a share n₀ of depositors withdraws (a scheduled
 * shock, uniform over paths); on day 2 the remaining depositors see the stayer coverage left
 * by day 1 and run if it is below 1.
 *
 * Claim: they run exactly when n₀ > n* = (R − c₁)/(c₁(R − 1)) = 56.25%, and when they do not,
 * the bank holds (1 − n₀c₁)·R on day 3, which is DD's payoff of waiting times the stayers.
 *
 * Tolerance: the threshold is exact in the model (θ is DD's ratio, see stayer-coverage.ts);
 * what limits the test is how finely the uniform n₀ draws cover [0.45, 0.65]: with 1,000
 * paths the largest gap between neighbouring draws is well under 0.002, so the highest n₀
 * without a run and the lowest with one must both lie within 0.002 of n*. Money amounts match
 * to 1e-9 relative (floating-point rounding only).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ddRunThreshold, ddWaitPayoff } from '../../finance/diamond-dybvig.js';
import { cleanUp, runScenario } from './run-scenario.test-helper.js';

afterAll(cleanUp);

const C1 = 1.28;
const R = 2;
const ASSET = 1e9;
const DEPOSITS = C1 * ASSET;
const PATHS = 1000;

describe('Diamond–Dybvig limit', () => {
  it(`depositors run exactly when the day-1 withdrawal share exceeds n* = ${ddRunThreshold(C1, R)}`, async () => {
    const nStar = ddRunThreshold(C1, R);
    expect(nStar).toBeCloseTo(0.5625, 12);
    const ran = await runScenario({
      name: 'dd-limit',
      horizonDays: 3,
      paths: PATHS,
      models: {
        market: { priceUsd: 100, initialRegime: 'calm', calmToStressPerDay: 0, volCalmPerSqrtYear: 0, jumpsCalmPerYear: 0, driftCalmPerYear: 0 },
        lender: {
          gateCostPerYear: 0,
          gateHaircut: 0,
          peerHaltShift: 0,
          runVisibility: 0,
          lenders: {
            dd: {
              depositsUsd: DEPOSITS,
              equityShare: ASSET / DEPOSITS - 1,
              cashShare: 0,
              liquidShare: 0,
              ownBtcShare: 0,
              otherAssetsShare: 0,
              clients: 0,
              cashFloorShare: 0,
              callLagDays: 0,
              // day-1 claim per unit lent is 1 + r/365 = 4/3; a 25% haircut makes the call value 1
              callHaircut: 0.25,
              segments: { depositors: { share: 1, baseWithdrawalPerDay: 0, crashWithdrawalPerLogFall: 0, runSpeedPerDay: 1, runThreshold: 1, signalNoise: 0 } },
              // simple interest r with 1 + 3r/365 = R at maturity on day 3
              loans: [{ borrower: 'other', share: 1, rateApr: ((R - 1) * 365) / 3, collateralRatio: 0, pdPerYear: 0, tenorDays: 3, buckets: 1, borrowers: 1, callable: true, rollOver: false }],
            },
          },
        },
      },
      schedule: [{ at: '2026-01-02', shock: [{ signal: 'lender.dd.extraWithdrawalsUsd', add: { dist: 'uniform', min: 0.45 * DEPOSITS, max: 0.65 * DEPOSITS } }] }],
      output: { samplePaths: PATHS },
    });
    let highestStay = 0;
    let lowestRun = 1;
    let runs = 0;
    for (let j = 0; j < PATHS; j++) {
      const n0 = ran.series('lender.dd.extraWithdrawalsUsd', j)[1] / DEPOSITS;
      const day2Requests = ran.series('lender.dd.withdrawalRequestsUsd', j)[2];
      const ran2 = day2Requests > 0;
      // the day-1 stayer coverage is DD's ratio of the payoff of waiting to c₁
      expect(ran.series('lender.dd.stayerCoverage', j)[1]).toBeCloseTo(ddWaitPayoff(n0, C1, R) / C1, 9);
      if (ran2) {
        runs++;
        lowestRun = Math.min(lowestRun, n0);
        // everybody left runs; the call value on day 2 cannot pay them: the bank gates
        expect(day2Requests / ((1 - n0) * DEPOSITS)).toBeCloseTo(1, 9);
        expect(ran.series('lender.dd.halted', j)[2]).toBe(1);
      } else {
        highestStay = Math.max(highestStay, n0);
        // day 3: the loan repays (1 − n₀c₁)·R, what DD's patient depositors share
        const cash = ran.series('lender.dd.cash', j)[3];
        expect(cash / ((1 - n0) * ASSET * ddWaitPayoff(n0, C1, R))).toBeCloseTo(1, 9);
        expect(ran.series('lender.dd.halted', j)[3]).toBe(0);
      }
    }
    expect(runs).toBeGreaterThan(0.2 * PATHS);
    expect(runs).toBeLessThan(0.8 * PATHS);
    expect(highestStay).toBeLessThanOrEqual(nStar);
    expect(lowestRun).toBeGreaterThan(nStar);
    expect(nStar - highestStay).toBeLessThan(0.002);
    expect(lowestRun - nStar).toBeLessThan(0.002);
  });
});
