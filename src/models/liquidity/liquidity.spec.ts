/**
 * Mechanics of the liquidity model (equations in README.md), driven without the engine (a
 * test block sets BTC's price and volatility). The classes' own news is switched off (σ = 0)
 * where a check is exact; exact checks hold to 1e-12 (floating-point rounding).
 */
import { describe, expect, it } from 'vitest';
import { bondPrice } from '../../finance/bond.js';
import { durationConvexityLogReturn } from '../../finance/duration-convexity.js';
import { testBlock, type TestBlock } from '../leverage/block-context.test-helper.js';
import { liquidity } from './index.js';
import { CLASSES, LONG_TREASURY, liquidityParams } from './params.js';

type Block = TestBlock<typeof liquidityParams>;

const quietClasses = liquidityParams.classes.schema.parse(Object.fromEntries(CLASSES.map((c) => [c, { volPerSqrtYear: 0 }])));
/** Holders with nothing: pure repricing, no forced sales. */
const noHolders = liquidityParams.holders.schema.parse({
  strategic: { holdingsUsd: Object.fromEntries([...CLASSES, 'hedgeFunds'].map((c) => [c, 0])) },
  hedgeFunds: { equityUsd: 1, exposureUsd: Object.fromEntries(CLASSES.map((c) => [c, 0])) },
  leveraged: { equityUsd: 1, holdingsUsd: Object.fromEntries(CLASSES.map((c) => [c, 0])) },
});
/** A quiet world: no AI spending, no pipes, no money-demand growth. */
const quiet = { classes: quietClasses, holders: noHolders, aiCapexUsdPerYear: 0, qeUsdPerYear: 0, rrpUsd: 0, moneyDemandGrowthPerYear: 0, diagnosticSignals: 'on' };

function block(paths: number, settings: Record<string, unknown>, btcVol = 0.6): Block {
  const b = testBlock(liquidity, paths, settings, []);
  b.signals.get('btc.price')!.fill(73_000);
  b.signals.get('btc.peakUsd')!.fill(126_000);
  b.signals.get('btc.vol')!.fill(btcVol);
  b.init();
  return b;
}

/** A step in which the market leaves BTC where it was (the model's own repricing aside). */
function step(b: Block): void {
  b.signals.get('btc.return')!.fill(0);
  b.signals.get('market.forcedSellingUsd')!.fill(0);
  b.step();
}

const sig = (b: Block, name: string) => b.signals.get(name)![0];

describe('liquidity: the duration effect', () => {
  it('under a +50bp rate rise crypto and growth software fall most, near-cash-flow equities least (exact: ΔlnP = ln(1 − DΔr + ½CΔr²))', () => {
    const b = block(1, quiet);
    b.shockNext('liquidity.rate', 1, 0.005);
    step(b);
    const dr = sig(b, 'liquidity.rate') - (0.0364 + 0.006);
    expect(dr).toBeCloseTo(0.005, 15);
    const ret = {
      crypto: sig(b, 'liquidity.crypto.valuationReturn'),
      software: sig(b, 'liquidity.software.return'),
      memory: sig(b, 'liquidity.memory.return'),
      treasuries: sig(b, 'liquidity.treasuries.return'),
      gold: sig(b, 'liquidity.gold.return'),
    };
    for (const c of CLASSES) expect(ret[c]).toBeCloseTo(durationConvexityLogReturn(quietClasses[c].duration, quietClasses[c].convexity, 0.005), 12);
    // the numbers: Gordon durations 25 (r − g = 4%) for crypto and software, 6 for memory;
    // the long-Treasury class is a 20-year 4.5% bond at 4.75% (D 12.96, C 221.8); gold D 10
    expect(ret.crypto).toBeCloseTo(Math.log(0.890625), 12); // −11.58%
    expect(ret.software).toBeCloseTo(Math.log(0.890625), 12); // −11.58%
    expect(ret.treasuries).toBeCloseTo(-0.06405, 5);
    expect(ret.gold).toBeCloseTo(Math.log(0.9525), 12); // −4.87%
    expect(ret.memory).toBeCloseTo(Math.log(0.9709), 12); // −2.95%
    // the order of the source document: crypto and software fall most, memory makers least
    expect(Math.max(ret.crypto, ret.software)).toBeLessThan(Math.min(ret.treasuries, ret.gold, ret.memory));
    expect(ret.memory).toBeGreaterThan(Math.max(ret.treasuries, ret.gold));
    // and BTC itself, the one price: the crypto class revised btc.price by its return
    expect(Math.log(sig(b, 'btc.price') / 73_000)).toBeCloseTo(ret.crypto, 12);
  });

  it('the long-Treasury class reprices like its bond: within the third-order bound of the exact price change', () => {
    const { couponRate, yieldRate, years } = LONG_TREASURY;
    for (const dr of [-0.01, -0.0025, 0.0025, 0.005, 0.01]) {
      const b = block(1, quiet);
      b.shockNext('liquidity.rate', 1, dr);
      step(b);
      const exact = Math.log(bondPrice(couponRate, yieldRate + dr, years) / bondPrice(couponRate, yieldRate, years));
      const bound = (2 * Math.pow(years + 1, 3) * Math.abs(dr) ** 3) / 6 + Math.abs(12.96 * dr) ** 3;
      expect(Math.abs(sig(b, 'liquidity.treasuries.return') - exact)).toBeLessThanOrEqual(bound);
    }
  });

  it('a drained level hits crypto hardest by its liquidity beta, and raises the rate by ln(M_d/L)/η', () => {
    // a $58B capital call with no dry powder: sold from... nothing (no holders), so it drains
    // the level by its full size: L = L₀ − 58e9, Δr = ln(L₀/L)/η
    const b = block(1, { ...quiet, dryPowderUsd: 0 });
    b.shockNext('liquidity.capitalCallUsd', 1, 58e9);
    step(b);
    const L0 = 5.8e12;
    const L = L0 - 58e9;
    expect(sig(b, 'liquidity.level')).toBeCloseTo(L, 0);
    const dr = Math.log(L0 / L) / 7;
    expect(sig(b, 'liquidity.rate') - 0.0424).toBeCloseTo(dr, 14);
    const dlnL = Math.log(L / L0);
    for (const c of ['software', 'memory', 'treasuries', 'gold'] as const) {
      expect(sig(b, `liquidity.${c}.return`)).toBeCloseTo(durationConvexityLogReturn(quietClasses[c].duration, quietClasses[c].convexity, dr) + quietClasses[c].liquidityBeta * dlnL, 12);
    }
    const crypto = sig(b, 'liquidity.crypto.valuationReturn');
    expect(crypto).toBeCloseTo(durationConvexityLogReturn(25, 1250, dr) + 2 * dlnL, 12);
    expect(crypto).toBeLessThan(sig(b, 'liquidity.software.return'));
  });
});

