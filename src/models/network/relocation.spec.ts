import { describe, expect, it } from 'vitest';
import { CN, REGIONS, ROW, RU, S, US, networkLayout } from './layout.js';
import { relocateStep, type RelocationLanes } from './relocation.js';

/** One path: one fleet class plus the new class, 100 EH/s installed in each region, power cheap (every machine would run abroad). */
function setup(overrides: Partial<Record<keyof RelocationLanes, number>> = {}, availability = [1, 0, 1, 1]) {
  const L = networkLayout(1);
  const rec = new Float64Array(L.width);
  rec[S.beta] = 5;
  for (let r = 0; r < REGIONS; r++) {
    rec[L.installed[r]] = 100;
    for (let k = 0; k < L.classes; k++) rec[L.lnCost[r] + k] = Math.log(1);
  }
  const lane = (v: number) => Float64Array.of(v);
  const v = { wait: 14, decision: 20, share: 0.8, lead: 90, cost: 0, hosting: 1.5, ...overrides };
  const lanes: RelocationLanes = {
    availability: availability.map(lane),
    wait: lane(v.wait),
    decision: lane(v.decision),
    share: lane(v.share),
    lead: lane(v.lead),
    cost: lane(v.cost),
    hosting: lane(v.hosting),
  };
  const installed = (r: number) => rec[L.installed[r]] + rec[L.installed[r] + 1];
  return { L, rec, lanes, installed };
}

const LN_HP = Math.log(100); // hashprice 100× every breakeven: all would run abroad

describe('relocation', () => {
  it('nothing leaves during the wait; then the stranded machines leave at 1/τ_dec, μ of them shipped', () => {
    const { L, rec, lanes, installed } = setup();
    for (let d = 1; d <= 14; d++) relocateStep(rec, 0, L, 0, lanes, LN_HP, 1);
    expect(installed(CN)).toBe(100);
    expect(rec[S.relocating]).toBe(0);
    relocateStep(rec, 0, L, 0, lanes, LN_HP, 1);
    const left = 100 * (1 - Math.exp(-1 / 20));
    expect(installed(CN)).toBeCloseTo(100 - left, 12);
    expect(rec[S.relocating]).toBeCloseTo(0.8 * left, 9);
  });

  it('conserves machines: what left China is in the other regions, in transit or scrapped (1 − μ); none go back to China', () => {
    const { L, rec, lanes, installed } = setup();
    for (let d = 1; d <= 1500; d++) relocateStep(rec, 0, L, 0, lanes, LN_HP, 1);
    expect(installed(CN)).toBeLessThan(1e-9);
    const arrived = installed(US) + installed(RU) + installed(ROW) - 300;
    expect(arrived + rec[S.relocating]).toBeCloseTo(0.8 * 100, 6);
    expect(rec[S.relocating]).toBeLessThan(1e-6);
    // shared in proportion to the receiving regions' capacity (equal here)
    expect(installed(US)).toBeCloseTo(installed(ROW), 9);
  });

  it('the receiving regions energise at most χ·Δ/365 of their capacity a day: a large queue waits', () => {
    // 100 EH/s leave at once (τ_dec ≪ 1 day, no wait) and cross the 3 transit stages in 3 steps
    // (L_m ≪ 1 day); the hosts can add 1.5/yr of their 300 EH/s
    const { L, rec, lanes, installed } = setup({ wait: 0, decision: 0.001, lead: 0.01, share: 1 });
    for (let d = 1; d <= 3; d++) relocateStep(rec, 0, L, 0, lanes, LN_HP, 1);
    const perDay = (1.5 / 365) * 300;
    expect(installed(US) + installed(RU) + installed(ROW) - 300).toBeCloseTo(perDay, 6);
    expect(rec[S.relocating]).toBeCloseTo(100 - perDay, 6);
  });

  it('machines that would not pay back the move abroad are not shipped', () => {
    // breakeven 1 $/PH/day, hashprice 2: the move's κ = 1000·C/180 = 55.6 $/PH/day makes it a loss
    const { L, rec, lanes } = setup({ wait: 0, cost: 10 });
    relocateStep(rec, 0, L, 0, lanes, Math.log(2), 1);
    expect(rec[S.relocating]).toBeLessThan(1e-6);
  });

  it('the outage clock restarts when availability is back: a storm shorter than the wait moves nothing', () => {
    const { L, rec, lanes, installed } = setup({}, [0.5, 1, 1, 1]);
    for (let d = 1; d <= 10; d++) relocateStep(rec, 0, L, 0, lanes, LN_HP, 1);
    lanes.availability[US][0] = 1;
    relocateStep(rec, 0, L, 0, lanes, LN_HP, 1);
    expect(rec[L.clock + US]).toBe(0);
    lanes.availability[US][0] = 0.5;
    for (let d = 1; d <= 10; d++) relocateStep(rec, 0, L, 0, lanes, LN_HP, 1);
    expect(installed(US)).toBe(100);
  });
});
