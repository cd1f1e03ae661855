/**
 * The network model's mechanics, in the engine, with a replayed (constant or stepped) BTC price:
 * Poisson blocks, Core's retarget inside the run (including both clamps), the halving at its
 * height, hashprice, the merit order, the mining model's coupling and scheduled shocks.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { cleanUp, replayPrices } from './backtest.test-helper.js';
import { hashpriceUsdPerPhDay, subsidyBtc } from './chain.js';
import { DEFAULT_FLEET, US_SEASONAL_CURTAILMENT } from './params.js';
import { dayOfYear, seasonalCurtailment } from './season.js';
import { RETARGET_INTERVAL, compactFromDifficulty, difficultyFromCompact, nextWorkRequired } from './pow.js';

afterAll(cleanUp);

const D0 = 141_668_107_417_558.25;
/** The hashrate (EH/s) at which blocks come every 600 s at D0. */
const H_AT_SPACING = (D0 * 2 ** 32) / 600 / 1e18;
/** The first block of an epoch (933,408 opened epoch 463): 2015 blocks to the next retarget. */
const EPOCH_START = 933_408;

/**
 * A fleet that neither grows nor shrinks: power nearly free (every class runs whatever the
 * hashprice), no deliveries, wear-out or retirement, operators respond the same day.
 */
const FROZEN = {
  difficulty: D0,
  startHeight: EPOCH_START,
  daysSinceRetarget: 0,
  usPowerUsdPerKwh: 1e-6,
  chinaPowerUsdPerKwh: 1e-6,
  russiaPowerUsdPerKwh: 1e-6,
  rowPowerUsdPerKwh: 1e-6,
  deliveriesPerYear: 0,
  wearOutPerYear: 0,
  retireCurtailedPerYear: 0,
  responseDays: 0,
};

const mean = (x: ArrayLike<number>, from = 0, to = x.length) => {
  let s = 0;
  for (let k = from; k < to; k++) s += x[k];
  return s / (to - from);
};

describe('blocks', () => {
  it('arrive as Poisson counts with mean H·10¹⁸·86400/(D·2³²) a day (within 4 standard errors)', async () => {
    const h = 900;
    const r = await replayPrices('blocks', '2026-02-05', 10, { ...FROZEN, hashrateEh: h }, { paths: 2000, samplePaths: 200, record: ['network.blocksPerDay', 'network.hashrateEh'] });
    const expected = (h * 1e18 * 86400) / (D0 * 2 ** 32);
    const got = mean(r.mean['network.blocksPerDay'], 1);
    // 2000 paths × 10 days of Poisson(≈127): SE = √(127/20000) ≈ 0.08 blocks
    expect(Math.abs(got - expected)).toBeLessThan(4 * Math.sqrt(expected / 20000));
    // and the variance of a day's count is its mean (Poisson), from the sampled paths: ±15%
    const day5 = r.samples.map((s) => s['network.blocksPerDay'][5]);
    const m = mean(day5);
    const v = day5.reduce((a, x) => a + (x - m) ** 2, 0) / (day5.length - 1);
    expect(v / expected).toBeGreaterThan(0.75);
    expect(v / expected).toBeLessThan(1.25);
    expect(mean(r.mean['network.hashrateEh'], 1)).toBeCloseTo(h, 6);
  });
});

describe('difficulty retargets in the run, with Core’s arithmetic', () => {
  it('twice the hashrate at target spacing: the epoch takes ~7 days and difficulty doubles', async () => {
    const r = await replayPrices('retarget-x2', '2026-02-05', 12, { ...FROZEN, hashrateEh: 2 * H_AT_SPACING }, { paths: 200, samplePaths: 50, record: ['network.difficulty', 'network.retargetChange', 'network.blocksSinceStart'] });
    const last = r.samples.map((s) => s['network.difficulty'][12]);
    // 2015 block intervals take 7 days ± √2015/288 blocks a day = ±2.2%: each path within 4 SD,
    // the mean of 50 paths within 5 SE (1.6%)
    for (const d of last) expect(Math.abs(d / (2 * D0) - 1)).toBeLessThan(0.09);
    expect(Math.abs(mean(last) / (2 * D0) - 1)).toBeLessThan(0.016);
    // every path has retargeted exactly once by day 12 (4,000 blocks would be a second epoch)
    for (const s of r.samples) expect(s['network.blocksSinceStart'][12]).toBeLessThan(2 * RETARGET_INTERVAL - 1);
  });

  it('ten times the hashrate: the timespan is clamped to ½ week and difficulty rises ×4 exactly as Core computes it', async () => {
    const r = await replayPrices('retarget-clamp-up', '2026-02-05', 2, { ...FROZEN, hashrateEh: 10 * H_AT_SPACING }, { paths: 50, samplePaths: 50, record: ['network.difficulty'] });
    const bits = compactFromDifficulty(D0);
    const core = difficultyFromCompact(nextWorkRequired(bits, 0, 1000));
    expect(core / D0).toBeCloseTo(4, 5);
    for (const s of r.samples) expect(s['network.difficulty'][2]).toBe(core);
  });

  it('a tenth of the hashrate: clamped to 8 weeks, difficulty falls ÷4 exactly as Core computes it', async () => {
    const r = await replayPrices('retarget-clamp-down', '2026-02-05', 150, { ...FROZEN, hashrateEh: H_AT_SPACING / 10 }, { paths: 50, samplePaths: 50, record: ['network.difficulty'] });
    const bits = compactFromDifficulty(D0);
    const core = difficultyFromCompact(nextWorkRequired(bits, 0, 100 * 86400));
    expect(core / D0).toBeCloseTo(0.25, 5);
    for (const s of r.samples) expect(s['network.difficulty'][150]).toBe(core);
  });
});

