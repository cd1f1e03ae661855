/**
 * What the market step's own structure could get wrong, beyond the mechanics in
 * market.spec.ts: the constants derived in paramsChanged must follow a scheduled `set`, and
 * the jump shortcut (no sampler call at or below e^(−λ dt)) must hand every path to the
 * sampler when λ·dt is large enough for PTRS, which ignores the uniform. Tolerances: exact
 * where the step is deterministic; 5 standard errors for the jump moments (seeded, so a
 * correct model fails with probability ~6e-7 on a new seed).
 */
import { describe, expect, it } from 'vitest';
import { DAYS_PER_YEAR } from '../../engine/calendar.js';
import type { ModelRegistry } from '../../engine/model.js';
import { defaultSettings } from '../../engine/prepare.js';
import { runAllBlocks } from '../../engine/run-blocks.js';
import type { RunPlan } from '../../engine/run-plan.js';
import { PathRng } from '../../engine/rng/path-rng.js';
import { market } from './index.js';

const registry: ModelRegistry = { models: [market] };

/** One calm regime, no switching: only what a test sets moves the price. */
const calmOnly = { calmToStressPerDay: 0, initialRegime: 'calm', jumpsCalmPerYear: 0, driftCalmPerYear: 0, garchAlpha: 0, garchBeta: 0, trendGain: 0 };

function run(settings: Record<string, unknown>, overrides: Partial<RunPlan>) {
  const plan: RunPlan = {
    scenarioName: 'market-step-spec',
    seed: 3,
    paths: 2000,
    steps: 10,
    stepDays: 1,
    startDate: '2026-01-01',
    blockSize: 512,
    models: [{ name: 'market', settings: { ...defaultSettings(market), ...calmOnly, ...settings } }],
    schedule: [],
    events: [],
    record: ['btc.return'],
    samplePaths: 2000,
    keepTerminal: false,
    sketchAlpha: 0.01,
    ...overrides,
  };
  return runAllBlocks(plan, registry);
}

describe('market step', () => {
  it('a scheduled set of volatility and drift applies from its step on (derived constants follow)', () => {
    const schedule = [
      {
        step: 6,
        date: '2026-01-07',
        set: [
          { model: 'market', param: 'volCalmPerSqrtYear', value: 0 },
          { model: 'market', param: 'driftCalmPerYear', value: 0.365 },
        ],
        shocks: [],
      },
    ];
    const record = run({ volCalmPerSqrtYear: 0.5 }, { schedule });
    for (const s of record.samples) {
      const r = s.values['btc.return'];
      for (let t = 1; t < 6; t++) expect(r[t]).not.toBe(0);
      // σ = 0: the return is the drift μ·dt alone, the same on every path
      for (let t = 6; t <= 10; t++) expect(r[t]).toBeCloseTo(0.001, 15);
    }
  });

  it('jumps with λ·dt ≥ 12 (PTRS): step returns have mean λdt·μ_J and variance λdt·(μ_J² + σ_J²)', () => {
    // 30-day steps and 200 jumps a year: λ·dt = 16.4; no diffusion, and μ = λμ_J so that the
    // diffusion's drift μ − λμ_J is 0: returns are the jumps
    const muJ = -0.02;
    const sdJ = 0.14;
    const record = run(
      { volCalmPerSqrtYear: 0, jumpsCalmPerYear: 200, jumpMeanLog: muJ, jumpSdLog: sdJ, driftCalmPerYear: 200 * muJ },
      { paths: 20_000, samplePaths: 20_000, steps: 5, stepDays: 30, blockSize: 1024 },
    );
    const x: number[] = [];
    for (const s of record.samples) x.push(...s.values['btc.return'].subarray(1));
    const n = x.length;
    const mean = x.reduce((a, b) => a + b, 0) / n;
    const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
    const m4 = x.reduce((a, b) => a + (b - mean) ** 4, 0) / n;
    const lambdaDt = (200 * 30) / DAYS_PER_YEAR;
    expect(Math.abs(mean - lambdaDt * muJ)).toBeLessThan(5 * Math.sqrt(variance / n));
    expect(Math.abs(variance - lambdaDt * (muJ ** 2 + sdJ ** 2))).toBeLessThan(5 * Math.sqrt((m4 - variance ** 2) / n));
  });

  it('draws its three words a path from the path’s own stream, as PathRng does (its generator runs inline)', () => {
    // calm, no switching, no jumps, no GARCH or trend: step t's return is μ·dt + σ√dt·Z with Z from the
    // second of the path's three words of that step; the slow ziggurat continues on the stream
    const sigma = 0.6;
    const paths = 2048;
    const blockSize = 512;
    const record = run({ volCalmPerSqrtYear: sigma }, { paths, samplePaths: paths, steps: 3, blockSize });
    const dt = 1 / DAYS_PER_YEAR;
    const drift = 0 * dt;
    const diffusion = sigma * Math.sqrt(dt);
    for (let b = 0; b < paths / blockSize; b++) {
      const reference = new PathRng(3, b * blockSize, blockSize, 'market');
      for (let t = 1; t <= 3; t++) {
        const words = reference.drawWords(blockSize, 3);
        for (let i = 0; i < blockSize; i++) {
          const expected = drift + diffusion * reference.normalFromWord(words[3 * i + 1], i);
          expect(record.samples[b * blockSize + i].values['btc.return'][t]).toBe(expected);
        }
      }
    }
  });
});
