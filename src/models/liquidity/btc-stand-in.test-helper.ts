import { modelHarness, type ModelHarness } from '../../engine/harness.test-helper.js';
import { num } from '../../engine/params.js';
import { standInModel } from '../stand-in.test-helper.js';
import { liquidity } from './index.js';
import { CLASSES, liquidityParams } from './params.js';

/**
 * Test only (liquidity specs): writes BTC's price, peak, volatility, a zero return and the
 * drawdown from parameters every step (change them with a scheduled set), standing in for the
 * market so that the liquidity model runs on the real engine at known BTC figures. Each step
 * starts from the stand-in's price: the liquidity model's revision of the step before is not
 * carried over. Not in the shipped registry.
 */
export const btcTest = standInModel({
  name: 'btctest',
  title: 'Test only: BTC price, peak and volatility set by parameters',
  readme: 'src/models/liquidity/README.md',
  params: {
    priceUsd: num({ unit: 'USD', default: 73_000, min: 0, exclusiveMin: true, description: 'btc.price at the start of every step.', source: 'test input' }),
    peakUsd: num({ unit: 'USD', default: 126_000, min: 0, exclusiveMin: true, description: 'btc.peakUsd at the start of every step.', source: 'test input' }),
    volPerSqrtYear: num({ unit: '1/√year', default: 0.6, min: 0, description: 'btc.vol.', source: 'test input' }),
  },
  units: { 'btc.price': 'USD', 'btc.return': 'log return', 'btc.peakUsd': 'USD', 'btc.drawdown': 'fraction', 'btc.vol': '1/√year' },
  write(ctx) {
    const { priceUsd, peakUsd, volPerSqrtYear } = ctx.p;
    const price = ctx.signal('btc.price');
    const ret = ctx.signal('btc.return');
    const peak = ctx.signal('btc.peakUsd');
    const dd = ctx.signal('btc.drawdown');
    const vol = ctx.signal('btc.vol');
    for (let i = 0; i < ctx.paths; i++) {
      price[i] = priceUsd[i];
      ret[i] = 0;
      peak[i] = peakUsd[i];
      dd[i] = 1 - priceUsd[i] / peakUsd[i];
      vol[i] = volPerSqrtYear[i];
    }
  },
});

/** The classes without news of their own (σ = 0), where a check is exact. */
export const quietClasses = liquidityParams.classes.schema.parse(Object.fromEntries(CLASSES.map((c) => [c, { volPerSqrtYear: 0 }])));

/** Holders with nothing: pure repricing, no forced sales. */
export const noHolders = liquidityParams.holders.schema.parse({
  strategic: { holdingsUsd: Object.fromEntries([...CLASSES, 'hedgeFunds'].map((c) => [c, 0])) },
  hedgeFunds: { equityUsd: 1, exposureUsd: Object.fromEntries(CLASSES.map((c) => [c, 0])) },
  leveraged: { equityUsd: 1, holdingsUsd: Object.fromEntries(CLASSES.map((c) => [c, 0])) },
});

/** A quiet world: no AI spending, no pipes, no money-demand growth, no news, no holders. */
export const quiet = { classes: quietClasses, holders: noHolders, aiCapexUsdPerYear: 0, qeUsdPerYear: 0, rrpUsd: 0, moneyDemandGrowthPerYear: 0, diagnosticSignals: 'on' };

/**
 * One path (or `paths`) of the liquidity model on the real engine with BTC from the stand-in
 * (default $73,000, peak $126,000, btc.vol 0.6), after init.
 */
export function liquidityBlock(settings: Record<string, unknown>, btc: Record<string, unknown> = {}, paths = 1): ModelHarness {
  return modelHarness({ models: [btcTest, liquidity], paths, settings: { liquidity: settings, btctest: btc } }).init();
}

/** Path 0's value of a signal. */
export const sig = (h: ModelHarness, name: string): number => h.signal(name)[0];
