import { createHash } from 'node:crypto';
import { daysBetween } from '../engine/calendar.js';
import type { ModelRegistry } from '../engine/model.js';
import { DEFAULT_BLOCK_SIZE, type PlannedEvent, type PlannedScheduleEntry, type RunPlan } from '../engine/run-plan.js';
import { parse as parseYaml } from 'yaml';
import { globalDesign, itemName, type GlobalDesign } from '../analysis/global-sensitivity.js';
import { formatPath, ScenarioError } from './issues.js';
import { applyParamPath, isModelParamPath, resolveParamPath, targetPath, withPathValues } from './param-path.js';
import type { ParsedFile } from './read-yaml.js';
import { readScenarioTree, type ExtendsOptions } from './load.js';
import { quantileDaysOf, validateScenario, type ValidScenario } from './validate.js';
import { planScenarioEvent } from './events.js';


/** One parameter point of a scenario: its plan and the fully resolved scenario it came from. */
export interface ScenarioPoint {
  /** `base` without a sweep; otherwise `model.param=value, …`. */
  label: string;
  /** The sweep values of this point (empty without a sweep). */
  values: Record<string, unknown>;
  plan: RunPlan;
  /** Everything that determines the results, defaults filled in: what the hash covers. */
  resolved: Record<string, unknown>;
  /** SHA-256 of the canonical JSON of `resolved`. */
  hash: string;
  /** For a run of a `sensitivity` block: which item it varies, to which side and value. */
  sensitivity?: { vary: number; name: string; side: 'low' | 'high'; value: number };
  /** For a run of a global `sensitivity` design (sobol, morris, lhs): its row (0-based) and each item's value. */
  design?: { method: GlobalDesign['method']; row: number; values: Record<string, number> };
}

/** A loaded scenario: its validated form and one point per sweep combination. */
export interface LoadedScenario {
  file: string;
  valid: ValidScenario;
  points: ScenarioPoint[];
  /** The design of a global sensitivity block (its rows are points 2…). */
  design?: GlobalDesign;
}

/** Command-line overrides applied on top of the file (before validation, so limits see them). */
export interface ScenarioOverrides extends ExtendsOptions {
  paths?: number;
  seed?: number;
  maxCells?: number;
  /** `--max-memory MB`: limits.maxMemoryMB. */
  maxMemoryMB?: number;
  /** `--max-points N`: limits.maxPoints. */
  maxPoints?: number;
  /** `--per-path`: output.perPath. */
  perPath?: boolean;
  /** `--set path=value` (repeatable): any parameter path (param-path.ts), the value read as YAML. */
  set?: string[];
}

/** Reads, validates and plans a scenario file. Throws {@link ScenarioError} listing every problem. */
export function loadScenario(file: string, registry: ModelRegistry, overrides: ScenarioOverrides = {}, display = file): LoadedScenario {
  const parsed = readScenarioTree(file, display, { allowExtendsOutside: overrides.allowExtendsOutside });
  return loadParsedScenario(parsed, file, registry, overrides);
}

/** {@link loadScenario} of a scenario already read (with its `extends` merged): overrides, validation, plans. */
export function loadParsedScenario(parsed: ParsedFile, file: string, registry: ModelRegistry, overrides: ScenarioOverrides = {}): LoadedScenario {
  const value = parsed.value as Record<string, unknown>;
  if (overrides.paths !== undefined) value.paths = overrides.paths;
  if (overrides.seed !== undefined) value.seed = overrides.seed;
  const limits = { maxCells: overrides.maxCells, maxMemoryMB: overrides.maxMemoryMB, maxPoints: overrides.maxPoints };
  for (const [k, v] of Object.entries(limits)) {
    if (v === undefined) continue;
    const old = value.limits;
    value.limits = { ...(old !== null && typeof old === 'object' && !Array.isArray(old) ? old : {}), [k]: v };
  }
  if (overrides.perPath) {
    const old = value.output;
    value.output = { ...(old !== null && typeof old === 'object' && !Array.isArray(old) ? old : {}), perPath: true };
  }
  const set = applySetOverrides(parsed, overrides.set ?? [], registry);
  let valid: ValidScenario;
  try {
    valid = validateScenario(parsed, registry);
  } catch (err) {
    throw err instanceof ScenarioError && set.length ? new ScenarioError(blameSetOverrides(err.issues, set)) : err;
  }
  if (set.length) valid.set = Object.fromEntries(set.map((o) => [o.path, o.value]));
  const sens = valid.scenario.sensitivity;
  if (sens && sens.method !== 'tornado') {
    const design = globalDesign(sens, valid.scenario.seed);
    return { file, valid, points: designPoints(valid, design), design };
  }
  return { file, valid, points: planPoints(valid) };
}

/**
 * Expands the sweep grid (first key varies slowest) and builds one plan per point; with a
 * `sensitivity` block, the base point and then, per item varied, a low and a high point.
 */
