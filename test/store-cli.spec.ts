import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { main } from '../src/cli/main.js';
import { RunStore } from '../src/store/store.js';
import { BIN, cascade as cascadeProcess, tempDir } from './helpers.js';

// What is checked here is the bookkeeping (stored, listed, reused, reported, exported,
// refused), not the statistics: small runs (the market, ≤ 400 paths, 30 days), and commands run in
// this process (no Node and DuckDB start-up per command) except where a separate process is
// the point: killing one, and a lock held by another. test/cli.spec.ts runs the built binary.
const dir = tempDir();
const small = path.join(dir, 'small.yaml');
// the market alone (8 signals): the reports these tests render stay small
const MARKET_ONLY = 'start: 2026-02-05\nseed: 20260205\nhorizonDays: 30\nmodels:\n  market: { priceUsd: 73300, peakUsd: 126080, initialRegime: stress }\nevents:\n  - { name: btc-below-60k, when: btc.price < 60000 }\n';
fs.writeFileSync(small, `name: small-stress\npaths: 400\n${MARKET_ONLY}`);
const sweep = path.join(dir, 'sweep.yaml');
fs.writeFileSync(sweep, `name: small-sweep\npaths: 300\n${MARKET_ONLY}sweep:\n  grid:\n    market.jumpsStressPerYear: [0, 24]\n`);

