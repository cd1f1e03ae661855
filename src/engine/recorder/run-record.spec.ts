import { describe, expect, it } from 'vitest';
import type { RunPlan } from '../run-plan.js';
import { exactlyRounded, testRng, wideTerms } from './exact-rounding.test-helper.js';
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
    expect(r.signals.get('a')!.sums.length).toBe(61);
  });
});

describe('RunRecord', () => {
  it('merges every step of its exact sums, those that spilled out of their inline slots too, and means read them', () => {
    const rng = testRng('run-record-spec');
    const plan = { ...base, steps: 3, record: ['a', 'b'], samplePaths: 0, perPath: false } as RunPlan;
    const [one, two] = [new RunRecord(plan), new RunRecord(plan)];
    const terms = [0, 1, 2, 3].map((t) => (t === 2 ? wideTerms(rng, 25) : [rng.normal(), 1e16, -1e16, rng.normal()]));
    terms.forEach((xs, t) =>
      xs.forEach((x, k) => {
        (k % 2 ? one : two).signals.get('a')!.sums.add(t, x);
        (k % 2 ? one : two).signals.get('a')!.finite[t]++;
      }),
    );
    expect(one.signals.get('a')!.sums.spilledSteps()).toBe(1);
    one.merge(two);
    // the top terms decide a wide sum's rounding; cancel all but the first (2^0) so every partial counts
    const cancel = terms[2].slice(1).map((x) => -x);
    for (const x of cancel) one.signals.get('a')!.sums.add(2, x);
    terms[2].push(...cancel);
    expect(one.mean('a', 2) * 25).toBe(terms[2][0]);
    terms.forEach((xs, t) => expect(one.mean('a', t), `step ${t}`).toBe(exactlyRounded(xs) / one.signals.get('a')!.finite[t]));
    expect(one.mean('b', 1)).toBeNaN();
  });
});
