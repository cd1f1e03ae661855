import { describe, expect, it } from 'vitest';
import { prim } from './prim.js';
import { seededUniform } from './seeded-uniform.js';

describe('PRIM scenario discovery', () => {
  // 4000 points on the unit square plus a noise input; the event is x1 > 0.7 and x2 < 0.4
  // (share 0.12 of points), with 5% label noise outside the box
  const n = 4000;
  const u = seededUniform(3, 'prim-test');
  const x = new Float64Array(n * 3);
  const hit = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < 3; j++) x[k * 3 + j] = u();
    hit[k] = (x[k * 3] > 0.7 && x[k * 3 + 1] < 0.4) || u() < 0.05 ? 1 : 0;
  }
  const r = prim(['x1', 'x2', 'noise'], x, hit);

  it('finds the box that makes the event: x1 > ~0.7, x2 < ~0.4, the noise input unrestricted or barely', () => {
    // Tolerance 0.05 on the bounds: one peel removes 5% of the box's points, so a bound lands
    // within about one peel's width of the true edge.
    expect(r.box.lo[0]).toBeGreaterThan(0.65);
    expect(r.box.lo[0]).toBeLessThan(0.75);
    expect(r.box.hi[1]).toBeGreaterThan(0.35);
    expect(r.box.hi[1]).toBeLessThan(0.45);
    expect(r.restricted).toContain('x1');
    expect(r.restricted).toContain('x2');
    // inside the true box density is 1; outside 5%: the found box is nearly pure and covers most events
    expect(r.box.density).toBeGreaterThan(0.85);
    expect(r.box.coverage).toBeGreaterThan(0.6);
  });

  it('traces a trade-off: density rises and coverage falls along the peeling', () => {
    expect(r.trajectory[0].coverage).toBe(1);
    expect(r.trajectory[0].density).toBeCloseTo(r.baseDensity, 12);
    for (let k = 1; k < r.trajectory.length; k++) expect(r.trajectory[k].coverage).toBeLessThanOrEqual(r.trajectory[k - 1].coverage);
    expect(r.trajectory.at(-1)!.density).toBeGreaterThan(r.trajectory[0].density);
    expect(r.trajectory.at(-1)!.support).toBeGreaterThanOrEqual(0.05 - 1e-9);
  });
});
