import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { closest, formatPath, type ScenarioIssue, ScenarioError } from './issues.js';
import { pathKey, readYamlFile, SourceMap, type ParsedFile } from './read-yaml.js';

/** Folder of the built-in scenario library (`scenarios/` at the package root). */
export const BUILTIN_DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url));

/** Lists that `extends` appends to instead of replacing. */
const CONCATENATED = new Set(['schedule', 'events']);

/** Resolves `name` to a file: a path (relative to `fromDir`), or a built-in scenario name. */
export function resolveScenarioRef(name: string, fromDir: string): string {
  if (/^[\w-]+$/.test(name)) return path.join(BUILTIN_DIR, `${name}.yaml`);
  return path.resolve(fromDir, name);
}

/** Names of the built-in scenarios. */
export async function builtinScenarioNames(): Promise<string[]> {
  const fs = await import('node:fs');
  return fs
    .readdirSync(BUILTIN_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** How `extends` may reach other files. */
export interface ExtendsOptions {
  /**
   * Let `extends` name files outside the first scenario's folder tree and the built-ins
   * (`--allow-extends-outside`). Off by default: a scenario from elsewhere must not make
   * Cascade read, and quote in its messages, files it has no business with.
   */
  allowExtendsOutside?: boolean;
}

/** How many files a chain of `extends` may hold. */
export const MAX_EXTENDS_DEPTH = 32;

/**
 * Reads a scenario file and everything it extends, merged child over parent: mappings merge
 * key by key, `schedule` and `events` lists append, other lists replace. Positions of every
 * field are kept, in the file that set it. Throws {@link ScenarioError} with every problem.
 *
 * `extends` reaches only regular files within the first file's folder tree or the built-in
 * scenarios (unless `allowExtendsOutside`), at most {@link MAX_EXTENDS_DEPTH} deep; a parent
 * that cannot be used (missing, not a regular file, too large, not YAML, not a mapping) is
 * reported at the `extends:` line, without quoting the parent's content.
 */
export function readScenarioTree(file: string, display = file, options: ExtendsOptions = {}): ParsedFile {
  return readTree(file, display, options, [], null);
}

function readTree(file: string, display: string, options: ExtendsOptions, chain: string[], root: string | null): ParsedFile {
  const { parsed, issues } = readYamlFile(file, display);
  if (!parsed) throw new ScenarioError(issues);
  const real = realOrResolved(file);
  const top = root ?? path.dirname(real);
  const value = parsed.value as Record<string, unknown>;
  if (!Object.hasOwn(value, 'extends')) return parsed;
  const ref = value.extends;
  const refPos = parsed.map.locate(['extends'], false, { file: display, line: 1, col: 1 });
  const fail = (message: string): never => {
    throw new ScenarioError([{ ...refPos, path: 'extends', message }]);
  };
  if (typeof ref !== 'string' || ref.trim() === '') fail(`expected a scenario path or built-in name, found ${describeRef(ref)}`);
  const refText = ref as string;
  const parentFile = resolveScenarioRef(refText, path.dirname(path.resolve(file)));
  const parentShown = path.relative(process.cwd(), parentFile) || parentFile;
  const here = [...chain, real];
  if (here.length >= MAX_EXTENDS_DEPTH) fail(`expected a chain of at most ${MAX_EXTENDS_DEPTH} scenarios, found a longer one (${here.length} files up to here)`);
  if (!fs.existsSync(parentFile)) {
    fail(`expected an existing scenario, found no file ${parentShown}${/^[\w-]+$/.test(refText) ? '' : ' (a bare name refers to a built-in scenario)'}`);
  }
  const parentReal = realOrResolved(parentFile);
  if (here.includes(parentReal)) {
    const loop = [...here, parentReal].map((f) => path.basename(f)).join(' → ');
    fail(`expected a chain of scenarios without a loop, found a cycle: ${loop}`);
  }
  if (!options.allowExtendsOutside && !isWithin(parentReal, top) && !isWithin(parentReal, realOrResolved(BUILTIN_DIR))) {
    fail(
      `expected a scenario in this scenario's folder ${path.relative(process.cwd(), top) || '.'} (or below) or a built-in name, found ${JSON.stringify(refText)}, which is ${parentReal === path.resolve(parentFile) ? '' : `(through a symbolic link) `}${parentReal} outside it; pass --allow-extends-outside to allow it`,
    );
  }
  let parent: ParsedFile;
  try {
    parent = readTree(parentFile, parentShown, options, here, top);
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    // a parent that is not a scenario file at all: blamed on this extends line, its content unquoted
    const whole = err.issues.find((i) => i.file === parentShown && (i.path === '(file)' || i.path === '(yaml)' || i.path === '(top level)'));
    if (whole) fail(`expected a scenario file to extend, found ${parentShown}, ${whyNotScenario(whole)}`);
    throw err;
  }
  return mergeParsed(parent, parsed);
}

/** The real path (symbolic links resolved) when the file exists, else the absolute path. */
function realOrResolved(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

function isWithin(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

function describeRef(v: unknown): string {
  if (typeof v === 'string') return 'an empty text';
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list (one scenario only)';
  return typeof v === 'object' ? 'a mapping' : String(v);
}

/** Why a parent file is not a scenario, in words that do not quote it. */
function whyNotScenario(issue: ScenarioIssue): string {
  const at = `(${issue.file}:${issue.line}:${issue.col})`;
  if (issue.path === '(yaml)') return `which is not valid YAML ${at}`;
  if (issue.path === '(top level)') return `whose top level is not a mapping of scenario fields ${at}`;
  const found = /, found (.*)$/.exec(issue.message)?.[1];
  return `which is ${found ?? 'not a readable scenario file'}`;
}

/** Merges `child` over `parent`, values and source positions alike. */
export function mergeParsed(parent: ParsedFile, child: ParsedFile): ParsedFile {
  const map = new SourceMap();
  for (const [k, v] of parent.map.values) map.values.set(k, v);
  for (const [k, v] of parent.map.keys) map.keys.set(k, v);
  const parentValue = parent.value as Record<string, unknown>;
  const shift = (p: (string | number)[]): (string | number)[] => {
    if (p.length >= 2 && typeof p[0] === 'string' && CONCATENATED.has(p[0]) && typeof p[1] === 'number') {
      const base = parentValue[p[0]];
      return [p[0], p[1] + (Array.isArray(base) ? base.length : 0), ...p.slice(2)];
    }
    return p;
  };
  const childValue = child.value as Record<string, unknown>;
  // a replaced (non-concatenated) list or scalar drops the parent's positions beneath it
  const replaced = collectReplacedPaths(parentValue, childValue, []);
  for (const r of replaced) {
    const prefix = pathKey(r).slice(0, -1);
    for (const m of [map.values, map.keys]) for (const k of [...m.keys()]) if (k.startsWith(prefix + ',')) m.delete(k);
  }
  for (const [k, v] of child.map.values) map.values.set(pathKey(shift(JSON.parse(k))), v);
  for (const [k, v] of child.map.keys) map.keys.set(pathKey(shift(JSON.parse(k))), v);
  for (const k of parent.map.quoted) map.quoted.add(k);
  for (const k of child.map.quoted) map.quoted.add(pathKey(shift(JSON.parse(k))));
  const childRest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(childValue)) if (k !== 'extends') Object.defineProperty(childRest, k, { value: v, enumerable: true, writable: true, configurable: true });
  return { file: child.file, value: mergeValues(parentValue, childRest, []), map };
}

function mergeValues(base: unknown, over: unknown, at: string[]): unknown {
  if (Array.isArray(base) && Array.isArray(over) && at.length === 1 && CONCATENATED.has(at[0])) return [...base, ...over];
  if (isPlainObject(base) && isPlainObject(over)) {
    const out: Record<string, unknown> = { ...base };
    // defineProperty, not assignment: a key named __proto__ stays a key (and an unknown field)
    for (const [k, v] of Object.entries(over)) Object.defineProperty(out, k, { value: Object.hasOwn(base, k) ? mergeValues(base[k], v, [...at, k]) : v, enumerable: true, writable: true, configurable: true });
    return out;
  }
  return over;
}

function collectReplacedPaths(base: unknown, over: unknown, at: string[]): string[][] {
  if (isPlainObject(base) && isPlainObject(over)) {
    return Object.keys(over).flatMap((k) => (Object.hasOwn(base, k) ? collectReplacedPaths(base[k], over[k], [...at, k]) : []));
  }
  if (Array.isArray(base) && at.length === 1 && CONCATENATED.has(at[0])) return [];
  return at.length ? [at] : [];
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** An issue at a field path of a parsed file. */
export function issueAt(parsed: ParsedFile, at: (string | number)[], message: string, onKey = false): ScenarioIssue {
  const pos = parsed.map.locate(at, onKey, { file: parsed.file, line: 1, col: 1 });
  return { ...pos, path: formatPath(at), message };
}

/** "unknown field x; did you mean y?" with the known names. */
export function unknownKeyMessage(kind: string, key: string, known: string[]): string {
  const guess = closest(key, known);
  return `expected one of the known ${kind} (${known.join(', ')}), found ${JSON.stringify(key)}${guess ? `; did you mean ${guess}?` : ''}`;
}
