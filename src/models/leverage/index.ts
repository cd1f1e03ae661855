import { defineModel } from '../../engine/model.js';
import * as kernel from './kernel.js';
import { bucketsOf, classesWidth, diagnosticsOf, leverageEvents, leverageSignals, pathLayout, prepareRun, venuesOf } from './layout.js';
import { leverageParams } from './params.js';

/**
 * Perpetual-futures leverage and the liquidation cascade: per path, open interest held as bins
 * of liquidation price for longs and shorts; each step the market's pre-cascade price path
 * (a Brownian bridge between its prices) crosses liquidation prices, the liquidations move
 * the price by the square-root law until the cascade's fixed point, the insurance fund pays
 * losses past the bankruptcy price and auto-deleveraging closes what it cannot; the revised
 * price is the one every other model sees. Equations: README.md (same symbols).
 */
export const leverage = defineModel({
  name: 'leverage',
  title: 'Leverage: liquidation-price buckets, in-step liquidation cascade, insurance fund, ADL, open-interest rebuild',
  readme: 'src/models/leverage/README.md',
  params: leverageParams,
  io: (settings) => {
    const venues = venuesOf(settings);
    const ids = Object.keys(venues);
    return {
      signals: leverageSignals(diagnosticsOf(settings), ids),
      state: { path: pathLayout(bucketsOf(settings), ids.length).width, classes: classesWidth(venues) },
      events: leverageEvents(ids),
    };
  },
  prepare: prepareRun,
  init: kernel.init,
  paramsChanged: kernel.paramsChanged,
  step: kernel.step,
});
