/**
 * The scenario fuzzer's generator: malformed (and some valid) scenario files of 49 kinds, from
 * a seed. Case i of a seed is always the same file (its generator is seeded by (seed, i)), so a
 * failure is reproduced by its number alone: `npm run fuzz -- --only 1234`.
 *
 * A case is one main file, sometimes with files it extends; shared fixtures (a named pipe, a
 * file that is not YAML, a binary file, a 1.1 MiB file…) are written once per run folder by
 * {@link writeFixtures}. Valid cases are small (≤ 64 paths, ≤ 45 days) so that running them is
 * cheap; the checks are in check.ts.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { resolveIO } from '../../src/engine/io.js';
import type { ParamDecl, ParamTable } from '../../src/engine/params.js';
import { registry } from '../../src/models/index.js';

/** One generated case: its kind, the main file's text, files beside it, extra CLI arguments. */
export interface FuzzCase {
  index: number;
  kind: string;
  /** File name → content, in the run folder; `main` is the one checked. */
  files: Record<string, string | Buffer>;
  main: string;
  /** Extra arguments for validate and run (e.g. --allow-extends-outside). */
  args: string[];
  /** Text that must never appear in the output (from a file that is not YAML). */
  secret?: string;
}

/** A seeded generator (mulberry32 over a 32-bit hash of seed and case). */
export class Rng {
  private s: number;
  constructor(seed: number, index: number) {
    let h = (seed ^ 0x9e3779b9) >>> 0;
    h = Math.imul(h ^ (index + 0x7f4a7c15), 0x85ebca6b) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
    this.s = (h ^ (h >>> 16)) >>> 0;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** The fixtures every run folder has (names relative to it). */
export const FIXTURES = {
  pipe: 'fx-pipe.yaml',
  folder: 'fx-folder.yaml',
  binary: 'fx-binary.yaml',
  huge: 'fx-huge.yaml',
  list: 'fx-list.yaml',
  secret: 'fx-secret.txt',
  base: 'fx-base.yaml',
  sub: 'fx-sub/base.yaml',
  linkOut: 'fx-link-out.yaml',
};
export const SECRET = 'FUZZ-SECRET-7f3a: this line must never be printed';

/** The folder beside the cases' folder (outside its tree) that holds a scenario to reach for. */
export const OUTSIDE = '../outside/secret.yaml';

/** Writes the shared fixtures into `dir` (and `dir/../outside`, beside it, for what lies outside its tree). */
export function writeFixtures(dir: string): void {
  fs.mkdirSync(path.join(dir, 'fx-sub'), { recursive: true });
  const outside = path.join(path.dirname(dir), 'outside');
  fs.mkdirSync(outside, { recursive: true });
  fs.writeFileSync(path.join(outside, 'secret.yaml'), `${SECRET}\nname: outside\n`);
  const at = (f: string) => path.join(dir, f);
  if (!fs.existsSync(at(FIXTURES.pipe))) execFileSync('mkfifo', [at(FIXTURES.pipe)]);
  fs.mkdirSync(at(FIXTURES.folder), { recursive: true });
  fs.writeFileSync(at(FIXTURES.binary), Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0x00, 0xff, 0xfe, 0x80]));
  fs.writeFileSync(at(FIXTURES.huge), `# ${'pad '.repeat(30)}\n`.repeat(9000));
  fs.writeFileSync(at(FIXTURES.list), '- name: a\n- name: b\n');
  fs.writeFileSync(at(FIXTURES.secret), `${SECRET}\nroot:x:0:0:root:/root:/bin/bash\n[unclosed: {\n`);
  fs.writeFileSync(at(FIXTURES.base), stringify(marketBase(new Rng(1, 1))));
  fs.writeFileSync(at(FIXTURES.sub), stringify({ ...marketBase(new Rng(1, 2)), name: 'sub-base' }));
  if (!fs.existsSync(at(FIXTURES.linkOut))) fs.symlinkSync(path.join(outside, 'secret.yaml'), at(FIXTURES.linkOut));
}

interface ModelInfo {
  name: string;
  params: [string, ParamDecl][];
  signals: string[];
  shockable: string[];
}