/** Runs `cascade ARGS` in this process (one thread), capturing its output and exit code. */
async function cascade(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const write = { out: process.stdout.write, err: process.stderr.write };
  const env = { CASCADE_STORE: process.env.CASCADE_STORE, CASCADE_STORE_WAIT_MS: process.env.CASCADE_STORE_WAIT_MS };
  const cwd = process.cwd();
  process.stdout.write = ((c: string | Uint8Array) => out.push(String(c)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((c: string | Uint8Array) => err.push(String(c)) > 0) as typeof process.stderr.write;
  Object.assign(process.env, { CASCADE_STORE: '', CASCADE_STORE_WAIT_MS: '' }, opts.env);
  if (opts.cwd) process.chdir(opts.cwd);
  process.exitCode = undefined;
  try {
    await main(['node', 'cascade', ...args, ...(args[0] === 'run' && !args.includes('--threads') ? ['--threads', '1'] : [])]);
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
    for (const [k, v] of Object.entries(env)) v === undefined ? delete process.env[k] : (process.env[k] = v);
    process.chdir(cwd);
  }
  const status = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { status, stdout: out.join(''), stderr: err.join('') };
}

const noStackTrace = (text: string) => expect(text).not.toMatch(/\n\s+at [\w.<>]+ \(/);
const runs = async (store: string) => JSON.parse((await cascade(['runs', '--json', '--store', store])).stdout) as { id: string; status: string; pointInfo: { reusedFrom: string | null }[] }[];

describe('cascade run stores every run; runs, report and export read the store', () => {
  const store = path.join(dir, 'store');

  it('stores a run, lists it, reuses it with --reuse only when hash, seed and version match', async () => {
    const first = await cascade(['run', small, '--store', store, '--json']);
    expect(first.status, first.stderr).toBe(0);
    const a = JSON.parse(first.stdout);
    expect(a.run.id).toMatch(/^[0-9a-f]{8}$/);
    expect(first.stderr).toContain(`stored as run ${a.run.id}`);

    const again = await cascade(['run', small, '--store', store, '--reuse']);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain(`reused this scenario from stored run ${a.run.id}/1`);
    expect(again.stdout).toMatch(/not recomputed/);

    const other = await cascade(['run', small, '--store', store, '--seed', '9', '--reuse', '--json']);
    expect(other.status, other.stderr).toBe(0);
    expect(JSON.parse(other.stdout).run.reusedFrom).toEqual([null]);

    const listed = (await runs(store));
    expect(listed).toHaveLength(3);
    expect(listed.every((r) => r.status === 'complete')).toBe(true);
    expect(listed[1].pointInfo[0].reusedFrom).toBe(`${a.run.id}/1`);

    // the reused run's numbers are the stored ones, bit for bit
    const reusedId = listed[1].id;
    const exported = path.join(dir, 'reused-json');
    expect((await cascade(['export', reusedId, '--store', store, '--format', 'json', '--out', exported])).status).toBe(0);
    const b = JSON.parse(fs.readFileSync(path.join(exported, 'result.json'), 'utf8'));
    expect(JSON.stringify(b.signals)).toBe(JSON.stringify(a.signals));
    expect(JSON.stringify(b.events)).toBe(JSON.stringify(a.events));

    const table = await cascade(['runs', '--store', store]);
    // one row per run: id, date, scenario, points, paths, status
    expect(table.stdout).toMatch(new RegExp(`${a.run.id}\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\s+small-stress\\s+1\\s+400\\s+complete`));
    expect(table.stdout).toContain('complete (1 reused)');
  });

  it('writes the report of a run by id prefix or latest, and exports csv and parquet', async () => {
    const [latest] = (await runs(store));
    const out = path.join(dir, 'r.html');
    const r = await cascade(['report', latest.id.slice(0, 4), '--store', store, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(out);
    const html = fs.readFileSync(out, 'utf8');
    expect(html).toContain('<title>small-stress — Cascade stress test</title>');
    expect(html).toContain(latest.id);
    const def = await cascade(['report', '--store', store]);
    expect(def.stdout.trim()).toBe(path.join(store, 'reports', `${latest.id}.html`));

    for (const format of ['csv', 'parquet']) {
      const e = await cascade(['export', 'latest', '--store', store, '--format', format, '--out', path.join(dir, format)]);
      expect(e.status, e.stderr).toBe(0);
      expect(e.stdout.trim().split('\n').map((f) => path.basename(f))).toEqual([...['run', 'points', 'signals', 'events', 'event_days', 'terminal', 'samples'].map((t) => `${t}.${format}`), 'README.md']);
    }
    const csv = fs.readFileSync(path.join(dir, 'csv', 'signals.csv'), 'utf8').split('\n');
    expect(csv[0]).toBe('point,label,signal,model,unit,step,date,mean,p01,p05,p25,p50,p75,p95,p99');
    expect(csv[1]).toMatch(/^1,base,btc\.price,market,USD,0,2026-02-05,73300/);
    // events carry the 95% interval of their probability; the README names every column of every file
    const events = fs.readFileSync(path.join(dir, 'csv', 'events.csv'), 'utf8').split('\n')[0].split(',');
    expect(events).toEqual(expect.arrayContaining(['probability', 'probability_ci95_lo', 'probability_ci95_hi']));
    const readme = fs.readFileSync(path.join(dir, 'csv', 'README.md'), 'utf8');
    for (const file of ['run', 'points', 'signals', 'events', 'event_days', 'terminal', 'samples']) {
      const header = fs.readFileSync(path.join(dir, 'csv', `${file}.csv`), 'utf8').split('\n')[0].split(',');
      for (const column of header) expect(readme, `${file}.csv ${column}`).toContain(`\`${column}\``);
    }
  });

  it('stores each sweep point, compares them in the report, and reports one point with ID/K', async () => {
    const r = await cascade(['run', sweep, '--store', store, '--report', path.join(dir, 'sweep.html')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`report: ${path.join(dir, 'sweep.html')}`);
    const id = (await runs(store))[0].id;
    const table = (await cascade(['runs', '--store', store])).stdout;
    expect(table).toMatch(new RegExp(`${id}\\s.*\\s2\\s+600\\s+complete`));
    // exports number points from 1 and give each swept parameter a column of its own
    const e = await cascade(['export', id, '--store', store, '--format', 'csv', '--out', path.join(dir, 'sweep-csv')]);
    expect(e.status, e.stderr).toBe(0);
    const events = fs.readFileSync(path.join(dir, 'sweep-csv', 'events.csv'), 'utf8').trim().split('\n');
    expect(events[0]).toMatch(/^point,label,market\.jumpsStressPerYear,event,/);
    const pairs = events.slice(1).map((l) => l.split(',')).map((c) => `${Number(c[0])},${Number(c[2])}`);
    expect(new Set(pairs)).toEqual(new Set(['1,0', '2,24']));
    const html = fs.readFileSync(path.join(dir, 'sweep.html'), 'utf8');
    expect(html).toContain('Sweep: the points side by side');
    expect(html.match(/<details class="point"/g)).toHaveLength(2);
    const one = await cascade(['report', `${id}/2`, '--store', store]);
    expect(one.status, one.stderr).toBe(0);
    expect(one.stdout.trim()).toMatch(new RegExp(`${id}-p2\\.html$`));
    const onlyOne = fs.readFileSync(one.stdout.trim(), 'utf8');
    expect(onlyOne).not.toContain('Sweep: the points side by side');
    expect(onlyOne).toContain('market.jumpsStressPerYear=24');
  });

  it('uses ./.cascade in the working folder by default, CASCADE_STORE when set', async () => {
    const cwd = tempDir();
    const r = await cascade(['run', small, '--paths', '50'], { cwd, env: { CASCADE_STORE: '' } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/stored as run [0-9a-f]{8} in \.cascade\b/);
    expect(fs.existsSync(path.join(cwd, '.cascade', 'runs.duckdb'))).toBe(true);
    const viaEnv = await cascade(['runs', '--json'], { cwd, env: { CASCADE_STORE: path.join(cwd, '.cascade') } });
    expect(JSON.parse(viaEnv.stdout)).toHaveLength(1);
    const none = await cascade(['run', small, '--paths', '50', '--no-store'], { cwd, env: { CASCADE_STORE: '' } });
    expect(none.stdout).not.toContain('stored as run');
    expect(JSON.parse((await cascade(['runs', '--json'], { cwd, env: { CASCADE_STORE: '' } })).stdout)).toHaveLength(1);
  });
});

describe('interrupted runs never read as complete', () => {
  it('SIGKILL while computing leaves the run interrupted, with no results, and the store usable', async () => {
    const store = path.join(dir, 'killed');
    // long enough to be killed while computing: the flagship's 180 days × 50k paths on one thread take tens of seconds
    const child = spawn(process.execPath, [BIN, 'run', '--paths', '50000', '--threads', '1', '--store', store], { env: { ...process.env, CASCADE_STORE: '' }, stdio: 'ignore' });
    const id = await waitForRunning(store);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const listed = (await runs(store));
    expect(listed.map((r) => [r.id, r.status])).toEqual([[id, 'interrupted']]);
    const rep = await cascade(['report', id, '--store', store]);
    expect(rep.status).toBe(1);
    expect(rep.stderr).toContain(`run ${id} was interrupted before it completed: it has no results`);
    expect((await cascade(['report', 'latest', '--store', store])).stderr).toContain('no complete run');
    expect((await cascade(['run', small, '--paths', '50', '--store', store])).status).toBe(0);
  });

  it('Ctrl-C (SIGINT) marks the run interrupted and exits 130', async () => {
    const store = path.join(dir, 'ctrl-c');
    // on worker threads (the default) the main thread is free to take the signal at once
    const child = spawn(process.execPath, [BIN, 'run', '--paths', '50000', '--threads', '2', '--store', store], { env: { ...process.env, CASCADE_STORE: '' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const id = await waitForRunning(store);
    child.kill('SIGINT');
    const code = await new Promise((r) => child.once('exit', (c) => r(c)));
    expect(code).toBe(130);
    expect(stderr).toContain(`run ${id} is marked interrupted`);
    await storeQuery(store, async (s) => expect(await s.query(`SELECT status FROM runs WHERE run_id = '${id}'`)).toEqual([{ status: 'interrupted' }]));
  });

  it('a kill between writing the results and COMMIT leaves no result rows and no complete mark', async () => {
    const store = path.join(dir, 'torn');
    const r = cascadeProcess(['run', small, '--paths', '200', '--store', store], { env: { CASCADE_FAULT: 'kill-before-commit' } });
    expect(r.signal).toBe('SIGKILL');
    await storeQuery(store, async (s) => {
      const [run] = await s.listRuns();
      expect(run.status).toBe('interrupted');
      for (const table of ['points', 'signals', 'signal_steps', 'events', 'event_days', 'terminal', 'samples']) {
        expect(await s.query(`SELECT count(*)::INTEGER AS n FROM ${table}`), table).toEqual([{ n: 0 }]);
      }
    });
    expect((await runs(store))[0].status).toBe('interrupted');
  });
});

describe('clear errors, never a stack trace', () => {
  it('unknown or ambiguous run ids, missing stores, bad formats, --report without a store', async () => {
    const store = path.join(dir, 'errors');
    expect((await cascade(['run', small, '--paths', '50', '--store', store])).status).toBe(0);
    const unknown = await cascade(['report', 'ffffffff', '--store', store]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/^cascade: no stored run matches "ffffffff" in .*errors; `cascade runs` lists them\n$/);
    const missing = await cascade(['report', 'latest', '--store', path.join(dir, 'nowhere')]);
    expect(missing.stderr).toMatch(/^cascade: no run store at .*nowhere: nothing has been run with this store yet/);
    expect((await cascade(['runs', '--store', path.join(dir, 'nowhere')])).stdout).toMatch(/^no runs stored in .*nowhere yet/);
    const format = await cascade(['export', 'latest', '--store', store, '--format', 'xlsx']);
    expect(format.status).toBe(1);
    expect(format.stderr).toContain('--format must be one of csv, json, parquet, got "xlsx"');
    const both = await cascade(['run', small, '--no-store', '--report']);
    expect(both.status).toBe(1);
    expect(both.stderr).toContain('--report writes the report of the stored run: drop --no-store');
    for (const r of [unknown, missing, format, both]) noStackTrace(r.stderr);
  });

  it('a damaged store file and a store locked by another process', async () => {
    const bad = path.join(dir, 'bad');
    fs.mkdirSync(bad);
    fs.writeFileSync(path.join(bad, 'runs.duckdb'), 'PK\u0003\u0004 not a database at all'.repeat(100));
    for (const args of [['runs'], ['report', 'latest'], ['run', small, '--paths', '50']]) {
      const r = await cascade([...args, '--store', bad]);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(/^cascade: the run store .*bad\/runs\.duckdb is damaged or is not a Cascade run store .*Move it aside/);
      noStackTrace(r.stderr);
    }

    const locked = path.join(dir, 'locked');
    expect((await cascade(['run', small, '--paths', '50', '--store', locked])).status).toBe(0);
    const holder = await DuckDBInstance.create(path.join(locked, 'runs.duckdb'));
    try {
      const r = cascadeProcess(['runs', '--store', locked], { env: { CASCADE_STORE_WAIT_MS: '300' } });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^cascade: the run store .*locked/runs\\.duckdb is locked by process ${process.pid} \\(.*\\); waited 0\\.3s\\. Wait for that command to finish, or use another store`));
      noStackTrace(r.stderr);
    } finally {
      holder.closeSync();
    }
    expect((await cascade(['runs', '--store', locked])).status).toBe(0);
  });
});

describe('a finished run is never thrown away when another process holds the store', () => {
  // a run long enough (market, 100k paths, one thread: seconds) for a holder to take the store
  // between the run's start and its commit; the holder lets go once the run says it waits
  const slow = ['run', small, '--paths', '100000', '--threads', '1', '--json'];

  /** A run that finishes while a holder (taken after the run began) keeps the store: it waits. */
  async function waitingRun(store: string) {
    const holder = await lockHolder(path.join(store, 'runs.duckdb'));
    const child = spawn(process.execPath, [BIN, ...slow, '--store', store], { env: { ...process.env, CASCADE_STORE: '', CASCADE_STORE_WAIT_MS: '300' } });
    const out = collect(child);
    const id = await waitForRunning(store);
    await holder.lock();
    await out.waitFor(/waiting for the store/);
    return { holder, child, out, id };
  }

  it('waits for the store as long as it takes (saying so), keeping the results in a side file meanwhile', async () => {
    const store = path.join(dir, 'busy');
    const { holder, out, id } = await waitingRun(store);
    expect(out.stderr()).toMatch(new RegExp(`waiting for the store: process ${holder.pid} \\(.*\\) is writing to it; this run's results are safe in .*pending/${id}\\.jsonl`));
    expect(fs.existsSync(path.join(store, 'pending', `${id}.jsonl`))).toBe(true);
    holder.release();
    expect(await out.exit).toBe(0);
    expect(JSON.parse(out.stdout()).run.id).toBe(id);
    expect((await runs(store)).map((r) => [r.id, r.status])).toEqual([[id, 'complete']]);
    expect(fs.readdirSync(path.join(store, 'pending'))).toEqual([]);
  });

  it('Ctrl-C while waiting leaves the results in the side file; the next command stores them', async () => {
    const store = path.join(dir, 'busy-ctrl-c');
    const { holder, child, out, id } = await waitingRun(store);
    child.kill('SIGINT');
    expect(await out.exit).toBe(130);
    expect(out.stderr()).toContain(`interrupted while waiting for the store; the results of run ${id} are kept in ${path.join(store, 'pending', `${id}.jsonl`)}`);
    holder.release();
    await holder.exited;
    const listed = await cascade(['runs', '--json', '--store', store]);
    expect(listed.stderr).toContain(`stored run ${id} (small-stress) from its side file`);
    expect(JSON.parse(listed.stdout).map((r: { id: string; status: string }) => [r.id, r.status])).toEqual([[id, 'complete']]);
    const exported = await cascade(['export', id, '--store', store, '--format', 'json', '--out', path.join(dir, 'busy-json')]);
    expect(exported.status, exported.stderr).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'busy-json', 'result.json'), 'utf8')).manifest.paths).toBe(100000);
  });
});

describe('output and store paths that are not regular files or folders', () => {
  it('refuses devices, pipes, /proc and /sys at once, without a stack trace, and leaves them as they were', async () => {
    const store = path.join(dir, 'paths');
    expect((await cascade(['run', small, '--paths', '50', '--store', store])).status).toBe(0);
    const fifo = path.join(dir, 'out.fifo');
    execFileSync('mkfifo', [fifo]);
    const cases: [string[], RegExp][] = [
      [['report', 'latest', '--out', fifo], /refusing to write .*out\.fifo: it is a named pipe \(FIFO\)/],
      [['report', 'latest', '--out', path.join(small, 'r.html')], /small\.yaml is a regular file, not a folder/],
      [['export', 'latest', '--format', 'json', '--out', path.join(small, 'x')], /small\.yaml is a regular file, not a folder/],
      [['run', small, '--paths', '50', '--store', small], /the run store folder .*small\.yaml is a regular file, not a folder/],
    ];
    if (fs.existsSync('/proc/self')) {
      cases.push([['report', 'latest', '--out', '/proc/cascade-x/r.html'], /cannot create the output folder \/proc\/cascade-x/]);
      cases.push([['export', 'latest', '--format', 'csv', '--out', '/proc/cascade-x'], /cannot create the export folder \/proc\/cascade-x/]);
      cases.push([['run', small, '--paths', '50', '--store', '/proc/cascade-x'], /cannot create the run store folder \/proc\/cascade-x/]);
      cases.push([['report', 'latest', '--out', '/sys/cascade.html'], /cannot write \/sys\/cascade\.html: (permission denied|read-only)/]);
    }
    for (const [args, message] of cases) {
      const r = await cascade([...args, ...(args.includes('--store') ? [] : ['--store', store])]);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toContain('internal error');
      noStackTrace(r.stderr);
    }
    expect(fs.lstatSync(fifo).isFIFO()).toBe(true);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a store truncated by one byte: report and export say it is damaged and what to do', async () => {
    const store = path.join(dir, 'truncated');
    expect((await cascade(['run', small, '--paths', '50', '--store', store])).status).toBe(0);
    const file = path.join(store, 'runs.duckdb');
    fs.truncateSync(file, fs.statSync(file).size - 1);
    for (const args of [['report', 'latest'], ['export', 'latest', '--format', 'json', '--out', path.join(dir, 'trunc-out')]]) {
      const r = await cascade([...args, '--store', store]);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(/^cascade: the run store .*truncated\/runs\.duckdb is damaged or is not a Cascade run store \(.*\)\. Move it aside/);
    }
  });
});

/** The output of a child process as it comes, and its exit code. */
function collect(child: ChildProcess) {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  let exited = false;
  void exit.then(() => (exited = true));
  return {
    stdout: () => stdout,
    stderr: () => stderr,
    exit,
    async waitFor(re: RegExp, ms = 120_000) {
      const deadline = Date.now() + ms;
      while (!re.test(stderr)) {
        if (exited) throw new Error(`the process exited before printing ${re}: ${stderr}`);
        if (Date.now() > deadline) throw new Error(`no ${re} in: ${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

/** Another process that takes a DuckDB file's write lock on demand and lets it go on demand. */
async function lockHolder(file: string) {
  const script = `
    const { DuckDBInstance } = await import('@duckdb/node-api');
    let db;
    process.stdout.write('ready\\n');
    process.stdin.on('data', async (d) => {
      if (String(d).includes('lock') && !db) {
        for (;;) {
          try { db = await DuckDBInstance.create(process.argv[1]); break; } catch { await new Promise((r) => setTimeout(r, 20)); }
        }
        process.stdout.write('locked\\n');
      }
      if (String(d).includes('release')) { db?.closeSync(); process.exit(0); }
    });`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, file], { stdio: ['pipe', 'pipe', 'inherit'], cwd: process.cwd() });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  const until = async (word: string) => {
    while (!out.includes(word)) await new Promise((r) => setTimeout(r, 20));
  };
  const exited = new Promise((r) => child.once('exit', r));
  await until('ready');
  return {
    pid: child.pid,
    exited,
    async lock() {
      child.stdin!.write('lock\n');
      await until('locked');
    },
    release() {
      child.stdin!.write('release\n');
    },
  };
}

/** Polls the store (read-only, briefly) until a run is recorded as running; returns its id. */
async function waitForRunning(store: string): Promise<string> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (fs.existsSync(path.join(store, 'runs.duckdb'))) {
      const id = await storeQuery(store, async (s) => (await s.listRuns()).find((r) => r.status === 'running')?.id).catch(() => undefined);
      if (id) return id;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the run never showed up as running');
}

async function storeQuery<T>(store: string, fn: (s: RunStore) => Promise<T>): Promise<T> {
  const s = await RunStore.open(store, { readOnly: true, waitMs: 5000 });
  try {
    return await fn(s);
  } finally {
    s.close();
  }
}

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
