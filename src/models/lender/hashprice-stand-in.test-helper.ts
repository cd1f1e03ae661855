import { defineModel, type ModelRegistry } from '../../engine/model.js';
import { num } from '../../engine/params.js';
import { written } from '../../engine/signals.js';
import { lender } from './index.js';
import { market } from '../market/index.js';

/** The hashprice the stand-in writes (the network model's signal). */
const HASHPRICE = written('network.hashpriceUsdPerPhDay', 'USD/(PH/s)/day');

/**
 * Test only (mechanisms.spec.ts): writes a constant `network.hashpriceUsdPerPhDay`, standing in
 * for the network model, so that the lender's optional read of hashprice can be checked at a
 * known value. Not in the shipped registry.
 */
export const hashpriceTest = defineModel({
  name: 'hashpricetest',
  title: 'Test only: a constant hashprice',
  readme: 'src/models/lender/README.md',
  params: {
    usdPerPhDay: num({ unit: 'USD/(PH/s)/day', default: 30, min: 0, exclusiveMin: true, description: 'The hashprice written every step.', source: 'test input' }),
  },
  io: () => ({ signals: [HASHPRICE], state: {} }),
  init(ctx) {
    ctx.signal(HASHPRICE).set(ctx.p.usdPerPhDay.subarray(0, ctx.paths));
  },
  step(ctx) {
    ctx.signal(HASHPRICE).set(ctx.p.usdPerPhDay.subarray(0, ctx.paths));
  },
});

/** Market, lender and the test hashprice: a registry workers could import by {@link registryUrl}. */
export const registry: ModelRegistry = { models: [market, hashpriceTest, lender] };

/** URL of this module, for `runPlan`. */
export const registryUrl: string = import.meta.url;
