import { defineModel, type ModelRegistry } from '../../engine/model.js';
import { num } from '../../engine/params.js';
import { market } from '../market/index.js';
import { thermal } from '../thermal/index.js';
import { supply } from './index.js';

const ITEM = 'rig';
const SOURCE = 'bitmain';
const ORDERED = `supply.${ITEM}.${SOURCE}.orderedUnits`;
const DELIVERED = `supply.${ITEM}.${SOURCE}.deliveredUnits`;
const GREY = `supply.${ITEM}.${SOURCE}.greyDeliveredUnits`;

/**
 * Test only (supply specs): a consumer that orders `units` rigs from Bitmain in step `atStep`
 * (or `perStep` every step) and counts what supply delivers to it, standing in for the mining
 * model so that supply's delays and its flow accounting can be checked on their own.
 * Not in the shipped registry.
 */
export const consumerTest = defineModel({
  name: 'consumertest',
  title: 'Test only: orders rigs and counts deliveries',
  readme: 'src/models/supply/README.md',
  params: {
    units: num({ unit: 'units', default: 100, min: 0, description: 'Units ordered in step atStep.', source: 'test input' }),
    atStep: num({ unit: 'step', default: 1, min: 0, integer: true, description: 'Step of the one order.', source: 'test input' }),
    perStep: num({ unit: 'units/step', default: 0, min: 0, description: 'Units ordered in every step besides.', source: 'test input' }),
  },
  io: () => ({
    writes: ['consumer.orderedTotal', 'consumer.deliveredTotal', 'consumer.greyTotal', 'consumer.delivered', 'consumer.openOrders'],
    adds: [ORDERED],
    reads: [{ name: DELIVERED }, { name: GREY }],
    state: { ordered: 1, delivered: 1, grey: 1 },
    units: { 'consumer.orderedTotal': 'units', 'consumer.deliveredTotal': 'units', 'consumer.greyTotal': 'units', 'consumer.delivered': 'units/step', 'consumer.openOrders': 'units', [ORDERED]: 'units/step' },
  }),
  init(ctx) {
    for (const k of ['consumer.orderedTotal', 'consumer.deliveredTotal', 'consumer.greyTotal', 'consumer.delivered', 'consumer.openOrders']) ctx.signal(k).fill(0);
  },
  step(ctx) {
    const { ordered, delivered, grey } = ctx.state;
    const out = ctx.signal(ORDERED);
    const d = ctx.signal(DELIVERED);
    const g = ctx.signal(GREY);
    for (let i = 0; i < ctx.paths; i++) {
      const units = (ctx.step === ctx.p.atStep[i] ? ctx.p.units[i] : 0) + ctx.p.perStep[i];
      out[i] += units;
      ordered[i] += units;
      delivered[i] += d[i];
      grey[i] += g[i];
      ctx.signal('consumer.orderedTotal')[i] = ordered[i];
      ctx.signal('consumer.deliveredTotal')[i] = delivered[i];
      ctx.signal('consumer.greyTotal')[i] = grey[i];
      ctx.signal('consumer.delivered')[i] = d[i];
      ctx.signal('consumer.openOrders')[i] = ordered[i] - delivered[i] - grey[i];
    }
  },
});

/** Supply, the test consumer, and the models supply couples with (market, thermal). */
export const registry: ModelRegistry = { models: [market, thermal, supply, consumerTest] };

/** URL of this module, for `runPlan`. */
export const registryUrl: string = import.meta.url;
