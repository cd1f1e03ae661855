import { defineModel } from '../../engine/model.js';
import { MiningKernel } from './kernel.js';
import { compileLayout } from './layout.js';
import { DEFAULT_COMPONENTS, DEFAULT_FLEET, miningParams } from './params.js';

/**
 * A mining fleet by rig model: every rig in one state (operating, curtailed, broken awaiting a
 * part, in on-site repair, at a repair centre, in customs, retired), failures per component,
 * spares reordered through the supply model, hash boards through a repair centre, curtailment
 * on hashprice, new rigs after their maker's lead time, and BTC-collateralised equipment loans
 * with margin calls. Equations: README.md (same symbols).
 */
export const mining = defineModel({
  name: 'mining',
  title: 'Mining fleet: rig states, component failures and repairs, spares through supply, curtailment, equipment loans',
  readme: 'src/models/mining/README.md',
  params: miningParams,
  io: (settings) => {
    const layout = compileLayout(settings.fleet ?? DEFAULT_FLEET, settings.orders, settings.loans);
    return { signals: layout.signals, state: { rec: layout.width }, events: layout.events };
  },
  prepare: (settings) => new MiningKernel(compileLayout(settings.fleet ?? DEFAULT_FLEET, settings.orders, settings.loans), settings.components ?? DEFAULT_COMPONENTS),
  init: (ctx) => ctx.prepared.init(ctx),
  paramsChanged: (ctx) => ctx.prepared.paramsChanged(ctx),
  step: (ctx) => ctx.prepared.step(ctx),
});
