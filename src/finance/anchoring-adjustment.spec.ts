import { describe, expect, it } from 'vitest';
import { anchoringAdjustmentOrder, smoothingGain } from './anchoring-adjustment.js';
import { advanceStages, stagePassShare, stagesContent, steadyStageContent } from './erlang-stages.js';

/**
 * A one-echelon stock with an Erlang pipeline, run with the rule: usage steps from 100 to 150
 * units/day on day 10. Returns the stock's path (the beer game's setting, Sterman 1989).
 */
function run(beta: number, days = 400): number[] {
  const lead = 20;
  const k = 3;
  const p = stagePassShare(lead, k, 1);
  const cover = 10;
  let expected = 100;
  let stock = cover * expected;
  const pipe = new Float64Array(k).fill(steadyStageContent(100, p));
  const gain = smoothingGain(7, 1);
  const path: number[] = [];
  for (let t = 0; t < days; t++) {
    const use = t < 10 ? 100 : 150;
    expected += gain * (use - expected);
    const order = anchoringAdjustmentOrder(expected, cover * expected - stock, expected * lead - stagesContent(pipe, 0, k), 1 / 10, beta);
    stock += advanceStages(pipe, 0, k, p, order) - use;
    path.push(stock);
  }
  return path;
}

describe('anchoringAdjustmentOrder', () => {
  it('orders the expected usage when stock and supply line are on target, and adjusts linearly off it', () => {
    expect(anchoringAdjustmentOrder(100, 0, 0, 0.05, 0.34)).toBe(100);
    // L̂ + α_S·(gap_S + β·gap_SL) = 100 + 0.05·(200 + 0.5·(−400)) = 100
    expect(anchoringAdjustmentOrder(100, 200, -400, 0.05, 0.5)).toBeCloseTo(100, 12);
    expect(anchoringAdjustmentOrder(100, 400, 0, 0.05, 0.5)).toBeCloseTo(120, 12);
    // a large surplus stops orders rather than cancelling them
    expect(anchoringAdjustmentOrder(100, -10_000, 0, 0.05, 0.34)).toBe(0);
  });

  it('settles at the new usage without overshoot when the supply line is counted (β = 1) and overshoots when it is underweighted (β = 0.34)', () => {
    const full = run(1);
    const under = run(0.34);
    const target = 10 * 150;
    // both reach the new target stock (±1%) within a year
    expect(Math.abs(full[399] - target) / target).toBeLessThan(0.01);
    expect(Math.abs(under[399] - target) / target).toBeLessThan(0.01);
    // with a 10-day stock adjustment time, β = 1 does not overshoot the target (< 1%), while
    // β = 0.34 overshoots it by ~21% (1,811 units): the supply line ordered for twice over
    const peak = (path: number[]) => Math.max(...path.slice(10));
    expect(peak(full)).toBeLessThan(1.01 * target);
    expect(peak(under)).toBeGreaterThan(1.15 * target);
  });

  it('smooths with gain 1 − e^(−Δ/τ), 1 when τ = 0', () => {
    expect(smoothingGain(0, 1)).toBe(1);
    expect(smoothingGain(7, 1)).toBeCloseTo(1 - Math.exp(-1 / 7), 15);
  });
});