const MODELS: ModelInfo[] = registry.models.map((m) => {
  const params = Object.entries(m.params as ParamTable);
  const defaults = Object.fromEntries(params.map(([k, d]) => [k, d.default]));
  const io = resolveIO(m, defaults);
  return { name: m.name, params, signals: [...io.writes, ...(io.adds ?? [])], shockable: io.shockable ?? [] };
});
const MARKET = MODELS.find((m) => m.name === 'market')!;
const NUMBER_PARAMS = MARKET.params.filter(([, d]) => d.kind === 'number') as [string, Extract<ParamDecl, { kind: 'number' }>][];
/** Built-ins cheap enough to run at a few paths, with horizons that keep their schedules. */
const BUILTINS: [string, number, number][] = [
  ['flagship', 30, 40],
  ['oct-2025-leverage-flush', 5, 30],
  ['lender-svb-2023', 2, 5],
  ['lender-ftx-2022', 3, 7],
  ['space-datacenter-diamond', 1, 1],
  ['feb-2026-ai-capex-squeeze', 40, 60],
];
const PROTO_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];
const TOP_KEYS = ['name', 'description', 'sources', 'extends', 'start', 'horizonDays', 'stepDays', 'paths', 'seed', 'models', 'schedule', 'events', 'record', 'sweep', 'sensitivity', 'output', 'limits'];
const WEIRD_VALUES: unknown[] = ['x', '', [], [1, 2], {}, { a: 1 }, null, true, false, -1, 0, 1.5, 1e308, -1e308, 5e-324, 1e-300, 2 ** 53, NaN, Infinity, -Infinity, '2026-02-30', '1e3', ' 12 '];
const EXTREME_NUMBERS = [0, -0, 1, -1, 1e308, -1e308, 1.7976931348623157e308, 5e-324, 1e-300, 1e-12, 1e12, 2 ** 31, 2 ** 53, 123456789.123];

type Scenario = Record<string, unknown>;

/** `date` + `days` (a start that is not a date, or none, counts as 2026-02-05). */
function isoAdd(date: string, days: number): string {
  const ms = Date.parse(date + 'T00:00:00Z');
  const d = new Date((Number.isFinite(ms) ? ms : Date.parse('2026-02-05T00:00:00Z')) + days * 86400e3);
  return Number.isFinite(d.getTime()) ? d.toISOString().slice(0, 10) : '2026-02-06';
}

function inRange(rng: Rng, d: Extract<ParamDecl, { kind: 'number' }>): number {
  const lo = d.min ?? Math.min(d.default, -Math.abs(d.default) * 2 - 1);
  const hi = d.max ?? Math.max(d.default, Math.abs(d.default) * 2 + 1);
  let v = lo + (hi - lo) * rng.next();
  if (d.integer) v = Math.round(v);
  if (d.exclusiveMin && v <= lo) v = d.default;
  if (d.exclusiveMax && v >= hi) v = d.default;
  return v;
}

/** A valid market-only scenario, tiny. */
function marketBase(rng: Rng): Scenario {
  return {
    name: `fuzz-${rng.int(0, 1e6)}`,
    start: rng.pick(['2026-02-05', '2020-03-12', '2025-10-10', '2000-01-01']),
    horizonDays: rng.int(2, 20),
    paths: rng.int(1, 64),
    seed: rng.int(0, 1e9),
    models: { market: {} },
  };
}

/** A valid scenario of a few models with parameters drawn in range. */
function chainBase(rng: Rng): Scenario {
  const s = marketBase(rng);
  const models: Record<string, Record<string, unknown>> = { market: {} };
  for (const m of MODELS) if (m.name !== 'market' && rng.chance(0.3)) models[m.name] = {};
  for (const [name, settings] of Object.entries(models)) {
    const info = MODELS.find((m) => m.name === name)!;
    for (const [k, d] of info.params) {
      if (d.kind === 'number' && rng.chance(0.3)) settings[k] = inRange(rng, d);
      if (d.kind === 'choice' && rng.chance(0.3)) settings[k] = rng.pick(d.values);
    }
  }
  s.models = models;
  return s;
}

function builtinBase(rng: Rng): Scenario {
  const [name, lo, hi] = rng.pick(BUILTINS);
  return { extends: name, name: `fuzz-${name}`, paths: rng.int(1, 24), horizonDays: rng.int(lo, hi) };
}

