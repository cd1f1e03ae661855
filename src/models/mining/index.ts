import { defineModel, type EventDecl, type SignalRead } from '../../engine/model.js';
import { MiningKernel } from './kernel.js';
import { LOAN_OUT, OUT, OUT_UNITS, compileLayout, sparesSignal, type Layout } from './layout.js';
import { COMPONENTS, DEFAULT_COMPONENTS, DEFAULT_FLEET, miningParams } from './params.js';

type Settings = { fleet: unknown; orders: unknown; components: unknown; loans: unknown };

function layoutOf(p: Settings): Layout {
  return compileLayout(p.fleet ?? DEFAULT_FLEET, p.orders ?? [], p.components ?? DEFAULT_COMPONENTS, p.loans ?? []);
}

/** One kernel per model context (a block workspace of one run), and the structs it was started with. */
const kernels = new WeakMap<object, { kernel: MiningKernel; settings: Settings }>();

function kernelFor(ctx: { p: Settings }, starting: boolean): MiningKernel {
  const hit = kernels.get(ctx);
  if (starting || !hit) {
    const kernel = new MiningKernel(layoutOf(ctx.p));
    kernels.set(ctx, { kernel, settings: { fleet: ctx.p.fleet, orders: ctx.p.orders, components: ctx.p.components, loans: ctx.p.loans } });
    return kernel;
  }
  const s = hit.settings;
  if (s.fleet !== ctx.p.fleet || s.orders !== ctx.p.orders || s.components !== ctx.p.components || s.loans !== ctx.p.loans) {
    throw new Error('mining: a scheduled set cannot change mining.fleet, orders, components or loans (they shape the state and are drawn at the start); set the number parameters instead');
  }
  return hit.kernel;
}

/** The events of the three phases of seed 002, and of the loans. */
const PHASES: EventDecl[] = [
  { name: 'mining.phase1LeadTime', signal: OUT.leadTimeAboveNormal, op: '>=', value: 1, description: 'Phase 1: a part’s lead time above leadTimeAlertRatio × its start value (customs delay)' },
  { name: 'mining.phase2SparesOut', signal: OUT.sparesExhausted, op: '>=', value: 1, description: 'Phase 2: a site spare (fan, PSU, control board) out of stock with rigs waiting for it' },
  { name: 'mining.phase3Hashrate', signal: OUT.hashrateBelowThreshold, op: '>=', value: 1, description: 'Phase 3: healthy fleet hashrate below hashrateThreshold × its start value' },
];
const LOAN_EVENTS: EventDecl[] = [
  { name: 'mining.marginCall', signal: LOAN_OUT.marginCalls, op: '>=', value: 1, description: 'First margin call on an equipment loan' },
  { name: 'mining.collateralSold', signal: LOAN_OUT.collateralSoldBtc, op: '>', value: 0, description: 'A lender sells pledged BTC (a margin call not met, or the liquidation LTV reached)' },
  { name: 'mining.loanDefault', signal: LOAN_OUT.loanDefaultUsd, op: '>', value: 0, description: 'An equipment loan defaults (collateral sold below the principal)' },
];

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
    const layout = layoutOf(settings as unknown as Settings);
    const writes: string[] = [...Object.values(OUT), ...COMPONENTS.map(sparesSignal)];
    const units: Record<string, string> = { 'market.forcedSellingUsd': 'USD/day' };
    for (const s of writes) units[s] = OUT_UNITS[s] ?? 'units';
    const events = [...PHASES];
    if (layout.loans.length) {
      for (const s of Object.values(LOAN_OUT)) {
        writes.push(s);
        units[s] = OUT_UNITS[s];
      }
      events.push(...LOAN_EVENTS);
    }
    const adds = ['market.forcedSellingUsd'];
    const reads: SignalRead[] = [
      { name: 'btc.price', optional: true },
      { name: 'network.hashpriceUsdPerPhDay', optional: true },
      { name: 'supply.policyIndex', optional: true },
      { name: 'supply.openShare', optional: true },
      { name: 'supply.customsDays', optional: true },
      { name: 'supply.greyDefectShare', optional: true },
    ];
    const seen = new Set<string>();
    for (const ch of [...layout.parts, ...layout.rigs]) {
      adds.push(ch.signals.ordered);
      units[ch.signals.ordered] = 'units/step';
      for (const s of [ch.signals.delivered, ch.signals.greyDelivered, ch.signals.leadTime, ch.signals.priceIndex]) {
        if (!seen.has(s)) reads.push({ name: s, optional: true });
        seen.add(s);
      }
    }
    return { writes, adds, reads, state: { rec: layout.width }, units, events };
  },
  init(ctx) {
    kernelFor(ctx, true).init(ctx);
  },
  step(ctx) {
    kernelFor(ctx, false).step(ctx);
  },
});
