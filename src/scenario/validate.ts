import type { z } from 'zod';
import { resolveIO } from '../engine/io.js';
import { sensitivityPointCount } from '../analysis/global-sensitivity.js';
import { SALTELLI_MAX_INPUTS } from '../analysis/saltelli.js';
import { addDays, DAY_MS, dateMs, daysBetween } from '../engine/calendar.js';
import type { ModelRegistry, ResolvedIO } from '../engine/model.js';
import { shapeParams, type ShapeParams } from '../engine/shape.js';
import { boundSign, type NumberParam, type ParamDecl, type ParamTable } from '../engine/params.js';
import { modelsProviding, REPLAY_SOURCE, replayNode } from '../engine/prepare.js';
import type { PlannedReplay, QuantileDays } from '../engine/run-plan.js';
import { orderModels, SignalGraphError } from '../engine/signal-graph.js';
import { checkNumberSetting } from './distribution-schema.js';
import { structIssues } from './struct-issues.js';
import { describeFound, getIn, ScenarioError, type ScenarioIssue } from './issues.js';
import { issueAt, unknownKeyMessage } from './load.js';
import type { ParsedFile } from './read-yaml.js';
import { estimateRunMemory, formatBytes, type MemoryEstimate, type RunShape } from './memory.js';
import { quantileStepsOf } from '../engine/recorder/run-record.js';
import { SUMMARY_DAYS } from '../results/quantiles.js';
import { planReferences, planReplays, type ReferenceSeries } from './replay.js';
import { scenarioSchema, type Scenario } from './schema.js';
import { parseSimpleCondition, planScenarioEvent } from './events.js';
import { resolveParamPath, withPathValues } from './param-path.js';

/** Names a key must not have where it becomes a property name (`__proto__` would vanish). */
const RESERVED_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

/** A number with no range: what a shock's multiply or add may be. */
const ANY_NUMBER: NumberParam = { kind: 'number', default: 0, unit: '', description: 'a shock factor or addend', source: '' };

/** The last day a date may be (dates print as YYYY-MM-DD). */
const LAST_DAY_MS = Date.UTC(9999, 11, 31);

/** An enabled model with its validated settings and resolved I/O. */
export interface EnabledModel {
  name: string;
  settings: Record<string, unknown>;
  io: ResolvedIO;
  /** Parameters that shape its run (a scheduled `set` of them is refused), with why. */
  shape: ShapeParams;
}

/** A scenario that passed every check, with what the checks worked out. */
export interface ValidScenario {
  scenario: Scenario;
  parsed: ParsedFile;
  models: EnabledModel[];
  /** Steps = ⌈horizonDays / stepDays⌉. */
  steps: number;
  /** Signals the run records. */
  record: string[];
  /** Points the run computes: the sweep grid's combinations, 1 + 2 per sensitivity item, or 1. */
  points: number;
  /** Signals replayed from dated series (the scenario's `replay:`), sampled at the steps. */
  replay: PlannedReplay[];
  /** Real series drawn on recorded signals' charts (the scenario's `reference:`), at the steps. */
  reference: Record<string, ReferenceSeries>;
  /** The models the scenario was checked against (to re-check it with a parameter path set). */
  registry?: ModelRegistry;
  /** `--set path=value` overrides applied to the file, by path (shown in `resolved`). */
  set?: Record<string, unknown>;
}


/** Parses "btc.price < 60000" into its parts, or null (see events.ts). */
export const parseCondition = parseSimpleCondition;

/**
 * An issue in an event's field; for its condition, at the column of the problem inside the
 * text (the value's column plus the offset, past an opening quote).
 */
function eventIssue(parsed: ParsedFile, p: (string | number)[], message: string, offset?: number): ScenarioIssue {
  const issue = issueAt(parsed, p, message);
  if (offset === undefined || offset <= 0) return issue;
  return { ...issue, col: issue.col + offset + (parsed.map.quoted.has(JSON.stringify(p)) ? 1 : 0) };
}

