import { afterAll, describe, expect, it } from 'vitest';
import { cleanUp, runScenario } from '../lender/run-scenario.test-helper.js';
import { START, at } from './fixtures.test-helper.js';

/* Capacity: a new plant's logistic ramp (capacity.ts). */
afterAll(cleanUp);

describe('supply: capacity', () => {
  it('adds a US plant as a new supplier: capacity from 10% on its start day to 90% a ramp later; the thermal model’s availability rises by its share', async () => {
    const r = await runScenario({ name: 'us-plant', start: START, horizonDays: 800, paths: 1, models: { supply: { items: { diamond: { sources: { usPlant: { startDay: 60 } } } } } } });
    const a = r.series('supply.diamondAvailability', 0);
    expect(at(a, 59)).toBeCloseTo(1, 12);
    const normal = 1.25 + 0.02;
    // logistic from 10% on day 60: 90% on day 60 + 365 (rampDays), ~99.9% two ramps later
    expect(at(a, 60 + 365)).toBeCloseTo((1.25 + 0.9 * 0.125 + 0.02) / normal, 3);
    expect(at(a, 800)).toBeCloseTo((1.25 + 0.125 + 0.02) / normal, 3);
  });
});
