import { describe, expect, it } from 'vitest';
import { modelHarness } from '../engine/harness.test-helper.js';
import { resolveIO } from '../engine/io.js';
import type { ModelContext } from '../engine/model.js';
import { num } from '../engine/params.js';
import { written } from '../engine/signals.js';
import { standInModel } from './stand-in.test-helper.js';

describe('standInModel', () => {
  const PRICE = written('btc.price', 'USD');
  const params = { usd: num({ unit: 'USD', default: 5, description: 'The price.', source: 'test input' }) };
  const write = (ctx: ModelContext<typeof params>) => ctx.signal(PRICE).fill(ctx.p.usd[0] * (ctx.step + 1), 0, ctx.paths);

  it('declares the signals it is given (or names with units) and writes them at init and every step', () => {
    const byDecl = standInModel({ name: 'a', title: 'a', readme: 'x', params, signals: [PRICE], write });
    const byUnits = standInModel({ name: 'b', title: 'b', readme: 'x', params, units: { 'btc.price': 'USD' }, write });
    for (const m of [byDecl, byUnits]) {
      const io = resolveIO(m, { usd: 5 });
      expect(io.writes).toEqual(['btc.price']);
      expect(io.units).toEqual({ 'btc.price': 'USD' });
    }
    const h = modelHarness({ models: [byDecl], paths: 2, settings: { a: { usd: 3 } } }).init();
    expect([...h.signal(PRICE).subarray(0, 2)]).toEqual([3, 3]);
    h.step(2);
    expect([...h.signal(PRICE).subarray(0, 2)]).toEqual([9, 9]);
  });
});
