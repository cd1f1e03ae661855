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

/**
 * Reads a scenario file and everything it extends, merged child over parent: mappings merge
 * key by key, `schedule` and `events` lists append, other lists replace. Positions of every
 * field are kept, in the file that set it. Throws {@link ScenarioError} with every problem.
 */
export function readScenarioTree(file: string, display = file, chain: string[] = []): ParsedFile {
  const abs = path.resolve(file);
  const { parsed, issues } = readYamlFile(file, display);
  if (!parsed) throw new ScenarioError(issues);
  const value = parsed.value as Record<string, unknown>;
  const ref = value.extends;
  if (ref === undefined) return parsed;
  const refPos = parsed.map.locate(['extends'], false, { file: display, line: 1, col: 1 });
  if (typeof ref !== 'string') {
    throw new ScenarioError([{ ...refPos, path: 'extends', message: `expected a scenario path or built-in name, found ${JSON.stringify(ref)}` }]);
  }
  const parentFile = resolveScenarioRef(ref, path.dirname(abs));
  const here = [...chain, abs];
  if (here.includes(parentFile)) {
    const loop = [...here, parentFile].map((f) => path.basename(f)).join(' → ');
    throw new ScenarioError([{ ...refPos, path: 'extends', message: `expected a chain of scenarios without a loop, found a cycle: ${loop}` }]);
  }
  let parent: ParsedFile;
  try {
    parent = readScenarioTree(parentFile, path.relative(process.cwd(), parentFile) || parentFile, here);
  } catch (err) {
    if (err instanceof ScenarioError && err.issues.length === 1 && err.issues[0].path === '(file)' && err.issues[0].message.includes('no file')) {
      throw new ScenarioError([{ ...refPos, path: 'extends', message: `expected an existing scenario, found no file ${path.relative(process.cwd(), parentFile)}${/^[\w-]+$/.test(ref) ? '' : ' (a bare name refers to a built-in scenario)'}` }]);
    }
    throw err;
  }
  return mergeParsed(parent, parsed);
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
  const { extends: _ignored, ...childRest } = childValue;
  return { file: child.file, value: mergeValues(parentValue, childRest, []), map };
}

function mergeValues(base: unknown, over: unknown, at: string[]): unknown {
  if (Array.isArray(base) && Array.isArray(over) && at.length === 1 && CONCATENATED.has(at[0])) return [...base, ...over];
  if (isPlainObject(base) && isPlainObject(over)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = k in base ? mergeValues(base[k], v, [...at, k]) : v;
    return out;
  }
  return over;
}

function collectReplacedPaths(base: unknown, over: unknown, at: string[]): string[][] {
  if (isPlainObject(base) && isPlainObject(over)) {
    return Object.keys(over).flatMap((k) => (k in base ? collectReplacedPaths(base[k], over[k], [...at, k]) : []));
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
