/**
 * Hostile input (issue 15): one block per finding of the fuzz, each with what failed before
 * and must hold now. Most checks load scenarios in this process, through the load path the CLI
 * uses (loadScenario: file, extends, validation, limits, plans); a few spawn the built CLI
 * where the process's exit code or its refusal to read is the point.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeChunks } from '../src/cli/run-command.js';
import { resultWarnings } from '../src/cli/warnings.js';
import { jsonChunks } from '../src/io/json-chunks.js';
import { registry } from '../src/models/index.js';
import { resultJson } from '../src/results/result-json.js';
import { runLoadedScenario, type ScenarioResult } from '../src/run-scenario.js';
import { formatIssue, ScenarioError, type ScenarioIssue } from '../src/scenario/issues.js';
import { estimateRunMemory, threadsWithinBudget, type RunShape } from '../src/scenario/memory.js';
import { loadScenario, type ScenarioOverrides } from '../src/scenario/plan.js';
import { cascade, tempDir } from './helpers.js';

const dir = tempDir('cascade-hostile-');
const MARKET = 'start: 2026-02-05\nhorizonDays: 10\npaths: 50\nmodels:\n  market: {}\n';

function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

/** The issues of loading `file` (none when it loads); any other exception fails the test. */
function issuesOf(file: string, overrides: ScenarioOverrides = {}): ScenarioIssue[] {
  try {
    loadScenario(file, registry, overrides);
    return [];
  } catch (err) {
    if (err instanceof ScenarioError) return err.issues;
    throw err;
  }
}

/** The first issue, checked to be in the FILE:LINE:COL form. */
function firstIssue(file: string, overrides?: ScenarioOverrides): ScenarioIssue {
  const issues = issuesOf(file, overrides);
  expect(issues.length, `no issue for ${file}`).toBeGreaterThan(0);
  for (const i of issues) expect(formatIssue(i)).toMatch(/^.+:\d+:\d+ \S.*: expected .+/);
  return issues[0];
}

describe('1. sketch accuracy below 0.005: quantiles stay right', () => {
  it('the October scenario at sketchAccuracy 0.0005: final-day quantiles within α of the exact terminal ones', async () => {
    const file = write('oct-fine.yaml', `extends: oct-2025-leverage-flush\nname: oct-fine\npaths: 300\noutput: { sketchAccuracy: 0.0005 }\n`);
    const loaded = loadScenario(file, registry);
    // the base point only (the sensitivity runs are the same check again)
    const base = { ...loaded, points: loaded.points.slice(0, 1), valid: { ...loaded.valid, scenario: { ...loaded.valid.scenario, sensitivity: undefined } } };
    const [point] = (await runLoadedScenario(base, { threads: 1 })).points;
    const n = point.manifest.steps;
    // before: 2,048 buckets kept magnitudes apart over a factor of 7.7 only; the median return read −0.057 against −0.0008
    for (const name of ['btc.return', 'btc.price', 'leverage.liquidatedLongUsd', 'leverage.cascadeReturn', 'leverage.openInterestUsd']) {
      const s = point.signals[name];
      const exact = point.terminal[name];
      for (const q of ['p05', 'p50', 'p95'] as const) {
        expect(Math.abs(s[q][n] - exact[q]), `${name} ${q}`).toBeLessThanOrEqual(0.0005 * Math.abs(exact[q]) + 1e-12);
      }
    }
  });
});

