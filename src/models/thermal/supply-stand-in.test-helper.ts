import type { ModelRegistry } from '../../engine/model.js';
import { num } from '../../engine/params.js';
import { standInModel } from '../stand-in.test-helper.js';
import { thermal } from './index.js';

/**
 * Test only (thermal.spec.ts): stands in for the supply model's diamond signals — a price
 * index and an availability that change on one step — so the thermal model's optional reads
 * can be checked before the supply model exists. Not in the shipped registry.
 */
export const diamondSupplyTest = standInModel({
  name: 'supplytest',
  title: 'Test only: diamond price index and availability',
  readme: 'src/models/thermal/README.md',
  params: {
    priceIndex: num({ unit: '—', default: 1, min: 0, description: 'Diamond price relative to the thermal model’s c_d, from atStep on.', source: 'test input' }),
    availability: num({ unit: 'fraction', default: 1, min: 0, description: 'Share of the thermal model’s S_d that can be had, from atStep on.', source: 'test input' }),
    atStep: num({ unit: 'step', default: 1, min: 0, integer: true, description: 'First step with these values (1 and 1 before).', source: 'test input' }),
  },
  units: { 'supply.diamondPriceIndex': '—', 'supply.diamondAvailability': 'fraction' },
  write(ctx) {
    const price = ctx.signal('supply.diamondPriceIndex');
    const avail = ctx.signal('supply.diamondAvailability');
    const { priceIndex, availability, atStep } = ctx.p;
    for (let i = 0; i < ctx.paths; i++) {
      const on = ctx.step >= atStep[i];
      price[i] = on ? priceIndex[i] : 1;
      avail[i] = on ? availability[i] : 1;
    }
  },
});

/** The thermal model and the stand-in supply: a registry workers could import by {@link registryUrl}. */
export const registry: ModelRegistry = { models: [thermal, diamondSupplyTest] };

/** URL of this module, for `runPlan`. */
export const registryUrl: string = import.meta.url;
