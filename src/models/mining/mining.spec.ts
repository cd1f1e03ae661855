import { afterAll, describe, expect, it } from 'vitest';
import { cleanUp, runScenario } from '../lender/run-scenario.test-helper.js';
import * as withPrice from './price-stand-in.test-helper.js';

afterAll(cleanUp);

const START = '2026-01-01';
const STATES = ['mining.operatingRigs', 'mining.curtailedRigs', 'mining.awaitingPartRigs', 'mining.onSiteRepairRigs', 'mining.atRepairCentreRigs', 'mining.inCustomsRigs', 'mining.retiredRigs'];
/** No failures: every component's rate 0. */
const NO_FAILURES = { fan: { failuresPerYear: 0 }, psu: { failuresPerYear: 0 }, controlBoard: { failuresPerYear: 0 }, hashBoard: { failuresPerYear: 0 } };

describe('mining: rig states', () => {
  it('conserves rigs every step: the states sum to the start fleet plus every rig delivered (entity list, an order, grey rigs, repairs abroad)', async () => {
    const r = await runScenario(
      {
        name: 'conserve',
        start: START,
        horizonDays: 400,
        paths: 8,
        record: [...STATES, 'mining.brokenRigs', 'mining.rigsDelivered', 'supply.rig.bitmain.greyDeliveredUnits'],
        output: { samplePaths: 8 },
        models: {
          supply: {},
          mining: {
            fleet: [
              { model: 's21-xp', units: 16000, ageYears: 0.5 },
              { model: 's19-xp', units: 5000, ageYears: 3, failureMultiplier: 1.5 },
            ],
            orders: [{ model: 's21', units: 3000, startDay: 0, overDays: 120 }],
          },
        },
        schedule: [{ at: '2026-02-15', set: { 'supply.policy': 'entity-list' } }],
      },
      withPrice,
    );
    let grey = 0;
    for (let j = 0; j < 8; j++) {
      const delivered = r.series('mining.rigsDelivered', j);
      for (let t = 0; t <= 400; t++) {
        let sum = 0;
        for (const s of STATES) sum += r.series(s, j)[t];
        expect(Math.abs(sum - 21000 - delivered[t])).toBeLessThan(1e-6);
        const broken = ['mining.awaitingPartRigs', 'mining.onSiteRepairRigs', 'mining.atRepairCentreRigs', 'mining.inCustomsRigs'].reduce((a, s) => a + r.series(s, j)[t], 0);
        expect(r.series('mining.brokenRigs', j)[t]).toBeCloseTo(broken, 6);
      }
      grey += r.series('supply.rig.bitmain.greyDeliveredUnits', j).reduce((a, b) => a + b, 0);
      expect(r.series('mining.retiredRigs', j)[400]).toBeGreaterThan(0);
      expect(r.series('mining.inCustomsRigs', j).some((v) => v > 0)).toBe(true);
    }
    expect(grey).toBeGreaterThan(0);
  });

  it('fails components at their rates: rigs awaiting a fan follow N·(1 − (1 − λΔ/365)^t) when no spare arrives', async () => {
    const N = 16000;
    const lambda = 0.08;
    const paths = 200;
    const r = await runScenario({
      name: 'fans',
      start: START,
      horizonDays: 180,
      paths,
      record: ['mining.awaitingPartRigs'],
      models: {
        mining: {
          fleet: [{ model: 's21-xp', units: N, ageYears: 0 }],
          agingPerYear: 0,
          components: { ...NO_FAILURES, fan: { failuresPerYear: lambda, initialSparesDays: 0, sparesCoverDays: 0, fallbackLeadTimeDays: 3000 } },
        },
      },
    });
    const mean = r.summary.signals['mining.awaitingPartRigs'].mean[180];
    const expected = N * (1 - Math.pow(1 - lambda / 365, 180));
    // each path's count is Poisson-like with variance ≈ its mean: 4 standard errors of the mean
    expect(Math.abs(mean - expected)).toBeLessThan(4 * Math.sqrt(expected / paths));
  });
});

