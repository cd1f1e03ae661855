import type { ModelRegistry } from '../engine/model.js';
import { lender } from './lender/index.js';
import { leverage } from './leverage/index.js';
import { liquidity } from './liquidity/index.js';
import { market } from './market/index.js';
import { mining } from './mining/index.js';
import { network } from './network/index.js';
import { supply } from './supply/index.js';
import { thermal } from './thermal/index.js';

/**
 * Every model Cascade ships, in a stable order (ties in the signal graph keep it). The
 * engine never imports this file: it receives its URL, so that worker threads load the same.
 *
 * The order also decides the order of models that revise the same signal within a step
 * (`updated` declarations): `liquidity` before `leverage`, so the day's forced sales move
 * `btc.price` first and the liquidation cascade starts from the price after them. Moving one of
 * them changes results.
 */
export const registry: ModelRegistry = {
  models: [market, thermal, lender, network, supply, mining, liquidity, leverage],
};

/** URL of this module, for the engine and its workers. */
export const registryUrl: string = import.meta.url;
