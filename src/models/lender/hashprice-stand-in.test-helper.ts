import type { ModelRegistry } from '../../engine/model.js';
import { num } from '../../engine/params.js';
import { lender } from './index.js';
import { market } from '../market/index.js';
import { paramStandIn } from '../stand-in.test-helper.js';

/**
 * Test only (mechanisms.spec.ts): writes a constant `network.hashpriceUsdPerPhDay`, standing in
 * for the network model, so that the lender's optional read of hashprice can be checked at a
 * known value. Not in the shipped registry.
 */
export const hashpriceTest = paramStandIn({
  name: 'hashpricetest',
  title: 'Test only: a constant hashprice',
  readme: 'src/models/lender/README.md',
  signal: 'network.hashpriceUsdPerPhDay',
  unit: 'USD/(PH/s)/day',
  param: 'usdPerPhDay',
  decl: num({ unit: 'USD/(PH/s)/day', default: 30, min: 0, exclusiveMin: true, description: 'The hashprice written every step.', source: 'test input' }),
});

/** Market, lender and the test hashprice: a registry workers could import by {@link registryUrl}. */
export const registry: ModelRegistry = { models: [market, hashpriceTest, lender] };

/** URL of this module, for `runPlan`. */
export const registryUrl: string = import.meta.url;
