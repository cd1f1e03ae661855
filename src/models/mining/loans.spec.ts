import { afterAll, describe, expect, it } from 'vitest';
import { cleanUp, runScenario } from '../lender/run-scenario.test-helper.js';
import { START, NO_FAILURES } from './fixtures.test-helper.js';
import * as withPrice from './price-stand-in.test-helper.js';

afterAll(cleanUp);

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
