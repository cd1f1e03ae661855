import { describe, expect, it } from 'vitest';
import { findSmallestJointMove, rayDirections } from './joint-move.js';

/**
 * A probability with a known smallest move: P(s) = logistic((a·s₁ + b·s₂ − c)/w) reaches 0.5
 * on the line a·s₁ + b·s₂ = c, whose nearest point to the origin is c/√(a²+b²) along (a, b).
 * Sampled with common random numbers (the same uniforms for every s).
 */
function crn(a: number, b: number, c: number, w: number, n = 2000) {
  const u = Array.from({ length: n }, (_, i) => (i + 0.5) / n); // evenly spread: no sampling luck
  return async (s: number[]) => {
    const p = 1 / (1 + Math.exp(-(a * s[0] + b * s[1] - c) / w));
    return { x: 0, hits: u.filter((v) => v < p).length, paths: n };
  };
}

describe('smallest joint move', () => {
  it('lays rays over the quarter circle (two inputs) or axes and diagonals (more)', () => {
    const two = rayDirections(2, 3);
    expect(two[0]).toEqual([1, 0]);
    expect(two[1][0]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(two[2]).toEqual([0, 1]);
    expect(rayDirections(3)).toHaveLength(3 + 3 + 1);
    for (const u of rayDirections(4)) expect(Math.hypot(...u)).toBeCloseTo(1, 12);
  });

  it('finds the nearest point of a known level line, along the right ray', async () => {
    // a = b: the nearest point is on the diagonal, at 0.6/√2 = 0.4243
    const sym = await findSmallestJointMove(crn(1, 1, 0.6, 0.05), { inputs: 2, target: 0.5 });
    expect(sym.best!.direction[0]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(sym.best!.crossing.x!).toBeCloseTo(0.6 / Math.SQRT2, 2);
    // a = 2b: the nearest direction is 26.6° off the first axis; the 30° ray is the closest of
    // the seven, and along it the crossing is c/(a cos 30° + b sin 30°) = 0.6/(1.732 + 0.5)
    const skew = await findSmallestJointMove(crn(2, 1, 0.6, 0.05), { inputs: 2, target: 0.5 });
    expect(Math.atan2(skew.best!.direction[1], skew.best!.direction[0])).toBeCloseTo(Math.PI / 6, 12);
    expect(skew.best!.crossing.x!).toBeCloseTo(0.6 / (2 * Math.cos(Math.PI / 6) + Math.sin(Math.PI / 6)), 2);
    expect(skew.best!.crossing.x!).toBeGreaterThanOrEqual(0.6 / Math.sqrt(5) - 0.005); // never below the true minimum
  });

  it('reports no move when no ray reaches the target inside the box', async () => {
    const none = await findSmallestJointMove(crn(1, 1, 5, 0.05), { inputs: 2, target: 0.5 });
    expect(none.best).toBeNull();
    expect(none.rays.every((r) => r.crossing.stopped === 'not bracketed')).toBe(true);
  });
});
