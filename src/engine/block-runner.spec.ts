/**
 * BlockWorkspace details that the end-to-end run tests do not pin down: first passages for
 * every comparison operator (each now runs its own loop), and the paramsChanged hook. A
 * probe model writes known values, so the expected counts are computed exactly, not
 * estimated: the checks are equalities.
 */
import { describe, expect, it } from 'vitest';
import { written } from './signals.js';
import { defineModel, type ModelRegistry } from './model.js';
import { num } from './params.js';
import { defaultSettings } from './prepare.js';
import { runAllBlocks } from './run-blocks.js';
import type { PlannedEvent, RunPlan } from './run-plan.js';

const STEPS = 6;

/** The probe's value on global path `path` at step t: spread over [−3, 3], NaN on every 11th path, ±∞ on every 13th. */
function probeValue(path: number, t: number): number {
  if (path % 11 === 0) return NaN;
  if (path % 13 === 0) return t % 2 ? Infinity : -Infinity;
  return ((path * 7 + t * 3) % 13) / 2 - 3;
}

const probe = defineModel({
  name: 'probe',
  title: 'test probe',
  readme: 'src/engine/block-runner.spec.ts',
  params: { gain: num({ unit: '—', default: 1, description: 'scale of probe.derived', source: 'test' }) },
  io: () => ({ signals: [written('probe.value', '—'), written('probe.derived', '—')], state: { derived: 1 } }),
  init(ctx) {
    const value = ctx.signal('probe.value');
    for (let i = 0; i < ctx.paths; i++) value[i] = probeValue(ctx.firstPath + i, 0);
  },
  paramsChanged(ctx) {
    // a derived constant, as the market model keeps its per-regime coefficients
    for (let i = 0; i < ctx.paths; i++) ctx.state.derived[i] = 2 * ctx.p.gain[i];
  },
  step(ctx) {
    const value = ctx.signal('probe.value');
    const derived = ctx.signal('probe.derived');
    for (let i = 0; i < ctx.paths; i++) {
      value[i] = probeValue(ctx.firstPath + i, ctx.step);
      derived[i] = ctx.state.derived[i];
    }
  },
});
const registry: ModelRegistry = { models: [probe] };

function plan(overrides: Partial<RunPlan>): RunPlan {
  return {
    scenarioName: 'block-runner-spec',
    seed: 1,
    paths: 1000,
    steps: STEPS,
    stepDays: 1,
    startDate: '2026-01-01',
    blockSize: 128,
    models: [{ name: 'probe', settings: defaultSettings(probe) }],
    schedule: [],
    events: [],
    record: [],
    samplePaths: 0,
    keepTerminal: false,
    sketchAlpha: 0.01,
    ...overrides,
  };
}

const run = (p: RunPlan) => runAllBlocks(p, registry);

const compare: Record<PlannedEvent['op'], (v: number, c: number) => boolean> = {
  '<': (v, c) => v < c,
  '<=': (v, c) => v <= c,
  '>': (v, c) => v > c,
  '>=': (v, c) => v >= c,
};

describe('BlockWorkspace', () => {
  it('counts first passages exactly for <, <=, >, >= (thresholds on and between values, NaN never passes)', () => {
    const events: PlannedEvent[] = [];
    for (const op of ['<', '<=', '>', '>='] as const) {
      for (const value of [-3, -1, 0.25, 2, 3]) events.push({ name: `${op}${value}`, signal: 'probe.value', op, value, description: '' });
    }
    const record = run(plan({ events }));
    for (const ev of events) {
      const want = new Float64Array(STEPS + 1);
      for (let path = 0; path < 1000; path++) {
        for (let t = 0; t <= STEPS; t++) {
          if (compare[ev.op](probeValue(path, t), ev.value)) {
            want[t]++;
            break;
          }
        }
      }
      expect(Array.from(record.events.get(ev.name)!.hits), ev.name).toEqual(Array.from(want));
    }
  });

  it('leaves NaN and ±∞ out of the means and counts them; finite granules and granules with them alike', () => {
    // 1,000 paths: granules of 128 with and without non-finite values, the last one partial
    const record = run(plan({ record: ['probe.value'], quantileDays: { dailyDays: 2, everyDays: 7, days: [] } }));
    const s = record.signals.get('probe.value')!;
    let nonFinite = 0;
    for (let t = 0; t <= STEPS; t++) {
      let sum = 0;
      let finite = 0;
      for (let path = 0; path < 1000; path++) {
        const v = probeValue(path, t);
        if (Number.isFinite(v)) (sum += v, finite++);
        else nonFinite++;
      }
      expect(s.finite[t], `finite at ${t}`).toBe(finite);
      // the values are multiples of 1/2: every sum is exact, so the mean is too
      expect(record.mean('probe.value', t), `mean at ${t}`).toBe(sum / finite);
    }
    expect(s.nonFinite).toBe(nonFinite);
  });

  it('calls paramsChanged after init and after a scheduled set, before that step', () => {
    const schedule = [{ step: 4, date: '2026-01-05', set: [{ model: 'probe', param: 'gain', value: 5 }], shocks: [] }];
    const record = run(plan({ schedule, record: ['probe.derived'] }));
    const mean = record.signals.get('probe.derived')!.sums.values().map((s) => s / 1000);
    // step 0 is init's (which leaves probe.derived at 0); steps 1–3 use gain 1, from step 4 gain 5
    expect(mean).toEqual([0, 2, 2, 2, 10, 10, 10]);
  });
});
