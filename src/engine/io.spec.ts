import { describe, expect, it } from 'vitest';
import { resolveDeclaredIO } from './io.js';
import { added, read, updated, written } from './signals.js';

describe('resolveDeclaredIO', () => {
  it('sorts declarations by kind and gathers the units of what the model produces', () => {
    const io = resolveDeclaredIO('m', {
      signals: { price: written('btc.price', 'USD', { shockable: true }), flow: added('market.flowUsd', 'USD/day'), cut: updated('x.level'), vol: read('btc.vol', { prev: true, optional: true }) },
      state: { path: 4 },
    });
    expect(io.writes).toEqual(['btc.price']);
    expect(io.shockable).toEqual(['btc.price']);
    expect(io.adds).toEqual(['market.flowUsd']);
    expect(io.updates).toEqual(['x.level']);
    expect(io.reads).toEqual([{ name: 'btc.vol', prev: true, optional: true }]);
    expect(io.units).toEqual({ 'btc.price': 'USD', 'market.flowUsd': 'USD/day' });
  });

  it('lists the written and added signals declared coupling-only (not recorded by default)', () => {
    const io = resolveDeclaredIO('m', {
      signals: [written('m.level', 'USD'), written('m.orderUsd', 'USD', { coupling: true }), added('x.flowUsd', 'USD/day', { coupling: true }), added('x.otherUsd', 'USD/day')],
      state: {},
    });
    expect(io.coupling).toEqual(['m.orderUsd', 'x.flowUsd']);
    expect(io.writes).toEqual(['m.level', 'm.orderUsd']);
  });

  it('refuses a signal declared twice, except a previous-step read of one it updates', () => {
    expect(() => resolveDeclaredIO('m', { signals: [written('a', 'USD'), read('a')], state: {} })).toThrow(/declares signal a twice/);
    expect(() => resolveDeclaredIO('m', { signals: [updated('a'), read('a', { prev: true })], state: {} })).not.toThrow();
  });
});
