import { describe, expect, it } from 'vitest';
import { defineModel, type ModelRegistry } from '../src/engine/model.js';
import { modelHarness } from '../src/engine/harness.test-helper.js';
import { num } from '../src/engine/params.js';
import { read, written } from '../src/engine/signals.js';
import { registry } from '../src/models/index.js';
import fs from 'node:fs';
import path from 'node:path';
import { runAllBlocks } from '../src/engine/run-blocks.js';
import { loadScenario } from '../src/scenario/plan.js';
import { tempDir } from './helpers.js';

/*
 * The engine README's recipe, followed for a ten-line model: declare its parameter and
 * signals, define it, add it to a registry — nothing else changes — and run it with the real
 * engine, beside the shipped models.
 */
const BTC_PRICE = read('btc.price');
const HOLDINGS_USD = written('treasury.holdingsUsd', 'USD');
const treasury = defineModel({
  name: 'treasury',
  title: 'A company treasury holding BTC',
  readme: 'test/new-model-recipe.spec.ts',
  params: { btcHeld: num({ unit: 'BTC', default: 1000, min: 0, description: 'BTC on the balance sheet.', source: 'assumption: an example' }) },
  io: () => ({ signals: [BTC_PRICE, HOLDINGS_USD], state: {} }),
  init(ctx) { this.step(ctx); },
  step(ctx) {
    const price = ctx.signal(BTC_PRICE), usd = ctx.signal(HOLDINGS_USD), btc = ctx.p.btcHeld;
    for (let i = 0; i < ctx.paths; i++) usd[i] = btc[i] * price[i];
  },
});

describe('adding a model by the recipe', () => {
  const withTreasury: ModelRegistry = { models: [...registry.models, treasury] };

  it('runs on the real engine beside the market (harness)', () => {
    const market = registry.models.find((m) => m.name === 'market')!;
    const h = modelHarness({ models: [market, treasury], paths: 16, settings: { treasury: { btcHeld: 2 } } }).init();
    expect(h.signal(HOLDINGS_USD)[3]).toBe(2 * h.signal('btc.price')[3]);
    h.step(5);
    expect(h.signal(HOLDINGS_USD)[7]).toBe(2 * h.signal('btc.price')[7]);
  });

  it('is enabled by a scenario and recorded like any model', () => {
    const file = path.join(tempDir(), 'treasury.yaml');
    fs.writeFileSync(file, 'name: t\nstart: 2026-02-05\nhorizonDays: 5\npaths: 64\nmodels:\n  market: {}\n  treasury: { btcHeld: 10 }\nevents:\n  - name: rich\n    when: treasury.holdingsUsd > 1\n');
    const loaded = loadScenario(file, withTreasury);
    const record = runAllBlocks(loaded.points[0].plan, withTreasury);
    expect(record.events.get('rich')!.hits[0]).toBe(64);
    expect(record.signals.get('treasury.holdingsUsd')!.finite[5]).toBe(64);
  });
});
