import { defineModel } from '../../engine/model.js';
import { initMarket, marketParamsChanged, stepMarket } from './kernel.js';
import { MarketScratch, PATH, REGIME, SIGNALS } from './layout.js';
import { marketParams } from './params.js';
import { resolveMarketSettings } from './start-from.js';

/**
 * BTC price: a regime-switching (calm/stress) log price with Merton jumps, moved also by net
 * forced selling through the square-root impact law. Equations: README.md (same symbols);
 * signals and the per-path record: layout.ts; the step: kernel.ts and impact.ts.
 */
export const market = defineModel({
  name: 'market',
  title: 'BTC price: regime-switching diffusion, Merton jumps, square-root impact of forced flows',
  readme: 'src/models/market/README.md',
  params: marketParams,
  io: () => ({
    signals: SIGNALS,
    state: { path: PATH.width },
    events: [{ name: 'market.stress', signal: REGIME.name, op: '>=', value: 1, description: 'first day in the stress regime' }],
  }),
  prepare: (_settings, env) => new MarketScratch(env.blockSize, env.arena),
  resolveSettings: resolveMarketSettings,
  init: initMarket,
  paramsChanged: marketParamsChanged,
  step: stepMarket,
});