/** Explains why `value` is not a valid setting of `decl`, or null. */
export function checkSetting(decl: ParamDecl, value: unknown): string | null {
  if (decl.kind === 'number') return checkNumberSetting(decl, value);
  if (decl.kind === 'choice') return decl.values.includes(value as string) ? null : `expected one of ${decl.values.join(', ')}, found ${describeFound(value)}`;
  const r = decl.schema.safeParse(value);
  return r.success ? null : `expected ${decl.description.replace(/\.$/, '')}: ${r.error.issues[0].path.join('.') || 'value'} ${r.error.issues[0].message}, found ${describeFound(value)}`;
}

/**
 * Validates a merged scenario against the schema and the models: every problem is collected
 * (not just the first) and thrown as one {@link ScenarioError}.
 */
export function validateScenario(parsed: ParsedFile, registry: ModelRegistry): ValidScenario {
  // zod drops a key named __proto__ from the records (set, sweep.grid): refuse it on the raw file
  const reserved = reservedKeyIssues(parsed);
  const schema = scenarioSchema(registry);
  const result = schema.safeParse(parsed.value, { reportInput: true });
  if (!result.success) {
    // zod stops short of parameter ranges (its union accepts any number): check those too,
    // so that one run of validate lists every problem
    const fromZod = result.error.issues.flatMap((i) => explainZodIssue(i, parsed, registry));
    throw new ScenarioError(dedupe([...reserved, ...fromZod, ...rawParamIssues(parsed, registry)]).sort((a, b) => a.line - b.line || a.col - b.col));
  }
  if (reserved.length) throw new ScenarioError(reserved);
  const scenario = result.data;
  const issues: ScenarioIssue[] = [];
  const at = (p: (string | number)[], message: string, onKey = false) => issues.push(issueAt(parsed, p, message, onKey));
  const byName = new Map(registry.models.map((m) => [m.name, m] as const));

  const models: EnabledModel[] = [];
  for (const [name, raw] of Object.entries(scenario.models)) {
    if (!raw || (raw as { enabled?: boolean }).enabled === false) continue;
    const def = byName.get(name)!;
    const { enabled: _e, ...settings } = raw as Record<string, unknown>;
    for (const [k, decl] of Object.entries(def.params as ParamTable)) {
      const problem = checkSetting(decl, settings[k]);
      if (problem) at(['models', name, k], problem);
    }
    if (def.resolveSettings && !issues.length) {
      const given = new Set(Object.keys(ownRecord(getIn(parsed.value, ['models', name]))));
      const r = def.resolveSettings(settings as never, { startDate: scenario.start, given });
      for (const i of r.issues) at(['models', name, ...(given.has(i.param) ? [i.param] : [])], given.has(i.param) ? i.message : `${i.param}: ${i.message}`, !given.has(i.param));
      Object.assign(settings, r.settings);
    }
    models.push({ name, settings, io: resolveIO(def, settings), shape: shapeParams(def, settings) });
  }
  if (models.length === 0) at(['models'], `expected at least one enabled model (${registry.models.map((m) => m.name).join(', ')}), found none`);
  if (issues.length) throw new ScenarioError(issues);

  const steps = Math.ceil(scenario.horizonDays / scenario.stepDays);
  const replay = planReplays(scenario, parsed, registry, models, steps, at);
  if (issues.length) throw new ScenarioError(issues);
  try {
    const source = replay.length ? [replayNode(replay.map((r) => r.signal))] : [];
    orderModels([...source, ...models.map((m) => ({ name: m.name, io: m.io }))], (s) => modelsProviding(registry, s));
  } catch (err) {
    if (err instanceof SignalGraphError) at(['models'], err.message);
    else throw err;
  }
  const provided = new Map<string, string>();
  for (const r of replay) provided.set(r.signal, REPLAY_SOURCE);
  const shockable = new Set<string>();
  for (const m of models) {
    for (const s of [...m.io.writes, ...(m.io.adds ?? [])]) provided.set(s, m.name);
    for (const s of m.io.shockable ?? []) shockable.add(s);
  }

  if (scenario.stepDays > scenario.horizonDays) {
    at(['stepDays'], `expected days per step ≤ horizonDays (${scenario.horizonDays}), found ${scenario.stepDays}: one step would simulate past the horizon`);
  }
  if (dateMs(scenario.start) + scenario.horizonDays * DAY_MS > LAST_DAY_MS) {
    at(['horizonDays'], `expected a horizon that ends on or before 9999-12-31, found ${scenario.horizonDays} days from the start ${scenario.start}`);
  }
  if (issues.length) throw new ScenarioError(issues);
  const endDate = addDays(scenario.start, scenario.horizonDays);
  /** Per enabled model, the parameters that shape its run (a scheduled set of them is refused). */
  const shapes = new Map(models.map((m) => [m.name, m.shape] as const));
  scenario.schedule.forEach((entry, k) => {
    const day = daysBetween(scenario.start, entry.at);
    if (day <= 0 || day > scenario.horizonDays) at(['schedule', k, 'at'], `expected a date after the start ${scenario.start} and on or before the horizon end ${endDate}, found ${entry.at}`);
    if (!entry.set && !entry.shock) at(['schedule', k], 'expected set: {model.param: value} or shock: [{signal, multiply|add}], found neither');
    for (const [key, value] of Object.entries(ownRecord(getIn(parsed.value, ['schedule', k, 'set'])))) {
      const [modelName, param, ...rest] = key.split('.');
      const def = byName.get(modelName);
      const enabled = models.some((m) => m.name === modelName);
      if (!def || !param || rest.length) at(['schedule', k, 'set', key], unknownKeyMessage('model.param names', key, models.flatMap((m) => Object.keys(byName.get(m.name)!.params).map((p) => `${m.name}.${p}`))), true);
      else if (!enabled) at(['schedule', k, 'set', key], `expected a parameter of an enabled model, found ${modelName}, which this scenario does not enable`, true);
      else if (!Object.hasOwn(def.params, param)) at(['schedule', k, 'set', key], unknownKeyMessage(`${modelName} parameters`, param, Object.keys(def.params)), true);
      else if (shapes.get(modelName)!.has(param)) {
        const why = shapes.get(modelName)!.get(param)!;
        at(['schedule', k, 'set', key], `expected a parameter that may change during a run, found ${key}, which shapes the run and is fixed at the start: ${why}; give it under models: instead`, true);
      } else {
        const problem = checkSetting((def.params as ParamTable)[param], value);
        if (problem) at(['schedule', k, 'set', key], problem);
      }
    }
    (entry.shock ?? []).forEach((shock, j) => {
      if (!shockable.has(shock.signal)) at(['schedule', k, 'shock', j, 'signal'], `expected a signal that can be shocked (${[...shockable].join(', ') || 'none in the enabled models'}), found ${JSON.stringify(shock.signal)}`);
      if (shock.multiply === undefined && shock.add === undefined) at(['schedule', k, 'shock', j], 'expected multiply or add, found neither');
      for (const field of ['multiply', 'add'] as const) {
        const v = shock[field];
        if (v === undefined) continue;
        const problem = checkSetting(ANY_NUMBER, v);
        if (problem) at(['schedule', k, 'shock', j, field], problem);
      }
    });
  });

  const names = new Set<string>();
  for (const m of models) for (const e of m.io.events ?? []) names.add(e.name);
  const earlier = new Set(names);
  const signalSet = new Set(provided.keys());
  scenario.events.forEach((ev, k) => {
    const { problems } = planScenarioEvent(ev, { start: scenario.start, stepDays: scenario.stepDays, horizonDays: scenario.horizonDays, signals: signalSet, earlierEvents: earlier });
    for (const p of problems) issues.push(eventIssue(parsed, ['events', k, p.field], p.message, p.offset));
    earlier.add(ev.name);
  });
  scenario.events.forEach((ev, k) => {
    if (RESERVED_NAMES.has(ev.name)) at(['events', k, 'name'], `expected an event name that is not a JavaScript object property (${ev.name} would not survive as a key of the results), found ${ev.name}`);
    else if (names.has(ev.name)) at(['events', k, 'name'], `expected a unique event name, found ${ev.name} twice (models define: ${[...names].join(', ')})`);
    names.add(ev.name);
  });
  const sens = scenario.sensitivity;
  if (sens?.method === 'sobol' && sens.vary.length > SALTELLI_MAX_INPUTS) {
    at(['sensitivity', 'vary'], `expected at most ${SALTELLI_MAX_INPUTS} items for method: sobol (the Sobol' sequence here has ${2 * SALTELLI_MAX_INPUTS + 1} dimensions, two per input), found ${sens.vary.length}; use method: morris to screen more inputs first`);
  }
  if (sens?.method === 'morris' && sens.levels !== undefined && sens.levels % 2) at(['sensitivity', 'levels'], `expected an even number of levels for method: morris (so that every step is half the grid), found ${sens.levels}`);
  if (sens && sens.method === 'tornado' && (sens.samples !== undefined || sens.levels !== undefined)) {
    at(['sensitivity', sens.samples !== undefined ? 'samples' : 'levels'], 'expected samples and levels only with method: sobol, morris or lhs (a tornado runs each item at its low and high value), found one with the default method: tornado', true);
  }
  const discovery = scenario.discovery;
  if (discovery && !names.has(discovery.event)) at(['discovery', 'event'], unknownKeyMessage('events (the scenario’s and the models’)', discovery.event, [...names]));

  // by default every signal but those a model declares coupling-only (signals.ts)
  const couplingOnly = new Set(models.flatMap((m) => m.io.coupling ?? []));
  const record = scenario.record ?? [...provided.keys()].filter((s) => !couplingOnly.has(s));
  (scenario.record ?? []).forEach((s, k) => {
    if (!provided.has(s)) at(['record', k], unknownKeyMessage('signals', s, [...provided.keys()]));
  });

  for (const [key, values] of Object.entries(ownRecord(getIn(parsed.value, ['sweep', 'grid'])) as Record<string, unknown[]>)) {
    const [modelName, param, ...rest] = key.split('.');
    const def = byName.get(modelName);
    if (!def || !param || rest.length || !models.some((m) => m.name === modelName) || !Object.hasOwn(def.params, param)) {
      // any other parameter path: a struct field, a shock's multiply/add, a top-level field
      const target = resolveParamPath(key, parsed.value, registry);
      if ('error' in target && key.split('.').length === 2) {
        at(['sweep', 'grid', key], unknownKeyMessage('model.param names of enabled models', key, models.flatMap((m) => Object.keys(byName.get(m.name)!.params).map((p) => `${m.name}.${p}`))), true);
      } else if ('error' in target) at(['sweep', 'grid', key], target.error, true);
      else {
        values.forEach((v, j) => {
          const problem = checkPathValue(parsed, registry, key, v);
          if (problem) at(['sweep', 'grid', key, j], problem);
        });
      }
      continue;
    }
    values.forEach((v, j) => {
      const problem = checkSetting((def.params as ParamTable)[param], v);
      if (problem) at(['sweep', 'grid', key, j], problem);
    });
  }

  checkSensitivity(scenario, at, provided, record, byName, models, endDate, parsed, registry);
  const reference = planReferences(scenario, parsed, record, steps, at);

  const cells = scenario.paths * (steps + 1) * Math.max(1, record.length);
  if (cells > scenario.limits.maxCells) {
    at(['paths'], `expected paths × steps × recorded signals ≤ limits.maxCells = ${scenario.limits.maxCells.toExponential(2)}, found ${scenario.paths} × ${steps + 1} × ${Math.max(1, record.length)} = ${cells.toExponential(2)}; lower paths or horizonDays, record fewer signals (record: [...]), or raise the bound with limits.maxCells or --max-cells`);
  }

  // the number of points, from the lists (never by expanding the grid)
  const grid = Object.values(scenario.sweep?.grid ?? {});
  const points = scenario.sensitivity ? sensitivityPointCount(scenario.sensitivity) : grid.reduce((a, v) => a * v.length, 1);
  if (points > scenario.limits.maxPoints) {
    const sens = scenario.sensitivity;
    const what = !sens
      ? `a sweep grid of ${grid.map((v) => v.length).join(' × ')} =`
      : sens.method === 'tornado'
        ? `a sensitivity block of 1 + 2 × ${sens.vary.length} =`
        : `a ${sens.method} sensitivity block of`;
    at([scenario.sensitivity ? 'sensitivity' : 'sweep'], `expected at most limits.maxPoints = ${scenario.limits.maxPoints.toLocaleString('en-US')} points, found ${what} ${points.toLocaleString('en-US')} points; vary fewer values, or raise the bound with limits.maxPoints or --max-points`, true);
  }
  if (issues.length) throw new ScenarioError(issues);

  const valid: ValidScenario = { scenario, parsed, models, steps, record, points, replay, reference, registry };
  const memory = estimateRunMemory(runShape(valid), 1);
  const budget = scenario.limits.maxMemoryMB * 1024 * 1024;
  if (memory.bytes > budget) at([dominantField(memory, scenario, parsed)], memoryMessage(memory, scenario.limits.maxMemoryMB), true);
  if (issues.length) throw new ScenarioError(issues);
  return valid;
}

