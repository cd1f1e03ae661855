import fs from 'node:fs';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Node } from 'yaml';
import { describeKind } from '../io/write-file.js';
import { formatPath, type ScenarioIssue, type SourcePos } from './issues.js';

/** Scenario files larger than this are refused before they are read. */
export const MAX_SCENARIO_BYTES = 1024 * 1024;

/**
 * How far YAML aliases (`*name`) may expand: each use of an anchor counts the aliases nested
 * in what it names (the `yaml` package's measure), so a file with a few hundred plain aliases
 * passes and an alias bomb (aliases of lists of aliases, doubling at every level) does not.
 */
export const MAX_ALIAS_EXPANSION = 10_000;

/** YAML syntax errors listed per file; the rest are counted. */
const MAX_YAML_ISSUES = 20;

/** Positions of the keys and values of a parsed document, by field path. */
export class SourceMap {
  /** path key → position of the value (or the key, for `keys`). */
  readonly values = new Map<string, SourcePos>();
  readonly keys = new Map<string, SourcePos>();
  /** Paths of values written as quoted scalars (their text starts one column after the quote). */
  readonly quoted = new Set<string>();

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
  // opened without blocking (a named pipe with no writer would wait forever) and checked on
  // the open descriptor: only a regular file is read, and never more than the size cap
  let fd: number;
  try {
    fd = fs.openSync(source, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') return at('expected a scenario file, found a directory');
    return at(code === 'ENOENT' ? 'expected a scenario file, found no file at this path' : `expected a readable scenario file, found ${code ?? 'an unreadable path'}`);
  }
  let bytes: Buffer;
  try {
    const st = fs.fstatSync(fd);
    if (st.isDirectory()) return at('expected a scenario file, found a directory');
    if (!st.isFile()) return at(`expected a scenario file (a regular file), found ${describeKind(st)}`);
    const tooBig = (size: number) => at(`expected a scenario file of at most ${MAX_SCENARIO_BYTES / 1024} KiB, found ${(size / 1024 / 1024).toFixed(1)} MiB; scenarios describe parameters, not data`);
    if (st.size > MAX_SCENARIO_BYTES) return tooBig(st.size);
    const buf = Buffer.alloc(MAX_SCENARIO_BYTES + 1);
    let n = 0;
    for (let got = 1; got > 0 && n < buf.length; n += got) got = fs.readSync(fd, buf, n, buf.length - n, null);
    if (n > MAX_SCENARIO_BYTES) return tooBig(Math.max(n, st.size));
    bytes = buf.subarray(0, n);
  } catch (err) {
    return at(`expected a readable scenario file, found ${(err as NodeJS.ErrnoException).code ?? 'a read error'}`);
  } finally {
    fs.closeSync(fd);
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
export function parseYamlText(file: string, raw: string): { parsed?: ParsedFile; issues: ScenarioIssue[] } {
  // YAML's line breaks are LF, CRLF and a lone CR (old Mac files): one form, so that lines count
  const text = raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
  if (text.trim() === '' || text.split('\n').every((l) => l.trim() === '' || l.trim().startsWith('#'))) {
    return { issues: [{ file, line: 1, col: 1, path: '(file)', message: 'expected a scenario (a YAML mapping with at least name), found an empty file' }] };
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, version: '1.2' });
  if (doc.errors.length) {
    const issues = doc.errors.map((e) => {
      const { line, col } = lines.linePos(e.pos[0]);
      const what = /Maximum call stack/i.test(e.message) ? 'nesting too deep to read (hundreds of levels of lists or mappings)' : `a syntax error: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`;
      return { file, line, col, path: '(yaml)', message: `expected valid YAML, found ${what}` };
    });
    // one broken bracket can make thousands of follow-on errors: the first ones say where
    const shown = issues.slice(0, MAX_YAML_ISSUES);
    if (issues.length > shown.length) shown.push({ ...issues[shown.length], message: `expected valid YAML, found ${issues.length - shown.length} more syntax errors after these (fix the first ones)` });
    return { issues: shown };
  }
  const map = new SourceMap();
  const posOf = (offset: number): SourcePos => ({ file, ...lines.linePos(offset) });
  const walk = (node: unknown, path: (string | number)[]) => {
    const n = node as Node | null;
    if (n && n.range) map.values.set(pathKey(path), posOf(n.range[0]));
    if (isScalar(n) && (n.type === 'QUOTE_DOUBLE' || n.type === 'QUOTE_SINGLE')) map.quoted.add(pathKey(path));
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
  const recursive = recursiveAlias(doc);
  if (recursive) return { issues: [{ file, ...lines.linePos(recursive.offset), path: '(yaml)', message: `expected an alias *${recursive.name} outside the value its anchor &${recursive.name} names, found it inside (a value that contains itself has no end)` }] };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSION });
  } catch (err) {
    if (!(err instanceof ReferenceError)) throw err;
    return { issues: [aliasIssue(file, doc, lines, err.message)] };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const pos = map.values.get(pathKey([])) ?? { file, line: 1, col: 1 };
    return { issues: [{ ...pos, path: formatPath([]), message: `expected a mapping of scenario fields (name: ..., models: ...), found ${topLevelKind(value)}` }] };
  }
  return { parsed: { file, value, map }, issues: [] };
}

/**
 * The first alias inside the node its own anchor names (`a: &a [*a]`), or null. Such a value
 * contains itself: no scenario field can be one, and the YAML library's expansion count of it
 * grows with the cube of the aliases (2,000 of them keep a thread busy for hours), so it is
 * refused before any expansion.
 */
function recursiveAlias(doc: ReturnType<typeof parseDocument>): { name: string; offset: number } | null {
  let found: { name: string; offset: number } | null = null;
  visit(doc, {
    Alias(_key, node, ancestors) {
      if (ancestors.some((a) => (a as { anchor?: string }).anchor === node.source)) {
        found = { name: node.source, offset: node.range?.[0] ?? 0 };
        return visit.BREAK;
      }
    },
  });
  return found;
}

/** What a top level that is not a mapping is, without echoing it (it may not be a scenario at all). */
function topLevelKind(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v === null || v === undefined) return 'nothing (null)';
  if (typeof v === 'string') return `a single text of ${v.length} characters`;
  return `a single ${typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'true/false value' : 'value'}`;
}

/** An alias that names no anchor, or aliases that expand too far: at the alias, in the form of every issue. */
function aliasIssue(file: string, doc: ReturnType<typeof parseDocument>, lines: LineCounter, message: string): ScenarioIssue {
  const aliases: { name: string; offset: number }[] = [];
  const anchors = new Set<string>();
  let unresolved: { name: string; offset: number } | undefined;
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) {
        const a = { name: node.source, offset: node.range?.[0] ?? 0 };
        aliases.push(a);
        if (!anchors.has(node.source)) unresolved ??= a;
      } else if ((node as { anchor?: string }).anchor) anchors.add((node as { anchor: string }).anchor);
    },
  });
  if (/Unresolved alias/.test(message) && unresolved) {
    return { file, ...lines.linePos(unresolved.offset), path: '(yaml)', message: `expected an alias *${unresolved.name} to name an anchor &${unresolved.name} set before it, found none` };
  }
  const first = aliases[0] ?? { name: '?', offset: 0 };
  return {
    file,
    ...lines.linePos(first.offset),
    path: '(yaml)',
    message: `expected YAML aliases that expand to at most ${MAX_ALIAS_EXPANSION.toLocaleString('en-US')} nodes in all, found more (${aliases.length} aliases, nested: an alias bomb?); write the values out, or repeat less`,
  };
}
