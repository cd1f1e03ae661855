import { defineModel, type SignalRead } from '../../engine/model.js';
import { SupplyKernel } from './kernel.js';
import { GLOBAL_SIGNALS, compileLayout, type Layout } from './layout.js';
import { DEFAULT_ITEMS, POLICY_PRESETS, supplyParams } from './params.js';

type Settings = { items: unknown; policies: unknown; targetedSuppliers: readonly string[] };

function layoutOf(p: Settings): Layout {
  return compileLayout(p.items, p.policies, p.targetedSuppliers);
}

/** One kernel per model context (a block workspace of one run), and the structs it was built for. */
const kernels = new WeakMap<object, { kernel: SupplyKernel; items: unknown; policies: unknown; targeted: readonly string[] }>();

function kernelFor(ctx: { p: Settings }, starting: boolean): SupplyKernel {
  const p = ctx.p;
  const hit = kernels.get(ctx);
  if (!starting && hit) {
    if (hit.items === p.items && hit.policies === p.policies && hit.targeted === p.targetedSuppliers) return hit.kernel;
    // the presets' values are drawn per path at the start, and the items shape the state
    if (hit.items !== p.items || hit.policies !== p.policies) {
      throw new Error('supply: a scheduled set cannot change supply.items or supply.policies (they are fixed at the start); switch the preset in force with supply.policy, or change targetedSuppliers');
    }
  }
  // a new targetedSuppliers keeps the record's layout (only which channels are targeted changes)
  const kernel = new SupplyKernel(layoutOf(p));
  kernels.set(ctx, { kernel, items: p.items, policies: p.policies, targeted: p.targetedSuppliers });
  return kernel;
}

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
    const layout = layoutOf({ items: settings.items ?? DEFAULT_ITEMS, policies: settings.policies ?? POLICY_PRESETS, targetedSuppliers: settings.targetedSuppliers ?? ['bitmain'] });
    const writes: string[] = Object.values(GLOBAL_SIGNALS);
    const units: Record<string, string> = {
      [GLOBAL_SIGNALS.policyIndex]: '—',
      [GLOBAL_SIGNALS.customsDays]: 'days',
      [GLOBAL_SIGNALS.openShare]: 'fraction',
      [GLOBAL_SIGNALS.greyDefectShare]: 'fraction',
    };
    const reads: SignalRead[] = [];
    for (const it of layout.items) {
      const s = it.signals;
      writes.push(s.priceIndex, s.availability);
      Object.assign(units, { [s.priceIndex]: '—', [s.availability]: 'ratio' });
      // an item nobody orders (diamond) is watched through its indices only
      if (!it.spec.orderable) continue;
      writes.push(s.backlog, s.marketBacklog, s.inCustoms);
      Object.assign(units, { [s.backlog]: 'units', [s.marketBacklog]: 'units', [s.inCustoms]: 'units' });
      for (const ch of it.channels) {
        const c = ch.signals;
        writes.push(c.leadTime, c.delivered, c.greyDelivered);
        Object.assign(units, { [c.leadTime]: 'days', [c.delivered]: 'units/step', [c.greyDelivered]: 'units/step' });
        reads.push({ name: c.ordered, prev: true, optional: true });
      }
    }
    return { writes, reads, state: { rec: layout.width }, units, events: [] };
  },
  init(ctx) {
    kernelFor(ctx, true).init(ctx);
  },
  paramsChanged(ctx) {
    kernelFor(ctx, false).paramsChanged(ctx);
  },
  step(ctx) {
    kernelFor(ctx, false).step(ctx);
  },
});