/** The days that keep quantiles (RunPlan.quantileDays): the output block's, the summary days and a sensitivity's date. */
export function quantileDaysOf(s: Scenario): QuantileDays {
  return {
    dailyDays: s.output.quantilesDailyDays,
    everyDays: s.output.quantilesEveryDays,
    days: [...SUMMARY_DAYS, ...s.output.quantilesDays, ...(s.sensitivity?.at ? [daysBetween(s.start, s.sensitivity.at)] : [])],
  };
}

/** What a run's memory depends on (see memory.ts), from a validated scenario. */
export function runShape(valid: ValidScenario): RunShape {
  const s = valid.scenario;
  const modelEvents = valid.models.reduce((a, m) => a + (m.io.events?.length ?? 0), 0);
  return {
    paths: s.paths,
    steps: valid.steps,
    quantileSteps: quantileStepsOf({ steps: valid.steps, stepDays: s.stepDays, quantileDays: quantileDaysOf(s) }).length,
    signals: valid.record.length,
    events: modelEvents + s.events.length,
    samplePaths: s.output.samplePaths,
    keepTerminal: s.output.keepTerminal || s.output.perPath === true || s.discovery !== undefined,
    sketchAccuracy: s.output.sketchAccuracy,
    points: valid.points,
    ...(s.output.perPath === true || s.discovery !== undefined ? { perPathInputs: countDrawnInputs(s) } : {}),
  };
}

