import { describe, expect, it } from 'vitest';
import { runsToPrune } from './prune.js';
import type { RunInfo } from './store.js';

const DAY = 86_400_000;
const now = Date.parse('2026-12-03T12:00:00Z');
/** Runs newest first, one a day, the newest still running. */
const runs = Array.from({ length: 5 }, (_, k) => ({ id: `r${k}`, createdAt: new Date(now - k * DAY - 1000).toISOString(), status: k === 0 ? 'running' : 'complete' }) as RunInfo);

describe('which runs prune removes', () => {
  it('--keep N keeps the newest N, --older-than removes by age, both together remove either', () => {
    expect(runsToPrune(runs, { keep: 3 }, now).map((r) => r.id)).toEqual(['r3', 'r4']);
    expect(runsToPrune(runs, { olderThanMs: 2 * DAY }, now).map((r) => r.id)).toEqual(['r2', 'r3', 'r4']);
    expect(runsToPrune(runs, { keep: 4, olderThanMs: 3 * DAY }, now).map((r) => r.id)).toEqual(['r3', 'r4']);
  });

  it('never removes a run still running, even with --keep 0', () => {
    expect(runsToPrune(runs, { keep: 0 }, now).map((r) => r.id)).toEqual(['r1', 'r2', 'r3', 'r4']);
  });
});
