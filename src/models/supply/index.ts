import { defineModel } from '../../engine/model.js';
import { SupplyKernel } from './kernel.js';
import { compileLayout } from './layout.js';
import { DEFAULT_ITEMS, POLICY_PRESETS, supplyParams } from './params.js';

/**
 * Parts and rigs across a border: per item and source, buyers' orders, a US stock kept by
 * anchoring-and-adjustment ordering (or production to order), capacity with logistic ramp-up,
 * Erlang pipelines through transit, customs and licence waits, a grey channel at a premium and
 * with defects, and a policy preset (status quo, mitigation, entity list) switched at a date.
 * Consumers (the mining model) add orders to supply.<item>.<source>.orderedUnits and read what
 * is delivered to them. Equations: README.md (same symbols).
 */
export const supply = defineModel({
  name: 'supply',
  title: 'Supply chain: orders, US stock, Erlang pipelines through customs, capacity ramp-up, grey channel, policy presets',
  readme: 'src/models/supply/README.md',
  params: supplyParams,
  io: (settings) => {
    const layout = compileLayout(settings.items ?? DEFAULT_ITEMS);
    return { signals: layout.signals, state: { rec: layout.width }, events: [] };
  },
  prepare: (settings) => new SupplyKernel(compileLayout(settings.items ?? DEFAULT_ITEMS), settings.policies ?? POLICY_PRESETS),
  init: (ctx) => ctx.prepared.init(ctx),
  paramsChanged: (ctx) => ctx.prepared.paramsChanged(ctx),
  step: (ctx) => ctx.prepared.step(ctx),
});