/** Numbers the scenario draws from distributions (model parameters, scheduled sets, shocks): the per-path table's inputs. */
function countDrawnInputs(s: Scenario): number {
  const isDist = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v) && 'dist' in v;
  let n = 0;
  for (const settings of Object.values(s.models)) for (const v of Object.values((settings ?? {}) as Record<string, unknown>)) if (isDist(v)) n++;
  for (const e of s.schedule) {
    for (const v of Object.values(e.set ?? {})) if (isDist(v)) n++;
    for (const x of e.shock ?? []) n += (isDist(x.multiply) ? 1 : 0) + (isDist(x.add) ? 1 : 0);
  }
  return n;
}

/**
 * The field to blame for a run over its memory budget: the one behind its largest part that
 * the scenario (or a file it extends) writes, so that the message points at a line to change.
 */
function dominantField(m: MemoryEstimate, s: Scenario, parsed: ParsedFile): string {
  const written = (f: string) => parsed.map.keys.has(JSON.stringify([f]));
  const fields = [...m.parts].sort((a, b) => b.bytes - a.bytes).map((p) => (p.field === 'sweep' && s.sensitivity ? 'sensitivity' : p.field));
  return [...fields, 'horizonDays', 'paths'].find(written) ?? 'horizonDays';
}

/** "expected … within the budget, found an estimated …: parts; what to do". */
export function memoryMessage(m: MemoryEstimate, budgetMB: number, flag = '--max-memory'): string {
  const parts = [...m.parts]
    .filter((p) => p.bytes >= 0.05 * m.bytes)
    .sort((a, b) => b.bytes - a.bytes)
    .map((p) => `${p.what} ${formatBytes(p.bytes)}`)
    .join(', ');
  return (
    `expected a run within the memory budget limits.maxMemoryMB = ${budgetMB.toLocaleString('en-US')} MB, found an estimated ${formatBytes(m.bytes)} (${parts}); ` +
    `lower paths or horizonDays (or raise stepDays), record fewer signals (record: [...]), sweep fewer points, keep fewer sampled paths (output.samplePaths) or set output.keepTerminal: false, ` +
    `or raise the budget with limits.maxMemoryMB or ${flag} (the machine must have that memory)`
  );
}

