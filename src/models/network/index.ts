import { defineModel } from '../../engine/model.js';
import { initNetwork, setConstants, stepNetwork } from './kernel.js';
import { SIGNALS, fleetOf, networkLayout, prepareNetwork } from './layout.js';
import { networkParams } from './params.js';
import { resolveNetworkSettings } from './start-from.js';

/**
 * The Bitcoin network: hashrate by region from a merit order of fleet efficiencies and power
 * prices, lagged entry of new machines and exit of idle ones (merit-order.ts); Poisson blocks,
 * difficulty retargets every 2016 blocks exactly as Bitcoin Core does (blocks.ts, pow.ts);
 * halvings, fees, hashprice (chain.ts) and the security budget. Equations: README.md (same
 * symbols); the per-path record: layout.ts.
 */
export const network = defineModel({
  name: 'network',
  title: 'Bitcoin network: merit-order hashrate by region, Poisson blocks, exact retargets, halvings, hashprice',
  readme: 'src/models/network/README.md',
  params: networkParams,
  io: (settings) => ({ signals: SIGNALS, state: { rec: networkLayout(fleetOf(settings).length).width } }),
  prepare: prepareNetwork,
  resolveSettings: resolveNetworkSettings,
  init: initNetwork,
  paramsChanged: setConstants,
  step: stepNetwork,
});
