import { describe, expect, it } from 'vitest';
import { drawColumns, drawNumber, type Column } from './draw-number.js';
import { num } from './params.js';
import { PathRng } from './rng/path-rng.js';

const share = num({ unit: 'fraction', default: 0.5, min: 0, max: 1, description: 'a share', source: 'test' });
const count = num({ unit: 'clients', default: 10, min: 0, integer: true, description: 'a count', source: 'test' });

/** `n` draws on path 0 of a fresh stream. */
function draws(value: Parameters<typeof drawNumber>[0], decl: typeof share, n: number): number[] {
  const rng = new PathRng(11, 0, 1, 'draw-number-spec');
  rng.load(0);
  const out: number[] = [];
  for (let k = 0; k < n; k++) out.push(drawNumber(value, decl, rng));
  return out;
}

describe('drawNumber', () => {
  it('returns a number as it is', () => {
    expect(draws(0.3, share, 1)).toEqual([0.3]);
  });

  it('truncates a distribution to the range: a normal around 0.9 with sd 0.2 never exceeds 1, and keeps its shape below', () => {
    const v = draws({ dist: 'normal', mean: 0.9, sd: 0.2 }, share, 4000);
    expect(Math.max(...v)).toBeLessThanOrEqual(1);
    expect(Math.min(...v)).toBeGreaterThanOrEqual(0);
    // truncated at 1 (0.5 sd above the mean): P(X < 0.7 | X ≤ 1) = Φ(−1)/Φ(0.5) = 0.1587/0.6915 = 0.2295;
    // 4,000 draws: standard error 0.0067, the bound 4 of them
    const below = v.filter((x) => x < 0.7).length / v.length;
    expect(Math.abs(below - 0.2295)).toBeLessThan(0.027);
    // nothing was clamped: a clamp would put mass exactly on 1
    expect(v.filter((x) => x === 1).length).toBe(0);
  });

  it('clamps when the range is out of the distribution’s reach', () => {
    expect(draws({ dist: 'uniform', min: 2, max: 3 }, share, 3)).toEqual([1, 1, 1]);
  });

  it('rounds the draws of a whole-number field before checking the range', () => {
    const v = draws({ dist: 'uniform', min: 0, max: 20 }, count, 500);
    for (const x of v) expect(Number.isInteger(x)).toBe(true);
    expect(new Set(v).size).toBeGreaterThan(15);
  });

  it('draws columns into their slots of each path’s record, the same whatever order the paths are drawn in', () => {
    const columns: Column[] = [
      { slot: 2, value: { dist: 'uniform', min: 0, max: 1 }, decl: share },
      { slot: 0, value: 0.25, decl: share },
    ];
    const fill = (order: number[]) => {
      const rng = new PathRng(5, 0, 2, 'columns');
      const rec = new Float64Array(6);
      for (const i of order) drawColumns(columns, rec, 3 * i, rng, i);
      return rec;
    };
    const rec = fill([0, 1]);
    expect(rec[0]).toBe(0.25);
    expect(rec[3]).toBe(0.25);
    expect(rec[1]).toBe(0);
    expect(rec[2]).not.toBe(rec[5]);
    expect(fill([1, 0])).toEqual(rec);
  });
});