/** The own keys and values of a mapping from the file (the raw value: zod drops __proto__). */
function ownRecord(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/**
 * Keys named after Object.prototype properties (`__proto__`, `constructor`, `toString`) where a
 * record takes any key: `set`, `sweep.grid`. They are unknown keys, with "did you mean".
 */
function reservedKeyIssues(parsed: ParsedFile): ScenarioIssue[] {
  const out: ScenarioIssue[] = [];
  const schedule = getIn(parsed.value, ['schedule']);
  const records: [(string | number)[], unknown][] = [[['sweep', 'grid'], getIn(parsed.value, ['sweep', 'grid'])]];
  if (Array.isArray(schedule)) schedule.forEach((_e, k) => records.push([['schedule', k, 'set'], getIn(parsed.value, ['schedule', k, 'set'])]));
  for (const [where, rec] of records) {
    for (const key of Object.keys(ownRecord(rec))) {
      if (!RESERVED_NAMES.has(key)) continue;
      out.push(issueAt(parsed, [...where, key], `expected model.param (a model name, a dot, a parameter name), found ${JSON.stringify(key)}`, true));
    }
  }
  return out;
}

function explainZodIssue(issue: z.core.$ZodIssue, parsed: ParsedFile, registry: ModelRegistry): ScenarioIssue[] {
  const p = issue.path as (string | number)[];
  const input = (issue as { input?: unknown }).input;
  // model parameters: explain with the parameter's own unit and range
  if (p[0] === 'models' && p.length >= 3) {
    const def = registry.models.find((m) => m.name === p[1]);
    const decl = def && Object.hasOwn(def.params, p[2]) ? (def.params as ParamTable)[p[2] as string] : undefined;
    if (decl?.kind === 'struct') return structIssues(parsed, p.slice(0, 3), decl, getIn(parsed.value, p.slice(0, 3)));
    if (decl) {
      const value = getIn(parsed.value, p.slice(0, 3));
      return [issueAt(parsed, p.slice(0, 3), checkSetting(decl, value) ?? `expected a valid value, found ${describeFound(value)}`)];
    }
  }
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeysAt(p, registry);
      return issue.keys.map((key) => issueAt(parsed, [...p, key], unknownKeyMessage(p[0] === 'models' && p.length === 1 ? 'models' : p.length === 2 && p[0] === 'models' ? `${p[1]} parameters` : 'fields', key, known), true));
    }
    case 'invalid_type': {
      const found = getIn(parsed.value, p);
      const expected = WHOLE_NUMBER_FIELDS.has(p.join('.')) ? 'a whole number' : article(issue.expected);
      if (found === undefined) return [issueAt(parsed, p, `expected ${expected} (required), found nothing`, true)];
      return [issueAt(parsed, p, `expected ${expected}, found ${describeFound(found)}`)];
    }
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const rel = boundSign(issue.code === 'too_small' ? 'min' : 'max', !issue.inclusive);
      const what = issue.origin === 'array' ? 'a list with length' : issue.origin === 'string' ? 'a text of length' : issue.origin === 'int' ? 'a whole number' : 'a number';
      return [issueAt(parsed, p, `expected ${what} ${rel} ${bound}, found ${describeFound(input ?? getIn(parsed.value, p))}`)];
    }
    case 'invalid_format':
    case 'custom':
      return [issueAt(parsed, p, `expected ${issue.message}, found ${describeFound(getIn(parsed.value, p))}`)];
    case 'invalid_value':
      return [issueAt(parsed, p, `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, found ${describeFound(getIn(parsed.value, p))}`)];
    case 'invalid_union':
      return [issueAt(parsed, p, `expected a number or a distribution {dist: normal|lognormal|uniform|triangular|choice, ...}, found ${describeFound(getIn(parsed.value, p))}`)];
    default:
      return [issueAt(parsed, p, `${issue.message}, found ${describeFound(getIn(parsed.value, p))}`)];
  }
}