describe('liquidity: the bathtub', () => {
  it('AI funding draws dry powder first (the level rises by m·F), then sells assets (it falls by (1 − m)·F) and the rate rises', () => {
    const F = (365e9 * 0.3) / 365; // $0.3B a day raised in markets
    const b = block(1, { ...quiet, aiCapexUsdPerYear: 365e9, marketFundedShare: 0.3, recirculationShare: 0.25, dryPowderUsd: 2.5 * F });
    let L = 5.8e12;
    let D = 2.5 * F;
    for (let t = 1; t <= 5; t++) {
      step(b);
      const fromDry = Math.min(D, F);
      D -= fromDry;
      L += 0.25 * F - (F - fromDry);
      expect(sig(b, 'liquidity.dryPowderUsd')).toBeCloseTo(D, 3);
      expect(sig(b, 'liquidity.level') / L).toBeCloseTo(1, 14);
      expect(sig(b, 'liquidity.assetSalesForAiUsd')).toBeCloseTo(F - fromDry, 3);
      expect(sig(b, 'liquidity.rate')).toBeCloseTo(0.0424 + Math.log(5.8e12 / L) / 7, 14);
    }
    // days 1–2 from dry powder (rate below r̄), day 3 half, then sales: the rate above r̄
    expect(sig(b, 'liquidity.rate')).toBeGreaterThan(0.0424);
  });

  it('central-bank pipes refill it: QE and the reverse-repo drain raise the level and lower the rate', () => {
    const b = block(1, { ...quiet, qeUsdPerYear: 365e9, rrpUsd: 100e9, rrpHalfLifeDays: 10 });
    step(b);
    const L = 5.8e12 + 1e9 + 100e9 * (1 - Math.pow(2, -1 / 10));
    expect(sig(b, 'liquidity.level') / L).toBeCloseTo(1, 14);
    expect(sig(b, 'liquidity.rate')).toBeLessThan(0.0424);
  });
});

