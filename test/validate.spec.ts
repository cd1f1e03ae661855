import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../src/models/index.js';
import { formatIssue, ScenarioError, type ScenarioIssue } from '../src/scenario/issues.js';
import { readScenarioTree } from '../src/scenario/load.js';
import { loadScenario } from '../src/scenario/plan.js';
import { cascade, tempDir } from './helpers.js';

/** A valid scenario the cases below break one field at a time. */
const VALID = `name: ok
start: 2026-02-05
horizonDays: 30
paths: 100
models:
  market:
    priceUsd: 73300
`;

interface Case {
  /** File name (and what is wrong). */
  file: string;
  /** File content; a Buffer for binary data; undefined to not create the file. */
  content?: string | Buffer;
  /** Extra files the case needs (relative name → content). */
  extra?: Record<string, string>;
  /** The line the first problem must point at. */
  line: number;
  /** Field path of the first problem. */
  path: string;
  /** Fragments the message must contain. */
  says: string[];
}

const cases: Case[] = [
  { file: 'yaml-unclosed-flow.yaml', content: 'name: x\nstart: 2026-02-05\nhorizonDays: [1, 2\n', line: 4, path: '(yaml)', says: ['expected valid YAML', 'syntax error'] },
  { file: 'yaml-bad-indent.yaml', content: 'name: x\nmodels:\n  market:\n     priceUsd: 1\n    peakUsd: 2\n', line: 5, path: '(yaml)', says: ['expected valid YAML'] },
  { file: 'yaml-duplicate-key.yaml', content: 'name: x\nname: y\n', line: 2, path: '(yaml)', says: ['expected valid YAML', 'unique'] },
  { file: 'yaml-tab-indent.yaml', content: 'name: x\nmodels:\n\tmarket: {}\n', line: 3, path: '(yaml)', says: ['expected valid YAML'] },
  { file: 'unknown-top-field.yaml', content: VALID + 'horizon: 10\n', line: 8, path: 'horizon', says: ['found "horizon"', 'did you mean horizonDays?'] },
  { file: 'unknown-model.yaml', content: VALID + '  markt: {}\n', line: 8, path: 'models.markt', says: ['known models', 'did you mean market?'] },
  { file: 'unknown-parameter.yaml', content: VALID + '    volCalm: 0.5\n', line: 8, path: 'models.market.volCalm', says: ['market parameters', 'did you mean volCalmPerSqrtYear?'] },
  { file: 'wrong-type.yaml', content: VALID.replace('paths: 100', 'paths: many'), line: 4, path: 'paths', says: ['expected a whole number', 'found "many"'] },
  { file: 'wrong-unit-range.yaml', content: VALID + '    volCalmPerSqrtYear: 48\n', line: 8, path: 'models.market.volCalmPerSqrtYear', says: ['≤ 5 (1/√year)', 'found 48'] },
  { file: 'negative-paths.yaml', content: VALID.replace('paths: 100', 'paths: -5'), line: 4, path: 'paths', says: ['≥ 1', 'found -5'] },
  { file: 'horizon-zero.yaml', content: VALID.replace('horizonDays: 30', 'horizonDays: 0'), line: 3, path: 'horizonDays', says: ['≥ 1', 'found 0'] },
  { file: 'extends-cycle-a.yaml', content: 'extends: ./extends-cycle-b.yaml\nname: a\n', extra: { 'extends-cycle-b.yaml': 'extends: ./extends-cycle-a.yaml\nname: b\n' }, line: 1, path: 'extends', says: ['cycle', 'extends-cycle-a.yaml → extends-cycle-b.yaml → extends-cycle-a.yaml'] },
  { file: 'missing-file.yaml', content: undefined, line: 1, path: '(file)', says: ['found no file at this path'] },
  { file: 'empty.yaml', content: '', line: 1, path: '(file)', says: ['found an empty file'] },
  { file: 'comments-only.yaml', content: '# nothing here\n# at all\n', line: 1, path: '(file)', says: ['found an empty file'] },
  { file: 'binary.yaml', content: Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x0a, 0x00, 0xff, 0xfe, 0x12, 0x80]), line: 2, path: '(file)', says: ['binary data'] },
  { file: 'huge.yaml', content: undefined, line: 1, path: '(file)', says: ['at most 1024 KiB', 'found 50.0 MiB'] },
  { file: 'nan.yaml', content: VALID + '    jumpSdLog: .nan\n', line: 8, path: 'models.market.jumpSdLog', says: ['found .nan (not a number)'] },
  { file: 'infinity.yaml', content: VALID + '    dailyVolumeUsd: .inf\n', line: 8, path: 'models.market.dailyVolumeUsd', says: ['found .inf (infinity)'] },
  { file: 'missing-name.yaml', content: VALID.replace('name: ok\n', ''), line: 1, path: 'name', says: ['(required)', 'found nothing'] },
  { file: 'impossible-date.yaml', content: VALID.replace('2026-02-05', '2026-02-30'), line: 2, path: 'start', says: ['a real calendar date', 'found "2026-02-30"'] },
  { file: 'date-format.yaml', content: VALID.replace('2026-02-05', '05/02/2026'), line: 2, path: 'start', says: ['YYYY-MM-DD', 'found "05/02/2026"'] },
  { file: 'schedule-out-of-horizon.yaml', content: VALID + 'schedule:\n  - at: 2027-01-01\n    shock: [{ signal: btc.price, multiply: 0.8 }]\n', line: 9, path: 'schedule[0].at', says: ['on or before the horizon end 2026-03-07', 'found 2027-01-01'] },
  { file: 'shock-unshockable.yaml', content: VALID + 'schedule:\n  - at: 2026-02-10\n    shock:\n      - signal: btc.vol\n        multiply: 2\n', line: 11, path: 'schedule[0].shock[0].signal', says: ['can be shocked (btc.price)', 'found "btc.vol"'] },
  { file: 'set-unknown-param.yaml', content: VALID + 'schedule:\n  - at: 2026-02-10\n    set:\n      market.volStress: 2\n', line: 11, path: 'schedule[0].set["market.volStress"]', says: ['market parameters', 'did you mean volStressPerSqrtYear?'] },
  { file: 'set-fixed-struct.yaml', content: VALID + '  network: {}\nschedule:\n  - at: 2026-02-10\n    set:\n      network.fleet: [{ name: x, jPerTh: 20, share: 1 }]\n', line: 12, path: 'schedule[0].set["network.fleet"]', says: ['may change during a run', 'fixed at the start', 'shapes the state'] },
  { file: 'event-bad-condition.yaml', content: VALID + 'events:\n  - name: crash\n    when: btc.price is low\n', line: 10, path: 'events[0].when', says: ['"signal op number"', 'found "btc.price is low"'] },
  { file: 'event-unknown-signal.yaml', content: VALID + 'events:\n  - name: crash\n    when: btc.prise < 50000\n', line: 10, path: 'events[0].when', says: ['signals of the enabled models', 'did you mean btc.price?'] },
  { file: 'dist-bad-sd.yaml', content: VALID + '    volCalmPerSqrtYear: { dist: normal, mean: 0.5, sd: -0.1 }\n', line: 8, path: 'models.market.volCalmPerSqrtYear', says: ['normal distribution', 'sd (> 0)', 'found -0.1'] },
  { file: 'dist-unknown.yaml', content: VALID + '    volCalmPerSqrtYear: { dist: gaussian, mean: 0.5, sd: 0.1 }\n', line: 8, path: 'models.market.volCalmPerSqrtYear', says: ['distribution such as {dist: normal', 'found an object with dist "gaussian"'] },
  { file: 'dist-out-of-range.yaml', content: VALID + '    calmToStressPerDay: { dist: uniform, min: 0.5, max: 1.5 }\n', line: 8, path: 'models.market.calmToStressPerDay', says: ['stay within', '≤ 1 (1/day)', 'found support [0.5, 1.5]'] },
  { file: 'extends-missing.yaml', content: 'extends: ./no-such-base.yaml\nname: x\n', line: 1, path: 'extends', says: ['expected an existing scenario', 'no-such-base.yaml'] },
  { file: 'top-level-list.yaml', content: '- name: x\n- start: 2026-01-01\n', line: 1, path: '(top level)', says: ['expected a mapping of scenario fields', 'found a list'] },
  { file: 'record-unknown.yaml', content: VALID + 'record: [btc.price, btc.volume]\n', line: 8, path: 'record[1]', says: ['known signals', 'found "btc.volume"'] },
  { file: 'sweep-unknown.yaml', content: VALID + 'sweep:\n  grid:\n    market.sigma: [0.4, 0.6]\n', line: 10, path: 'sweep.grid["market.sigma"]', says: ['model.param names of enabled models', 'found "market.sigma"'] },
  { file: 'too-many-cells.yaml', content: VALID.replace('paths: 100', 'paths: 100000000').replace('horizonDays: 30', 'horizonDays: 3650'), line: 4, path: 'paths', says: ['limits.maxCells', '--max-cells'] },
  { file: 'choice-invalid.yaml', content: VALID + '    initialRegime: panic\n', line: 8, path: 'models.market.initialRegime', says: ['one of stationary, calm, stress', 'found "panic"'] },
  { file: 'step-fraction.yaml', content: VALID + 'stepDays: 1.5\n', line: 8, path: 'stepDays', says: ['a whole number', 'found 1.5'] },
  { file: 'no-models.yaml', content: VALID.replace(/models:[\s\S]*$/, 'models: {}\n'), line: 5, path: 'models', says: ['at least one enabled model', 'found none'] },
];

