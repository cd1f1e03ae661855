import fs from 'node:fs';
import path from 'node:path';
import type { ModelRegistry } from '../engine/model.js';
import { ScenarioError, type ScenarioIssue } from '../scenario/issues.js';
import { BUILTIN_DIR, mergeParsed, readScenarioTree } from '../scenario/load.js';
import { loadParsedScenario, type LoadedScenario } from '../scenario/plan.js';
import { MAX_SCENARIO_BYTES, parseYamlText, pathKey, SourceMap, type ParsedFile } from '../scenario/read-yaml.js';

/** How a request names its scenario: a built-in by name, or the scenario itself (never a path). */
export interface ScenarioSource {
  /** A built-in scenario's name (`flagship`, as `cascade run flagship`). */
  scenario?: string;
  /** The scenario as YAML text. */
  yaml?: string;
  /** The scenario as a JSON object (JSON is YAML: the same checks, the same positions). */
  json?: Record<string, unknown>;
  /** Overrides `path: value` over any parameter path, as the CLI's `--set path=value` (`market.priceUsd`, `lender.lenders.blockfills.cashShare`). */
  set?: Record<string, unknown>;
  /** Overrides of the scenario's paths and seed. */
  paths?: number;
  seed?: number;
  /**
   * The scenario's whole schedule, replacing the one it has (its own and what it extends): the
   * workbench's timeline. Checked by the CLI's validator; problems name `schedule.K…` and
   * {@link REQUEST_SCHEDULE_FILE} at the entry's line in the list as JSON (two-space indent).
   */
  schedule?: unknown[];
  /** Keep the per-path table (output.perPath, the CLI's --per-path): paired intervals in comparisons. */
  perPath?: boolean;
}

/** The bounds a server puts on every request's scenario (they replace the scenario's own `limits`). */
export interface ServerLimits {
  /** Bound on paths × steps × recorded signals. */
  maxCells: number;
  /** Memory budget of a run, MB. */
  maxMemoryMB: number;
  /** Bound on the points of a sweep. */
  maxPoints: number;
}

/** The name a request's scenario text goes by in problems (FILE:LINE:COL). */
export const REQUEST_FILE = 'request.yaml';

/** The name a request's `schedule` goes by in problems: it is read as `{"schedule": [...]}` written as JSON with a two-space indent. */
export const REQUEST_SCHEDULE_FILE = 'request-schedule.json';

/** The built-in scenario names: the `scenarios/` folder's YAML files. */
export function builtinNames(): string[] {
  return fs
    .readdirSync(BUILTIN_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** The file of a built-in, or null when `name` is not one (compared with the list: no path is built from the request). */
export function builtinFile(name: string): string | null {
  const match = builtinNames().find((n) => n === name);
  return match === undefined ? null : path.join(BUILTIN_DIR, `${match}.yaml`);
}

const fail = (issues: ScenarioIssue[]): never => {
  throw new ScenarioError(issues);
};
const whole = (message: string, p = '(request)'): ScenarioIssue => ({ file: REQUEST_FILE, line: 1, col: 1, path: p, message });

/**
 * Reads, validates and plans the scenario of a request: a built-in by name, or YAML/JSON
 * content whose `extends` may name a built-in only. No other file is ever opened. Throws
 * {@link ScenarioError} with every problem (file `request.yaml`, or the built-in's file).
 */
export function loadRequestScenario(source: ScenarioSource, registry: ModelRegistry, limits: ServerLimits): LoadedScenario {
  const given = (['scenario', 'yaml', 'json'] as const).filter((k) => source[k] !== undefined);
  if (given.length !== 1) fail([whole(`expected exactly one of scenario (a built-in name), yaml or json, found ${given.length ? given.join(' and ') : 'none'}`)]);
  let parsed: ParsedFile;
  let file: string;
  if (source.scenario !== undefined) {
    const f = builtinFile(source.scenario);
    if (!f) fail([whole(`expected a built-in scenario name (${builtinNames().join(', ')}), found ${JSON.stringify(source.scenario)}`, 'scenario')]);
    file = f!;
    parsed = readScenarioTree(file, `${source.scenario}.yaml`);
  } else {
    const text = source.yaml ?? JSON.stringify(source.json, null, 2);
    if (Buffer.byteLength(text) > MAX_SCENARIO_BYTES) fail([whole(`expected a scenario of at most ${MAX_SCENARIO_BYTES} bytes, found ${Buffer.byteLength(text)}`, '(file)')]);
    const read = parseYamlText(REQUEST_FILE, text);
    if (!read.parsed) fail(read.issues);
    parsed = withBuiltinParent(read.parsed!);
    file = REQUEST_FILE;
  }
  if (source.schedule !== undefined && parsed.value !== null && typeof parsed.value === 'object' && !Array.isArray(parsed.value)) parsed = withSchedule(parsed, source.schedule);
  const value = parsed.value as Record<string, unknown>;
  delete value.limits; // the server's bounds, not the request's
  // `set` is the CLI's --set path=value (any parameter path); a JSON value is YAML
  const set = Object.entries(source.set ?? {}).map(([p, v]) => `${p}=${JSON.stringify(v)}`);
  return loadParsedScenario(parsed, file, registry, { paths: source.paths, seed: source.seed, set, perPath: source.perPath, ...limits });
}

/** Merges the built-in a request's scenario extends under it; any other `extends` is refused. */
function withBuiltinParent(parsed: ParsedFile): ParsedFile {
  const value = parsed.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, 'extends')) return parsed;
  const ref = (value as Record<string, unknown>).extends;
  const at = parsed.map.locate(['extends'], false, { file: REQUEST_FILE, line: 1, col: 1 });
  const f = typeof ref === 'string' ? builtinFile(ref) : null;
  if (!f) fail([{ ...at, path: 'extends', message: `expected a built-in scenario name (${builtinNames().join(', ')}): a scenario sent to the server extends built-ins only, found ${JSON.stringify(ref)}` }]);
  return mergeParsed(readScenarioTree(f!, `${ref as string}.yaml`), parsed);
}

/**
 * `parsed` with its schedule replaced by `schedule` (positions and all): the list is read as
 * the JSON text `{"schedule": [...]}`, so that every problem of an entry has a line and the
 * path `schedule.K.…` the workbench shows it against.
 */
export function withSchedule(parsed: ParsedFile, schedule: unknown[]): ParsedFile {
  const read = parseYamlText(REQUEST_SCHEDULE_FILE, JSON.stringify({ schedule }, null, 2));
  if (!read.parsed) fail(read.issues);
  const map = new SourceMap();
  const under = pathKey(['schedule']).slice(0, -1);
  const own = (k: string) => k === pathKey(['schedule']) || k.startsWith(under + ',');
  for (const m of ['values', 'keys'] as const) {
    for (const [k, v] of parsed.map[m]) if (!own(k)) map[m].set(k, v);
    for (const [k, v] of read.parsed!.map[m]) if (own(k)) map[m].set(k, v);
  }
  for (const k of parsed.map.quoted) if (!own(k)) map.quoted.add(k);
  for (const k of read.parsed!.map.quoted) if (own(k)) map.quoted.add(k);
  const value = { ...(parsed.value as Record<string, unknown>) };
  Object.defineProperty(value, 'schedule', { value: (read.parsed!.value as { schedule: unknown[] }).schedule, enumerable: true, writable: true, configurable: true });
  return { file: parsed.file, value, map };
}
