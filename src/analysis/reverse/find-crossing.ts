import { wilsonInterval } from '../../results/wilson-interval.js';

/*
 * Where does an event's probability cross a target as one input moves? Each trial runs the
 * scenario at one value of the input with the same seed (common random numbers: every trial
 * sees the same random draws, so the estimated curve moves only because the input moved and
 * is close to monotone), and counts the paths on which the event happened.
 *
 * The finder keeps a bracket and picks the next value by false position on the isotonic
 * (pool-adjacent-violators) fit of every trial so far, which irons out the Monte Carlo wiggles
 * that would mislead a plain secant; when two picks in a row land on the same side it bisects
 * instead (the Illinois idea: a stuck end must not slow the bracket's shrinking). The answer's
 * interval comes from the Monte Carlo error: the 95% Wilson band of every trial, made monotone
 * the same way, and the range of inputs over which the band contains the target.
 */

/** The bracket is narrow enough once it is this share of the Monte Carlo interval's width. */
const BRACKET_SHARE_OF_INTERVAL = 0.25;

/** One trial: the input's value and how many of the paths saw the event. */
export interface Trial {
  x: number;
  hits: number;
  paths: number;
}

/** A trial with what the finder made of it. */
export interface TracedPoint extends Trial {
  /** hits / paths. */
  p: number;
  /** The isotonic (monotone) fit at x, over every trial. */
  fitted: number;
  /** The 95% Wilson interval of p (Monte Carlo error only). */
  lo: number;
  hi: number;
  /** Order in which the trial was run (0 and 1: the range's ends). */
  order: number;
}

/** What the finder found. */
export interface Crossing {
  /** The input at which the fitted probability crosses the target, or null when the range does not bracket it. */
  x: number | null;
  /**
   * 95% interval of the crossing from the Monte Carlo error (the Wilson band made monotone
   * and inverted); an end at the range's edge is `open` (the band reaches past the range).
   */
  interval: { lo: number; hi: number; openLo: boolean; openHi: boolean } | null;
  /** Whether the probability rises with the input. */
  increasing: boolean;
  /** Every trial, sorted by x. */
  curve: TracedPoint[];
  /** Why it stopped: `tolerance`, `trials` or `not bracketed`. */
  stopped: 'tolerance' | 'trials' | 'not bracketed';
}

/** Options of {@link findCrossing}. */
export interface FindCrossingOptions {
  /** The probability sought, in (0, 1). */
  target: number;
  /** The input's range [lo, hi], lo < hi; the curve must cross the target inside it. */
  range: [number, number];
  /** Trials in all, the two ends included (default 12). */
  maxTrials?: number;
  /** Stop when the bracket is narrower than this (default: range width × 1e-3). */
  tolerance?: number;
  /** Called after each trial (progress). */
  onTrial?: (t: Trial, k: number) => void;
}

/**
 * Finds where the probability estimated by `trial(x)` crosses `target` in `range` (see the
 * module comment). `trial` should use the same seed each time.
 */
export async function findCrossing(trial: (x: number) => Promise<Trial>, options: FindCrossingOptions): Promise<Crossing> {
  const { target, range } = options;
  const [a0, b0] = range;
  if (!(a0 < b0)) throw new RangeError(`expected a range lo..hi with lo < hi, found ${a0}..${b0}`);
  if (!(target > 0 && target < 1)) throw new RangeError(`expected a target probability strictly between 0 and 1, found ${target}`);
  const maxTrials = Math.max(2, options.maxTrials ?? 12);
  const tolerance = options.tolerance ?? (b0 - a0) * 1e-3;
  const trials: (Trial & { order: number })[] = [];
  const run = async (x: number) => {
    const t = await trial(x);
    trials.push({ ...t, x, order: trials.length });
    options.onTrial?.(t, trials.length - 1);
  };
  await run(a0);
  await run(b0);
  const increasing = trials[1].hits / trials[1].paths >= trials[0].hits / trials[0].paths;
  const sign = increasing ? 1 : -1;
  let lastSide = 0;
  let sameSide = 0;
  let stopped: Crossing['stopped'] = 'trials';
  // 1. the crossing: shrink the bracket until it is small beside the Monte Carlo interval
  while (true) {
    const fit = fitted(trials, increasing);
    const bracket = findBracket(fit, target);
    if (!bracket) {
      stopped = 'not bracketed';
      break;
    }
    const [l, r] = bracket;
    const band = bandInterval(fit, target, increasing);
    const precision = band ? BRACKET_SHARE_OF_INTERVAL * (band.hi - band.lo) : 0;
    if (r.x - l.x <= Math.max(tolerance, precision)) {
      stopped = 'tolerance';
      break;
    }
    if (trials.length >= maxTrials) break;
    let x = r.fitted === l.fitted ? (l.x + r.x) / 2 : l.x + ((target - l.fitted) * (r.x - l.x)) / (r.fitted - l.fitted);
    if (sameSide >= 2 || !(x > l.x && x < r.x)) x = (l.x + r.x) / 2;
    // keep picks off the bracket's ends: a pick within 1% of an end gains almost nothing
    const margin = 0.01 * (r.x - l.x);
    x = Math.min(r.x - margin, Math.max(l.x + margin, x));
    await run(x);
    const t = trials[trials.length - 1];
    const side = Math.sign(sign * (t.hits / t.paths - target)) || 1;
    sameSide = side === lastSide ? sameSide + 1 : 1;
    lastSide = side;
  }
  // 2. the interval: a band end read off a long straight segment between trials is rough, so
  // trials left over go to the ends, until each sits between trials closer than the interval
  while (stopped !== 'not bracketed' && trials.length < maxTrials) {
    const fit = fitted(trials, increasing);
    const band = bandInterval(fit, target, increasing)!;
    const width = band.hi - band.lo;
    const gapAt = (x: number) => {
      const right = fit.findIndex((c) => c.x >= x);
      return right <= 0 ? 0 : fit[right].x - fit[right - 1].x;
    };
    const ends = [band.openLo ? null : band.lo, band.openHi ? null : band.hi].filter((x): x is number => x !== null && gapAt(x) > width && !fit.some((c) => Math.abs(c.x - x) <= tolerance));
    if (!ends.length) break;
    await run(ends.sort((a, b) => gapAt(b) - gapAt(a))[0]);
  }
  const curve = fitted(trials, increasing);
  const crossing = stopped === 'not bracketed' ? null : crossAt(curve.map((c) => [c.x, c.fitted]), target);
  const interval = crossing === null ? null : bandInterval(curve, target, increasing);
  return { x: crossing, interval, increasing, curve, stopped };
}