describe('liquidity: forced selling', () => {
  it('strategic funds sell their lowest-conviction holding first: BTC, then hedge-fund stakes (a redemption the funds must sell to pay)', () => {
    const holders = liquidityParams.holders.schema.parse({
      strategic: { holdingsUsd: { crypto: 4e9, hedgeFunds: 50e9 } },
      hedgeFunds: { equityUsd: 100e9, exposureUsd: { crypto: 3e9, software: 40e9, memory: 10e9, treasuries: 0, gold: 0 } },
      leveraged: { equityUsd: 1, holdingsUsd: { crypto: 0, software: 0, memory: 0, treasuries: 0, gold: 0 } },
    });
    // a $6B call: $4B of BTC, then $2B of hedge-fund stakes, which the funds pay by selling
    // their own BTC ($3B … of which $2B), lowest conviction first again. The drain's effect on
    // prices is switched off (β = 0, η = 1000: Δr ≈ 1e-6), so only the redemption moves equity
    const flat = liquidityParams.classes.schema.parse(Object.fromEntries(CLASSES.map((c) => [c, { volPerSqrtYear: 0, liquidityBeta: 0 }])));
    const b = block(1, { ...quiet, classes: flat, moneyDemandSemiElasticity: 1000, holders, dryPowderUsd: 0 });
    b.shockNext('liquidity.capitalCallUsd', 1, 6e9);
    step(b);
    expect(sig(b, 'liquidity.forcedBtcSalesUsd')).toBeCloseTo(6e9, 0);
    expect(sig(b, 'market.forcedSellingUsd')).toBe(sig(b, 'liquidity.forcedBtcSalesUsd'));
    expect(sig(b, 'liquidity.hedgeFundEquityUsd')).toBeCloseTo(98e9, -7); // within $5M: the residual repricing
  });

  it('margins rise with volatility: leveraged traders sell until Σ m_j·X_j ≤ W, freeing margin lowest conviction first', () => {
    const holders = liquidityParams.holders.schema.parse({
      strategic: { holdingsUsd: Object.fromEntries([...CLASSES, 'hedgeFunds'].map((c) => [c, 0])) },
      hedgeFunds: { equityUsd: 1, exposureUsd: Object.fromEntries(CLASSES.map((c) => [c, 0])) },
      leveraged: { equityUsd: 40e9, holdingsUsd: { crypto: 50e9, software: 40e9, memory: 0, treasuries: 0, gold: 0 }, marginRate: { crypto: 0.5, software: 0.3 } },
    });
    // at the start: 0.5·50 + 0.3·40 = 37 ≤ 40. BTC's volatility doubles: crypto margin 1.0
    // → 50 + 12 = 62 > 40: free 22 of margin by selling $22B of BTC (conviction 0.3 < 0.4)
    const b = block(1, { ...quiet, holders }, 0.6);
    b.signals.get('btc.vol')!.fill(1.2);
    step(b);
    expect(sig(b, 'liquidity.forcedBtcSalesUsd')).toBeCloseTo(22e9, 0);
    expect(sig(b, 'liquidity.leveragedEquityUsd')).toBeCloseTo(40e9, 0);
  });

  it('the in-step iteration converges: sales move prices, losses force more sales, until a round adds almost nothing', () => {
    // hedge funds at 3× on software and memory, a 3% loss on the day (a rate shock): they
    // redeem and delever; their sales deepen the fall and so their loss, round after round
    const holders = liquidityParams.holders.schema.parse({
      strategic: { holdingsUsd: Object.fromEntries([...CLASSES, 'hedgeFunds'].map((c) => [c, 0])) },
      hedgeFunds: { equityUsd: 100e9, exposureUsd: { crypto: 0, software: 200e9, memory: 100e9, treasuries: 0, gold: 0 } },
      leveraged: { equityUsd: 1, holdingsUsd: Object.fromEntries(CLASSES.map((c) => [c, 0])) },
    });
    const classes = liquidityParams.classes.schema.parse({ software: { volPerSqrtYear: 0.35, dailyVolumeUsd: 20e9 }, memory: { volPerSqrtYear: 0.5, dailyVolumeUsd: 10e9 } });
    const run = (h: typeof holders) => {
      const b = block(1, { ...quiet, holders: h, hedgeFundLeverageAdjustPerDay: 1, classes });
      b.shockNext('liquidity.rate', 1, 0.0015);
      step(b);
      return b;
    };
    const b = run(holders);
    const rounds = sig(b, 'liquidity.rounds');
    expect(rounds).toBeGreaterThan(2);
    expect(rounds).toBeLessThan(50);
    // the same day without the funds (same seed: the same news draws): the difference in the
    // software return is the funds' sales, pushed through the square-root law
    const without = run(noHolders);
    const impact = sig(b, 'liquidity.software.return') - sig(without, 'liquidity.software.return');
    expect(impact).toBeLessThan(-0.01);
    expect(sig(b, 'liquidity.forcedSalesUsd')).toBeGreaterThan(10e9);
    // after the iteration the funds hold their target leverage (3×) to its tolerance: their
    // remaining exposure, marked at the new prices, over their equity
    const e = sig(b, 'liquidity.hedgeFundEquityUsd');
    expect(e).toBeLessThan(100e9);
    const exposure = 200e9 * sig(b, 'liquidity.software.price') + 100e9 * sig(b, 'liquidity.memory.price') - sig(b, 'liquidity.forcedSalesUsd');
    expect(exposure / e).toBeGreaterThan(2.5);
    expect(exposure / e).toBeLessThan(3.5);
  });
});