/** Range problems of model parameters, checked on the raw (unvalidated) values. */
function rawParamIssues(parsed: ParsedFile, registry: ModelRegistry): ScenarioIssue[] {
  const out: ScenarioIssue[] = [];
  const models = getIn(parsed.value, ['models']);
  if (!models || typeof models !== 'object') return out;
  for (const m of registry.models) {
    const settings = (models as Record<string, unknown>)[m.name];
    if (!settings || typeof settings !== 'object') continue;
    for (const [k, decl] of Object.entries(m.params as ParamTable)) {
      const v = (settings as Record<string, unknown>)[k];
      if (v === undefined) continue;
      if (decl.kind === 'struct') {
        out.push(...structIssues(parsed, ['models', m.name, k], decl, v));
        continue;
      }
      const problem = checkSetting(decl, v);
      if (problem) out.push(issueAt(parsed, ['models', m.name, k], problem));
    }
  }
  return out;
}

/** Top-level fields that take whole numbers (zod reports them as plain numbers). */
const WHOLE_NUMBER_FIELDS = new Set(['horizonDays', 'stepDays', 'paths', 'seed', 'output.samplePaths']);

function knownKeysAt(p: (string | number)[], registry: ModelRegistry): string[] {
  const shape = (obj: unknown): string[] => Object.keys(((obj as { shape?: object }).shape ?? {}) as object);
  let node: unknown = scenarioSchema(registry);
  for (const k of p) {
    let inner = node as { shape?: Record<string, unknown>; def?: { innerType?: unknown; element?: unknown; type?: string } };
    while (inner && !inner.shape && inner.def && (inner.def.innerType || inner.def.element)) inner = (typeof k === 'number' && inner.def.element ? inner.def.element : inner.def.innerType ?? inner.def.element) as typeof inner;
    if (typeof k === 'number') continue;
    node = inner?.shape && Object.hasOwn(inner.shape, k) ? inner.shape[k] : undefined;
  }
  let inner = node as { shape?: object; def?: { innerType?: unknown; element?: unknown } };
  while (inner && !inner.shape && inner.def && (inner.def.innerType || inner.def.element)) inner = (inner.def.innerType ?? inner.def.element) as typeof inner;
  return shape(inner);
}