/** The trials sorted by x with p, the monotone fit and Wilson intervals. */
function fitted(trials: (Trial & { order: number })[], increasing: boolean): TracedPoint[] {
  const sorted = [...trials].sort((a, b) => a.x - b.x);
  const p = sorted.map((t) => t.hits / t.paths);
  const fit = isotonic(p, sorted.map((t) => t.paths), increasing);
  return sorted.map((t, k) => ({ ...t, p: p[k], fitted: fit[k], ...wilsonInterval(t.hits, t.paths) }));
}

/**
 * Weighted isotonic regression by pool-adjacent-violators: the closest non-decreasing (or
 * non-increasing) sequence to `y` in weighted least squares.
 */
export function isotonic(y: readonly number[], w: readonly number[], increasing = true): number[] {
  const s = increasing ? 1 : -1;
  const blocks: { sum: number; weight: number; count: number }[] = [];
  for (let k = 0; k < y.length; k++) {
    blocks.push({ sum: s * y[k] * w[k], weight: w[k], count: 1 });
    while (blocks.length > 1 && blocks[blocks.length - 2].sum / blocks[blocks.length - 2].weight > blocks[blocks.length - 1].sum / blocks[blocks.length - 1].weight) {
      const top = blocks.pop()!;
      const prev = blocks[blocks.length - 1];
      prev.sum += top.sum;
      prev.weight += top.weight;
      prev.count += top.count;
    }
  }
  return blocks.flatMap((b) => new Array<number>(b.count).fill((s * b.sum) / b.weight));
}

/** The adjacent pair of points whose fitted values straddle the target (the first such), or null. */
function findBracket(curve: TracedPoint[], target: number): [TracedPoint, TracedPoint] | null {
  for (let k = 0; k + 1 < curve.length; k++) {
    const a = curve[k].fitted - target;
    const b = curve[k + 1].fitted - target;
    if (a === 0) return [curve[k], curve[k]];
    if (a * b < 0 || b === 0) return [curve[k], curve[k + 1]];
  }
  return null;
}

/** Where a piecewise-linear curve through (x, y) first reaches `target`, or null. */
export function crossAt(points: [number, number][], target: number): number | null {
  for (let k = 0; k < points.length; k++) {
    const [x, y] = points[k];
    if (y === target) {
      // a flat run at the target: its middle
      let j = k;
      while (j + 1 < points.length && points[j + 1][1] === target) j++;
      return (x + points[j][0]) / 2;
    }
    if (k + 1 < points.length) {
      const [x2, y2] = points[k + 1];
      if ((y - target) * (y2 - target) < 0) return x + ((target - y) * (x2 - x)) / (y2 - y);
    }
  }
  return null;
}

/**
 * The inputs over which the monotone 95% band of the curve contains the target: for a rising
 * curve, from where the upper band reaches it to where the lower band does.
 */
function bandInterval(curve: TracedPoint[], target: number, increasing: boolean): Crossing['interval'] {
  const w = curve.map((c) => c.paths);
  const upper = isotonic(curve.map((c) => c.hi), w, increasing);
  const lower = isotonic(curve.map((c) => c.lo), w, increasing);
  const xs = curve.map((c) => c.x);
  const first = xs[0];
  const last = xs[xs.length - 1];
  // rising: the upper band reaches the target first (smaller x); falling: the lower band does
  const early = increasing ? upper : lower;
  const late = increasing ? lower : upper;
  const a = crossAt(xs.map((x, k) => [x, early[k]]), target);
  const b = crossAt(xs.map((x, k) => [x, late[k]]), target);
  return { lo: a ?? first, hi: b ?? last, openLo: a === null, openHi: b === null };
}
