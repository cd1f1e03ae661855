import { defineModel } from './model.js';
import { written } from './signals.js';

/**
 * Tests only: a registry whose one model fails on step 3 of every block but the first, so that
 * a run on several threads fails in a worker or in the main thread, whichever takes the block.
 */
export const boom = defineModel({
  name: 'boom',
  title: 'fails on purpose',
  readme: 'src/engine/failing-registry.test-helper.ts',
  params: {},
  io: () => ({ signals: [written('boom.x', '1')], state: {}, events: [] }),
  init(ctx) {
    ctx.signal('boom.x').fill(1, 0, ctx.paths);
  },
  step(ctx) {
    if (ctx.step === 3 && ctx.firstPath > 0) throw new Error(`boom at path ${ctx.firstPath}`);
  },
});

export const registry = { models: [boom] };
export const registryUrl: string = import.meta.url;
