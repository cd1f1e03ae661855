import { defineModel } from '../src/engine/model.js';
import { num } from '../src/engine/params.js';
import { market } from '../src/models/market/index.js';

/**
 * A test-only model that exercises the engine's contract: per-path parameter lanes, state of
 * width 3, a prev read (feedback to the market through a flow), a flow contribution and an
 * event. It sells `sellShare` of a notional each day the price fell, into the market's flow.
 */
export const seller = defineModel({
  name: 'seller',
  title: 'test seller',
  readme: 'test/fixtures-registry.ts',
  params: {
    notionalUsd: num({ unit: 'USD', default: 1e9, min: 0, description: 'notional', source: 'test' }),
    sellShare: num({ unit: 'fraction', default: 0.1, min: 0, max: 1, description: 'share sold on a down day', source: 'test' }),
  },
  io: () => ({
    writes: ['seller.soldUsd'],
    adds: ['market.forcedSellingUsd'],
    reads: [{ name: 'btc.return' }],
    state: { history: 3 },
    units: { 'seller.soldUsd': 'USD', 'market.forcedSellingUsd': 'USD' },
    events: [{ name: 'seller.halfSold', signal: 'seller.soldUsd', op: '>=', value: 5e8, description: 'sold half' }],
  }),
  init(ctx) {
    ctx.signal('seller.soldUsd').fill(0, 0, ctx.paths);
  },
  step(ctx) {
    const ret = ctx.signal('btc.return');
    const sold = ctx.signal('seller.soldUsd');
    const flow = ctx.signal('market.forcedSellingUsd');
    const h = ctx.state.history;
    for (let i = 0; i < ctx.paths; i++) {
      h[3 * i + (ctx.step % 3)] = ret[i];
      if (ret[i] < 0) {
        const q = ctx.p.notionalUsd[i] * ctx.p.sellShare[i];
        flow[i] += q;
        sold[i] += q;
      }
    }
  },
});

export const registry = { models: [market, seller] };
export const registryUrl: string = import.meta.url;
