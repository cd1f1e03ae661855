/**
 * `cascade reverse` and `--set` from the command line (needs `npm run build`): the answer and
 * the curve on stdout, the manifest's `set`, and input problems as FILE:LINE:COL lines with
 * exit code 1, never a stack trace.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cascade, tempDir } from './helpers.js';

const dir = tempDir();
const FILE = path.join(dir, 'still.yaml');
// a market that does not move, hit on day 1 by a shock uniform on [0.8, 1.0]: P(BTC < 60k) is
// (60000/S − 0.8)/0.2 from a start S, which crosses 0.5 at S = 66,667 (see src/analysis/reverse)
fs.writeFileSync(
  FILE,
  `name: still-market
start: 2026-02-05
horizonDays: 2
paths: 300
seed: 5
models:
  market: { priceUsd: 70000, initialRegime: calm, driftCalmPerYear: 0, driftStressPerYear: 0, volCalmPerSqrtYear: 0, volStressPerSqrtYear: 0, initialVolPerSqrtYear: 0, jumpsCalmPerYear: 0, jumpsStressPerYear: 0, garchAlpha: 0, trendGain: 0 }
record: [btc.price]
output: { samplePaths: 0 }
schedule:
  - at: 2026-02-06
    shock:
      - signal: btc.price
        multiply: { dist: uniform, min: 0.8, max: 1.0 }
events:
  - name: below60k
    when: btc.price < 60000
`,
);

describe('cascade reverse', () => {
  it('prints the threshold with its interval and the traced curve', () => {
    const r = cascade(['reverse', FILE, '--vary', 'market.priceUsd', '--event', 'below60k', '--range', '61000..80000', '--threads', '1']);
    expect(r.status, r.stderr).toBe(0);
    const m = /threshold: market\.priceUsd = (\d+)\s+\(95% interval (\d+) to (\d+)/.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    const [x, lo, hi] = m!.slice(1).map(Number);
    expect(Math.abs(x - 66667)).toBeLessThan(1300); // 3 sd at 300 paths (sd ≈ 430 USD)
    expect(lo).toBeLessThan(x);
    expect(hi).toBeGreaterThan(x);
    expect(r.stdout.match(/#\d+/g)!.length).toBeGreaterThanOrEqual(4);
  }, 120_000);

  it('exits 1 with a plain message when the range does not bracket the target or the event is unknown', () => {
    const none = cascade(['reverse', FILE, '--vary', 'market.priceUsd', '--event', 'below60k', '--range', '70000..80000', '--threads', '1']);
    expect(none.status).toBe(1);
    expect(none.stdout).toContain('not bracketed');
    const unknown = cascade(['reverse', FILE, '--vary', 'market.priceUsd', '--event', 'below6k', '--threads', '1']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("cascade: --event below6k: expected one of the scenario's events");
    expect(unknown.stderr).not.toContain('    at ');
  }, 120_000);
});

describe('--set', () => {
  it('sets a shock and a top-level field, shown in the manifest and resolved', () => {
    const r = cascade(['run', FILE, '--no-store', '--json', '--threads', '1', '--set', 'shock.btc.price.multiply=0.5', '--set', 'paths=100']);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.manifest.set).toEqual({ 'shock.btc.price.multiply': 0.5, paths: 100 });
    expect(doc.resolved.set).toEqual(doc.manifest.set);
    expect(doc.manifest.paths).toBe(100);
    expect(doc.events.below60k.probability).toBe(1); // 70,000 × 0.5 < 60,000 on every path
  }, 120_000);

  it('reports a bad value as --set:N:COL with the file’s message, exit 1', () => {
    const r = cascade(['validate', FILE, '--set', 'seed=2', '--set', 'market.volCalmPerSqrtYear=-1']);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('--set:2:27 market.volCalmPerSqrtYear: expected a number ≥ 0 and ≤ 5 (1/√year), found -1');
  });
});
