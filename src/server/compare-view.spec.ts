import { describe, expect, it } from 'vitest';
import type { ComparedRun } from '../analysis/compare.js';
import { registry } from '../models/index.js';
import { runLoadedScenario } from '../run-scenario.js';
import { comparisonView } from './compare-view.js';
import { loadRequestScenario, type ScenarioSource } from './scenario-input.js';

const LIMITS = { maxCells: 5e9, maxMemoryMB: 4096, maxPoints: 10_000 };

async function run(ref: string, source: ScenarioSource): Promise<ComparedRun> {
  const loaded = loadRequestScenario(source, registry, LIMITS);
  const result = await runLoadedScenario(loaded, { threads: 1 });
  const point = result.points[0];
  return { ref, scenario: result.name, label: point.manifest.point, point, eventDays: point.perPath?.eventDays ?? null };
}

describe('comparisonView', () => {
  it('compares two runs of the same paths with the CLI’s paired difference, and the signals that differ on the horizon', async () => {
    // the SVB-like bank: its loss revealed on day 1 (the scenario) against never revealed (no schedule)
    const a = await run('a', { scenario: 'lender-svb-2023', paths: 200, seed: 7, perPath: true });
    const b = await run('b', { scenario: 'lender-svb-2023', paths: 200, seed: 7, perPath: true, schedule: [] });
    const { view, incomparable } = comparisonView(a, b);
    expect(incomparable).toBeNull();
    expect(view.runs.map((r) => r.ref)).toEqual(['a', 'b']);
    expect(view.events.length).toBeGreaterThan(0);
    for (const e of view.events) {
      const d = e.differences[1]!;
      // the same seed and paths with per-path tables: paired, and B − A is exactly the difference of the probabilities
      expect(d.method).toBe('paired');
      expect(d.difference).toBeCloseTo(e.runs[1]!.probability - e.runs[0]!.probability, 12);
      expect(d.lo).toBeLessThanOrEqual(d.difference);
      expect(d.hi).toBeGreaterThanOrEqual(d.difference);
    }
    // without the revealed loss the run on the bank is smaller: some event is rarer in B
    expect(view.events.some((e) => e.differences[1]!.difference < 0)).toBe(true);
    expect(view.sharedSignals).toBeGreaterThan(0);
    expect(view.signals.length).toBeGreaterThan(0);
    for (let k = 1; k < view.signals.length; k++) expect(view.signals[k - 1].gap || 0).toBeGreaterThanOrEqual(view.signals[k].gap || 0);
    const s = view.signals[0];
    expect(s.medianDifference).toBe(s.runs[1].p50 - s.runs[0].p50);
    expect(s.date).toBe('2023-03-12');
    for (const h of view.headline) expect(h.series).toHaveLength(2);
  });

  it('says unpaired (and why) without per-path tables, and incomparable runs share nothing', async () => {
    const a = await run('a', { scenario: 'lender-svb-2023', paths: 100, seed: 7 });
    const b = await run('b', { scenario: 'lender-svb-2023', paths: 100, seed: 8 });
    const { view } = comparisonView(a, b);
    expect(view.events.every((e) => e.differences[1]?.method === 'unpaired' && /different seeds/.test(e.differences[1]!.why ?? ''))).toBe(true);
    // a one-day space scenario against the 5-day bank: other models, other dates
    const c = await run('c', { scenario: 'space-datacenter-diamond', paths: 50, seed: 1 });
    const other = comparisonView(a, c);
    expect(other.incomparable).toMatch(/share no event and no signal/);
  });
});
