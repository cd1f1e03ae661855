import { addDays } from '../engine/calendar.js';
import type { EventCondition, EventSummary, PointResult, SignalSummary } from '../results/types.js';
import type { RunInfo, StoredRun } from '../store/store.js';

/** Test helper: dates from 2026-01-01, one a day. */
export function dates(steps: number): string[] {
  return Array.from({ length: steps + 1 }, (_, k) => addDays('2026-01-01', k));
}

/** A signal whose quantile q at step k is f(q, k) (q in 0.01 … 0.99) and whose mean is f(0.5, k). */
export function signal(model: string, unit: string, steps: number, f: (q: number, k: number) => number): SignalSummary {
  const ks = Array.from({ length: steps + 1 }, (_, k) => k);
  const at = (q: number) => ks.map((k) => f(q, k));
  return { unit, model, t: dates(steps), mean: at(0.5), nonFinite: 0, p01: at(0.01), p05: at(0.05), p25: at(0.25), p50: at(0.5), p75: at(0.75), p95: at(0.95), p99: at(0.99) };
}

/** An event that first happens on the given steps, with those counts, out of `paths`. */
export function event(description: string, paths: number, hits: Record<number, number>, steps: number): EventSummary {
  const hitsByStep = Array.from({ length: steps + 1 }, (_, k) => hits[k] ?? 0);
  const total = hitsByStep.reduce((a, b) => a + b, 0);
  const days = hitsByStep.flatMap((h, k) => Array(h).fill(k) as number[]);
  const q = (p: number) => days[Math.floor(p * (total - 1))];
  const day = total ? { p05: q(0.05), p50: q(0.5), p95: q(0.95) } : null;
  const t = dates(steps);
  return { description, probability: total / paths, paths: total, day, date: day ? { p05: t[day.p05], p50: t[day.p50], p95: t[day.p95] } : null, hitsByStep };
}

/** A stored run of one or more points built from signals and events, for report tests. */
export function storedRun(
  points: { signals: Record<string, SignalSummary>; events?: Record<string, EventSummary>; conditions?: Record<string, EventCondition>; sweepValues?: Record<string, unknown>; resolved?: Record<string, unknown> }[],
  models: RunInfo['models'] = [],
): StoredRun {
  const steps = Object.values(points[0].signals)[0].t.length - 1;
  const result: PointResult[] = points.map((p, k) => ({
    manifest: {
      cascadeVersion: '0.0.0',
      scenario: 'synthetic',
      file: 'synthetic.yaml',
      scenarioHash: String(k).padStart(64, '0'),
      seed: 1,
      paths: 1000,
      steps,
      stepDays: 1,
      startDate: '2026-01-01',
      threads: 1,
      elapsedMs: 10,
      point: p.sweepValues ? Object.entries(p.sweepValues).map(([a, v]) => `${a}=${JSON.stringify(v)}`).join(', ') : 'base',
      sweepValues: p.sweepValues ?? {},
    },
    resolved: { name: 'synthetic', start: '2026-01-01', horizonDays: steps, paths: 1000, seed: 1, events: [], schedule: [], ...p.resolved },
    signals: p.signals,
    events: p.events ?? {},
    terminal: {},
    samples: [],
    conditions: p.conditions ?? {},
  }));
  const info: RunInfo = {
    id: 'feedbeef',
    createdAt: '2026-01-02T03:04:05.000Z',
    completedAt: '2026-01-02T03:04:06.000Z',
    status: 'complete',
    scenario: 'synthetic',
    description: 'A synthetic run <for tests> & checks',
    file: 'synthetic.yaml',
    points: points.length,
    paths: 1000 * points.length,
    seed: 1,
    threads: 1,
    elapsedMs: 1000,
    cascadeVersion: '0.0.0',
    codeHash: 'test',
    pid: 1,
    host: 'test',
    command: 'cascade run synthetic.yaml',
    models,
    sources: ['a source'],
    error: null,
    pointInfo: result.map((p, index) => ({ index, label: p.manifest.point, scenarioHash: p.manifest.scenarioHash, seed: 1, paths: 1000, steps, threads: 1, elapsedMs: 10, reusedFrom: null })),
  };
  return { info, result: { file: 'synthetic.yaml', name: 'synthetic', description: info.description, points: result } };
}
