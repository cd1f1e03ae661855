import { describe, expect, it } from 'vitest';
import { sqrtImpactLogReturn } from './square-root-impact.js';
import { PERMANENT_SHARE, TRANSIENT_HALF_LIFE_DAYS, TRANSIENT_IMPACT_WIDTH, transientImpactStep } from './transient-impact.js';

const V = 30e9;
const SIGMA = 0.04;
const Y = 1;
const KEEP = Math.pow(2, -1 / TRANSIENT_HALF_LIFE_DAYS);

function sell(flows: number[]): number[] {
  const rec = new Float64Array(TRANSIENT_IMPACT_WIDTH);
  let lnP = 0;
  return flows.map((q) => (lnP += transientImpactStep(rec, 0, q, V, SIGMA, Y, PERMANENT_SHARE, KEEP)));
}

describe('transient (metaorder) impact', () => {
  it("prices one day's sale exactly as the square-root law does today", () => {
    for (const q of [1e8, 2e9, -5e8]) expect(sell([q])[0]).toBeCloseTo(sqrtImpactLogReturn(q, V, SIGMA, Y), 14);
  });

  it('prices 180 equal slices as one metaorder: the square-root impact of the total, not √180 times it', () => {
    const total = 40e9;
    const path = sell(new Array(180).fill(total / 180));
    const oneOrder = sqrtImpactLogReturn(total, V, SIGMA, Y);
    // exact up to rounding: the marginal impacts telescope to A(total)
    expect(path[179]).toBeCloseTo(oneOrder, 12);
    // the sum of per-day square-root impacts (what the models did before) is √180 ≈ 13.4 times larger
    const perDay = 180 * sqrtImpactLogReturn(total / 180, V, SIGMA, Y);
    expect(perDay / path[179]).toBeCloseTo(Math.sqrt(180), 10);
  });

  it('relaxes after the metaorder ends toward φ = 1/2 of its end-of-day impact (Bucci et al. 2019), 3% of the transient left after 50 days', () => {
    const flows = [5e9, ...new Array(60).fill(0)];
    const path = sell(flows);
    const peak = path[0];
    expect(path[TRANSIENT_HALF_LIFE_DAYS] - PERMANENT_SHARE * peak).toBeCloseTo((1 - PERMANENT_SHARE) * peak * 0.5, 12);
    const left50 = (path[50] - PERMANENT_SHARE * peak) / ((1 - PERMANENT_SHARE) * peak);
    expect(left50).toBeCloseTo(Math.pow(2, -5), 12);
    expect(path[60] / peak).toBeGreaterThan(0.5);
    expect(path[60] / peak).toBeLessThan(0.52);
  });

  it('nets a buy against an open sell metaorder along the same square-root curve', () => {
    const path = sell([4e9, -4e9]);
    expect(path[1]).toBeCloseTo(0, 14);
  });
});