describe('the halving at block 1,050,000', () => {
  it('blocks after it earn 1.5625 BTC: security budget per block and hashprice follow the height exactly', async () => {
    const price = 80_000;
    const fees = 0.036;
    const r = await replayPrices(
      'halving',
      '2028-04-01',
      6,
      // 1,380 blocks into epoch 520 at 144 a day: a retarget clock that agrees with the height (validate checks it)
      { ...FROZEN, startHeight: 1_049_700, daysSinceRetarget: 1380 / 144, hashrateEh: H_AT_SPACING, feesBtcPerBlock: fees },
      { paths: 100, samplePaths: 100, models: { pricereplay: { pricesUsd: [price] } }, record: ['network.blocksSinceStart', 'network.securityBudgetUsdPerDay', 'network.hashpriceUsdPerPhDay', 'network.difficulty'] },
    );
    let crossed = 0;
    for (const s of r.samples) {
      const mined = s['network.blocksSinceStart'];
      for (let t = 1; t <= 6; t++) {
        const from = 1_049_700 + mined[t - 1];
        const to = 1_049_700 + mined[t];
        let reward = 0;
        for (let h = from + 1; h <= to; h++) reward += subsidyBtc(h) + fees;
        expect(s['network.securityBudgetUsdPerDay'][t]).toBeCloseTo(reward * price, 3);
        const hp = hashpriceUsdPerPhDay(subsidyBtc(to + 1) + fees, price, s['network.difficulty'][t]);
        expect(s['network.hashpriceUsdPerPhDay'][t]).toBeCloseTo(hp, 9);
        if (from < 1_050_000 && to >= 1_050_000) crossed++;
      }
    }
    expect(crossed).toBe(100);
  });
});

describe('the merit order', () => {
  it('a halved price switches off the classes whose power cost is above the new hashprice, as the log-logistic shares say', async () => {
    // every class of the default fleet at p̃ = 0.04 $/kWh, same-day response, nothing else moving
    const params = { difficulty: D0, startHeight: EPOCH_START, daysSinceRetarget: 0, hashrateEh: 1000, deliveriesPerYear: 0, wearOutPerYear: 0, retireCurtailedPerYear: 0, responseDays: 0 };
    const r = await replayPrices('merit-order', '2026-02-05', 2, params, { paths: 20, samplePaths: 1, models: { pricereplay: { pricesUsd: [70_000, 35_000] } }, record: ['network.hashrateEh', 'network.hashpriceUsdPerPhDay'] });
    const share = (jPerTh: number, hp: number) => 1 / (1 + ((24 * jPerTh * 0.04) / hp) ** (1 / 0.2));
    const total = DEFAULT_FLEET.reduce((a, c) => a + c.share, 0);
    const running = (hp: number) => DEFAULT_FLEET.reduce((a, c) => a + (c.share / total) * share(c.jPerTh, hp), 0);
    const hp0 = hashpriceUsdPerPhDay(subsidyBtc(EPOCH_START + 1) + 0.036, 70_000, difficultyFromCompact(compactFromDifficulty(D0)));
    const hp1 = hp0 / 2;
    const expected = (1000 * running(hp1)) / running(hp0);
    expect(r.mean['network.hashrateEh'][1]).toBeCloseTo(expected, 6);
    expect(expected / 1000).toBeLessThan(0.8);
  });
});

describe('coupling and shocks', () => {
  it('with the mining model, US hashrate follows its fleet: halved fleet ⇒ US share 0.36 → 0.18/0.82', async () => {
    const r = await replayPrices('coupled', '2026-02-05', 12, { ...FROZEN, hashrateEh: 1000 }, {
      paths: 20,
      samplePaths: 1,
      models: { miningtest: { hashrateEh: 100, factor: 0.5, atStep: 5 } },
      record: ['network.usShare', 'network.usHashrateEh', 'network.hashrateEh'],
    });
    const us = r.mean['network.usHashrateEh'];
    expect(us[3]).toBeCloseTo(360, 6);
    // the network reads the fleet with prev: the step after the fleet halves
    expect(us[5]).toBeCloseTo(360, 6);
    expect(us[6]).toBeCloseTo(180, 6);
    expect(r.mean['network.usShare'][10]).toBeCloseTo(180 / (180 + 640), 6);
  });

  it('a scheduled shock to US hashrate removes that capacity for good', async () => {
    const r = await replayPrices('shock', '2026-02-05', 10, { ...FROZEN, hashrateEh: 1000 }, { paths: 20, samplePaths: 1, record: ['network.usHashrateEh', 'network.hashrateEh'], schedule: [{ at: '2026-02-08', shock: [{ signal: 'network.usHashrateEh', multiply: 0.5 }] }] });
    const us = r.mean['network.usHashrateEh'];
    expect(us[2]).toBeCloseTo(360, 6);
    expect(us[3]).toBeCloseTo(180, 6);
    expect(us[10]).toBeCloseTo(180, 6);
    expect(r.mean['network.hashrateEh'][10]).toBeCloseTo(820, 6);
  });
});