describe('2. memory: a budget checked before anything is allocated', () => {
  it('horizonDays: 36500 at 20 paths is refused at its line, naming the budget and how to raise it', () => {
    const file = write('long.yaml', 'extends: flagship\nname: long\nhorizonDays: 36500\npaths: 20\n');
    const issue = firstIssue(file);
    expect(issue.path).toBe('horizonDays');
    expect(issue.line).toBe(3);
    // the largest parts first: a century of daily sampled paths and stored rows, then the sketches of the steps with quantiles
    expect(issue.message).toMatch(/^expected a run within the memory budget limits\.maxMemoryMB = 4,096 MB, found an estimated \d+\.\d GB \(sampled paths \(8 × \d+ signals × 36,501 steps; output\.samplePaths lowers it\)/);
    expect(issue.message).toMatch(/quantile sketches \(\d+ signals × [\d,]+ steps with quantiles\)/);
    expect(issue.message).toContain('raise the budget with limits.maxMemoryMB or --max-memory');
  });

  it('1e8 paths of a one-day market run (under maxCells) is refused for its terminal values', () => {
    const file = write('wide.yaml', 'name: wide\nstart: 2026-02-05\nhorizonDays: 1\npaths: 100000000\nmodels:\n  market: {}\n');
    const issue = firstIssue(file);
    expect(issue.path).toBe('paths');
    expect(issue.message).toMatch(/terminal values \(8 signals × 100,000,000 paths; output\.keepTerminal: false drops them\) \d+\.\d GB/);
    // without terminal values it fits: sketches of one step are small
    expect(issuesOf(write('wide-no-terminal.yaml', 'name: wide\nstart: 2026-02-05\nhorizonDays: 1\npaths: 100000000\nmodels:\n  market: {}\noutput: { keepTerminal: false }\n'))).toEqual([]);
  });

  it('sweeps are capped (10,000 points by default) before any point is planned, 10^8 as fast as 10^6', () => {
    const values = '[' + Array.from({ length: 10 }, (_, k) => 0.1 + k / 10).join(', ') + ']';
    const keys = ['volCalmPerSqrtYear', 'volStressPerSqrtYear', 'jumpsCalmPerYear', 'jumpsStressPerYear', 'calmToStressPerDay', 'stressToCalmPerDay', 'jumpSdLog', 'driftCalmPerYear'];
    for (const k of [6, 8]) {
      const grid = keys.slice(0, k).map((p) => `    market.${p}: ${values}\n`).join('');
      const file = write(`sweep-${k}.yaml`, `name: big\n${MARKET}sweep:\n  grid:\n${grid}`);
      const started = Date.now();
      const issue = firstIssue(file);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(issue.path).toBe('sweep');
      expect(issue.line).toBe(7);
      expect(issue.message).toBe(`expected at most limits.maxPoints = 10,000 points, found a sweep grid of ${Array(k).fill(10).join(' × ')} = ${(10 ** k).toLocaleString('en-US')} points; vary fewer values, or raise the bound with limits.maxPoints or --max-points`);
    }
    // raised past the cap, the memory budget still holds the summaries of every point
    const issue = firstIssue(path.join(dir, 'sweep-6.yaml'), { maxPoints: 2_000_000 });
    expect(issue.path).toBe('sweep');
    expect(issue.message).toMatch(/memory budget .*summaries of 1,000,000 point\(s\)/);
  });

  it('a document longer than the longest string V8 holds is written piece by piece (--json of a big sweep, its export)', () => {
    // 520 points of ~1 MB each (one long text stands for a point's arrays): more than a string can hold
    const long = 'x'.repeat(1 << 20);
    const point = { manifest: { point: 'x' }, resolved: {}, signals: { s: { unit: 'USD', t: [long], mean: [1, 2] } }, events: {}, terminal: {}, samples: [] };
    const result = { file: 'x', name: 'x', description: '', points: Array(520).fill(point) } as unknown as ScenarioResult;
    const doc = resultJson(result);
    expect(() => JSON.stringify(doc)).toThrow(/Invalid string length/);
    let total = 0;
    let longest = 0;
    const sink = { write: (chunk: string) => ((total += chunk.length), (longest = Math.max(longest, chunk.length)), true) } as unknown as NodeJS.WritableStream;
    writeChunks(sink, jsonChunks(doc));
    expect(total).toBeGreaterThan(2 ** 29);
    expect(longest).toBeLessThan(4 << 20);
  });

  it('a run on more threads than fit the budget uses fewer (each worker keeps its own record)', () => {
    // the flagship over a year with quantiles kept on every day (output.quantilesDailyDays: 365)
    const flagship: RunShape = { paths: 10_000, steps: 365, signals: 173, events: 10, samplePaths: 8, keepTerminal: true, sketchAccuracy: 0.005, points: 1 };
    const one = estimateRunMemory(flagship, 1).bytes;
    const eight = estimateRunMemory(flagship, 8).bytes;
    expect(eight).toBeGreaterThan(4 * one);
    expect(threadsWithinBudget(flagship, 8, 4096 * 2 ** 20)).toBeLessThan(8);
    expect(threadsWithinBudget(flagship, 2, 4096 * 2 ** 20)).toBe(2);
    expect(threadsWithinBudget(flagship, 8, one)).toBe(1);
  });
});

describe('4. extends: only regular files, in the scenario’s folder tree or the built-ins, blamed on the extends line', () => {
  // the scenarios live in tree/; outside/ is beside it, not below it
  const outside = write('outside/secret.txt', 'SECRET-LINE-1: do not print\nroot:x:0:0:root:/root:/bin/bash\n');
  write('tree/placeholder', '');
  fs.symlinkSync(outside, path.join(dir, 'tree', 'inner-link.yaml'));
  execFileSync('mkfifo', [path.join(dir, 'tree', 'pipe.yaml')]);
  write('tree/huge-parent.yaml', '# padding\n'.repeat(120_000));
  write('tree/binary-parent.yaml', Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x00, 0xff]));
  write('tree/sub/base.yaml', `name: base\n${MARKET}`);

  const cases: [string, string, RegExp][] = [
    ['dev-zero', '/dev/zero', /found "\/dev\/zero", which is \/dev\/zero outside it; pass --allow-extends-outside/],
    ['dot-dot', '../../../../../../etc/passwd', /found "(\.\.\/)+etc\/passwd", which is \/etc\/passwd outside it/],
    ['missing', './sub/../../secret-elsewhere.txt', /expected an existing scenario, found no file/],
    ['link-out', './inner-link.yaml', /which is \(through a symbolic link\) .*outside\/secret\.txt outside it/],
    ['fifo', './pipe.yaml', /expected a scenario file to extend, found .*pipe\.yaml, which is a named pipe \(FIFO\)/],
    ['huge', './huge-parent.yaml', /found .*huge-parent\.yaml, which is 1\.1 MiB/],
    ['binary', './binary-parent.yaml', /found .*binary-parent\.yaml, which is binary data/],
    ['beside', '../outside/secret.txt', /found "\.\.\/outside\/secret\.txt", which is .*outside\/secret\.txt outside it/],
  ];
  for (const [name, ref, message] of cases) {
    it(`${name}: ${ref}`, () => {
      const file = write(`tree/ext-${name}.yaml`, `name: child\nextends: ${ref}\n`);
      const started = Date.now();
      const issue = firstIssue(file);
      expect(Date.now() - started).toBeLessThan(3000);
      expect([issue.file, issue.line, issue.col, issue.path]).toEqual([file, 2, 10, 'extends']);
      expect(issue.message).toMatch(message);
      expect(formatIssue(issue)).not.toContain('SECRET');
    });
  }

  it('with --allow-extends-outside a file that is not YAML is still blamed on the extends line and never quoted', () => {
    const file = write('tree/ext-allowed.yaml', `name: child\nextends: ../outside/secret.txt\n`);
    const issue = firstIssue(file, { allowExtendsOutside: true });
    expect([issue.line, issue.path]).toEqual([2, 'extends']);
    expect(issue.message).toMatch(/^expected a scenario file to extend, found .*secret\.txt, (which is not valid YAML|whose top level is not a mapping)/);
    expect(JSON.stringify(issuesOf(file, { allowExtendsOutside: true }))).not.toMatch(/SECRET|root:x/);
    const dev = firstIssue(write('tree/ext-allowed-dev.yaml', 'name: child\nextends: /dev/zero\n'), { allowExtendsOutside: true });
    expect(dev.message).toMatch(/^expected a scenario file to extend, found [./]*dev\/zero, which is a character device$/);
  });

  it('a subfolder and a built-in name still work; the top-level file must be a regular file too', () => {
    expect(issuesOf(write('tree/ext-sub.yaml', 'extends: ./sub/base.yaml\nname: child\n'))).toEqual([]);
    expect(issuesOf(write('tree/ext-builtin.yaml', 'extends: flagship\nname: child\npaths: 100\n'))).toEqual([]);
    const pipe = firstIssue(path.join(dir, 'tree', 'pipe.yaml'));
    expect(pipe.message).toBe('expected a scenario file (a regular file), found a named pipe (FIFO)');
  });

  it('the CLI: exit 1 at once, FILE:LINE for each, no content of the file', () => {
    const r = cascade(['validate', ...cases.map(([name]) => path.join(dir, 'tree', `ext-${name}.yaml`))]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(cases.length);
    for (const line of r.stderr.trim().split('\n')) expect(line).toMatch(/^.+ext-[\w-]+\.yaml:2:10 extends: expected /);
    expect(r.stderr).not.toContain('SECRET');
  });
});

