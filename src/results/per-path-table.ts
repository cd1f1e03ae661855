import type { RunOutcome } from '../engine/run.js';

/**
 * A run's per-path table (`output.perPath`), as plain columns indexed by path: what each path
 * drew and how it ended. src/store/README.md documents how the store and exports hold it.
 */
export interface PerPathTable {
  paths: number;
  /** Input name (`model.param`, `model.param@DATE`, `signal.multiply@DATE`) → the value drawn on each path. */
  inputs: Record<string, ArrayLike<number>>;
  /** Recorded signal → its final value on each path. */
  finals: Record<string, ArrayLike<number>>;
  /** Event → the day (after the start) it first happened on each path; NaN if it never did. */
  eventDays: Record<string, ArrayLike<number>>;
}

/** The per-path table of an outcome, or undefined when the plan did not keep one. */
export function perPathTable(outcome: RunOutcome): PerPathTable | undefined {
  const { plan, record } = outcome;
  if (!record.perPath) return undefined;
  const finals: PerPathTable['finals'] = {};
  for (const [name, s] of record.signals) if (s.terminal) finals[name] = s.terminal;
  const eventDays: PerPathTable['eventDays'] = {};
  for (const [name, steps] of record.perPath.firstStep) {
    const days = new Float64Array(steps.length);
    for (let i = 0; i < steps.length; i++) days[i] = steps[i] < 0 ? NaN : steps[i] * plan.stepDays;
    eventDays[name] = days;
  }
  return { paths: plan.paths, inputs: Object.fromEntries(record.perPath.inputs), finals, eventDays };
}
