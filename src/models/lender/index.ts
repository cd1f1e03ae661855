import { defineModel } from '../../engine/model.js';
import type { ParamSettings } from '../../engine/params.js';
import { LenderBlock } from './block.js';
import { initBlock, stepBlock } from './kernel.js';
import { compileLayout } from './layout.js';
import { lenderParams } from './params.js';

/** The layout of a run: the only settings `io` and `prepare` read (they shape the run). */
const layoutOf = (settings: ParamSettings<typeof lenderParams>) => compileLayout(settings.lenders, settings.haltHorizonsDays ?? []);

/**
 * Custodial exchanges / prime brokers / banks under a run: per lender, a balance sheet (cash,
 * liquid securities, own BTC, other assets, loans in maturity buckets with BTC collateral;
 * client claims by segment, senior debt, equity), borrower defaults and margin calls that
 * sell collateral into the market, withdrawals driven by crashes, peer halts and a
 * global-games run on stayer coverage, and the gate: queue, repay as loans mature, reopen or
 * wind down. Equations: README.md (same symbols).
 *
 * `lenders` and `haltHorizonsDays` shape the run (signals and record); every other parameter
 * is read per path from `ctx.p` in the step.
 */
export const lender = defineModel({
  name: 'lender',
  title: 'Lenders under a run: balance sheets, defaults, global-games withdrawals, gates and recovery',
  readme: 'src/models/lender/README.md',
  params: lenderParams,
  io: (settings) => {
    const layout = layoutOf(settings);
    return { signals: layout.signals, state: { ...layout.state }, events: layout.events };
  },
  prepare: (settings) => new LenderBlock(layoutOf(settings)),
  init(ctx) {
    initBlock(ctx.prepared, ctx);
  },
  step(ctx) {
    stepBlock(ctx.prepared, ctx);
  },
});
