import { describe, expect, it } from 'vitest';
import { HALVING_INTERVAL, TARGET_BLOCKS_PER_DAY, hashpriceUsdPerPhDay, hashrateAtTargetSpacingEh, subsidyAfterDaysBtc, subsidyBtc, subsidySumBtc } from './chain.js';

describe('block subsidy (GetBlockSubsidy)', () => {
  it('50 BTC halved every 210,000 blocks, in whole satoshis: 3.125 BTC since block 840,000', () => {
    expect(subsidyBtc(0)).toBe(50);
    expect(subsidyBtc(209_999)).toBe(50);
    expect(subsidyBtc(210_000)).toBe(25);
    expect(subsidyBtc(839_999)).toBe(6.25);
    expect(subsidyBtc(840_000)).toBe(3.125);
    expect(subsidyBtc(1_050_000)).toBe(1.5625);
    // era 10: 5,000,000,000 >> 10 = 4,882,812 satoshis (the shift truncates)
    expect(subsidyBtc(10 * HALVING_INTERVAL)).toBe(0.04882812);
    expect(subsidyBtc(32 * HALVING_INTERVAL)).toBe(1e-8);
    expect(subsidyBtc(33 * HALVING_INTERVAL)).toBe(0);
    expect(subsidyBtc(64 * HALVING_INTERVAL)).toBe(0);
    expect(subsidyBtc(1e12)).toBe(0);
  });

  it('the subsidy on arrival, days on at 144 blocks a day: halved when the halving comes first', () => {
    expect(TARGET_BLOCKS_PER_DAY).toBe(144);
    // 2024-03-01: tip 832,602, the halving 7,398 blocks (51.4 days) away
    expect(subsidyAfterDaysBtc(832_602, 0)).toBe(6.25);
    expect(subsidyAfterDaysBtc(832_602, 51)).toBe(6.25);
    expect(subsidyAfterDaysBtc(832_602, 52)).toBe(3.125);
    expect(subsidyAfterDaysBtc(832_602, 120)).toBe(3.125);
    expect(subsidyAfterDaysBtc(839_999, 0)).toBe(3.125);
  });

  it('the sum over a range crossing halvings equals block-by-block addition', () => {
    for (const [from, to] of [
      [839_990, 840_010],
      [1_049_000, 1_051_500],
      [0, 3 * HALVING_INTERVAL + 5],
      [935_052, 935_052],
    ]) {
      let sum = 0;
      for (let h = from + 1; h <= to; h++) sum += subsidyBtc(h);
      expect(subsidySumBtc(from, to)).toBeCloseTo(sum, 6);
    }
    // all coins ever: 20,999,999.9769 BTC
    expect(subsidySumBtc(-1, 64 * HALVING_INTERVAL)).toBeCloseTo(20_999_999.9769, 3);
  });
});

describe('hashprice and hashrate', () => {
  it('difficulty 144.4T at $67k gives ≈ $29.5 per PH/s per day (domain.md §4, the reported "<$30")', () => {
    // (3.125 + 0.036 fees) BTC × $67,000 × 86,400 s × 10¹⁵ H / (144.4·10¹² × 2³²); ±0.05 is the
    // rounding of the quoted 144.4T and $67k
    expect(hashpriceUsdPerPhDay(3.125 + 0.036, 67_000, 144.4e12)).toBeCloseTo(29.5, 1);
    expect(Math.abs(hashpriceUsdPerPhDay(3.161, 67_000, 144.4e12) - 29.5)).toBeLessThan(0.05);
  });

  it('hashrate at 600 s spacing: D·2³²/600 (144.4T ≈ 1.03 ZH/s)', () => {
    expect(hashrateAtTargetSpacingEh(144.4e12)).toBeCloseTo((144.4e12 * 2 ** 32) / 600 / 1e18, 9);
    expect(hashrateAtTargetSpacingEh(144.4e12)).toBeCloseTo(1033.7, 1);
  });
});
