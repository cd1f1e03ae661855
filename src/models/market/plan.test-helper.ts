import { defaultSettings } from '../../engine/prepare.js';
import type { RunPlan } from '../../engine/run-plan.js';
import { market } from './index.js';

/**
 * Tests only: a plan of the market alone, its defaults changed by `settings`, one-day steps from
 * 2026-01-01, nothing scheduled, recorded or sampled unless `overrides` says so.
 */
export function marketOnlyPlan(settings: Record<string, unknown>, overrides: Partial<RunPlan> & Pick<RunPlan, 'scenarioName' | 'seed' | 'paths' | 'steps' | 'blockSize'>): RunPlan {
  return {
    stepDays: 1,
    startDate: '2026-01-01',
    models: [{ name: 'market', settings: { ...defaultSettings(market), ...settings } }],
    schedule: [],
    events: [],
    record: [],
    samplePaths: 0,
    keepTerminal: false,
    sketchAlpha: 0.01,
    ...overrides,
  };
}
