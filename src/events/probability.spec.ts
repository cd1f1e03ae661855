import { describe, expect, it } from 'vitest';
import { eventProbability } from './probability.js';

const point = {
  manifest: { paths: 100, stepDays: 2 } as never,
  events: { halt: { description: '', probability: 0.3, paths: 30, day: null, date: null, hitsByStep: [0, 10, 5, 15] } },
};

describe('eventProbability', () => {
  it('reads the share of paths, by a day from the histogram, with a Wilson interval', () => {
    const all = eventProbability(point, 'halt');
    expect(all).toMatchObject({ probability: 0.3, hits: 30, paths: 100 });
    expect(all.lo).toBeCloseTo(0.2189, 3); // Wilson 95% for 30/100
    expect(all.hi).toBeCloseTo(0.3958, 3);
    // steps of 2 days: by day 3 counts steps 0 and 1 (days 0, 2)
    expect(eventProbability(point, 'halt', 3)).toMatchObject({ hits: 10, probability: 0.1 });
  });

  it('names the events a run has when asked for another', () => {
    expect(() => eventProbability(point, 'hlat')).toThrow('no event "hlat" in this run; it has: halt');
  });
});
