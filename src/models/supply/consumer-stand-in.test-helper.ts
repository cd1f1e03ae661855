import { defineModel, type ModelRegistry } from '../../engine/model.js';
import { num } from '../../engine/params.js';
import { added, read, written } from '../../engine/signals.js';
import { market } from '../market/index.js';
import { thermal } from '../thermal/index.js';
import { supply } from './index.js';

const ORDERED = added('supply.rig.bitmain.orderedUnits', 'units/step');
const DELIVERED = read('supply.rig.bitmain.deliveredUnits');
const GREY = read('supply.rig.bitmain.greyDeliveredUnits');
const OUT = {
  orderedTotal: written('consumer.orderedTotal', 'units'),
  deliveredTotal: written('consumer.deliveredTotal', 'units'),
  greyTotal: written('consumer.greyTotal', 'units'),
  delivered: written('consumer.delivered', 'units/step'),
  openOrders: written('consumer.openOrders', 'units'),
};

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
  io: () => ({ signals: [...Object.values(OUT), ORDERED, DELIVERED, GREY], state: {} }),
  init(ctx) {
    for (const k of Object.values(OUT)) ctx.signal(k).fill(0);
  },
  step(ctx) {
    // the totals are their own running sums: a written signal keeps its value until written again
    const ordered = ctx.signal(OUT.orderedTotal);
    const delivered = ctx.signal(OUT.deliveredTotal);
    const grey = ctx.signal(OUT.greyTotal);
    const deliveredNow = ctx.signal(OUT.delivered);
    const open = ctx.signal(OUT.openOrders);
    const out = ctx.signal(ORDERED);
    const d = ctx.signal(DELIVERED);
    const g = ctx.signal(GREY);
    const { atStep, units, perStep } = ctx.p;
    for (let i = 0; i < ctx.paths; i++) {
      const n = (ctx.step === atStep[i] ? units[i] : 0) + perStep[i];
      out[i] += n;
      ordered[i] += n;
      delivered[i] += d[i];
      grey[i] += g[i];
      deliveredNow[i] = d[i];
      open[i] = ordered[i] - delivered[i] - grey[i];
    }
  },
});

/** Supply, the test consumer, and the models supply couples with (market, thermal). */
export const registry: ModelRegistry = { models: [market, thermal, supply, consumerTest] };

/** URL of this module, for `runPlan`. */
export const registryUrl: string = import.meta.url;
