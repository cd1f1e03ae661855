/**
 * Balance-sheet invariants of the lender model, checked on every path and every step of a
 * harsh scenario that exercises every branch: two lenders (contagion), a 0–50% crash,
 * margin calls and defaults, a revealed loss, a withdrawal shock, same-day and lagged calls,
 * fire sales, gates, pro-rata payouts, reopening, wind-downs with client losses.
 *
 * - assets = liabilities + equity, where equity is NOT computed from the other two but carried
 *   by its own flows (interest, marks, haircuts, credit and revealed losses, write-offs): the
 *   identity holds only if every flow is booked on both sides. Tolerance 0.001 USD per $1B of
 *   claims (1e-12 relative): floating-point rounding of a few thousand additions, nothing else.
 * - cash, queued claims and open claims are never negative.
 * Every path is a sampled path here (paths = samplePaths), so every path-step is checked.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { cleanUp, runScenario, type Ran } from './run-scenario.test-helper.js';

afterAll(cleanUp);

const PATHS = 600;
const DAYS = 150;
const LENDERS = ['alpha', 'beta'];

let ran: Ran;

async function harsh(): Promise<Ran> {
  ran ??= await runScenario({
    name: 'lender-accounting',
    horizonDays: DAYS,
    paths: PATHS,
    models: {
      market: { priceUsd: 73300, peakUsd: 126080, initialRegime: 'stress' },
      lender: {
        lenders: {
          alpha: {
            depositsUsd: { dist: 'lognormal', median: 1e9, sigma: 0.3 },
            cashShare: { dist: 'uniform', min: 0.05, max: 0.3 },
            equityShare: { dist: 'uniform', min: 0.02, max: 0.1 },
            liquidShare: 0.05,
            ownBtcShare: 0.05,
            otherAssetsShare: 0.05,
            otherAssetsHaircut: 0.5,
            callLagDays: 3,
            callHaircut: 0.02,
            depositRateApr: 0.03,
            loans: [
              { borrower: 'trading', share: 0.5, collateralRatio: 1.3, tenorDays: 60, buckets: 6, borrowers: 4, callable: true },
              { borrower: 'miner', share: 0.3, collateralRatio: 1.3, tenorDays: 90, buckets: 3, borrowers: 3 },
              { borrower: 'other', share: 0.2, collateralRatio: 0, pdPerYear: 0.2, tenorDays: 30, buckets: 2, borrowers: 2 },
            ],
          },
          beta: {
            depositsUsd: 5e8,
            cashShare: 0.1,
            equityShare: 0.08,
            otherLiabilitiesShare: 0.2,
            otherAssetsShare: 0.1,
            otherAssetsHaircut: 1,
            otherAssetsDays: 60,
            callLagDays: 0,
            callHaircut: 0.1,
            gateBelowCoverage: 0.1,
            gatedPayoutShare: 0.5,
            clients: 50,
            largestTenShare: 0.6,
            loans: [{ borrower: 'trading', share: 1, collateralRatio: 0.5, marginCallLtv: 3, liquidationLtv: 4, pdPerYear: 0.05, tenorDays: 45, buckets: 5, borrowers: 2, callable: true }],
          },
        },
      },
    },
    schedule: [
      { at: '2026-01-03', shock: [{ signal: 'btc.price', multiply: { dist: 'uniform', min: 0.5, max: 1 } }] },
      { at: '2026-01-05', shock: [{ signal: 'lender.alpha.revealedLossUsd', add: { dist: 'uniform', min: 0, max: 1.5e8 } }] },
      { at: '2026-01-08', shock: [{ signal: 'lender.beta.extraWithdrawalsUsd', add: { dist: 'uniform', min: 0, max: 2e8 } }] },
    ],
    output: { samplePaths: PATHS },
  });
  return ran;
}

describe('lender accounting', () => {
  it('assets = liabilities + equity, and cash, queue and claims stay ≥ 0, on every path and step', async () => {
    const r = await harsh();
    for (const id of LENDERS) {
      const s = (k: string, j: number) => r.series(`lender.${id}.${k}`, j);
      let worst = 0;
      let negative = 0;
      for (let j = 0; j < PATHS; j++) {
        const assets = s('assetsUsd', j);
        const liabilities = s('liabilitiesUsd', j);
        const equity = s('equityUsd', j);
        const scale = s('depositsUsd', j)[0] / 1e9;
        for (let t = 0; t <= DAYS; t++) {
          worst = Math.max(worst, Math.abs(assets[t] - liabilities[t] - equity[t]) / scale);
          for (const k of ['cash', 'queuedClaimsUsd', 'depositsUsd', 'clientLossUsd']) if (!(s(k, j)[t] >= 0)) negative++;
        }
      }
      expect(negative).toBe(0);
      expect(worst).toBeLessThan(1e-3);
    }
  });

  it('the scenario reaches every branch: gates, reopenings, wind-downs, losses, sales', async () => {
    const r = await harsh();
    const ev = r.summary.events;
    for (const id of LENDERS) {
      expect(ev[`lender.${id}.halt`].probability).toBeGreaterThan(0.05);
      expect(ev[`lender.${id}.repaid`].probability).toBeGreaterThan(0.01);
      expect(ev[`lender.${id}.clientLoss`].probability).toBeGreaterThan(0.01);
      expect(r.summary.terminal[`lender.${id}.lendingLossUsd`].p99).toBeGreaterThan(0);
    }
    // a wind-down: the lender ends with nothing, its unpaid claims written off
    let woundDown = 0;
    for (let j = 0; j < PATHS; j++) {
      if (r.series('lender.beta.assetsUsd', j)[DAYS] === 0 && r.series('lender.beta.clientLossUsd', j)[DAYS] > 0) woundDown++;
    }
    expect(woundDown).toBeGreaterThan(0);
  });

  it('BTC the lenders sell is exactly the forced selling the market reads', async () => {
    const r = await harsh();
    let sold = 0;
    for (let j = 0; j < PATHS; j++) {
      const flow = r.series('market.forcedSellingUsd', j);
      for (let t = 0; t <= DAYS; t++) {
        const total = r.series('lender.alpha.btcSoldUsd', j)[t] + r.series('lender.beta.btcSoldUsd', j)[t];
        expect(Math.abs(flow[t] - total)).toBeLessThanOrEqual(1e-9 * total);
        sold += total;
      }
    }
    expect(sold).toBeGreaterThan(0);
  });
});
