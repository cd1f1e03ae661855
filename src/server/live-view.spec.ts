import { describe, expect, it } from 'vitest';
import type { EventSummary, SignalSummary } from '../results/types.js';
import { wilsonInterval } from '../results/wilson-interval.js';
import { headlineSignals, MAX_HEADLINE_FANS, viewOfSummary } from './live-view.js';

describe('headlineSignals', () => {
  it('takes the signals of the scenario’s own events first, then the price, then the models’ events; recorded only, at most four', () => {
    const events = [
      { name: 'market.stress', signal: 'market.regime' },
      { name: 'lender.halt', signal: 'lender.halted' },
      { name: 'below-60k', signal: 'btc.price' },
      { name: 'hashprice-low', signal: 'network.hashprice' },
      { name: 'ghost', signal: 'not.recorded' },
      { name: 'below-40k', signal: 'btc.price' },
    ];
    const recorded = ['btc.price', 'market.regime', 'lender.halted', 'network.hashprice', 'btc.drawdown'];
    expect(headlineSignals(events, recorded, ['below-60k', 'hashprice-low', 'ghost', 'below-40k'])).toEqual(['btc.price', 'network.hashprice', 'market.regime', 'lender.halted']);
    expect(headlineSignals(events, recorded, [])).toEqual(['btc.price', 'market.regime', 'lender.halted', 'network.hashprice']);
    expect(headlineSignals([], ['x'], [])).toEqual([]);
    expect(MAX_HEADLINE_FANS).toBe(4);
  });
});

describe('viewOfSummary', () => {
  it('gives each event its share of the paths done so far with the Wilson interval, and the headline fans', () => {
    const ev = (paths: number): EventSummary => ({ description: 'd', probability: paths / 2048, paths, day: null, date: null, hitsByStep: [] });
    const fan = { unit: 'USD' } as SignalSummary;
    const v = viewOfSummary({ events: { a: ev(512), b: ev(0) }, signals: { 'btc.price': fan, other: fan } }, { point: 0, label: 'base', paths: 2048, pathsTotal: 10_000, final: false }, ['btc.price'], ['b']);
    expect(v.events[0]).toEqual({ name: 'a', description: 'd', probability: 0.25, ...wilsonInterval(512, 2048), hits: 512, fromScenario: false });
    expect(v.events[1]).toMatchObject({ name: 'b', probability: 0, lo: 0, fromScenario: true });
    expect(v.events[1].hi).toBeGreaterThan(0); // no hit in 2,048 paths is not a probability of 0
    expect(Object.keys(v.fans)).toEqual(['btc.price']);
    expect(v).toMatchObject({ paths: 2048, pathsTotal: 10_000, final: false });
  });
});
