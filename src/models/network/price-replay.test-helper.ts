import { z } from 'zod';
import type { ModelRegistry } from '../../engine/model.js';
import { num, struct } from '../../engine/params.js';
import { written } from '../../engine/signals.js';
import { standInModel } from '../stand-in.test-helper.js';
import { network } from './index.js';
import { MINING_HASHRATE, PRICE } from './layout.js';

/*
 * Test only (backtest.spec.ts, network.spec.ts): stand-ins for the models whose signals the
 * network reads. Not in the shipped registry.
 */

/** The BTC price the network reads, as the replay writes it. */
export const REPLAYED_PRICE = written(PRICE.name, 'USD');
/** The mining model's operating hashrate the network reads, as its stand-in writes it. */
export const MINING_OPERATING_HASHRATE = written(MINING_HASHRATE.name, 'EH/s');

/**
 * Writes `btc.price` from a given daily series (the same on every path), standing in for the
 * market so that real prices can be replayed through the network model.
 */
export const priceReplay = standInModel({
  name: 'pricereplay',
  title: 'Test only: BTC price replayed from a series',
  readme: 'src/models/network/README.md',
  params: {
    pricesUsd: struct<number[]>({
      schema: z.array(z.number().positive()).min(1),
      default: [67000],
      unit: 'USD',
      description: 'Price on step 0, 1, 2, …; the last value holds after the end.',
      source: 'test input',
    }),
  },
  signals: [REPLAYED_PRICE],
  write(ctx) {
    const series = ctx.p.pricesUsd;
    ctx.signal(REPLAYED_PRICE).fill(series[Math.min(ctx.step, series.length - 1)], 0, ctx.paths);
  },
});

/** A US fleet whose operating hashrate is scaled by `factor` from step `atStep` on. */
export const miningStandIn = standInModel({
  name: 'miningtest',
  title: 'Test only: a US fleet whose operating hashrate is scaled on a given step',
  readme: 'src/models/network/README.md',
  params: {
    hashrateEh: num({ unit: 'EH/s', default: 100, min: 0, description: 'Operating hashrate before the change.', source: 'test input' }),
    factor: num({ unit: 'fraction', default: 1, min: 0, description: 'Multiplies the hashrate from `atStep` on.', source: 'test input' }),
    atStep: num({ unit: 'step', default: 1, min: 1, integer: true, description: 'First step with the changed hashrate.', source: 'test input' }),
  },
  signals: [MINING_OPERATING_HASHRATE],
  write(ctx) {
    const out = ctx.signal(MINING_OPERATING_HASHRATE);
    const { hashrateEh, factor, atStep } = ctx.p;
    for (let i = 0; i < ctx.paths; i++) out[i] = hashrateEh[i] * (ctx.step >= atStep[i] ? factor[i] : 1);
  },
});

/** The replayed price, the mining stand-in and the network: a registry workers could import by {@link registryUrl}. */
export const registry: ModelRegistry = { models: [priceReplay, miningStandIn, network] };

/** URL of this module, for `runPlan`. */
export const registryUrl: string = import.meta.url;
