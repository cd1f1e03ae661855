/**
 * PRIM, the Patient Rule Induction Method (Friedman & Fisher 1999), as scenario discovery uses
 * it (Bryant & Lempert 2010; EMA Workbench): find a box of input ranges where an event is much
 * likelier than overall. Peeling removes, one step at a time, the `alpha` share of the points in
 * the box at the low or high end of one input — whichever peel leaves the highest event share
 * (density) — until the box holds fewer than `minSupport` of the points. Each step is a point on
 * the coverage–density trade-off curve: coverage = events in the box / all events, density =
 * events in the box / points in the box. The chosen box is the densest with coverage ≥
 * `minCoverage`; pasting then widens its bounds, again `alpha` at a time, while density does not
 * fall.
 */
export interface PrimBox {
  /** Lower and upper bound of each input (inclusive); ±Infinity where unrestricted. */
  lo: number[];
  hi: number[];
  coverage: number;
  density: number;
  /** Points in the box, and the share of all points. */
  points: number;
  support: number;
}

/** The result: the trade-off curve of the peeling and the chosen box (after pasting). */
export interface PrimResult {
  inputs: string[];
  /** Points and events in all; the event's share of all points (the base density). */
  total: number;
  events: number;
  baseDensity: number;
  trajectory: PrimBox[];
  box: PrimBox;
  /** Inputs the chosen box restricts (its bounds are inside the data's range), by name. */
  restricted: string[];
}

/** Options of {@link prim}. */
export interface PrimOptions {
  /** Share of the box's points removed by one peel (default 0.05). */
  alpha?: number;
  /** Stop peeling below this share of all points (default 0.05). */
  minSupport?: number;
  /** The chosen box: the densest with at least this coverage (default 0.5). */
  minCoverage?: number;
}

/**
 * PRIM over `n` points: `x` holds n rows of `inputs.length` values, `hit[k]` whether the event
 * happened at point k.
 */
export function prim(inputs: string[], x: Float64Array, hit: ArrayLike<boolean | number>, opts: PrimOptions = {}): PrimResult {
  const d = inputs.length;
  const n = hit.length;
  if (x.length !== n * d) throw new RangeError(`PRIM: expected ${n} × ${d} input values, got ${x.length}`);
  const alpha = opts.alpha ?? 0.05;
  const minSupport = opts.minSupport ?? 0.05;
  const minCoverage = opts.minCoverage ?? 0.5;
  let events = 0;
  for (let k = 0; k < n; k++) if (hit[k]) events++;
  const lo = new Array<number>(d).fill(-Infinity);
  const hi = new Array<number>(d).fill(Infinity);
  const inBox = new Uint8Array(n).fill(1);
  const describe = (l: number[], h: number[]): PrimBox => {
    let points = 0;
    let inside = 0;
    for (let k = 0; k < n; k++) {
      if (!within(x, k, d, l, h)) continue;
      points++;
      if (hit[k]) inside++;
    }
    return { lo: l.slice(), hi: h.slice(), coverage: events ? inside / events : 0, density: points ? inside / points : 0, points, support: points / n };
  };
  const trajectory: PrimBox[] = [describe(lo, hi)];
  const column = new Float64Array(n);
  for (;;) {
    let best: { j: number; side: 'lo' | 'hi'; bound: number; density: number; points: number } | null = null;
    for (let j = 0; j < d; j++) {
      let m = 0;
      for (let k = 0; k < n; k++) if (inBox[k]) column[m++] = x[k * d + j];
      const sorted = column.subarray(0, m).slice().sort();
      const cut = Math.max(1, Math.floor(alpha * m));
      for (const side of ['lo', 'hi'] as const) {
        // the new bound keeps points strictly beyond the peeled share (ties move together)
        const bound = side === 'lo' ? sorted[cut] : sorted[m - 1 - cut];
        let points = 0;
        let inside = 0;
        for (let k = 0; k < n; k++) {
          if (!inBox[k]) continue;
          const v = x[k * d + j];
          if (side === 'lo' ? v < bound : v > bound) continue;
          points++;
          if (hit[k]) inside++;
        }
        if (points === m || points === 0) continue;
        const density = inside / points;
        if (!best || density > best.density) best = { j, side, bound, density, points };
      }
    }
    if (!best || best.points < minSupport * n) break;
    if (best.side === 'lo') lo[best.j] = best.bound;
    else hi[best.j] = best.bound;
    for (let k = 0; k < n; k++) if (inBox[k] && !within(x, k, d, lo, hi)) inBox[k] = 0;
    trajectory.push(describe(lo, hi));
  }
  let chosen = trajectory[0];
  for (const b of trajectory) if (b.coverage >= minCoverage && b.density > chosen.density) chosen = b;
  const box = paste(x, n, d, chosen, alpha, describe);
  const restricted = inputs.filter((_, j) => box.lo[j] > -Infinity || box.hi[j] < Infinity);
  return { inputs, total: n, events, baseDensity: n ? events / n : 0, trajectory, box, restricted };
}

function within(x: Float64Array, k: number, d: number, lo: number[], hi: number[]): boolean {
  for (let j = 0; j < d; j++) {
    const v = x[k * d + j];
    if (v < lo[j] || v > hi[j]) return false;
  }
  return true;
}

/**
 * Pasting: widen one bound at a time to take in about `alpha` × the box's points from outside
 * it along that input, keeping the change that raises density most (or keeps it), until none does.
 */
function paste(x: Float64Array, n: number, d: number, start: PrimBox, alpha: number, describe: (l: number[], h: number[]) => PrimBox): PrimBox {
  let box = start;
  for (;;) {
    let best: PrimBox | null = null;
    for (let j = 0; j < d; j++) {
      for (const side of ['lo', 'hi'] as const) {
        const edge = side === 'lo' ? box.lo[j] : box.hi[j];
        if (!Number.isFinite(edge)) continue;
        // values just outside the box along input j, among points inside on every other input
        const outside: number[] = [];
        for (let k = 0; k < n; k++) {
          const v = x[k * d + j];
          if (side === 'lo' ? v >= edge : v <= edge) continue;
          let ok = true;
          for (let i = 0; i < d && ok; i++) if (i !== j && (x[k * d + i] < box.lo[i] || x[k * d + i] > box.hi[i])) ok = false;
          if (ok) outside.push(v);
        }
        if (!outside.length) continue;
        outside.sort((a, b) => (side === 'lo' ? b - a : a - b));
        const take = Math.min(outside.length, Math.max(1, Math.floor(alpha * box.points)));
        const bound = outside[take - 1];
        const lo = box.lo.slice();
        const hi = box.hi.slice();
        if (side === 'lo') lo[j] = take === outside.length ? -Infinity : bound;
        else hi[j] = take === outside.length ? Infinity : bound;
        const candidate = describe(lo, hi);
        if (candidate.density >= box.density && (!best || candidate.density > best.density)) best = candidate;
      }
    }
    if (!best) return box;
    box = best;
  }
}
