import { describe, expect, it } from 'vitest';
import { CN, ROW, RU, S, STAGES, US, networkLayout } from './layout.js';
import { installFleet, regionStep, runningShare, shockCapacity } from './merit-order.js';

/** One path's record of a fleet of two classes (plus new machines) with the given constants. */
function record(c: { beta?: number; wear?: number; retire?: number; stageKeep?: number; orderBase?: number } = {}) {
  const L = networkLayout(2);
  const rec = new Float64Array(L.width);
  rec[S.beta] = c.beta ?? 5;
  rec[S.wear] = c.wear ?? 0;
  rec[S.retire] = c.retire ?? 0;
  rec[S.stageKeep] = c.stageKeep ?? 0.9;
  rec[S.orderBase] = c.orderBase ?? 0.001;
  // log breakevens ln c of 20, 30 and (new) 15 USD/PH/day in both regions
  for (const r of [US, ROW]) [20, 30, 15].forEach((cost, k) => (rec[L.lnCost[r] + k] = Math.log(cost)));
  return { L, rec };
}

const sum = (x: ArrayLike<number>) => Array.from(x).reduce((a, v) => a + v, 0);

describe('the merit order', () => {
  it('a class runs half its machines where the hashprice equals its breakeven, all far above, none far below', () => {
    const { L, rec } = record();
    expect(runningShare(rec, 0, L.lnCost[US], Math.log(20))).toBeCloseTo(0.5, 12);
    expect(runningShare(rec, 0, L.lnCost[US], Math.log(20 * 10))).toBeGreaterThan(0.9999);
    expect(runningShare(rec, 0, L.lnCost[US], Math.log(20 / 10))).toBeLessThan(1e-4);
    // 1/(1 + (c/HP)^β)
    expect(runningShare(rec, 0, L.lnCost[US] + 1, Math.log(25))).toBeCloseTo(1 / (1 + (30 / 25) ** 5), 12);
  });

  it('installFleet scales the mix to run the target at the hashprice and fills the pipeline at the delivery rate', () => {
    const { L, rec } = record();
    const m = Float64Array.of(0.6, 0.4, 0);
    const lnHp = Math.log(25);
    installFleet(rec, 0, L, ROW, m, lnHp, 500);
    const installed = rec.subarray(L.installed[ROW], L.installed[ROW] + L.classes);
    let running = 0;
    for (let k = 0; k < L.classes; k++) running += installed[k] * runningShare(rec, 0, L.lnCost[ROW] + k, lnHp);
    expect(running).toBeCloseTo(500, 9);
    expect(installed[0] / installed[1]).toBeCloseTo(1.5, 12);
    expect(installed[2]).toBe(0);
    for (let s = 0; s < STAGES; s++) expect(rec[L.pipeline[ROW] + s]).toBeCloseTo((0.001 * sum(installed)) / (1 - 0.9), 9);
    // the US block is untouched
    expect(sum(rec.subarray(L.installed[US], L.installed[US] + L.classes))).toBe(0);
  });

  it('a full pipeline at the delivery rate delivers d₀·I a step; wear-out and retirement of idle machines take their shares', () => {
    const { L, rec } = record({ wear: 0.01, retire: 0.1 });
    installFleet(rec, 0, L, US, Float64Array.of(0.5, 0.5, 0), Math.log(25), 100);
    const before = Array.from(rec.subarray(L.installed[US], L.installed[US] + L.classes));
    const u = [0, 1, 2].map((k) => runningShare(rec, 0, L.lnCost[US] + k, Math.log(25)));
    const running = regionStep(rec, 0, L, US, Math.log(25), 0.001);
    expect(running).toBeCloseTo(100, 9);
    for (const k of [0, 1]) expect(rec[L.installed[US] + k]).toBeCloseTo(before[k] * (1 - 0.01 - 0.1 * (1 - u[k])), 12);
    // steady pipeline: what leaves the last stage is what was ordered, d₀·ΣI
    expect(rec[L.installed[US] + 2]).toBeCloseTo(0.001 * sum(before), 12);
    for (let s = 0; s < STAGES; s++) expect(rec[L.pipeline[US] + s]).toBeCloseTo((0.001 * sum(before)) / (1 - 0.9), 9);
  });

  it('a shock scales installed capacity by m + a/H: every region for the total, the US alone for the US, China alone for China', () => {
    const { L, rec } = record();
    const rec2 = new Float64Array(2 * L.width);
    for (let i = 0; i < 2; i++) {
      rec2.set(rec, i * L.width);
      for (const r of [US, CN, RU, ROW]) for (let k = 0; k < L.classes; k++) rec2[i * L.width + L.installed[r] + k] = 10 * (k + 1);
    }
    const lanes = (multiply: number[], add: number[]) => ({ multiply: Float64Array.from(multiply), add: Float64Array.from(add) });
    // path 0: total ×0.5; path 1: total +100 EH/s on H = 400 (×1.25), US ×0.5 and China −25 EH/s of 50 (×0.5)
    shockCapacity(rec2, L, 2, lanes([0.5, 1], [0, 100]), lanes([1, 0.5], [0, 0]), lanes([1, 1], [0, -25]), Float64Array.of(400, 400), Float64Array.of(100, 100), Float64Array.of(50, 50));
    const at = (i: number, r: number, k: number) => rec2[i * L.width + L.installed[r] + k];
    expect(at(0, US, 1)).toBe(10);
    expect(at(0, ROW, 2)).toBe(15);
    expect(at(1, US, 0)).toBe(10 * 1.25 * 0.5);
    expect(at(1, ROW, 0)).toBe(10 * 1.25);
    expect(at(1, RU, 0)).toBe(10 * 1.25);
    expect(at(1, CN, 0)).toBe(10 * 1.25 * 0.5);
    expect(at(0, CN, 0)).toBe(5);
  });
});
