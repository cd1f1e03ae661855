import { defineModel } from '../src/engine/model.js';
import { defaultSettings } from '../src/engine/prepare.js';
import type { RunPlan } from '../src/engine/run-plan.js';
import { num } from '../src/engine/params.js';
import { added, read, updated, written } from '../src/engine/signals.js';
import { market } from '../src/models/market/index.js';

/**
 * A test-only model that exercises the engine's contract: per-path parameter lanes, state of
 * width 3, a prev read (feedback to the market through a flow), a flow contribution and an
 * event. It sells `sellShare` of a notional each day the price fell, into the market's flow.
 */
export const seller = defineModel({
  name: 'seller',
  title: 'test seller',
  readme: 'test/fixtures-registry.ts',
  params: {
    notionalUsd: num({ unit: 'USD', default: 1e9, min: 0, description: 'notional', source: 'test' }),
    sellShare: num({ unit: 'fraction', default: 0.1, min: 0, max: 1, description: 'share sold on a down day', source: 'test' }),
  },
  io: () => ({
    signals: [written('seller.soldUsd', 'USD'), added('market.forcedSellingUsd', 'USD'), read('btc.return')],
    state: { history: 3 },
    events: [{ name: 'seller.halfSold', signal: 'seller.soldUsd', op: '>=', value: 5e8, description: 'sold half' }],
  }),
  init(ctx) {
    ctx.signal('seller.soldUsd').fill(0, 0, ctx.paths);
  },
  step(ctx) {
    const ret = ctx.signal('btc.return');
    const sold = ctx.signal('seller.soldUsd');
    const flow = ctx.signal('market.forcedSellingUsd');
    const h = ctx.state.history;
    for (let i = 0; i < ctx.paths; i++) {
      h[3 * i + (ctx.step % 3)] = ret[i];
      if (ret[i] < 0) {
        const q = ctx.p.notionalUsd[i] * ctx.p.sellShare[i];
        flow[i] += q;
        sold[i] += q;
      }
    }
  },
});

/**
 * A test-only updater: on step `cutStep` it halves the market's price (as a liquidation
 * cascade would revise it) and keeps return, drawdown and peak consistent.
 */
export const cutter = defineModel({
  name: 'cutter',
  title: 'test price updater',
  readme: 'test/fixtures-registry.ts',
  params: { cutStep: num({ unit: 'step', default: 5, min: 1, integer: true, description: 'step of the cut', source: 'test' }) },
  io: () => ({ signals: ['btc.price', 'btc.return', 'btc.drawdown', 'btc.peakUsd'].map((name) => updated(name)), state: {} }),
  init() {},
  step(ctx) {
    const price = ctx.signal('btc.price');
    const ret = ctx.signal('btc.return');
    const dd = ctx.signal('btc.drawdown');
    const peak = ctx.signal('btc.peakUsd');
    for (let i = 0; i < ctx.paths; i++) {
      if (ctx.step !== ctx.p.cutStep[i]) continue;
      price[i] *= 0.5;
      ret[i] += Math.log(0.5);
      dd[i] = 1 - price[i] / peak[i];
    }
  },
});

export const registry = { models: [market, seller, cutter] };
export const registryUrl: string = import.meta.url;

/**
 * A plan of the market and the seller with their defaults, one-day steps from 2026-02-05, no
 * schedule, terminal values kept: the engine specs' common fixture; each overrides what it tests.
 */
export function fixturePlan(overrides: Partial<RunPlan> & Pick<RunPlan, 'scenarioName' | 'seed' | 'paths' | 'steps' | 'blockSize' | 'events' | 'record'>): RunPlan {
  return {
    stepDays: 1,
    startDate: '2026-02-05',
    models: [
      { name: 'market', settings: defaultSettings(market) },
      { name: 'seller', settings: defaultSettings(seller) },
    ],
    schedule: [],
    samplePaths: 3,
    keepTerminal: true,
    sketchAlpha: 0.005,
    ...overrides,
  };
}
