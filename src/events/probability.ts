import { wilsonInterval } from '../results/wilson-interval.js';
import type { Manifest, PointResult } from '../results/types.js';

/** An event's probability in a run, with the paths behind it and its 95% Wilson interval. */
export interface EventProbability {
  /** Share of paths on which the event happened (by `byDay` when given, else within the horizon). */
  probability: number;
  /** Paths on which it happened. */
  hits: number;
  /** Paths run. */
  paths: number;
  /** 95% Wilson score interval of the probability (Monte Carlo error only). */
  lo: number;
  hi: number;
}

/**
 * The probability of any event (a model's, or a scenario's with logic) in one point's result:
 * the output a sweep, a sensitivity or a reverse stress test reads. `byDay` counts only paths
 * on which it happened on or before that many days from the start (from the event-day
 * histogram). Throws when the run has no such event, naming the ones it has.
 */
export function eventProbability(point: Pick<PointResult, 'events'> & { manifest: Pick<Manifest, 'paths' | 'stepDays'> }, name: string, byDay?: number): EventProbability {
  const ev = Object.hasOwn(point.events, name) ? point.events[name] : undefined;
  if (!ev) throw new Error(`no event ${JSON.stringify(name)} in this run; it has: ${Object.keys(point.events).join(', ') || 'none'}`);
  const { paths, stepDays } = point.manifest;
  let hits = ev.paths;
  if (byDay !== undefined) {
    hits = 0;
    for (let k = 0; k < ev.hitsByStep.length && k * stepDays <= byDay; k++) hits += ev.hitsByStep[k];
  }
  const { lo, hi } = wilsonInterval(hits, paths);
  return { probability: paths ? hits / paths : 0, hits, paths, lo, hi };
}
