import { expect } from 'vitest';
import { DAYS_PER_YEAR } from '../../engine/calendar.js';
import { modelHarness, type ModelHarness } from '../../engine/harness.test-helper.js';
import type { PlannedScheduleEntry } from '../../engine/run-plan.js';
import { num } from '../../engine/params.js';
import { sqrtImpactLogReturn } from '../../finance/square-root-impact.js';
import { standInModel } from '../stand-in.test-helper.js';
import type { LenderBlock } from './block.js';
import { lender } from './index.js';
import { BK, G, LV, SG, type LenderOutput } from './layout.js';

/**
 * Test only: the lender on the real engine (modelHarness), one block, one step at a time, with
 * a stand-in for the market that writes `btc.price` and `btc.drawdown` from two parameters (a
 * scheduled set moves them: `h.setNext('btc', 'priceUsd', x)`). The accessors read a path's
 * records through the layout, so that specs never number offsets.
 */
export const btcStandIn = standInModel({
  name: 'btc',
  title: 'Test only: a BTC price and drawdown',
  readme: 'src/models/lender/README.md',
  params: {
    priceUsd: num({ unit: 'USD', default: 100_000, min: 0, exclusiveMin: true, description: 'btc.price, every step.', source: 'test input' }),
    drawdown: num({ unit: 'fraction', default: 0, min: 0, max: 1, description: 'btc.drawdown, every step.', source: 'test input' }),
  },
  units: { 'btc.price': 'USD', 'btc.drawdown': 'fraction' },
  write(ctx) {
    ctx.signal('btc.price').set(ctx.p.priceUsd.subarray(0, ctx.paths));
    ctx.signal('btc.drawdown').set(ctx.p.drawdown.subarray(0, ctx.paths));
  },
});

/** A segment that never runs and withdraws nothing unless told (shocks). */
export const QUIET_SEGMENT = { share: 1, baseWithdrawalPerDay: 0, crashWithdrawalPerLogFall: 0, runSpeedPerDay: 1, runThreshold: 0, signalNoise: 0 };

/** A lender with nothing random and nothing moving unless a spec sets it: one quiet segment, no loans. */
export const PLAIN_LENDER = {
  depositsUsd: 1e9,
  equityShare: 0.1,
  cashShare: 0.5,
  liquidShare: 0,
  ownBtcShare: 0,
  otherAssetsShare: 0,
  clients: 0,
  cashFloorShare: 0,
  segments: { clients: QUIET_SEGMENT },
  loans: [],
};

/** The named fields of a record layout. */
type Field<T> = Exclude<keyof T, 'width' | 'shift' | 'widths'>;

/** Expects `actual` within `tol` (relative) of `expected`: floating-point rounding only, by default. */
export function near(actual: number, expected: number, tol = 1e-12): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol * Math.abs(expected));
}

/**
 * The cost (share of proceeds) of selling `usd` of BTC in a one-day step with the lender's
 * default parameters and no btc.vol: the fees h plus the average square-root impact,
 * h + 1 − e^{⅔·I(usd)} with V_d = $40B, σ_d = 0.6/√365, Y = 1 (README.md, step 3).
 */
export function saleCost(usd: number, h = 0.01): number {
  const impact = sqrtImpactLogReturn(usd, 40e9, 0.6 * Math.sqrt(1 / DAYS_PER_YEAR), 1);
  return Math.min(1, h + 1 - Math.exp((2 / 3) * impact));
}

export interface LenderHarness {
  h: ModelHarness;
  block: LenderBlock;
  /** A scalar of lender `id` on path i. */
  lv(id: string, field: Field<typeof LV>, i?: number): number;
  /** A value of segment `name` of lender `id` on path i. */
  seg(id: string, name: string, field: Field<typeof SG>, i?: number): number;
  /** A value of bucket j of loan book `book` of lender `id` on path i. */
  bucket(id: string, book: number, j: number, field: Field<typeof BK>, i?: number): number;
  /** A market value of path i. */
  market(field: Field<typeof G>, i?: number): number;
  /** The current value of signal lender.<id>.<role> on path i. */
  out(id: string, role: LenderOutput, i?: number): number;
}

/** Starts a harness (after `init`) with the lender's settings, the BTC stand-in's, and a schedule. */
export function lenderHarness(lenderSettings: Record<string, unknown>, options: { btc?: Record<string, unknown>; paths?: number; schedule?: PlannedScheduleEntry[] } = {}): LenderHarness {
  const h = modelHarness({ models: [btcStandIn, lender], paths: options.paths ?? 4, settings: { btc: options.btc ?? {}, lender: lenderSettings }, schedule: options.schedule }).init();
  const block = h.context<typeof lender.params, LenderBlock>('lender').prepared;
  const L = (id: string) => {
    const found = block.lenders.find((x) => x.id === id);
    if (!found) throw new Error(`no lender ${id}`);
    return found;
  };
  return {
    h,
    block,
    lv: (id, field, i = 0) => h.state('lender', 'lv')[i * block.lvW + L(id).at + (LV[field] as number)],
    seg: (id, name, field, i = 0) => h.state('lender', 'sg')[i * block.sgW + L(id).segments.find((s) => s.name === name)!.at + (SG[field] as number)],
    bucket: (id, book, j, field, i = 0) => h.state('lender', 'bk')[i * block.bkW + L(id).books[book].at + j * BK.width + (BK[field] as number)],
    market: (field, i = 0) => h.state('lender', 'g')[i * G.width + (G[field] as number)],
    out: (id, role, i = 0) => h.signal(L(id).signals[role])[i],
  };
}