describe('5. no internal error: prototype-named keys, YAML aliases', () => {
  const bad = [
    'market.constructor',
    'market.toString',
    'market.__proto__',
    'market.hasOwnProperty',
    '__proto__',
    'constructor',
    'toString',
  ];
  bad.forEach((key, k) => {
    it(`set and sweep.grid with ${key}: an unknown key at its line, with the known ones`, () => {
      const set = write(`proto-set-${k}.yaml`, `name: x\n${MARKET}schedule:\n  - at: 2026-02-06\n    set: { ${key}: 1 }\n`);
      const grid = write(`proto-grid-${k}.yaml`, `name: x\n${MARKET}sweep:\n  grid:\n    ${key}: [1, 2]\n`);
      for (const [file, line] of [
        [set, 9],
        [grid, 9],
      ] as const) {
        const issue = firstIssue(file);
        expect(issue.line).toBe(line);
        expect(issue.path).toContain(key);
        expect(issue.message).toMatch(/^expected (one of the known|model\.param)/);
        if (key.startsWith('market.')) expect(issue.message).toMatch(/market parameters \(priceUsd|model\.param names of enabled models \(market\.priceUsd/);
      }
    });
  });

  it('a model or field named __proto__ or constructor is an unknown key', () => {
    for (const extra of ['  __proto__: {}\n', '  constructor: {}\n']) {
      const issue = firstIssue(write('proto-model.yaml', `name: x\n${MARKET}${extra}`));
      expect(issue.message).toContain('expected one of the known models');
      expect(issue.line).toBe(7);
    }
    const top = firstIssue(write('proto-top.yaml', `name: x\n${MARKET}__proto__: { paths: 5 }\n`));
    expect([top.line, top.message]).toEqual([7, expect.stringContaining('expected one of the known fields')]);
  });

  it('YAML aliases: a few hundred are fine, an alias bomb and an undefined alias are FILE:LINE errors', () => {
    const many = `name: x\n${MARKET}sources:\n  - &s one\n${'  - *s\n'.repeat(300)}`;
    expect(issuesOf(write('aliases-300.yaml', many))).toEqual([]);
    const bomb = ['name: x', MARKET.trim(), 'a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let k = 1; k <= 8; k++) bomb.push(`${String.fromCharCode(97 + k)}: &${String.fromCharCode(97 + k)} [${Array(10).fill(`*${String.fromCharCode(96 + k)}`).join(', ')}]`);
    const b = firstIssue(write('alias-bomb.yaml', bomb.join('\n') + '\n'));
    expect([b.line, b.path]).toEqual([8, '(yaml)']);
    expect(b.message).toMatch(/^expected YAML aliases that expand to at most 10,000 nodes in all, found more/);
    const u = firstIssue(write('alias-undefined.yaml', `name: *nope\n${MARKET}`));
    expect([u.line, u.col, u.path, u.message]).toEqual([1, 7, '(yaml)', 'expected an alias *nope to name an anchor &nope set before it, found none']);
  });

  it('the CLI: exit 1 and FILE:LINE:COL on every line, for all of them', () => {
    const files = fs.readdirSync(dir).filter((f) => /^(proto-|alias-)/.test(f));
    const r = cascade(['validate', ...files.map((f) => path.join(dir, f))]);
    expect(r.status).toBe(1);
    expect(r.stderr).not.toContain('internal error');
    for (const line of r.stderr.trim().split('\n')) expect(line).toMatch(/^.+\.yaml:\d+:\d+ \S+: expected /);
  });
});

describe('7. smaller: overflow warned, names that vanish, weights, shocks, sweep keys, dates, steps, CR', () => {
  it('a mean that overflows to null is warned about (priceUsd: 1e308)', async () => {
    const loaded = loadScenario(write('huge-price.yaml', `name: x\n${MARKET.replace('market: {}', 'market: { priceUsd: 1e308, peakUsd: 1e308 }')}`), registry);
    const result = await runLoadedScenario(loaded, { threads: 1 });
    expect(result.points[0].signals['btc.price'].mean[0]).toBe(Infinity);
    const warnings = resultWarnings(result);
    expect(warnings.join('\n')).toMatch(/the mean of btc\.price \(\d+ of 11 steps, first 2026-02-05\).* overflowed: the sum of the values passed ±1\.8e308 \(null in --json\)/);
  });

  const cases: [string, string, number, string, RegExp][] = [
    ['event-proto', `name: x\n${MARKET}events:\n  - { name: __proto__, when: btc.price < 1 }\n`, 8, 'events[0].name', /not a JavaScript object property/],
    ['choice-zero', `name: x\n${MARKET.replace('market: {}', 'market: { jumpsStressPerYear: { dist: choice, values: [1, 2], weights: [0, 0] } }')}`, 6, 'models.market.jumpsStressPerYear', /choice weights with a positive, finite sum, found 0/],
    ['shock-min-max', `name: x\n${MARKET}schedule:\n  - at: 2026-02-06\n    shock:\n      - { signal: btc.price, multiply: { dist: uniform, min: 2, max: 1 } }\n`, 10, 'schedule[0].shock[0].multiply', /uniform min < max, found min 2 and max 1/],
    ['shock-triangular', `name: x\n${MARKET}schedule:\n  - at: 2026-02-06\n    shock:\n      - { signal: btc.price, add: { dist: triangular, min: 0, mode: 5, max: 1 } }\n`, 10, 'schedule[0].shock[0].add', /min ≤ mode ≤ max/],
    ['sweep-three-part', `name: x\n${MARKET}sweep:\n  grid:\n    market.jumpsStressPerYear.x: [1, 2]\n`, 9, 'sweep.grid["market.jumpsStressPerYear.x"]', /has no fields/],
    ['start-9999', `name: x\n${MARKET.replace('2026-02-05', '9999-12-31')}`, 3, 'horizonDays', /ends on or before 9999-12-31, found 10 days from the start 9999-12-31/],
    ['step-past-horizon', `name: x\n${MARKET}stepDays: 30\n`, 7, 'stepDays', /days per step ≤ horizonDays \(10\), found 30/],
  ];
  for (const [name, text, line, at, message] of cases) {
    it(name, () => {
      const issue = firstIssue(write(`small-${name}.yaml`, text));
      expect([issue.line, issue.path]).toEqual([line, at]);
      expect(issue.message).toMatch(message);
    });
  }

  it('CR-only line endings are line endings (not an empty file), with lines counted', () => {
    const text = `# old Mac file\nname: x\n${MARKET}horizon: 3\n`.replace(/\n/g, '\r');
    const issue = firstIssue(write('cr-only.yaml', text));
    expect([issue.line, issue.path]).toEqual([8, 'horizon']);
    expect(issue.message).toContain('did you mean horizonDays?');
  });
});
