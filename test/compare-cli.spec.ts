import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cascade, tempDir } from './helpers.js';

/** `cascade compare` through the built CLI: two small runs of the same seed, with and without --per-path. */
describe('cascade compare', () => {
  const dir = tempDir('cascade-compare-');
  const scenario = (name: string, shock: number) => {
    const file = path.join(dir, `${name}.yaml`);
    fs.writeFileSync(
      file,
      `name: ${name}\nstart: 2026-01-01\nhorizonDays: 10\npaths: 1500\nseed: 4\nmodels:\n  market: {}\nschedule:\n  - at: 2026-01-03\n    shock: [{ signal: btc.price, multiply: ${shock} }]\nevents:\n  - { name: below-75k, when: btc.price < 75000 }\nrecord: [btc.price]\n`,
    );
    return file;
  };
  const idOf = (stdout: string) => /stored as run ([0-9a-f]{8})/.exec(stdout)![1];

  it('prints events side by side with a paired interval and writes one HTML report', () => {
    const a = cascade(['run', scenario('calm', 0.95), '--per-path', '--threads', '1']);
    const b = cascade(['run', scenario('crash', 0.8), '--per-path', '--threads', '1']);
    expect(a.status, a.stderr).toBe(0);
    expect(b.status, b.stderr).toBe(0);
    const out = path.join(dir, 'cmp.html');
    const c = cascade(['compare', idOf(a.stdout), idOf(b.stdout), '--out', out]);
    expect(c.status, c.stderr).toBe(0);
    expect(c.stdout).toMatch(/below-75k\s+\d+\.\d%\s+\d+\.\d%\s+\+\d+\.\d \[\+\d+\.\d, \+\d+\.\d\] paired/);
    expect(c.stderr).toContain(`comparison report: ${out}`);
    const html = fs.readFileSync(out, 'utf8');
    expect(html).toContain('Events side by side');
    expect(html).toContain('data-chart="compare-signal"');
  });

  it('says the interval is unpaired without per-path tables, and refuses fewer than two runs', () => {
    const a = cascade(['run', scenario('calm2', 0.95), '--threads', '1']);
    const b = cascade(['run', scenario('crash2', 0.8), '--threads', '1']);
    const c = cascade(['compare', idOf(a.stdout), idOf(b.stdout), '--out', path.join(dir, 'cmp2.html')]);
    expect(c.status, c.stderr).toBe(0);
    expect(c.stdout).toMatch(/below-75k.* unpaired/);
    expect(c.stdout).toContain('run them with --per-path for a paired interval');
    const one = cascade(['compare', idOf(a.stdout)]);
    expect(one.status).toBe(1);
    expect(one.stderr).toContain('compare needs at least two runs');
  });

  it('discover: PRIM on a stored run’s per-path table for any event, and says what is missing', () => {
    const file = path.join(dir, 'disc.yaml');
    fs.writeFileSync(
      file,
      'name: disc\nstart: 2026-01-01\nhorizonDays: 10\npaths: 1500\nseed: 9\nmodels:\n  market: {}\nschedule:\n  - at: 2026-01-03\n    shock: [{ signal: btc.price, multiply: { dist: uniform, min: 0.6, max: 1.0 } }]\nevents:\n  - { name: below-60k, when: btc.price < 60000 }\nrecord: [btc.price]\n',
    );
    const run = cascade(['run', file, '--per-path', '--threads', '1']);
    expect(run.status, run.stderr).toBe(0);
    const id = idOf(run.stdout);
    const d = cascade(['discover', id, '--event', 'below-60k']);
    expect(d.status, d.stderr).toBe(0);
    // the box bounds the shock from above (a deep cut makes the fall); its low end may be peeled too
    expect(d.stdout).toMatch(/btc\.price\.multiply@2026-01-03\s+(—|0\.\d+)\s+0\.[6-8]\d*/);
    expect(d.stdout).toMatch(/in the box: (9\d|100)\.\d% of paths have the event/);
    const missing = cascade(['discover', id, '--event', 'nope']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('has no event "nope"; its events: market.stress, below-60k');
  });
});
