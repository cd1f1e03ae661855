/**
 * Mechanisms of the lender model, one at a time (README.md). Tolerances:
 * - exact checks (repayment as loans mature, calm-state flows) run without randomness, so they
 *   hold to floating-point rounding;
 * - statistical checks allow 4 standard errors at the path count used (seeded, so a check
 *   passes or fails deterministically; a correct model fails a new seed with p ≈ 6e-5);
 * - comparisons of two runs with the same seed (contagion) share every random draw except
 *   through the mechanism under test.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { cleanUp, runScenario, writeScenario } from './run-scenario.test-helper.js';
import * as withHashprice from './hashprice-stand-in.test-helper.js';

afterAll(cleanUp);

/** A flat BTC price: nothing but the mechanism under test moves. */
const FLAT_MARKET = { priceUsd: 70000, peakUsd: 70000, initialRegime: 'calm', calmToStressPerDay: 0, volCalmPerSqrtYear: 0, jumpsCalmPerYear: 0, driftCalmPerYear: 0 };
/** One segment that never runs and withdraws nothing unless told. */
const QUIET = { share: 1, baseWithdrawalPerDay: 0, crashWithdrawalPerLogFall: 0, runSpeedPerDay: 1, runThreshold: 0, signalNoise: 0 };

function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

describe('gate and repayment as loans mature', () => {
  it('queues what cash cannot pay, pays out each maturing bucket pro rata, reopens the day the queue is covered', async () => {
    // D = 1e9, equity 10%: assets 1.1e9, cash 10% = 0.11e9, loans 0.99e9 in 4 buckets of
    // 0.2475e9 maturing on days 10, 20, 30, 40, no interest. Day 1: half the claims are asked.
    const ran = await runScenario({
      name: 'repay-as-loans-mature',
      horizonDays: 45,
      paths: 1,
      models: {
        market: FLAT_MARKET,
        lender: {
          runVisibility: 0,
          lenders: {
            solo: {
              depositsUsd: 1e9,
              equityShare: 0.1,
              cashShare: 0.1,
              liquidShare: 0,
              ownBtcShare: 0,
              otherAssetsShare: 0,
              clients: 0,
              cashFloorShare: 0,
              segments: { clients: QUIET },
              loans: [{ borrower: 'other', share: 1, rateApr: 0, collateralRatio: 0, pdPerYear: 0, tenorDays: 40, buckets: 4, borrowers: 1 }],
            },
          },
        },
      },
      schedule: [{ at: '2026-01-02', shock: [{ signal: 'lender.solo.extraWithdrawalsUsd', add: 0.5e9 }] }],
      output: { samplePaths: 1 },
    });
    const s = (k: string) => ran.series(`lender.solo.${k}`, 0);
    const bucket = 0.2475e9;
    expect(s('withdrawalsPaidUsd')[1]).toBeCloseTo(0.11e9, 0);
    expect(s('queuedClaimsUsd')[1]).toBeCloseTo(0.39e9, 0);
    expect(s('halted')[1]).toBe(1);
    // day 10: one bucket repays and is paid out at once (gatedPayoutShare 1)
    expect(s('withdrawalsPaidUsd')[10]).toBeCloseTo(bucket, 0);
    expect(s('queuedClaimsUsd')[10]).toBeCloseTo(0.39e9 - bucket, 0);
    expect(s('halted')[19]).toBe(1);
    expect(s('repaid')[19]).toBe(0);
    // day 20: the second bucket covers the rest: the queue is whole, the lender reopens
    expect(s('queuedClaimsUsd')[20]).toBe(0);
    expect(s('halted')[20]).toBe(0);
    expect(s('repaid')[20]).toBe(1);
    expect(ran.summary.events['lender.solo.repaid'].day?.p50).toBe(20);
    // then it re-lends what the matured bucket left above its target cash (0.11 of claims)
    expect(s('cash')[20]).toBeCloseTo(0.11 * 0.5e9, 0);
    expect(s('clientLossUsd')[45]).toBe(0);
  });
});

describe('a calm lender', () => {
  it('keeps its clients: no run and no drift of claims without news (selection at the start)', async () => {
    const ran = await runScenario({
      name: 'calm',
      horizonDays: 60,
      paths: 2000,
      models: { market: FLAT_MARKET, lender: { lenders: { prime: {} } } },
      record: ['lender.prime.depositsUsd', 'lender.prime.halted'],
      output: { samplePaths: 0, keepTerminal: true },
    });
    expect(ran.summary.events['lender.prime.halt'].probability).toBe(0);
    // ordinary withdrawals and deposits balance up to w₀² a day (≈ 0.3% over 60 days)
    const deposits = ran.record.signals.get('lender.prime.depositsUsd')!.terminal!;
    expect(Math.abs(mean(deposits) / 1.5e9 - 1)).toBeLessThan(0.01);
  });
});