describe('the US season and orders that look ahead', () => {
  it('in summer the US runs (1 − κ) of its machines, month by month; the rest of the world is untouched', async () => {
    // free power: every machine runs whatever the hashprice, so the US hashrate is its installed capacity × (1 − κ)
    const r = await replayPrices('season', '2026-05-20', 140, { ...FROZEN, hashrateEh: 1000 }, { paths: 4, samplePaths: 1, models: { pricereplay: { pricesUsd: [80_000] } }, record: ['network.usHashrateEh', 'network.hashrateEh'] });
    const us = r.mean['network.usHashrateEh'];
    const all = r.mean['network.hashrateEh'];
    const kappa = (date: string) => seasonalCurtailment(US_SEASONAL_CURTAILMENT, dayOfYear(date));
    expect(kappa('2026-05-25')).toBe(0);
    for (const date of ['2026-05-25', '2026-06-20', '2026-07-15', '2026-08-15', '2026-09-20', '2026-10-05']) {
      const t = r.dates.indexOf(date);
      expect(us[t] / us[0], date).toBeCloseTo(1 - kappa(date), 9);
      expect(all[t] - us[t], date).toBeCloseTo(all[0] - us[0], 6);
    }
    expect(1 - us[r.dates.indexOf('2026-08-15')] / us[0]).toBeCloseTo(0.143, 9);
  });

  it('a run that starts in summer installs 1/(1 − κ) of what runs, so it starts at H₀ and recovers to H₀/(1 − κ) in autumn', async () => {
    const r = await replayPrices('season-start', '2026-07-10', 100, { ...FROZEN, hashrateEh: 1000 }, { paths: 4, samplePaths: 1, models: { pricereplay: { pricesUsd: [80_000] } }, record: ['network.usHashrateEh', 'network.hashrateEh'] });
    const us = r.mean['network.usHashrateEh'];
    expect(r.mean['network.hashrateEh'][0]).toBeCloseTo(1000, 9);
    expect(us[r.dates.indexOf('2026-10-15')] / us[0]).toBeCloseTo(1 / (1 - US_SEASONAL_CURTAILMENT[6]), 9);
  });

  it('orders placed within the lead time of a halving value the halved subsidy: fewer machines arrive; with η = 0 none fewer', async () => {
    // the same price, difficulty and fleet; the halving 45 days ahead (near) or 347 days ahead (far); lead time 60 days
    const grow = { ...FROZEN, hashrateEh: 700, feesBtcPerBlock: 0, deliveriesPerYear: 1, leadTimeDays: 60, hashpriceSmoothingDays: 0, orderElasticity: 1, orderRefHashpriceUsdPerPhDay: 30 };
    const run = async (name: string, startHeight: number, eta: number) => {
      // a retarget clock that agrees with the height at 700 EH/s (validate checks it)
      const daysSinceRetarget = (startHeight % RETARGET_INTERVAL) / ((144 * 700) / H_AT_SPACING);
      const r = await replayPrices(name, '2026-02-05', 90, { ...grow, startHeight, daysSinceRetarget, orderElasticity: eta }, { paths: 4, samplePaths: 1, models: { pricereplay: { pricesUsd: [80_000] } }, record: ['network.hashrateEh'] });
      return r.mean['network.hashrateEh'];
    };
    const near = await run('orders-near', 1_050_000 - 45 * 144, 1);
    const far = await run('orders-far', 1_050_000 - 347 * 144, 1);
    expect(near[0]).toBeCloseTo(far[0], 9);
    // the pipeline starts full at d₀ in both; from the first step the near run orders half as much
    // (η = 1, no fees), which arrives after the 60-day lead time: 160 against 204 EH/s in 90 days
    expect(near[90] - near[0]).toBeLessThan(0.85 * (far[90] - far[0]));
    expect(near[90] - near[0]).toBeGreaterThan(0);
    const nearFlat = await run('orders-near-0', 1_050_000 - 45 * 144, 0);
    const farFlat = await run('orders-far-0', 1_050_000 - 347 * 144, 0);
    expect(nearFlat[90]).toBeCloseTo(farFlat[90], 9);
  });
});
