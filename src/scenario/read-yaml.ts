import fs from 'node:fs';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { formatPath, type ScenarioIssue, type SourcePos } from './issues.js';

/** Scenario files larger than this are refused before they are read. */
export const MAX_SCENARIO_BYTES = 1024 * 1024;

/** Positions of the keys and values of a parsed document, by field path. */
export class SourceMap {
  /** path key → position of the value (or the key, for `keys`). */
  readonly values = new Map<string, SourcePos>();
  readonly keys = new Map<string, SourcePos>();

  /** The position to blame for a problem at `path`: the nearest recorded ancestor. */
  locate(path: readonly (string | number)[], preferKey = false, fallback: SourcePos): SourcePos {
    for (let n = path.length; n >= 0; n--) {
      const k = pathKey(path.slice(0, n));
      const hit = (preferKey && n === path.length ? this.keys.get(k) : undefined) ?? this.values.get(k) ?? this.keys.get(k);
      if (hit) return hit;
    }
    return fallback;
  }
}

export function pathKey(path: readonly (string | number)[]): string {
  return JSON.stringify(path);
}

/** A parsed YAML file: its plain value and where each field came from. */
export interface ParsedFile {
  file: string;
  value: unknown;
  map: SourceMap;
}

/** Reads and parses one scenario file; every failure becomes issues, never an exception. */
/**
 * @param source - the path to read
 * @param file - how to name it in issues (default: `source`)
 */
export function readYamlFile(source: string, file = source): { parsed?: ParsedFile; issues: ScenarioIssue[] } {
  const at = (message: string, line = 1, col = 1): { issues: ScenarioIssue[] } => ({
    issues: [{ file, line, col, path: '(file)', message }],
  });
  let size: number;
  try {
    const st = fs.statSync(source);
    if (st.isDirectory()) return at('expected a scenario file, found a directory');
    size = st.size;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return at(code === 'ENOENT' ? 'expected a scenario file, found no file at this path' : `expected a readable scenario file, found ${code ?? 'an unreadable path'}`);
  }
  if (size > MAX_SCENARIO_BYTES) {
    return at(`expected a scenario file of at most ${MAX_SCENARIO_BYTES / 1024} KiB, found ${(size / 1024 / 1024).toFixed(1)} MiB; scenarios describe parameters, not data`);
  }
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(source);
  } catch (err) {
    return at(`expected a readable scenario file, found ${(err as NodeJS.ErrnoException).code ?? 'a read error'}`);
  }
  const loose = bytes.toString('utf8');
  const valid = bytes.indexOf(0) < 0 && Buffer.from(loose, 'utf8').equals(bytes);
  const bad = valid ? -1 : bytes.indexOf(0) >= 0 ? loose.indexOf('\0') : loose.indexOf('\uFFFD');
  if (bad >= 0) {
    const before = loose.slice(0, bad);
    return at('expected UTF-8 YAML text, found binary data (a NUL byte or invalid UTF-8)', before.split('\n').length, bad - before.lastIndexOf('\n'));
  }
  const text = loose.replace(/^\uFEFF/, '');
  return parseYamlText(file, text);
}

/** Parses YAML text with positions; `file` names it in issues. */
export function parseYamlText(file: string, text: string): { parsed?: ParsedFile; issues: ScenarioIssue[] } {
  if (text.trim() === '' || text.split('\n').every((l) => l.trim() === '' || l.trim().startsWith('#'))) {
    return { issues: [{ file, line: 1, col: 1, path: '(file)', message: 'expected a scenario (a YAML mapping with at least name), found an empty file' }] };
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, version: '1.2' });
  if (doc.errors.length) {
    return {
      issues: doc.errors.map((e) => {
        const { line, col } = lines.linePos(e.pos[0]);
        return { file, line, col, path: '(yaml)', message: `expected valid YAML, found a syntax error: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}` };
      }),
    };
  }
  const map = new SourceMap();
  const posOf = (offset: number): SourcePos => ({ file, ...lines.linePos(offset) });
  const walk = (node: unknown, path: (string | number)[]) => {
    const n = node as Node | null;
    if (n && n.range) map.values.set(pathKey(path), posOf(n.range[0]));
    if (isMap(n)) {
      for (const item of n.items) {
        if (!isPair(item)) continue;
        const key = isScalar(item.key) ? String(item.key.value) : String(item.key);
        const child = [...path, key];
        const k = item.key as Node | null;
        if (k && k.range) map.keys.set(pathKey(child), posOf(k.range[0]));
        if (item.value) walk(item.value, child);
        else if (k && k.range) map.values.set(pathKey(child), posOf(k.range[0]));
      }
    } else if (isSeq(n)) {
      n.items.forEach((item, k) => walk(item, [...path, k]));
    }
  };
  walk(doc.contents, []);
  const value = doc.toJS({ maxAliasCount: 100 });
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const pos = map.values.get(pathKey([])) ?? { file, line: 1, col: 1 };
    return { issues: [{ ...pos, path: formatPath([]), message: `expected a mapping of scenario fields (name: ..., models: ...), found ${Array.isArray(value) ? 'a list' : JSON.stringify(value)}` }] };
  }
  return { parsed: { file, value, map }, issues: [] };
}