export function planPoints(valid: ValidScenario): ScenarioPoint[] {
  const sens = valid.scenario.sensitivity;
  if (sens) {
    const points = [planPoint(valid, {})];
    sens.vary.forEach((v, k) => {
      const name = itemName(v);
      for (const side of ['low', 'high'] as const) {
        const value = v[side];
        const point = v.param !== undefined ? planValues(valid, { [v.param]: value }) : planPoint(valid, {}, withShock(valid.scenario.schedule, v.shock!, value));
        point.label = `sensitivity ${name} ${side}=${value}`;
        point.sensitivity = { vary: k, name, side, value };
        points.push(point);
      }
    });
    return points;
  }
  const grid = Object.entries(valid.scenario.sweep?.grid ?? {});
  let combos: Record<string, unknown>[] = [{}];
  for (const [key, values] of grid) combos = combos.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
  return combos.map((values) => planValues(valid, values));
}

/**
 * The point with each parameter path set to its value: plain `model.param` paths as sweeps
 * always planned them; any other path (a struct field, a shock's multiply/add, a top-level
 * field) by setting it in the scenario as read and checking it again, so that it is planned
 * exactly as a file saying it would be.
 */
export function planValues(valid: ValidScenario, values: Record<string, unknown>): ScenarioPoint {
  const registry = valid.registry;
  if (!registry || Object.keys(values).every((k) => isModelParamPath(k, valid.parsed.value, registry))) return planPoint(valid, values);
  const { raw, errors } = withPathValues(valid.parsed.value, values, registry);
  if (errors.length) throw new ScenarioError(errors.map((e) => ({ file: valid.parsed.file, line: 1, col: 1, path: e.path, message: e.message })));
  const again = validateScenario({ ...valid.parsed, value: raw }, registry);
  again.set = valid.set;
  const point = planPoint(again, {});
  return { ...point, values, label: pointLabel(values) };
}

function pointLabel(values: Record<string, unknown>): string {
  return Object.keys(values).length ? Object.entries(values).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ') : 'base';
}

/** A `--set path=value` as given: its place on the command line, its path, value and target. */
interface SetOverride {
  index: number;
  path: string;
  value: unknown;
  /** The formatted tree path it sets (for matching problems to it). */
  at: string;
}

/** Where a `--set` is, for FILE:LINE:COL messages: file `--set`, line = which --set (1-based), col 1 the path, past '=' the value. */
function setPos(index: number, col: number) {
  return { file: '--set', line: index + 1, col };
}

/**
 * Applies `--set path=value` overrides to the scenario as read (before validation, so the
 * checks and limits see them). A malformed override or unknown path is thrown at once.
 */
function applySetOverrides(parsed: ParsedFile, specs: string[], registry: ModelRegistry): SetOverride[] {
  const out: SetOverride[] = [];
  const issues: ScenarioError['issues'] = [];
  specs.forEach((spec, index) => {
    const eq = spec.indexOf('=');
    const path = eq < 0 ? spec.trim() : spec.slice(0, eq).trim();
    if (eq < 0 || path === '') {
      issues.push({ ...setPos(index, 1), path: path || '(empty)', message: `expected path=value, e.g. --set lender.lenders.blockfills.cashShare=0.3, found ${JSON.stringify(spec)}` });
      return;
    }
    let value: unknown;
    try {
      value = parseYaml(spec.slice(eq + 1), { version: '1.2' });
    } catch (err) {
      issues.push({ ...setPos(index, eq + 2), path, message: `expected a value in YAML (a number, a word, {dist: uniform, min: …, max: …}), found a syntax error: ${(err as Error).message.split('\n')[0]}` });
      return;
    }
    const target = resolveParamPath(path, parsed.value, registry);
    if ('error' in target) {
      issues.push({ ...setPos(index, 1), path, message: target.error });
      return;
    }
    const problem = applyParamPath(parsed.value as Record<string, unknown>, target, value, registry);
    if (problem) issues.push({ ...setPos(index, 1), path, message: problem });
    else out.push({ index, path, value, at: formatPath(targetPath(target)) });
  });
  if (issues.length) throw new ScenarioError(issues);
  return out;
}

/** Problems at (or above, within its parameter, or below) a `--set` path are blamed on that --set. */
function blameSetOverrides(issues: ScenarioError['issues'], set: SetOverride[]): ScenarioError['issues'] {
  return issues.map((i) => {
    const o = [...set].reverse().find((s) => i.path === s.at || i.path.startsWith(s.at + '.') || i.path.startsWith(s.at + '[') || (s.at.startsWith(i.path + '.') && i.path.split('.').length >= 3));
    return o ? { ...i, ...setPos(o.index, o.path.length + 2), path: o.path } : i;
  });
}

/**
 * The points of a global sensitivity design: the scenario as written, then one point per row of
 * the design with every item at the row's value (parameters set, shocks replaced). Same seed
 * throughout: common random numbers, so the output moves with the inputs, not the noise.
 */
