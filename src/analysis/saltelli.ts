import { sobolPoints, SOBOL_MAX_DIMENSIONS } from './sobol-sequence.js';
import { seededUniform } from './seeded-uniform.js';

/**
 * Saltelli's design for first-order and total Sobol' indices (Saltelli 2002; Saltelli et al.
 * 2010, "Variance based sensitivity analysis of model output", CPC 181): base points from a
 * 2d-dimensional Sobol' sequence split into matrices A (first d columns) and B (last d), and
 * for each input i the matrix AB_i = A with column i taken from B. Rows are laid out as SALib
 * lays them (without second-order terms): for each base point j, A_j, AB_1j … AB_dj, B_j —
 * so N(d + 2) rows of d unit-cube coordinates.
 */
export interface SaltelliDesign {
  /** Base points N. */
  n: number;
  /** Inputs d. */
  d: number;
  /** N(d + 2) rows × d columns, each in [0, 1). */
  unit: Float64Array;
}

/** The most inputs a Saltelli design can have here (2d Sobol' dimensions). */
export const SALTELLI_MAX_INPUTS = Math.floor(SOBOL_MAX_DIMENSIONS / 2);

/**
 * The Saltelli design with `n` base points over `d` inputs. The all-zero first Sobol' point is
 * skipped (`skip` points in all, default 1): the origin sits on the corner of every input's
 * range, and scipy/SALib users skip it or scramble for the same reason.
 */
export function saltelliDesign(n: number, d: number, skip = 1): SaltelliDesign {
  if (d < 1 || d > SALTELLI_MAX_INPUTS) throw new RangeError(`a Sobol' analysis takes 1…${SALTELLI_MAX_INPUTS} inputs here, got ${d}`);
  const base = sobolPoints(n + skip, 2 * d);
  const rows = d + 2;
  const unit = new Float64Array(n * rows * d);
  for (let j = 0; j < n; j++) {
    const a = (j + skip) * 2 * d;
    const b = a + d;
    for (let r = 0; r < rows; r++) {
      const o = (j * rows + r) * d;
      for (let i = 0; i < d; i++) {
        // row 0: A; row 1+k: AB_k (column k from B); row d+1: B
        const fromB = r === rows - 1 || r - 1 === i;
        unit[o + i] = base[(fromB ? b : a) + i];
      }
    }
  }
  return { n, d, unit };
}

/** An index estimate with its bootstrap confidence interval. */
export interface IndexEstimate {
  value: number;
  lo: number;
  hi: number;
}

/** First-order and total indices of each input. */
export interface SobolIndices {
  s1: IndexEstimate[];
  st: IndexEstimate[];
  /** Variance of the output over A and B (the denominator). */
  variance: number;
  /** Base points and bootstrap resamples used. */
  n: number;
  resamples: number;
  confidence: number;
}

/**
 * First-order (Saltelli et al. 2010, table 2 (b): V_i ≈ mean f(B)(f(AB_i) − f(A))) and total
 * (Jansen 1999: V_Ti ≈ mean (f(A) − f(AB_i))² / 2) indices, both divided by the variance of
 * the outputs on A and B — the estimators SALib's `sobol.analyze` uses. `y` holds the outputs in
 * the design's row order. Confidence intervals: percentile bootstrap over base points
 * (`resamples` resamples with replacement, seeded), at level `confidence`.
 *
 * `center` (default true) subtracts the mean of f over A and B from f(B) in the first-order
 * estimator. Its expectation is unchanged (E[f(AB_i) − f(A)] = 0), but without it the
 * estimator's variance grows with the output's mean squared: an output of $24B ± $2B, as a
 * day's liquidations are, gives first-order indices of ±1 at N = 16 uncentred. `center: false`
 * is SALib's estimator exactly (saltelli.spec.ts compares with it).
 */
export function sobolIndices(y: ArrayLike<number>, design: Pick<SaltelliDesign, 'n' | 'd'>, opts: { resamples?: number; confidence?: number; seed?: number; center?: boolean } = {}): SobolIndices {
  const { n, d } = design;
  const rows = d + 2;
  if (y.length !== n * rows) throw new RangeError(`expected ${n * rows} outputs (N(d + 2)), got ${y.length}`);
  for (let k = 0; k < y.length; k++) if (!Number.isFinite(y[k])) throw new RangeError(`output ${k} of the Sobol' design is ${y[k]}: the indices need a finite output at every design point`);
  const resamples = opts.resamples ?? 1000;
  const confidence = opts.confidence ?? 0.95;
  const all = Int32Array.from({ length: n }, (_, j) => j);
  const center = opts.center ?? true;
  const point = (rowsUsed: Int32Array) => estimate(y, rows, d, rowsUsed, center);
  const full = point(all);
  const draws = { s1: Array.from({ length: d }, () => new Float64Array(resamples)), st: Array.from({ length: d }, () => new Float64Array(resamples)) };
  const u = seededUniform(opts.seed ?? 1, 'sobol-bootstrap');
  const pick = new Int32Array(n);
  for (let b = 0; b < resamples; b++) {
    for (let j = 0; j < n; j++) pick[j] = Math.floor(u() * n);
    const e = point(pick);
    for (let i = 0; i < d; i++) {
      draws.s1[i][b] = e.s1[i];
      draws.st[i][b] = e.st[i];
    }
  }
  const interval = (value: number, sample: Float64Array): IndexEstimate => {
    const sorted = sample.filter((v) => Number.isFinite(v)).sort();
    const q = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(p * (sorted.length - 1))))] : NaN);
    return { value, lo: q((1 - confidence) / 2), hi: q((1 + confidence) / 2) };
  };
  return {
    s1: full.s1.map((v, i) => interval(v, draws.s1[i])),
    st: full.st.map((v, i) => interval(v, draws.st[i])),
    variance: full.variance,
    n,
    resamples,
    confidence,
  };
}

/** The point estimates over the base points `use` (indices into 0…N−1, repeats allowed). */
function estimate(y: ArrayLike<number>, rows: number, d: number, use: Int32Array, center: boolean): { s1: number[]; st: number[]; variance: number } {
  const m = use.length;
  // variance of f over A and B together (population variance, as numpy's np.var)
  let mean = 0;
  for (const j of use) mean += y[j * rows] + y[j * rows + rows - 1];
  mean /= 2 * m;
  let variance = 0;
  for (const j of use) {
    const fa = y[j * rows] - mean;
    const fb = y[j * rows + rows - 1] - mean;
    variance += fa * fa + fb * fb;
  }
  variance /= 2 * m;
  const s1: number[] = [];
  const st: number[] = [];
  const shift = center ? mean : 0;
  for (let i = 0; i < d; i++) {
    let first = 0;
    let total = 0;
    for (const j of use) {
      const fa = y[j * rows];
      const fab = y[j * rows + 1 + i];
      const fb = y[j * rows + rows - 1];
      first += (fb - shift) * (fab - fa);
      total += (fa - fab) * (fa - fab);
    }
    s1.push(variance > 0 ? first / m / variance : NaN);
    st.push(variance > 0 ? (0.5 * total) / m / variance : NaN);
  }
  return { s1, st, variance };
}
