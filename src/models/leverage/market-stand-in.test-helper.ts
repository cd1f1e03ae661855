import type { ModelDefinition } from '../../engine/model.js';
import { standInModel } from '../stand-in.test-helper.js';

/**
 * Test only: the market as a test drives it, for models that read or update the BTC price
 * (the leverage cascade). Step 0 is at P₀, with σ_d, the depth V and btc.vol fixed; at each step
 * the pre-cascade price is the last price — as updaters revised it — times e^{x(i)}, with the
 * return x(i) given by `drive.x` (set it before each step), and the peak follows.
 * btc.drawdown is left to the updaters.
 */
export interface DrivenMarket {
  model: ModelDefinition<Record<string, never>>;
  drive: { x: (i: number) => number };
}

export function drivenMarket(options: { p0: number; sigmaDaily: number; volumeUsd?: number; vol?: number }): DrivenMarket {
  const { p0, sigmaDaily, volumeUsd = 20e9, vol = 0.6 } = options;
  const drive = { x: (_i: number) => 0 };
  const model = standInModel({
    name: 'market',
    title: 'a driven market (test stand-in)',
    readme: 'src/models/leverage/market-stand-in.test-helper.ts',
    params: {} as Record<string, never>,
    units: {
      'btc.price': 'USD',
      'btc.return': 'log return',
      'btc.drawdown': 'fraction',
      'btc.peakUsd': 'USD',
      'btc.vol': '1/√year',
      'market.volumeUsd': 'USD/step',
      'market.sigmaDaily': 'log return',
    },
    write(ctx) {
      const n = ctx.paths;
      const price = ctx.signal('btc.price');
      const ret = ctx.signal('btc.return');
      const peak = ctx.signal('btc.peakUsd');
      if (ctx.step === 0) {
        price.fill(p0, 0, n);
        peak.fill(p0, 0, n);
      } else {
        for (let i = 0; i < n; i++) {
          ret[i] = drive.x(i);
          price[i] *= Math.exp(ret[i]);
          peak[i] = Math.max(peak[i], price[i]);
        }
      }
      ctx.signal('btc.vol').fill(vol, 0, n);
      ctx.signal('market.sigmaDaily').fill(sigmaDaily, 0, n);
      ctx.signal('market.volumeUsd').fill(volumeUsd, 0, n);
    },
  });
  return { model, drive };
}