function base(rng: Rng): Scenario {
  const r = rng.next();
  return r < 0.65 ? marketBase(rng) : r < 0.95 ? chainBase(rng) : builtinBase(rng);
}

function randomDist(rng: Rng, d?: Extract<ParamDecl, { kind: 'number' }>): unknown {
  const centre = d ? inRange(rng, d) : rng.next() * 2;
  const width = Math.abs(centre) * 0.1 + 1e-6;
  switch (rng.int(0, 4)) {
    case 0:
      return { dist: 'normal', mean: centre, sd: width };
    case 1:
      return { dist: 'lognormal', median: Math.abs(centre) + 1e-3, sigma: rng.next() * 0.5 };
    case 2:
      return { dist: 'uniform', min: centre - width, max: centre + width };
    case 3:
      return { dist: 'triangular', min: centre - width, mode: centre, max: centre + width };
    default:
      return { dist: 'choice', values: [centre, centre + width], weights: rng.chance(0.5) ? [1, 2] : undefined };
  }
}

function badDist(rng: Rng): unknown {
  return rng.pick<unknown>([
    { dist: 'normal', mean: 1 },
    { dist: 'normal', mean: 1, sd: 0 },
    { dist: 'normal', mean: 1, sd: -1 },
    { dist: 'gaussian', mean: 1, sd: 1 },
    { dist: 'lognormal', median: -1, sigma: 0.1 },
    { dist: 'lognormal', median: 1, sigma: -0.1 },
    { dist: 'uniform', min: 2, max: 1 },
    { dist: 'uniform', min: 1, max: 1 },
    { dist: 'triangular', min: 0, mode: 5, max: 1 },
    { dist: 'choice', values: [] },
    { dist: 'choice', values: [1, 2], weights: [1] },
    { dist: 'choice', values: [1, 2], weights: [0, 0] },
    { dist: 'choice', values: [1, 2], weights: [-1, 2] },
    { dist: 'choice', values: [1, 2], weights: [1e308, 1e308] },
    { dist: 'normal', mean: 1, sd: 1, extra: 2 },
    { dist: 'normal', mean: 1e308, sd: 1e308 },
    { dist: null },
    { mean: 1, sd: 1 },
    [1, 2],
  ]);
}

/** A key somewhere in the scenario replaced or joined by a prototype-named key. */
function protoKey(rng: Rng, s: Scenario): void {
  const key = rng.pick(PROTO_KEYS);
  const place = rng.int(0, 7);
  const models = s.models as Record<string, Record<string, unknown>> | undefined;
  if (place === 0) s[key] = rng.pick<unknown>([1, {}, { paths: 5 }]);
  else if (place === 1 && models) models[key] = {};
  else if (place === 2 && models?.market) models.market[key] = 1;
  else if (place === 3) s.schedule = [{ at: isoAdd(String(s.start ?? '2026-02-05'), 1), set: { [rng.pick([key, `market.${key}`, `${key}.priceUsd`])]: 1 } }];
  else if (place === 4) s.sweep = { grid: { [rng.pick([key, `market.${key}`])]: [1, 2] } };
  else if (place === 5) s.output = { [key]: 1 };
  else if (place === 6) s.events = [{ name: key, when: 'btc.price < 1' }];
  else s.limits = { [key]: 1 };
}

/** Sets the market's settings (a scenario that extends a built-in has no models: of its own). */
function market(s: Scenario, settings: Record<string, unknown>): void {
  const models = (s.models ??= {}) as Record<string, unknown>;
  models.market = settings;
}

function signalsOf(s: Scenario): string[] {
  const models = Object.keys((s.models as object) ?? { market: 1 });
  return MODELS.filter((m) => models.includes(m.name)).flatMap((m) => m.signals);
}

