import { seededUniform } from './seeded-uniform.js';

/**
 * Morris's elementary-effects screening (Morris 1991), with the μ* of Campolongo, Cariboni &
 * Saltelli (2007). The input space is the unit cube on a grid of `levels` levels; each of `r`
 * trajectories starts at a random grid point and moves one input at a time, in random order,
 * by Δ = levels / (2(levels − 1)), so a trajectory is d + 1 points. The elementary effect of
 * input i on a trajectory is (f(after) − f(before)) / Δ, in output units per unit of the input's
 * range.
 */
export interface MorrisDesign {
  d: number;
  trajectories: number;
  levels: number;
  delta: number;
  /** trajectories × (d + 1) rows of d values in [0, 1]. */
  unit: Float64Array;
  /** For row k ≥ 1 of each trajectory: which input moved into it, and by +Δ or −Δ. */
  moved: Int32Array;
  sign: Float64Array;
}

/** Builds r Morris trajectories over d inputs on a `levels`-level grid (levels even, default 4). */
export function morrisDesign(d: number, r: number, seed: number, levels = 4): MorrisDesign {
  if (levels < 2 || levels % 2) throw new RangeError(`Morris levels must be an even number ≥ 2, got ${levels}`);
  const delta = levels / (2 * (levels - 1));
  const u = seededUniform(seed, 'morris');
  const rows = d + 1;
  const unit = new Float64Array(r * rows * d);
  const moved = new Int32Array(r * rows).fill(-1);
  const sign = new Float64Array(r * rows);
  const order = new Int32Array(d);
  for (let t = 0; t < r; t++) {
    const x = new Float64Array(d);
    for (let i = 0; i < d; i++) x[i] = Math.floor(u() * levels) / (levels - 1);
    for (let i = 0; i < d; i++) order[i] = i;
    for (let i = d - 1; i > 0; i--) {
      const k = Math.floor(u() * (i + 1));
      [order[i], order[k]] = [order[k], order[i]];
    }
    const o = t * rows;
    unit.set(x, o * d);
    for (let s = 0; s < d; s++) {
      const i = order[s];
      const up = x[i] + delta <= 1 + 1e-12;
      const down = x[i] - delta >= -1e-12;
      const dir = up && down ? (u() < 0.5 ? 1 : -1) : up ? 1 : -1;
      x[i] = Math.min(1, Math.max(0, x[i] + dir * delta));
      unit.set(x, (o + s + 1) * d);
      moved[o + s + 1] = i;
      sign[o + s + 1] = dir;
    }
  }
  return { d, trajectories: r, levels, delta, unit, moved, sign };
}

/** Morris's measures of one input. */
export interface MorrisMeasures {
  /** Mean of the elementary effects (signed: effects of opposite sign cancel). */
  mu: number;
  /** Mean of their absolute values (Campolongo et al. 2007): the input's overall influence. */
  muStar: number;
  /** Their standard deviation: interactions or non-linearity. */
  sigma: number;
  /** Bootstrap interval of μ* at `confidence`. */
  muStarLo: number;
  muStarHi: number;
}

/** The measures of every input from the outputs `y` in the design's row order. */
export function morrisMeasures(y: ArrayLike<number>, design: MorrisDesign, opts: { resamples?: number; confidence?: number; seed?: number } = {}): MorrisMeasures[] {
  const { d, trajectories: r } = design;
  const rows = d + 1;
  if (y.length !== r * rows) throw new RangeError(`expected ${r * rows} outputs (r(d + 1)), got ${y.length}`);
  const ee = Array.from({ length: d }, () => new Float64Array(r));
  for (let t = 0; t < r; t++) {
    for (let s = 1; s < rows; s++) {
      const k = t * rows + s;
      ee[design.moved[k]][t] = (design.sign[k] * (y[k] - y[k - 1])) / design.delta;
    }
  }
  const resamples = opts.resamples ?? 1000;
  const confidence = opts.confidence ?? 0.95;
  const u = seededUniform(opts.seed ?? 1, 'morris-bootstrap');
  return ee.map((e) => {
    let mu = 0;
    let muStar = 0;
    for (const v of e) {
      mu += v;
      muStar += Math.abs(v);
    }
    mu /= r;
    muStar /= r;
    let ss = 0;
    for (const v of e) ss += (v - mu) * (v - mu);
    const sigma = r > 1 ? Math.sqrt(ss / (r - 1)) : 0;
    const boot = new Float64Array(resamples);
    for (let b = 0; b < resamples; b++) {
      let s = 0;
      for (let t = 0; t < r; t++) s += Math.abs(e[Math.floor(u() * r)]);
      boot[b] = s / r;
    }
    boot.sort();
    const q = (p: number) => boot[Math.min(resamples - 1, Math.max(0, Math.round(p * (resamples - 1))))];
    return { mu, muStar, sigma, muStarLo: q((1 - confidence) / 2), muStarHi: q((1 + confidence) / 2) };
  });
}
