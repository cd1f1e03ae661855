import { describe, expect, it } from 'vitest';
import { advanceStages, stagePassShare, stagesContent, steadyStageContent } from './erlang-stages.js';

/** Sends one unit in at step 0 and returns what leaves at each step 0..n−1. */
function impulseResponse(meanDays: number, stages: number, stepDays: number, n: number): number[] {
  const buf = new Float64Array(stages);
  const p = stagePassShare(meanDays, stages, stepDays);
  const out: number[] = [];
  for (let t = 0; t < n; t++) out.push(advanceStages(buf, 0, stages, p, t === 0 ? 1 : 0));
  return out;
}

function moments(out: number[], stepDays: number): { mass: number; mean: number; variance: number } {
  let mass = 0;
  let m1 = 0;
  let m2 = 0;
  out.forEach((x, t) => {
    mass += x;
    m1 += x * t * stepDays;
    m2 += x * (t * stepDays) ** 2;
  });
  return { mass, mean: m1 / mass, variance: m2 / mass - (m1 / mass) ** 2 };
}

describe('Erlang stages', () => {
  it('delay a unit by exactly τ on average, with variance τ²/k + τΔ, for any step', () => {
    for (const [tau, k, dt] of [
      [42, 3, 1],
      [3, 3, 1],
      [60, 2, 7],
      [0.5, 4, 1],
    ]) {
      // 6,000 steps carry all but < 1e-12 of the mass for these delays
      const { mass, mean, variance } = moments(impulseResponse(tau, k, dt, 6000), dt);
      expect(mass).toBeCloseTo(1, 12);
      expect(mean).toBeCloseTo(tau, 8);
      expect(variance).toBeCloseTo((tau * tau) / k + tau * dt, 6);
    }
  });

  it('pass everything at once when τ = 0 and conserve content step by step', () => {
    expect(impulseResponse(0, 3, 1, 3)).toEqual([1, 0, 0]);
    const buf = new Float64Array(3);
    const p = stagePassShare(20, 3, 1);
    let inTotal = 0;
    let outTotal = 0;
    for (let t = 0; t < 50; t++) {
      const inflow = t < 10 ? 5 + t : 0;
      inTotal += inflow;
      outTotal += advanceStages(buf, 0, 3, p, inflow);
      expect(inTotal - outTotal).toBeCloseTo(stagesContent(buf, 0, 3), 10);
    }
  });

  it('hold inflow·(1 − p)/p per stage in the steady state, so that out = in', () => {
    const p = stagePassShare(35, 3, 1);
    const buf = new Float64Array(3).fill(steadyStageContent(100, p));
    expect(advanceStages(buf, 0, 3, p, 100)).toBeCloseTo(100, 10);
    // Little's law: the chain holds inflow rate × mean delay
    expect(stagesContent(buf, 0, 3)).toBeCloseTo(100 * 35, 8);
  });
});
