import type { RunRecord } from './run-record.js';

/**
 * Tests only: what a record says, as comparable plain data. Exact sums are rounded once (their
 * partials depend on the order they were added in, their value does not); a quantile cell is
 * its sketch's data or its (value, count).
 */
export function recordFingerprint(r: RunRecord): unknown {
  return {
    paths: r.paths,
    signals: [...r.signals].map(([k, s]) => [
      k,
      s.cells.map((c) => (c.sketch ? c.sketch.toData() : [c.value, c.constantCount])),
      s.sums.values(),
      Array.from(s.finite),
      s.nonFinite,
      Array.from(s.terminal ?? []),
    ]),
    events: [...r.events].map(([k, e]) => [k, Array.from(e.hits)]),
    samples: r.samples.map((s) => [s.path, Object.entries(s.values).map(([k, v]) => [k, Array.from(v)])]),
  };
}
