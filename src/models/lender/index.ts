import type { EventDecl } from '../../engine/model.js';
import { defineModel } from '../../engine/model.js';
import { LenderKernel } from './kernel.js';
import { BK, LENDER_OUTPUTS, LV, OUTPUT_UNITS, SG, compileLayout, type Layout } from './layout.js';
import { lenderParams } from './params.js';

/** One kernel per model context (a block workspace of one run), rebuilt if its lenders change. */
const kernels = new WeakMap<object, LenderKernel>();

function kernelFor(ctx: { p: { lenders: object; haltHorizonsDays: number[] } }): LenderKernel {
  const layout: Layout = compileLayout(ctx.p.lenders as Record<string, unknown>, ctx.p.haltHorizonsDays);
  let k = kernels.get(ctx);
  if (!k || k.layout !== layout) {
    k = new LenderKernel(layout);
    kernels.set(ctx, k);
  }
  return k;
}

/**
 * Custodial exchanges / prime brokers / banks under a run: per lender, a balance sheet (cash,
 * liquid securities, own BTC, other assets, loans in maturity buckets with BTC collateral;
 * client claims by segment, senior debt, equity), borrower defaults and margin calls that
 * sell collateral into the market, withdrawals driven by crashes, peer halts and a
 * global-games run on stayer coverage, and the gate: queue, repay as loans mature, reopen or
 * wind down. Equations: README.md (same symbols).
 */
export const lender = defineModel({
  name: 'lender',
  title: 'Lenders under a run: balance sheets, defaults, global-games withdrawals, gates and recovery',
  readme: 'src/models/lender/README.md',
  params: lenderParams,
  io: (settings) => {
    const layout = compileLayout(settings.lenders as unknown as Record<string, unknown>, settings.haltHorizonsDays ?? []);
    const writes = ['lender.haltedCount'];
    const units: Record<string, string> = { 'lender.haltedCount': 'lenders', 'market.forcedSellingUsd': 'USD/day' };
    const events: EventDecl[] = [];
    const shockable: string[] = [];
    for (const L of layout.lenders) {
      for (const k of LENDER_OUTPUTS) {
        writes.push(L.signals[k]);
        units[L.signals[k]] = OUTPUT_UNITS[k];
      }
      shockable.push(L.signals.revealedLossUsd, L.signals.extraWithdrawalsUsd);
      const name = L.spec.title || L.id;
      layout.haltHorizons.forEach((d, h) => {
        writes.push(L.haltWithin[h]);
        units[L.haltWithin[h]] = '0/1';
        events.push({ name: `lender.${L.id}.haltWithin${d}d`, signal: L.haltWithin[h], op: '>=', value: 1, description: `${name} halts within ${d} days of the start` });
      });
      events.push(
        { name: `lender.${L.id}.halt`, signal: L.signals.halted, op: '>=', value: 1, description: `${name} halts withdrawals (gates)` },
        { name: `lender.${L.id}.repaid`, signal: L.signals.repaid, op: '>=', value: 1, description: `${name} has paid every queued claim and reopened` },
        { name: `lender.${L.id}.clientLoss`, signal: L.signals.clientLossUsd, op: '>', value: 0, description: `${name}'s clients face a loss (equity exhausted)` },
      );
    }
    return {
      writes,
      adds: ['market.forcedSellingUsd'],
      reads: [
        { name: 'btc.price' },
        { name: 'btc.drawdown' },
        { name: 'btc.vol', optional: true },
        { name: 'network.hashpriceUsdPerPhDay', optional: true },
      ],
      shockable,
      state: {
        g: 3,
        lv: layout.lenders.length * LV.WIDTH,
        sg: layout.segmentSlots * SG.WIDTH,
        bk: layout.bucketSlots * BK.WIDTH,
        u: layout.columns.length,
      },
      units,
      events,
    };
  },
  init(ctx) {
    kernelFor(ctx).init(ctx);
  },
  step(ctx) {
    kernelFor(ctx).step(ctx);
  },
});