function designPoints(valid: ValidScenario, design: GlobalDesign): ScenarioPoint[] {
  const vary = valid.scenario.sensitivity!.vary;
  const d = vary.length;
  const points = [planPoint(valid, {})];
  for (let r = 0; r < design.rows; r++) {
    const params: Record<string, unknown> = {};
    const named: Record<string, number> = {};
    let schedule = valid.scenario.schedule;
    vary.forEach((v, i) => {
      const value = design.values[r * d + i];
      named[itemName(v)] = value;
      if (v.param !== undefined) params[v.param] = value;
      else schedule = withShock(schedule, v.shock!, value);
    });
    // struct fields and other parameter paths are planned as a file saying them would be (planValues)
    const plain = !valid.registry || Object.keys(params).every((k) => isModelParamPath(k, valid.parsed.value, valid.registry!));
    if (!plain && schedule !== valid.scenario.schedule) {
      throw new ScenarioError([{ file: valid.parsed.file, line: 1, col: 1, path: 'sensitivity.vary', message: `expected a ${design.method} design to vary parameter paths (${Object.keys(params).join(', ')}) or scheduled shocks, not both yet; vary the shock as a model parameter, or run two designs` }]);
    }
    const point = plain ? planPoint(valid, params, schedule) : planValues(valid, params);
    point.label = `${design.method} run ${r + 1}: ${Object.entries(named).map(([k, v]) => `${k}=${+v.toPrecision(6)}`).join(', ')}`;
    point.design = { method: design.method, row: r, values: named };
    points.push(point);
  }
  return points;
}

/** The schedule with one shock's multiply (or add) replaced by `value`. */
function withShock(schedule: ValidScenario['scenario']['schedule'], shock: { at: string; signal: string; field: 'multiply' | 'add' }, value: number): ValidScenario['scenario']['schedule'] {
  return schedule.map((e) => (e.at !== shock.at || !e.shock ? e : { ...e, shock: e.shock.map((x) => (x.signal === shock.signal ? { ...x, [shock.field]: value } : x)) }));
}

function planPoint(valid: ValidScenario, values: Record<string, unknown>, entries = valid.scenario.schedule): ScenarioPoint {
  const s = { ...valid.scenario, schedule: entries };
  const models = valid.models.map((m) => {
    const settings = { ...m.settings };
    for (const [key, v] of Object.entries(values)) {
      const [model, param] = key.split('.');
      if (model === m.name) settings[param] = v;
    }
    return { name: m.name, settings };
  });
  const schedule: PlannedScheduleEntry[] = [];
  for (const entry of s.schedule) {
    const day = daysBetween(s.start, entry.at);
    const step = Math.ceil(day / s.stepDays);
    const set = Object.entries(entry.set ?? {}).map(([key, value]) => {
      const [model, param] = key.split('.');
      return { model, param, value };
    });
    const shocks = (entry.shock ?? []).map((x) => ({ signal: x.signal, multiply: x.multiply, add: x.add }));
    schedule.push({ step, date: entry.at, set, shocks });
  }
  schedule.sort((a, b) => a.step - b.step); // stable: same-step entries keep file order
  // a discovery block reads the per-path table; it is in `resolved` so that --reuse finds only points that kept one
  const perPath = s.output.perPath === true || s.discovery !== undefined;
  const events: PlannedEvent[] = [];
  for (const m of valid.models) for (const e of m.io.events ?? []) events.push({ ...e });
  const signals = new Set(valid.models.flatMap((m) => [...m.io.writes, ...(m.io.adds ?? [])]));
  const earlier = new Set(events.map((e) => e.name));
  for (const e of s.events) {
    events.push(planScenarioEvent(e, { start: s.start, stepDays: s.stepDays, horizonDays: s.horizonDays, signals, earlierEvents: earlier }).event!);
    earlier.add(e.name);
  }
  const plan: RunPlan = {
    scenarioName: s.name,
    seed: s.seed,
    paths: s.paths,
    steps: valid.steps,
    stepDays: s.stepDays,
    startDate: s.start,
    blockSize: DEFAULT_BLOCK_SIZE,
    models,
    schedule,
    events,
    record: valid.record,
    samplePaths: s.output.samplePaths,
    keepTerminal: s.output.keepTerminal || perPath,
    sketchAlpha: s.output.sketchAccuracy,
    ...(perPath ? { perPath: true } : {}),
    ...(valid.replay.length ? { replay: valid.replay } : {}),
    quantileDays: quantileDaysOf(s),
  };
  const resolved = {
    name: s.name,
    start: s.start,
    horizonDays: s.horizonDays,
    stepDays: s.stepDays,
    paths: s.paths,
    seed: s.seed,
    models: Object.fromEntries(models.map((m) => [m.name, m.settings])),
    schedule: s.schedule,
    events: s.events,
    record: valid.record,
    output: perPath ? { ...s.output, perPath: true } : s.output,
    // the replayed values themselves: a changed data file changes the hash
    replay: valid.replay.length ? valid.replay : undefined,
    // real series the report draws on the fan charts (no effect on results)
    reference: Object.keys(valid.reference).length ? valid.reference : undefined,
  };
  if (valid.set) (resolved as Record<string, unknown>).set = valid.set;
  return { label: pointLabel(values), values, plan, resolved, hash: sha256(canonicalJson(resolved)) };
}

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export { ScenarioError };