describe('mining: curtailment and accounts', () => {
  const fleet = [{ model: 's21-xp', units: 16000, ageYears: 0 }];
  const run = (hashprice: number) =>
    runScenario({
      name: `curtail-${hashprice}`,
      start: START,
      horizonDays: 3,
      paths: 1,
      models: { mining: { fleet, components: NO_FAILURES, powerUsdPerKwh: 0.05, poolFeeShare: 0, otherOpexUsdPerPhDay: 0, hashpriceUsdPerPhDay: hashprice } },
    });

  it('runs a model while hashprice covers 24·ε·p and curtails it below (S21 XP at $0.05/kWh: $16.20 per PH/s a day)', async () => {
    const above = await run(16.21);
    expect(above.series('mining.operatingRigs', 0)[1]).toBe(16000);
    // revenue 16,000 × 0.27 PH/s × $16.21; power 16,000 × 0.27 × 13.5 kW × 24 h × $0.05
    expect(above.series('mining.revenueUsd', 0)[1]).toBeCloseTo(16000 * 0.27 * 16.21, 6);
    expect(above.series('mining.powerCostUsd', 0)[1]).toBeCloseTo(16000 * 0.27 * 13.5 * 24 * 0.05, 6);
    expect(above.series('mining.operatingHashrateEh', 0)[1]).toBeCloseTo(4.32, 12);
    const below = await run(16.19);
    expect(below.series('mining.operatingRigs', 0)[1]).toBe(0);
    expect(below.series('mining.curtailedRigs', 0)[1]).toBe(16000);
    expect(below.series('mining.hashrateShareOfStart', 0)[1]).toBe(1);
    expect(below.series('mining.powerCostUsd', 0)[1]).toBe(0);
  });
});

describe('mining: equipment loans', () => {
  const L = 110e6;
  const Q = 2234;
  const loan = { principalUsd: L, collateralBtc: Q, rateApr: 0, marginCallLtv: 0.8, liquidationLtv: 0.9, resetLtv: 0.65 };
  /** BTC at $73,300 until day 10, then `price`. */
  const run = (price: number, mining: Record<string, unknown>) =>
    runScenario(
      {
        name: `loan-${price}`,
        start: START,
        horizonDays: 12,
        paths: 1,
        models: { pricetest: { usd: 73300 }, mining: { components: NO_FAILURES, loans: [loan], otherOpexUsdPerPhDay: 0, ...mining } },
        schedule: [{ at: '2026-01-11', set: { 'pricetest.usd': price } }],
      },
      withPrice,
    );

  it('tops a margin call up with treasury BTC to the reset LTV', async () => {
    // LTV at $73.3k is 0.672; at $58k, 0.849: a call
    const r = await run(58000, { treasuryBtc: 1000 });
    expect(r.series('mining.marginCalls', 0)[9]).toBe(0);
    expect(r.series('mining.marginCalls', 0)[10]).toBe(1);
    const topUp = L / (0.65 * 58000) - Q;
    expect(r.series('mining.collateralBtc', 0)[10]).toBeCloseTo(Q + topUp, 9);
    expect(r.series('mining.treasuryBtc', 0)[10]).toBeCloseTo(1000 - topUp, 9);
    expect(r.series('mining.collateralRatio', 0)[10]).toBeCloseTo(1 / 0.65, 12);
    expect(r.series('mining.btcSoldUsd', 0)[10]).toBe(0);
  });

  it('pays the loan down with cash when the treasury is short', async () => {
    const r = await run(58000, { treasuryBtc: 0, cashUsd: 50e6 });
    const payDown = L - 0.65 * Q * 58000;
    expect(r.series('mining.loanUsd', 0)[10]).toBeCloseTo(L - payDown, 4);
    const cash = r.series('mining.cashUsd', 0);
    expect(cash[10] - cash[9]).toBeCloseTo(r.series('mining.marginUsd', 0)[10] - payDown, 4);
  });

  it('has the collateral sold into the market when the call cannot be met, and books a default when it fetches less than the loan', async () => {
    const sold = await run(58000, { treasuryBtc: 0, cashUsd: 0 });
    expect(sold.series('mining.btcSoldUsd', 0)[10]).toBeCloseTo(Q * 58000, 4);
    expect(sold.series('market.forcedSellingUsd', 0)[10]).toBeCloseTo(Q * 58000, 4);
    expect(sold.series('mining.loanUsd', 0)[10]).toBe(0);
    expect(sold.series('mining.loanDefaultUsd', 0)[10]).toBe(0);
    expect(sold.series('mining.collateralSoldBtc', 0)[10]).toBeCloseTo(Q, 9);
    expect(sold.summary.events['mining.collateralSold'].probability).toBe(1);
    expect(sold.summary.events['mining.loanDefault'].probability).toBe(0);
    // at $40k the collateral is worth $89.4M < $110M: liquidation at once, $20.6M defaults
    const gap = await run(40000, { treasuryBtc: 0, cashUsd: 0 });
    expect(gap.series('mining.loanDefaultUsd', 0)[10]).toBeCloseTo(L - Q * 40000, 4);
    expect(gap.summary.events['mining.loanDefault'].probability).toBe(1);
  });
});

