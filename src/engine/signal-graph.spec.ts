import { describe, expect, it } from 'vitest';
import type { ResolvedIO } from './model.js';
import { orderModels, SignalGraphError } from './signal-graph.js';

const io = (writes: string[], reads: ResolvedIO['reads'] = [], adds: string[] = []): ResolvedIO => ({ writes, reads, adds, updates: [], shockable: [], events: [], state: {}, units: {} });

describe('orderModels', () => {
  it('runs writers before readers, keeping the given order for ties', () => {
    const order = orderModels([
      { name: 'lender', io: io(['lender.cash'], [{ name: 'btc.price' }]) },
      { name: 'market', io: io(['btc.price']) },
      { name: 'report', io: io([], [{ name: 'lender.cash' }]) },
      { name: 'other', io: io(['x']) },
    ]);
    expect(order.map((n) => n.name)).toEqual(['market', 'lender', 'report', 'other']);
  });

  it('runs every contributor of a flow before its current-step readers', () => {
    const order = orderModels([
      { name: 'sink', io: io([], [{ name: 'flow' }]) },
      { name: 'a', io: io([], [], ['flow']) },
      { name: 'b', io: io([], [], ['flow']) },
    ]);
    expect(order.map((n) => n.name)).toEqual(['a', 'b', 'sink']);
  });

  it('accepts a loop closed by a prev read', () => {
    const order = orderModels([
      { name: 'market', io: io(['btc.price'], [{ name: 'sales', prev: true }]) },
      { name: 'lender', io: io([], [{ name: 'btc.price' }], ['sales']) },
    ]);
    expect(order.map((n) => n.name)).toEqual(['market', 'lender']);
  });

  it('runs updaters after the writer, in order, and before every other current reader', () => {
    const withUpdates = (writes: string[], updates: string[], reads: ResolvedIO['reads'] = []): ResolvedIO => ({ ...io(writes, reads), updates });
    const order = orderModels([
      { name: 'lender', io: io([], [{ name: 'btc.price' }]) },
      { name: 'cascadeB', io: withUpdates([], ['btc.price']) },
      { name: 'cascadeA', io: withUpdates([], ['btc.price']) },
      { name: 'market', io: io(['btc.price'], [{ name: 'btc.price', prev: true }]) },
    ]);
    expect(order.map((n) => n.name)).toEqual(['market', 'cascadeB', 'cascadeA', 'lender']);
    expect(() => orderModels([{ name: 'leverage', io: withUpdates([], ['btc.price']) }], () => ['market'])).toThrow(/leverage updates btc.price, which no enabled model writes; enable market/);
  });

  it('names the models and signals of a loop without prev', () => {
    const run = () =>
      orderModels([
        { name: 'market', io: io(['btc.price'], [{ name: 'sales' }]) },
        { name: 'lender', io: io([], [{ name: 'btc.price' }], ['sales']) },
      ]);
    expect(run).toThrow(SignalGraphError);
    expect(run).toThrow(/market reads sales from lender, lender reads btc.price from market.*prev: true/);
  });

  it('refuses two writers of one signal, and a read nobody provides (with a hint)', () => {
    expect(() => orderModels([{ name: 'a', io: io(['s']) }, { name: 'b', io: io(['s']) }])).toThrow(/written by both a and b/);
    expect(() => orderModels([{ name: 'a', io: io([], [{ name: 'mining.hashrate' }]) }], () => ['mining'])).toThrow(/which no enabled model writes; enable mining/);
    expect(orderModels([{ name: 'a', io: io([], [{ name: 'mining.hashrate', optional: true }]) }])).toHaveLength(1);
  });
});
