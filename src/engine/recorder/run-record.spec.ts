import { describe, expect, it } from 'vitest';
import type { RunPlan } from '../run-plan.js';
import { quantileStepsOf, RunRecord } from './run-record.js';

const base = { steps: 60, stepDays: 1, record: ['a'], events: [], paths: 10, keepTerminal: false, sketchAlpha: 0.005 } as unknown as RunPlan;

describe('quantileStepsOf', () => {
  it('keeps every step when the plan does not say', () => {
    expect(quantileStepsOf({ ...base, steps: 4 })).toEqual([0, 1, 2, 3, 4]);
  });

  it('keeps step 0, the daily days, every everyDays, the listed days and the last step', () => {
    const steps = quantileStepsOf({ ...base, quantileDays: { dailyDays: 3, everyDays: 7, days: [30, 45, 999] } });
    expect(steps).toEqual([0, 1, 2, 3, 7, 14, 21, 28, 30, 35, 42, 45, 49, 56, 60]);
  });

  it('counts days, not steps, with steps of several days (days rounded to the nearest step)', () => {
    // 5-day steps: daily days 0..10 are steps 1, 2; every 14 days is every 3rd step; day 31 is step 6
    const steps = quantileStepsOf({ ...base, steps: 20, stepDays: 5, quantileDays: { dailyDays: 10, everyDays: 14, days: [31] } });
    expect(steps).toEqual([0, 1, 2, 3, 6, 9, 12, 15, 18, 20]);
  });

  it('gives the record one quantile cell per kept step, and maps steps to cells', () => {
    const r = new RunRecord({ ...base, quantileDays: { dailyDays: 2, everyDays: 30, days: [] } });
    expect(r.quantileSteps).toEqual([0, 1, 2, 30, 60]);
    expect(r.signals.get('a')!.cells).toHaveLength(5);
    expect(r.cellAt[30]).toBe(3);
    expect(r.cellAt[31]).toBe(-1);
    expect(r.signals.get('a')!.sums).toHaveLength(61);
  });
});