describe('mining: loan maturity', () => {
  it('repays the principal from cash at maturity and returns the pledged BTC to the treasury', async () => {
    const r = await runScenario(
      {
        name: 'maturity',
        start: START,
        horizonDays: 8,
        paths: 1,
        models: { pricetest: { usd: 73300 }, mining: { components: NO_FAILURES, cashUsd: 200e6, treasuryBtc: 0, loans: [{ principalUsd: 50e6, collateralBtc: 1000, rateApr: 0, tenorDays: 5 }] } },
      },
      withPrice,
    );
    const cash = r.series('mining.cashUsd', 0);
    expect(r.series('mining.loanUsd', 0)[4]).toBe(50e6);
    expect(r.series('mining.loanUsd', 0)[5]).toBe(0);
    expect(r.series('mining.treasuryBtc', 0)[5]).toBe(1000);
    expect(cash[5] - cash[4]).toBeCloseTo(r.series('mining.marginUsd', 0)[5] - 50e6, 4);
    expect(r.summary.events['mining.collateralSold'].probability).toBe(0);
  });
});

describe('mining: repairs and spares', () => {
  it('keeps the fleet hashing in the status quo: spares near their target, almost nothing waiting, no phase', async () => {
    const r = await runScenario({ name: 'sq', start: START, horizonDays: 360, paths: 16, record: ['mining.awaitingPartRigs', 'mining.fan.sparesUnits', 'mining.hashrateShareOfStart'], models: { supply: {}, mining: {} } });
    const s = r.summary.signals;
    // expected fan use: 16,000 × 8% × (1 + 0.2·age) / 365 ≈ 3.6/day; target 60 days of it
    expect(s['mining.fan.sparesUnits'].p50[360]).toBeGreaterThan(0.7 * 60 * 3.5);
    expect(s['mining.fan.sparesUnits'].p50[360]).toBeLessThan(1.5 * 60 * 4);
    expect(s['mining.awaitingPartRigs'].p95[360]).toBeLessThan(5);
    expect(s['mining.hashrateShareOfStart'].p05[360]).toBeGreaterThan(0.98);
    for (const e of ['mining.phase1LeadTime', 'mining.phase2SparesOut', 'mining.phase3Hashrate']) expect(r.summary.events[e].probability).toBe(0);
  });

  it('orders from its fallback pipeline when no supply model runs, with the same result', async () => {
    const r = await runScenario({ name: 'fallback', start: START, horizonDays: 360, paths: 16, record: ['mining.awaitingPartRigs', 'mining.hashrateShareOfStart'], models: { mining: {} } });
    expect(r.summary.signals['mining.awaitingPartRigs'].p95[360]).toBeLessThan(5);
    expect(r.summary.signals['mining.hashrateShareOfStart'].p05[360]).toBeGreaterThan(0.98);
  });

  it('tells which supply channel is missing for a maker’s rigs', async () => {
    await expect(runScenario({ name: 'microbt', start: START, horizonDays: 5, paths: 1, models: { supply: {}, mining: { fleet: [{ model: 'm66s-plus', units: 1000 }] } } })).rejects.toThrow(/fan parts from microbt.*supply\.fan\.microbt\.deliveredUnits/);
  });
});

describe('mining: coupling with the network', () => {
  it('drives the US hashrate: network.usHashrateEh = H_US,0 · M_{t−1}/M_0 with miningCoupling 1', async () => {
    const r = await runScenario(
      {
        name: 'net',
        start: START,
        horizonDays: 200,
        paths: 1,
        record: ['network.usHashrateEh', 'mining.operatingHashrateEh'],
        models: { pricetest: {}, network: {}, supply: {}, mining: {} },
        schedule: [{ at: '2026-01-11', set: { 'supply.policy': 'entity-list' } }],
      },
      withPrice,
    );
    const us = r.series('network.usHashrateEh', 0);
    const m = r.series('mining.operatingHashrateEh', 0);
    const us0 = 1000 * 0.36;
    for (const t of [1, 100, 200]) expect(us[t]).toBeCloseTo((us0 * m[t - 1]) / m[0], 9);
    expect(m[200]).toBeLessThan(m[0]);
  });
});
