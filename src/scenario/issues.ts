/** Where a problem is: a file and a 1-based line and column. */
export interface SourcePos {
  file: string;
  line: number;
  col: number;
}

/** One problem with a scenario: where, which field, and what was expected versus found. */
export interface ScenarioIssue extends SourcePos {
  /** Dotted field path, e.g. `models.market.volCalmPerSqrtYear`; `(file)` for whole-file problems. */
  path: string;
  message: string;
}

/** Thrown when a scenario cannot be used; carries every problem found, each with its place. */
export class ScenarioError extends Error {
  override name = 'ScenarioError';
  constructor(readonly issues: ScenarioIssue[]) {
    super(issues.map(formatIssue).join('\n'));
  }
}

/** `FILE:LINE:COL field.path: message` — the form editors and terminals link to. */
export function formatIssue(i: ScenarioIssue): string {
  return `${i.file}:${i.line}:${i.col} ${i.path}: ${i.message}`;
}

/** Dotted path for messages: keys joined by dots, indices in brackets, odd keys quoted. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const k of path) {
    if (typeof k === 'number') out += `[${k}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(k)) out += out ? `.${k}` : k;
    else out += `[${JSON.stringify(k)}]`;
  }
  return out || '(top level)';
}

/** The value at a path (keys and list indexes) of a parsed document; undefined where the path leaves it. */
export function getIn(v: unknown, p: readonly (string | number)[]): unknown {
  let cur = v;
  for (const k of p) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, k)) return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}

/** A short rendering of a found value: `"abc"`, `80`, `.inf`, `an object`, `a list`. */
export function describeFound(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null (an empty value)';
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return '.nan (not a number)';
    if (!Number.isFinite(v)) return v > 0 ? '.inf (infinity)' : '-.inf (minus infinity)';
    return String(v);
  }
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? v.slice(0, 57) + '...' : v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `a list of ${v.length}`;
  return 'an object';
}

/** Levenshtein distance, for "did you mean". */
export function editDistance(a: string, b: string): number {
  const al = a.toLowerCase();
  const bl = b.toLowerCase();
  let prev = Array.from({ length: bl.length + 1 }, (_, j) => j);
  for (let i = 1; i <= al.length; i++) {
    const cur = [i];
    for (let j = 1; j <= bl.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (al[i - 1] === bl[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[bl.length];
}

/**
 * The candidate `word` most likely mistypes: the nearest by edit distance when close enough,
 * else one that starts with it (`horizon` → `horizonDays`).
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates];
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of list) {
    const d = editDistance(word, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  if (bestD <= Math.max(2, Math.floor(word.length / 3))) return best;
  const lower = word.toLowerCase();
  return lower.length >= 3 ? list.find((c) => c.toLowerCase().startsWith(lower)) : undefined;
}
