import { defineModel, type ModelRegistry } from '../../engine/model.js';
import { num } from '../../engine/params.js';
import { added } from '../../engine/signals.js';
import { market } from './index.js';

/** The flow the market reads (with `prev`), as this stand-in adds to it. */
const FORCED_SELLING = added('market.forcedSellingUsd', 'USD/day');

/**
 * Test only (market.spec.ts): adds a net forced-selling flow to `market.forcedSellingUsd` on
 * one step, so the square-root impact can be checked against a run without it. Not in the
 * shipped registry.
 */
export const flowTest = defineModel({
  name: 'flowtest',
  title: 'Test only: net forced selling of BTC on one step',
  readme: 'src/models/market/README.md',
  params: {
    amountUsd: num({ unit: 'USD/day', default: 0, description: 'Q: net selling on the step (negative: net buying).', source: 'test input' }),
    atStep: num({ unit: 'step', default: 1, min: 1, integer: true, description: 'The step whose flow it is (the market prices it one step later).', source: 'test input' }),
  },
  io: () => ({ signals: [FORCED_SELLING], state: {} }),
  init() {},
  step(ctx) {
    const flow = ctx.signal(FORCED_SELLING);
    const { amountUsd, atStep } = ctx.p;
    for (let i = 0; i < ctx.paths; i++) if (atStep[i] === ctx.step) flow[i] += amountUsd[i];
  },
});

/** The market and the test flow: a registry workers could import by {@link registryUrl}. */
export const registry: ModelRegistry = { models: [market, flowTest] };

/** URL of this module, for `runPlan`. */
export const registryUrl: string = import.meta.url;