/** The kinds: each turns a base into a case (structure first; the text kinds work on YAML text). */
const STRUCTURAL: Record<string, (rng: Rng, s: Scenario) => void> = {
  'valid-market': () => undefined,
  'valid-chain': (rng, s) => Object.assign(s, chainBase(rng)),
  'valid-builtin': (rng, s) => {
    for (const k of Object.keys(s)) delete s[k];
    Object.assign(s, builtinBase(rng));
  },
  'param-out-of-range': (rng, s) => {
    const [k, d] = rng.pick(NUMBER_PARAMS);
    const v = d.max !== undefined && rng.chance(0.5) ? d.max + Math.abs(d.max) + 1 : d.min !== undefined ? d.min - Math.abs(d.min) - 1 : -1e9;
    market(s, { [k]: v });
  },
  'param-wrong-type': (rng, s) => {
    const [k] = rng.pick(MARKET.params);
    market(s, { [k]: rng.pick(WEIRD_VALUES) });
  },
  'param-extreme': (rng, s) => {
    const [k] = rng.pick(NUMBER_PARAMS);
    market(s, { [k]: rng.pick(EXTREME_NUMBERS) * (rng.chance(0.2) ? -1 : 1) });
  },
  'dist-bad': (rng, s) => {
    const [k] = rng.pick(NUMBER_PARAMS);
    market(s, { [k]: badDist(rng) });
  },
  'dist-valid': (rng, s) => {
    const [k, d] = rng.pick(NUMBER_PARAMS);
    market(s, { [k]: randomDist(rng, d) });
  },
  'unknown-top-key': (rng, s) => {
    const k = rng.pick(TOP_KEYS);
    s[k.slice(0, -1) + rng.pick(['s', 'x', '', 'Days'])] = 1;
  },
  'unknown-model': (rng, s) => {
    ((s.models ??= {}) as Record<string, unknown>)[rng.pick(['markt', 'Market', 'levrage', 'x', '', '1'])] = {};
  },
  'unknown-param': (rng, s) => {
    const [k] = rng.pick(MARKET.params);
    market(s, { [k.slice(0, -2)]: 1 });
  },
  'proto-key': protoKey,
  'missing-required': (rng, s) => {
    delete s[rng.pick(['name', 'start', 'horizonDays', 'models'])];
  },
  'top-wrong-type': (rng, s) => {
    s[rng.pick(TOP_KEYS.filter((k) => k !== 'extends'))] = rng.pick(WEIRD_VALUES);
  },
  'horizon-extremes': (rng, s) => {
    s.horizonDays = rng.pick([0, 1, 2, 365, 3650, 36500, 36501, -5, 1.5]);
    if (rng.chance(0.5)) s.stepDays = rng.pick([1, 2, 7, 30, 365, 366, 0]);
    if (Number(s.horizonDays) > 400) s.paths = rng.int(1, 3);
  },
  'paths-extremes': (rng, s) => {
    s.paths = rng.pick([0, 1, 100_000_000, 100_000_001, 1e9, 2 ** 53, -1]);
    s.horizonDays = 1;
    // without terminal values 1e8 paths fit the memory budget, and take minutes to compute: a
    // valid run that large says nothing more than one of a million paths, which takes seconds
    if (rng.chance(0.5)) {
      s.output = { keepTerminal: false, samplePaths: 0 };
      if (Number(s.paths) === 100_000_000) s.paths = 1_000_000;
    }
  },
  'date-weird': (rng, s) => {
    s.start = rng.pick(['0000-01-01', '9999-12-31', '9999-12-20', '2026-02-30', '2026-13-01', '20260101', '2026-1-1', '1970-01-01', '2024-02-29', '2023-02-29', ' 2026-02-05']);
  },
  'schedule-bad-date': (rng, s) => {
    s.schedule = [{ at: rng.pick(['2100-01-01', '1900-01-01', String(s.start), '2026-02-30', 'tomorrow']), shock: [{ signal: 'btc.price', multiply: 0.9 }] }];
  },
  'schedule-set-bad': (rng, s) => {
    const at = isoAdd(String(s.start), 1);
    const key = rng.pick(['market.volCalm', 'market.priceUsd.x', 'market', 'leverage.maxLeverage', 'network.fleet', 'market.initialRegime', 'nope.x']);
    s.schedule = [{ at, set: { [key]: rng.pick<unknown>([1, 'stress', badDist(rng), -1, [1]]) } }];
  },
  'schedule-shock-bad': (rng, s) => {
    const at = isoAdd(String(s.start), 1);
    s.schedule = [{ at, shock: [rng.pick<unknown>([{ signal: 'btc.vol', multiply: 2 }, { signal: 'btc.price' }, { signal: 'btc.price', multiply: badDist(rng) }, { signal: 'btc.price', add: 'x' }, { signal: 42 }])] }];
  },
  'schedule-valid': (rng, s) => {
    const at = isoAdd(String(s.start), rng.int(1, Math.max(1, Number(s.horizonDays) || 1)));
    s.schedule = [{ at, shock: [{ signal: 'btc.price', multiply: rng.chance(0.5) ? rng.pick(EXTREME_NUMBERS.filter((v) => v < 1e300)) : randomDist(rng) }], set: rng.chance(0.5) ? { 'market.volStressPerSqrtYear': rng.next() * 2 } : undefined }];
  },
  'events-bad': (rng, s) => {
    s.events = [
      rng.pick<unknown>([
        { name: 'x', when: 'btc.price is low' },
        { name: 'x', when: 'btc.prise < 1' },
        { name: 'has space', when: 'btc.price < 1' },
        { name: '__proto__', when: 'btc.price < 1' },
        { name: 'x', when: 'btc.price < 1e999' },
        { name: 'x', when: 'btc.price <> 1' },
        { name: 'x' },
        { name: 'a', when: 'btc.price < 1', extra: 1 },
      ]),
      ...(rng.chance(0.3) ? [{ name: 'x', when: 'btc.price > 1' }] : []),
    ];
  },
  'events-valid': (rng, s) => {
    const sig = rng.pick(signalsOf(s));
    s.events = [{ name: `e${rng.int(0, 99)}`, when: `${sig} ${rng.pick(['<', '<=', '>', '>='])} ${rng.pick([0, 1, -1, 60000, 1e300, -1e300, 0.5])}` }];
  },
  'record-bad': (rng, s) => {
    s.record = rng.pick<unknown>([['btc.volume'], 'btc.price', [1], [['btc.price']], ['btc.price', 'btc.price']]);
  },
  'record-subset': (rng, s) => {
    const sigs = signalsOf(s);
    s.record = rng.chance(0.2) ? [] : sigs.filter(() => rng.chance(0.4));
  },
  'sweep-bad': (rng, s) => {
    s.sweep = rng.pick<unknown>([{ grid: { 'market.jumpsStressPerYear': [] } }, { grid: { 'market.jumpsStressPerYear.x': [1] } }, { grid: { 'market.nope': [1] } }, { grid: { 'market.jumpsStressPerYear': [-1, 'x'] } }, { grid: { 'market.jumpsStressPerYear': 5 } }, { grid: [] }, {}]);
  },
  'sweep-huge': (rng, s) => {
    const keys = NUMBER_PARAMS.slice(0, rng.int(5, 9));
    s.sweep = { grid: Object.fromEntries(keys.map(([k, d]) => [`market.${k}`, Array.from({ length: 10 }, () => inRange(rng, d))])) };
  },
  'sweep-valid': (rng, s) => {
    const [k, d] = rng.pick(NUMBER_PARAMS);
    s.sweep = { grid: { [`market.${k}`]: Array.from({ length: rng.int(1, 3) }, () => inRange(rng, d)) } };
  },
  'sensitivity-bad': (rng, s) => {
    s.sensitivity = rng.pick<unknown>([
      { output: 'btc.nope', vary: [{ param: 'market.volCalmPerSqrtYear', low: 0.1, high: 0.2 }] },
      { output: 'btc.price', at: '2100-01-01', vary: [{ param: 'market.volCalmPerSqrtYear', low: 0.1, high: 0.2 }] },
      { output: 'btc.price', vary: [{ low: 0.1, high: 0.2 }] },
      { output: 'btc.price', vary: [{ shock: { at: '2026-02-06', signal: 'btc.price' }, low: 0.9, high: 1 }] },
      { output: 'btc.price', vary: [] },
      { output: 'btc.price', statistic: 'total', at: String(s.start), vary: [{ param: 'market.volCalmPerSqrtYear', low: 0.1, high: 0.2 }] },
      { output: 'btc.price', vary: [{ param: 'market.volCalmPerSqrtYear', low: -1, high: 99 }] },
    ]);
    if (rng.chance(0.2)) s.sweep = { grid: { 'market.jumpsStressPerYear': [1] } };
  },
  'sensitivity-valid': (rng, s) => {
    s.sensitivity = { output: 'btc.price', statistic: rng.pick(['mean', 'p50', 'total']), vary: [{ param: 'market.volCalmPerSqrtYear', low: 0.2, high: 0.9 }] };
  },
  'output-bad': (rng, s) => {
    s.output = rng.pick<unknown>([{ sketchAccuracy: 0.0001 }, { sketchAccuracy: 0.2 }, { samplePaths: 1001 }, { keepTerminal: 'yes' }, { samplePaths: -1 }, { sketchAccuracy: 'fine' }, 'all']);
  },
  'output-edge': (rng, s) => {
    s.output = { sketchAccuracy: rng.pick([0.0005, 0.001, 0.003, 0.005, 0.1]), samplePaths: rng.pick([0, 1, 8, 1000]), keepTerminal: rng.chance(0.5) };
  },
  'limits-edge': (rng, s) => {
    s.limits = rng.pick<unknown>([{ maxCells: 1 }, { maxCells: 0 }, { maxCells: -1 }, { maxMemoryMB: 1 }, { maxMemoryMB: 1e-9 }, { maxPoints: 0 }, { maxPoints: 1.5 }, { maxMemoryMB: 1e9 }, { maxCells: 1e300 }]);
  },
};