describe('contagion', () => {
  it('a peer’s halt makes the other lender’s clients run: more withdrawals, more halts', async () => {
    const lenders = { first: { cashShare: 0.25 }, second: { cashShare: 0.25 } };
    const base = {
      horizonDays: 20,
      paths: 2000,
      schedule: [{ at: '2026-01-02', shock: [{ signal: 'lender.first.extraWithdrawalsUsd', add: 1e9 }] }],
      record: ['lender.first.halted', 'lender.second.withdrawalRequestsUsd', 'lender.second.halted'],
      output: { samplePaths: 0, keepTerminal: false },
    };
    const off = await runScenario({ ...base, name: 'contagion-off', models: { market: FLAT_MARKET, lender: { peerHaltShift: 0, lenders } } });
    const on = await runScenario({ ...base, name: 'contagion-on', models: { market: FLAT_MARKET, lender: { peerHaltShift: 0.1, lenders } } });
    expect(off.summary.events['lender.first.halt'].probability).toBe(1);
    const requests = (r: typeof on) => r.summary.signals['lender.second.withdrawalRequestsUsd'].mean.slice(2, 6).reduce((a, b) => a + b, 0);
    expect(requests(on)).toBeGreaterThan(2 * requests(off));
    expect(on.summary.events['lender.second.halt'].probability).toBeGreaterThan(off.summary.events['lender.second.halt'].probability + 0.1);
  });
});

describe('miners’ defaults and hashprice', () => {
  // 100 miners per bucket, unsecured, no interest, loans longer than the horizon, flat BTC:
  // each miner defaults with constant intensity λ = λ₀·(ref/hashprice)^γ, so the expected loss
  // share after T days is exactly 1 − e^{−λT/365}.
  const lenderWith = (extra: Record<string, unknown>) => ({
    ...extra,
    lenders: {
      m: {
        clients: 0,
        segments: { clients: QUIET },
        loans: [{ borrower: 'miner', share: 1, rateApr: 0, collateralRatio: 0, pdPerYear: 0.2, tenorDays: 365, buckets: 1, borrowers: 100, rollOver: false }],
      },
    },
  });
  const T = 60;
  const PATHS = 2000;

  async function lossShare(name: string, models: Record<string, unknown>, registry?: typeof withHashprice): Promise<{ share: number; se: number; loans: number }> {
    const ran = await runScenario({ name, horizonDays: T, paths: PATHS, models, record: ['lender.m.lendingLossUsd'], output: { samplePaths: 0, keepTerminal: true } }, registry);
    const loss = ran.record.signals.get('lender.m.lendingLossUsd')!.terminal!;
    const loans = 1.5e9 * 1.08 * (1 - 0.3 - 0.05 - 0.03 - 0.02); // default lender: assets × loan share
    const shares = Array.from(loss, (x) => x / loans);
    const m = mean(shares);
    const sd = Math.sqrt(mean(shares.map((x) => (x - m) ** 2)));
    return { share: m, se: sd / Math.sqrt(PATHS), loans };
  }

  const expected = (hashprice: number) => 1 - Math.exp((-0.2 * Math.pow(40 / hashprice, 1.5) * T) / 365);

  it('reads network.hashpriceUsdPerPhDay when a model writes it', async () => {
    for (const hp of [15, 60]) {
      const r = await lossShare(`hp-signal-${hp}`, { market: FLAT_MARKET, hashpricetest: { usdPerPhDay: hp }, lender: lenderWith({ hashpriceUsdPerPhDay: 1000 }) }, withHashprice);
      expect(Math.abs(r.share - expected(hp))).toBeLessThan(4 * r.se);
    }
  });

  it('falls back to the hashpriceUsdPerPhDay parameter when none does', async () => {
    for (const hp of [15, 60]) {
      const r = await lossShare(`hp-param-${hp}`, { market: FLAT_MARKET, lender: lenderWith({ hashpriceUsdPerPhDay: hp }) });
      expect(Math.abs(r.share - expected(hp))).toBeLessThan(4 * r.se);
    }
  });
});

describe('concentration', () => {
  it('a few large clients make withdrawals lumpier, not larger on average', async () => {
    const day1 = async (name: string, clients: number, top: number) => {
      const ran = await runScenario({
        name,
        horizonDays: 1,
        paths: 4000,
        models: { market: FLAT_MARKET, lender: { lenders: { c: { clients, largestTenShare: top } } } },
        record: ['lender.c.withdrawalRequestsUsd'],
        output: { samplePaths: 0, keepTerminal: true },
      });
      const x = ran.record.signals.get('lender.c.withdrawalRequestsUsd')!.terminal!;
      const m = mean(x);
      return { mean: m, sd: Math.sqrt(mean(Array.from(x, (v) => (v - m) ** 2))) };
    };
    const spread = await day1('many-clients', 5000, 0.05);
    const lumpy = await day1('few-clients', 30, 0.7);
    expect(lumpy.sd).toBeGreaterThan(3 * spread.sd);
    // means agree within 4 standard errors of their difference
    expect(Math.abs(lumpy.mean - spread.mean)).toBeLessThan(4 * Math.sqrt((lumpy.sd ** 2 + spread.sd ** 2) / 4000));
  });
});

describe('describing your own lender', () => {
  it('a few lines of YAML extending the gate scenario add a lender with its own signals and events', async () => {
    const file = writeScenario(
      'my-counterparty',
      [
        'name: my-counterparty',
        'extends: feb-2026-prime-broker-gate',
        'paths: 500',
        'horizonDays: 30',
        'models:',
        '  lender:',
        '    lenders:',
        '      mycp: { depositsUsd: 4e8, cashShare: 0.15, equityShare: 0.06 }',
      ].join('\n'),
    );
    const ran = await runScenario(file);
    expect(Object.keys(ran.summary.events)).toEqual(expect.arrayContaining(['lender.blockfills.halt', 'lender.mycp.halt', 'lender.mycp.repaid', 'lender.mycp.haltWithin7d']));
    expect(ran.summary.signals['lender.mycp.cash'].mean[0]).toBeCloseTo(0.15 * 4e8 * 1.06, 0);
  });
});
