import type { ModelRegistry } from '../../engine/model.js';
import { num } from '../../engine/params.js';
import { market } from '../market/index.js';
import { network } from '../network/index.js';
import { paramStandIn } from '../stand-in.test-helper.js';
import { supply } from '../supply/index.js';
import { mining } from './index.js';

/**
 * Test only (mining specs): writes btc.price from a parameter (change it with a scheduled
 * set), standing in for the market model so that margin calls can be checked at known prices.
 * Not in the shipped registry.
 */
export const priceTest = paramStandIn({
  name: 'pricetest',
  title: 'Test only: a BTC price set by a parameter',
  readme: 'src/models/mining/README.md',
  signal: 'btc.price',
  unit: 'USD',
  param: 'usd',
  decl: num({ unit: 'USD', default: 73_300, min: 0, exclusiveMin: true, description: 'The BTC price written every step.', source: 'test input' }),
});

/** The test price, the market (for its forced-selling flow), network, supply and mining. */
export const registry: ModelRegistry = { models: [priceTest, market, network, supply, mining] };

/** URL of this module, for `runPlan`. */
export const registryUrl: string = import.meta.url;