/** Text kinds: applied to the YAML text of a valid base. */
const TEXTUAL: Record<string, (rng: Rng, text: string) => string | Buffer> = {
  'yaml-garbage': (rng, text) => {
    let t = text;
    for (let k = rng.int(1, 4); k > 0; k--) {
      const at = rng.int(0, t.length);
      t = t.slice(0, at) + rng.pick([':', '- ', '[', ']', '{', '}', '"', "'", '#', '&', '*', '!', '|', '>', '%', '@', '`', '\t', '\n  ', ': :', '? ']) + t.slice(at);
    }
    return t;
  },
  'yaml-truncate': (rng, text) => text.slice(0, rng.int(0, text.length)),
  'yaml-duplicate-key': (rng, text) => {
    const lines = text.split('\n');
    const k = rng.int(0, Math.max(0, lines.length - 2));
    lines.splice(k + 1, 0, lines[k]);
    return lines.join('\n');
  },
  'yaml-tab-indent': (_rng, text) => text.replace(/\n {2}/g, '\n\t'),
  'yaml-unclosed': (rng, text) => text + rng.pick(['sources: [a, b\n', 'description: "open\n', 'limits: {maxCells: 5\n', "name: 'x\n"]),
  'aliases-many': (rng, text) => text + `sources:\n  - &src a source\n${'  - *src\n'.repeat(rng.int(90, 600))}`,
  'alias-bomb': (rng, text) => {
    const lines = ['lol0: &l0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let k = 1; k <= rng.int(4, 9); k++) lines.push(`lol${k}: &l${k} [${Array(10).fill(`*l${k - 1}`).join(', ')}]`);
    return text + lines.join('\n') + '\n';
  },
  'alias-undefined': (rng, text) => text.replace(/^name: .*$/m, `name: *${rng.pick(['nope', 'x', 'a'])}`),
  'yaml-merge-key': (_rng, text) => `base: &b\n  paths: 5\n${text}limits:\n  <<: *b\n`,
  'yaml-tags': (rng, text) => text.replace(/^name: (.*)$/m, `name: ${rng.pick(['!!binary aGVsbG8=', '!custom x', '!!set {a, b}', '!!int "12"', '!!float x', '!!str 5', '!!omap [a: 1]', '!!timestamp 2026-01-01'])}`),
  'deep-nesting': (rng, text) => {
    const n = rng.pick([50, 300, 900, 2000, 5000]);
    return text + `sources: ${'['.repeat(n)}${']'.repeat(rng.chance(0.8) ? n : n - 1)}\n`;
  },
  encoding: (rng, text) =>
    rng.pick<string | Buffer>([
      Buffer.concat([Buffer.from(text.slice(0, 10)), Buffer.from([0]), Buffer.from(text.slice(10))]),
      Buffer.concat([Buffer.from(text), Buffer.from([0xff, 0xfe, 0xc3])]),
      '\uFEFF' + text,
      Buffer.from(text, 'utf16le'),
      text.replace(/\n/g, '\r'),
      text.replace(/\n/g, '\r\n'),
      text.replace(/name: .*/, 'name: "\\u0000\\uD800 \u202E\u200B"'),
    ]),
  'empty-ish': (rng) => rng.pick(['', ' ', '\n\n\n', '# only a comment\n', '---\n', '...\n', '\t\n', '---\n...\n']),
  'top-not-mapping': (rng, text) => rng.pick(['- a\n- b\n', 'just text\n', '42\n', 'null\n', '~\n', `${text}---\nname: second\n`, '[1, 2]\n', '"quoted"\n', 'true\n']),
  'long-strings': (rng, text) => text.replace(/^name: .*$/m, `name: ${'n'.repeat(rng.pick([1000, 100_000, 1_100_000]))}`),
};

/** extends kinds: the main file extends something hostile (fixtures or files of its own). */
function extendsCase(rng: Rng, c: FuzzCase, s: Scenario): void {
  const me = c.main;
  const r = rng.int(0, 15);
  const partial = { name: s.name, paths: s.paths };
  const ext = (ref: unknown, extra: Scenario = {}) => {
    c.files[me] = stringify({ extends: ref, ...partial, ...extra });
  };
  switch (r) {
    case 0:
      return ext('./no-such-file.yaml');
    case 1:
      return ext(`./${me}`);
    case 2: {
      const other = me.replace('.yaml', '-b.yaml');
      c.files[other] = stringify({ extends: `./${me}`, name: 'b' });
      return ext(`./${other}`);
    }
    case 3:
      return ext(rng.pick(['/dev/zero', '/dev/urandom', '/dev/null', '/proc/self/environ', '/etc/passwd', '/etc/shadow', '../../../../../../etc/passwd', '/', OUTSIDE]));
    case 4:
      return ext(`./${FIXTURES.pipe}`);
    case 5:
      return ext(`./${FIXTURES.folder}`);
    case 6:
      return ext(`./${FIXTURES.binary}`);
    case 7:
      return ext(`./${FIXTURES.huge}`);
    case 8:
      return ext(`./${FIXTURES.list}`);
    case 9:
      c.secret = SECRET;
      return ext(`./${FIXTURES.secret}`);
    case 10:
      c.secret = SECRET;
      c.args.push('--allow-extends-outside');
      return ext(rng.pick([`./${FIXTURES.secret}`, OUTSIDE, '/dev/zero', '/etc/passwd']));
    case 11:
      c.secret = SECRET;
      return ext(`./${FIXTURES.linkOut}`);
    case 12:
      return ext(rng.pick<unknown>([42, null, ['a', 'b'], { a: 1 }, '', 'flagship.yaml', 'no-such-builtin']));
    case 13: {
      // a chain longer than allowed
      const n = rng.int(30, 40);
      for (let k = 0; k < n; k++) c.files[me.replace('.yaml', `-c${k}.yaml`)] = stringify({ extends: k + 1 < n ? `./${me.replace('.yaml', `-c${k + 1}.yaml`)}` : `./${FIXTURES.base}`, name: `c${k}` });
      return ext(`./${me.replace('.yaml', '-c0.yaml')}`);
    }
    case 14:
      return ext(`./${FIXTURES.sub}`, { horizonDays: rng.int(1, 10) });
    default:
      return ext(`./${FIXTURES.base}`, rng.chance(0.5) ? { models: { market: { priceUsd: rng.pick([1, 1e308, 50000]) } } } : {});
  }
}

/** Every kind, in a fixed order (case i's kind is drawn from it). */
export const KINDS = [...Object.keys(STRUCTURAL), ...Object.keys(TEXTUAL), 'extends'];

/** Case `index` of `seed`: its files are written under the run folder by the caller. */
export function generateCase(seed: number, index: number): FuzzCase {
  const rng = new Rng(seed, index);
  const kind = rng.pick(KINDS);
  const main = `case-${String(index).padStart(6, '0')}.yaml`;
  const c: FuzzCase = { index, kind, files: {}, main, args: [] };
  const s = base(rng);
  if (kind in STRUCTURAL) {
    STRUCTURAL[kind](rng, s);
    c.files[main] = stringify(s);
  } else if (kind in TEXTUAL) {
    c.files[main] = TEXTUAL[kind](rng, stringify(s));
  } else {
    extendsCase(rng, c, s);
  }
  return c;
}

/** Writes a case's files into `dir` and returns the main file's path. */
export function writeCase(dir: string, c: FuzzCase): string {
  for (const [name, content] of Object.entries(c.files)) fs.writeFileSync(path.join(dir, name), content);
  return path.join(dir, c.main);
}
