import { defineModel, type ModelContext, type ModelRegistry } from '../../engine/model.js';
import { num } from '../../engine/params.js';
import { written } from '../../engine/signals.js';
import { thermal } from './index.js';
import { AVAILABILITY, PRICE_INDEX } from './layout.js';

/** The supply model's signals the thermal model reads, as this stand-in writes them. */
const PRICE_INDEX_OUT = written(PRICE_INDEX.name, '—');
const AVAILABILITY_OUT = written(AVAILABILITY.name, 'fraction');

const params = {
  priceIndex: num({ unit: '—', default: 1, min: 0, description: 'Diamond price relative to the thermal model’s c_d, from atStep on.', source: 'test input' }),
  availability: num({ unit: 'fraction', default: 1, min: 0, description: 'Share of the thermal model’s S_d that can be had, from atStep on.', source: 'test input' }),
  atStep: num({ unit: 'step', default: 1, min: 0, integer: true, description: 'First step with these values (1 and 1 before).', source: 'test input' }),
};

/** Writes both signals for every path at the context's step (at init and every step: no state). */
function write(ctx: ModelContext<typeof params>): void {
  const price = ctx.signal(PRICE_INDEX_OUT);
  const avail = ctx.signal(AVAILABILITY_OUT);
  const { priceIndex, availability, atStep } = ctx.p;
  for (let i = 0; i < ctx.paths; i++) {
    const on = ctx.step >= atStep[i];
    price[i] = on ? priceIndex[i] : 1;
    avail[i] = on ? availability[i] : 1;
  }
}

/**
 * Test only (thermal.spec.ts): stands in for the supply model's diamond signals — a price
 * index and an availability that change on one step — so the thermal model's optional reads
 * can be checked at known values. Not in the shipped registry.
 */
export const diamondSupplyTest = defineModel({
  name: 'supplytest',
  title: 'Test only: diamond price index and availability',
  readme: 'src/models/thermal/README.md',
  params,
  io: () => ({ signals: [PRICE_INDEX_OUT, AVAILABILITY_OUT], state: {} }),
  init: write,
  step: write,
});

/** The thermal model and the stand-in supply: a registry workers could import by {@link registryUrl}. */
export const registry: ModelRegistry = { models: [thermal, diamondSupplyTest] };

/** URL of this module, for `runPlan`. */
export const registryUrl: string = import.meta.url;