function article(expected: string): string {
  const words: Record<string, string> = { string: 'a text (or a date YYYY-MM-DD where one is meant)', number: 'a number', int: 'a whole number', boolean: 'true or false', object: 'a mapping', array: 'a list', record: 'a mapping' };
  return words[expected] ?? expected;
}

function dedupe(issues: ScenarioIssue[]): ScenarioIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.line}:${i.col}:${i.path}:${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Checks the `sensitivity` block: its output (a recorded signal) and date (the end of a step),
 * and each item it varies. Everything the tornado table needs is checked here, so that a
 * mistake is reported with its line before any run, not found after all of them.
 */
function checkSensitivity(
  scenario: Scenario,
  at: (p: (string | number)[], message: string, onKey?: boolean) => void,
  provided: Map<string, string>,
  record: string[],
  byName: Map<string, ModelRegistry['models'][number]>,
  models: EnabledModel[],
  endDate: string,
  parsed: ParsedFile,
  registry: ModelRegistry,
): void {
  const sens = scenario.sensitivity;
  if (!sens) return;
  if (scenario.sweep) at(['sensitivity'], 'expected either a sweep or a sensitivity block, found both (a sensitivity varies one item at a time around one point)', true);
  const events = [...models.flatMap((m) => (m.io.events ?? []).map((e) => e.name)), ...scenario.events.map((e) => e.name)];
  if (sens.statistic === 'probability') {
    if (!events.includes(sens.output)) at(['sensitivity', 'output'], unknownKeyMessage('events (statistic: probability measures an event)', sens.output, events));
  } else if (!provided.has(sens.output)) at(['sensitivity', 'output'], unknownKeyMessage('signals of the enabled models', sens.output, [...provided.keys()]));
  else if (!record.includes(sens.output)) at(['sensitivity', 'output'], `expected a signal the run records (add ${sens.output} to record:, which lists ${record.join(', ') || 'none'}), found ${sens.output}`);
  if (sens.at !== undefined) {
    const day = daysBetween(scenario.start, sens.at);
    const every = scenario.stepDays;
    if (sens.statistic === 'total') at(['sensitivity', 'at'], `expected no date with statistic: total (it sums the output's mean over every step), found ${sens.at}`);
    else if (day < 0 || day > scenario.horizonDays) at(['sensitivity', 'at'], `expected a date from the start ${scenario.start} to the horizon end ${endDate}, found ${sens.at}`);
    else if (day % every !== 0) {
      const before = addDays(scenario.start, day - (day % every));
      at(['sensitivity', 'at'], `expected the end of a step (every ${every} days from the start ${scenario.start}, e.g. ${before}), found ${sens.at}`);
    }
  }
  sens.vary.forEach((v, k) => {
    const here = ['sensitivity', 'vary', k];
    if ((v.param === undefined) === (v.shock === undefined)) {
      at(here, 'expected one of param: model.param or shock: {at, signal}, found ' + (v.param === undefined ? 'neither' : 'both'));
      return;
    }
    if (v.param !== undefined) {
      const [modelName, param, ...rest] = v.param.split('.');
      const def = byName.get(modelName);
      const names = models.flatMap((m) => Object.entries(byName.get(m.name)!.params as ParamTable).filter(([, d]) => d.kind === 'number').map(([p]) => `${m.name}.${p}`));
      const decl = def && param && !rest.length && models.some((m) => m.name === modelName) && Object.hasOwn(def.params, param) ? (def.params as ParamTable)[param] : undefined;
      if (!decl || decl.kind !== 'number') {
        // any other parameter path (a struct field, a shock, a top-level field), each side checked as the file would be
        const target = resolveParamPath(v.param, parsed.value, registry);
        if (decl || 'error' in target) at([...here, 'param'], decl || !('error' in target) || v.param.split('.').length === 2 ? unknownKeyMessage('number parameters of enabled models (model.param)', v.param, names) : target.error);
        else {
          for (const side of ['low', 'high'] as const) {
            const problem = checkPathValue(parsed, registry, v.param, v[side]);
            if (problem) at([...here, side], problem);
          }
        }
        return;
      }
      for (const side of ['low', 'high'] as const) {
        const problem = checkSetting(decl, v[side]);
        if (problem) at([...here, side], problem);
      }
      return;
    }
    const shock = v.shock!;
    const entry = scenario.schedule.find((e) => e.at === shock.at && (e.shock ?? []).some((x) => x.signal === shock.signal));
    if (!entry) {
      const shocks = scenario.schedule.flatMap((e) => (e.shock ?? []).map((x) => `${x.signal} at ${e.at}`));
      at([...here, 'shock'], `expected a shock in the schedule (${shocks.join(', ') || 'none'}), found ${shock.signal} at ${shock.at}`);
    }
  });
}

/**
 * Why `value` cannot be set at the parameter path `path` of the scenario, in the words the
 * file would get (the scenario is checked again with it set), or null when it can.
 */
export function checkPathValue(parsed: ParsedFile, registry: ModelRegistry, path: string, value: unknown): string | null {
  const { raw, errors } = withPathValues(parsed.value, { [path]: value }, registry);
  if (errors.length) return errors[0].message;
  try {
    validateScenario({ ...parsed, value: raw }, registry);
    return null;
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    return err.issues.map((i) => (i.path.startsWith('models.') || i.path.startsWith('schedule') ? `${i.path}: ${i.message}` : i.message)).join('; ');
  }
}