let dir: string;
beforeAll(() => {
  dir = tempDir('cascade-invalid-');
  for (const c of cases) {
    if (c.content !== undefined) fs.writeFileSync(path.join(dir, c.file), c.content);
    for (const [name, text] of Object.entries(c.extra ?? {})) fs.writeFileSync(path.join(dir, name), text);
  }
  // 50 MB of valid-looking YAML: refused by size before it is read
  const fd = fs.openSync(path.join(dir, 'huge.yaml'), 'w');
  const chunk = Buffer.from('# padding line of a very large scenario file, far beyond any sensible size\n'.repeat(14000));
  for (let written = 0; written < 50 * 1024 * 1024; written += chunk.length) fs.writeSync(fd, chunk);
  fs.ftruncateSync(fd, 50 * 1024 * 1024);
  fs.closeSync(fd);
});

function issuesOf(file: string): ScenarioIssue[] {
  try {
    loadScenario(file, registry);
  } catch (err) {
    if (err instanceof ScenarioError) return err.issues;
    throw err;
  }
  return [];
}

describe('cascade validate: malformed scenarios get FILE:LINE:COL field: expected …, found …', () => {
  it('has at least 25 distinct cases', () => {
    expect(new Set(cases.map((c) => c.file)).size).toBeGreaterThanOrEqual(25);
  });

  for (const c of cases) {
    it(c.file, () => {
      const file = path.join(dir, c.file);
      const issues = issuesOf(file);
      expect(issues.length).toBeGreaterThan(0);
      const first = issues[0];
      const text = formatIssue(first);
      expect(text).toMatch(/^.+:\d+:\d+ \S.*: expected .+/);
      if (c.path !== '(yaml)') expect(text).toContain('found');
      expect(first.path).toBe(c.path);
      expect(first.line).toBe(c.line);
      expect(path.basename(first.file)).toBe(path.basename(c.file === 'extends-cycle-a.yaml' ? 'extends-cycle-b.yaml' : c.file));
      for (const s of c.says) expect(text).toContain(s);
    });
  }

  it('reports every problem of a file, not just the first', () => {
    const file = path.join(dir, 'many-problems.yaml');
    fs.writeFileSync(file, 'name: x\nstart: 2026-02-05\nhorizonDays: 0\npaths: -1\nmodels:\n  market:\n    volCalmPerSqrtYear: 48\n    jumpSdLog: -1\n');
    const issues = issuesOf(file);
    expect(issues.map((i) => i.path).sort()).toEqual(['horizonDays', 'models.market.jumpSdLog', 'models.market.volCalmPerSqrtYear', 'paths']);
  });

  it('points at the file that set a field, through extends', () => {
    const base = path.join(dir, 'base-ok.yaml');
    fs.writeFileSync(base, VALID);
    const child = path.join(dir, 'child-bad.yaml');
    fs.writeFileSync(child, 'extends: ./base-ok.yaml\nname: child\nmodels:\n  market:\n    jumpSdLog: -3\n');
    const [issue] = issuesOf(child);
    expect(issue.file).toContain('child-bad.yaml');
    expect(issue.line).toBe(5);
    const tree = readScenarioTree(child);
    expect((tree.value as { paths: number }).paths).toBe(100);
  });

  it('the CLI exits 1, prints one line per problem and never a stack trace', () => {
    const files = cases.map((c) => path.join(dir, c.file));
    const r = cascade(['validate', ...files]);
    expect(r.stderr).not.toContain('internal error');
    expect(r.status).toBe(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    for (const c of cases) expect(r.stderr).toContain(c.file);
    const ok = cascade(['validate', 'flagship']);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('ok');
  });
});
