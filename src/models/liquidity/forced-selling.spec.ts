/**
 * The holders' forced selling (README, "Holders") on the real engine, BTC from a stand-in:
 * conviction order, margins, redemptions and the in-step iteration.
 */
import { describe, expect, it } from 'vitest';
import { modelHarness } from '../../engine/harness.test-helper.js';
import { btcTest, liquidityBlock, noHolders, quiet, sig } from './btc-stand-in.test-helper.js';
import { liquidity } from './index.js';
import { CLASSES, liquidityParams } from './params.js';

const none = (keys: readonly string[]) => Object.fromEntries(keys.map((c) => [c, 0]));

describe('liquidity: forced selling', () => {
  it('strategic funds sell their lowest-conviction holding first: BTC, then hedge-fund stakes (a redemption the funds must sell to pay)', () => {
    const holders = liquidityParams.holders.schema.parse({
      strategic: { holdingsUsd: { crypto: 4e9, hedgeFunds: 50e9 } },
      hedgeFunds: { equityUsd: 100e9, exposureUsd: { crypto: 3e9, software: 40e9, memory: 10e9, treasuries: 0, gold: 0 } },
      leveraged: { equityUsd: 1, holdingsUsd: none(CLASSES) },
    });
    // a $6B call: $4B of BTC, then $2B of hedge-fund stakes, which the funds pay by selling
    // their own BTC ($3B … of which $2B), lowest conviction first again. The drain's effect on
    // prices is switched off (β = 0, η = 1000: Δr ≈ 1e-6), so only the redemption moves equity
    const flat = liquidityParams.classes.schema.parse(Object.fromEntries(CLASSES.map((c) => [c, { volPerSqrtYear: 0, liquidityBeta: 0 }])));
    const b = liquidityBlock({ ...quiet, classes: flat, moneyDemandSemiElasticity: 1000, holders, dryPowderUsd: 0 });
    b.shockNext('liquidity.capitalCallUsd', 1, 6e9).step();
    expect(sig(b, 'liquidity.forcedBtcSalesUsd')).toBeCloseTo(6e9, 0);
    expect(sig(b, 'market.forcedSellingUsd')).toBe(sig(b, 'liquidity.forcedBtcSalesUsd'));
    expect(sig(b, 'liquidity.hedgeFundEquityUsd')).toBeCloseTo(98e9, -7); // within $5M: the residual repricing
  });

  it('margins rise with volatility: leveraged traders sell until Σ m_j·X_j ≤ W, freeing margin lowest conviction first', () => {
    const holders = liquidityParams.holders.schema.parse({
      strategic: { holdingsUsd: none([...CLASSES, 'hedgeFunds']) },
      hedgeFunds: { equityUsd: 1, exposureUsd: none(CLASSES) },
      leveraged: { equityUsd: 40e9, holdingsUsd: { crypto: 50e9, software: 40e9, memory: 0, treasuries: 0, gold: 0 }, marginRate: { crypto: 0.5, software: 0.3 } },
    });
    // at the start: 0.5·50 + 0.3·40 = 37 ≤ 40. BTC's volatility doubles: crypto margin 1.0
    // → 50 + 12 = 62 > 40: free 22 of margin by selling $22B of BTC (conviction 0.3 < 0.4)
    const b = liquidityBlock({ ...quiet, holders }, { volPerSqrtYear: 0.6 });
    b.setNext('btctest', 'volPerSqrtYear', 1.2).step();
    expect(sig(b, 'liquidity.forcedBtcSalesUsd')).toBeCloseTo(22e9, 0);
    expect(sig(b, 'liquidity.leveragedEquityUsd')).toBeCloseTo(40e9, 0);
  });

  it('the in-step iteration converges: sales move prices, losses force more sales, until a round adds almost nothing', () => {
    // hedge funds at 3× on software and memory, a 3% loss on the day (a rate shock): they
    // redeem and delever; their sales deepen the fall and so their loss, round after round
    const holders = liquidityParams.holders.schema.parse({
      strategic: { holdingsUsd: none([...CLASSES, 'hedgeFunds']) },
      hedgeFunds: { equityUsd: 100e9, exposureUsd: { crypto: 0, software: 200e9, memory: 100e9, treasuries: 0, gold: 0 } },
      leveraged: { equityUsd: 1, holdingsUsd: none(CLASSES) },
    });
    const classes = liquidityParams.classes.schema.parse({ software: { volPerSqrtYear: 0.35, dailyVolumeUsd: 20e9 }, memory: { volPerSqrtYear: 0.5, dailyVolumeUsd: 10e9 } });
    const run = (h: typeof holders) => liquidityBlock({ ...quiet, holders: h, hedgeFundLeverageAdjustPerDay: 1, classes }).shockNext('liquidity.rate', 1, 0.0015).step();
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

describe('liquidity: the iteration, path by path', () => {
  it('paths that stop early leave the others’ rounds as they would be alone: a block equals its paths run one by one', () => {
    const holders = liquidityParams.holders.schema.parse({
      strategic: { holdingsUsd: { crypto: 4e9, hedgeFunds: 50e9 } },
      hedgeFunds: { equityUsd: 100e9, exposureUsd: { crypto: 20e9, software: 200e9, memory: 80e9, treasuries: 0, gold: 0 } },
    });
    // the same shock, with per-path draws of the funds' redemptions and the classes' impact (and
    // news): the iteration takes a different number of rounds on each path
    const classes = liquidityParams.classes.schema.parse({ software: { volPerSqrtYear: 0.35, dailyVolumeUsd: 20e9 }, memory: { volPerSqrtYear: 0.5, dailyVolumeUsd: 10e9 } });
    const settings = { ...quiet, classes, diagnosticSignals: 'on', dryPowderUsd: 0, aiCapexUsdPerYear: 3e12, holders, hedgeFundRedemptionPerLoss: { dist: 'uniform', min: 0, max: 5 }, impactY: { dist: 'uniform', min: 0.2, max: 3 } };
    const outputs = ['liquidity.rounds', 'liquidity.forcedSalesUsd', 'liquidity.forcedBtcSalesUsd', 'liquidity.hedgeFundEquityUsd', 'liquidity.leveragedEquityUsd', 'liquidity.software.price', 'market.forcedSellingUsd'];
    const paths = 6;
    const block = modelHarness({ models: [btcTest, liquidity], paths, settings: { liquidity: settings } }).init();
    block.shockNext('liquidity.rate', 1, 0.004).step(2);
    const rounds = [...block.signal('liquidity.rounds').subarray(0, paths)];
    expect(new Set(rounds).size).toBeGreaterThan(1);
    for (let i = 0; i < paths; i++) {
      const alone = modelHarness({ models: [btcTest, liquidity], paths: 1, firstPath: i, settings: { liquidity: settings } }).init();
      alone.shockNext('liquidity.rate', 1, 0.004).step(2);
      for (const s of outputs) expect(alone.signal(s)[0], `${s} on path ${i}`).toBe(block.signal(s)[i]);
    }
  });
});
