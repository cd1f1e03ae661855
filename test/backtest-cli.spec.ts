import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cascade, ROOT, tempDir } from './helpers.js';

// The bookkeeping of `cascade backtest` (stored like a run, listed, reported, exported), not its
// statistics (src/backtest and the market's backtest spec check those): a small backtest of the
// shipped backtest scenario, 7 monthly origins, 150 paths each.
const dir = tempDir();
const store = path.join(dir, 'store');
const file = path.join(dir, 'small-backtest.yaml');
const shipped = fs.readFileSync(path.join(ROOT, 'scenarios', 'btc-market-backtest.yaml'), 'utf8');
fs.writeFileSync(
  file,
  shipped
    .replace(/^name: .*$/m, 'name: small-backtest')
    .replace(/^  from: .*$/m, '  from: 2019-01-01')
    .replace(/^  to: .*$/m, '  to: 2019-07-01')
    .replace(/^  horizons: .*$/m, '  horizons: [1, 30]')
    .replace(/^  paths: .*$/m, '  paths: 150')
    .replace(/^  data: .*$/m, ''),
);
// the data path is relative to the repository, so the command runs there with an absolute store

describe('cascade backtest stores the backtest like a run', () => {
  const run = cascade(['backtest', file, '--store', store, '--report', path.join(dir, 'bt.html')]);

  it('prints the tables, stores the run and writes the report', () => {
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/CRPS of ln P/);
    expect(run.stdout).toMatch(/stored as run [0-9a-f]{8}/);
    const html = fs.readFileSync(path.join(dir, 'bt.html'), 'utf8');
    // one CRPS chart, two coverage charts, a PIT histogram per horizon, a reliability diagram per event
    expect(html.match(/data-chart="backtest-crps"/g)).toHaveLength(1);
    expect(html.match(/data-chart="backtest-coverage"/g)).toHaveLength(2);
    expect(html.match(/data-chart="backtest-pit"/g)).toHaveLength(2);
    expect(html.match(/data-chart="backtest-reliability"/g)).toHaveLength(2);
    expect((html.match(/<svg/g) ?? []).length).toBe(7);
    expect(html).toMatch(/7: 1 Jan 2019/);
  });

  it('is listed complete, reported again from the store, and exported as tidy tables', () => {
    const id = /stored as run ([0-9a-f]{8})/.exec(run.stdout)![1];
    const runs = JSON.parse(cascade(['runs', '--json', '--store', store]).stdout) as { id: string; status: string; points: number }[];
    expect(runs.find((r) => r.id === id)).toMatchObject({ status: 'complete', points: 0 });
    const again = cascade(['report', id, '--store', store, '--out', path.join(dir, 'again.html')]);
    expect(again.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'again.html'), 'utf8')).toBe(fs.readFileSync(path.join(dir, 'bt.html'), 'utf8'));
    const out = path.join(dir, 'export');
    expect(cascade(['export', id, '--format', 'csv', '--store', store, '--out', out]).status).toBe(0);
    const horizons = fs.readFileSync(path.join(out, 'backtest_horizons.csv'), 'utf8').trim().split('\n');
    expect(horizons[0]).toMatch(/^forecaster,horizon_days,origins,crps,coverage50,coverage90/);
    expect(horizons).toHaveLength(1 + 3 * 2); // three forecasters × two horizons
    const events = fs.readFileSync(path.join(out, 'backtest_events.csv'), 'utf8').trim().split('\n');
    expect(events).toHaveLength(1 + 2 * 3); // two events × three forecasters
    const json = cascade(['export', id, '--format', 'json', '--store', store, '--out', path.join(dir, 'json')]);
    expect(json.status).toBe(0);
    const doc = JSON.parse(fs.readFileSync(path.join(dir, 'json', 'backtest.json'), 'utf8'));
    expect(doc.origins).toHaveLength(7);
    expect(doc.scores.byForecaster.model).toHaveLength(2);
  });
});
