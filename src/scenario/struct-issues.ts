import type { z } from 'zod';
import type { StructParam } from '../engine/params.js';
import { describeFound, getIn, type ScenarioIssue } from './issues.js';
import { issueAt, unknownKeyMessage } from './load.js';
import type { ParsedFile } from './read-yaml.js';

/*
 * Problems inside a struct parameter (a lender's balance sheet, a fleet, a list of items), each
 * at the field's own line and column with "expected …, found …" and, for an unknown field, the
 * known ones and the nearest: the promise every other parameter keeps.
 */

type Def = { type?: string; shape?: Record<string, z.ZodType>; valueType?: z.ZodType; innerType?: z.ZodType; element?: z.ZodType; in?: z.ZodType; options?: z.ZodType[]; getter?: () => z.ZodType };

function def(s: unknown): Def {
  return ((s as { _zod?: { def?: Def } })?._zod?.def ?? {}) as Def;
}

/** The schema's object (through optional, default, pipe, lazy and union wrappers), or null. */
function unwrap(s: z.ZodType | undefined): z.ZodType | undefined {
  for (let k = 0; s && k < 20; k++) {
    const d = def(s);
    if (d.type === 'object' || d.type === 'record' || d.type === 'array') return s;
    if (d.innerType) s = d.innerType;
    else if (d.type === 'pipe' && d.in) s = d.in;
    else if (d.type === 'lazy' && d.getter) s = d.getter();
    else if (d.type === 'union' && d.options) s = d.options.find((o) => ['object', 'record', 'array'].includes(def(unwrap(o)).type ?? ''));
    else return undefined;
  }
  return s;
}

/** The fields a mapping may have at `path` inside `schema` (empty when unknown). */
export function fieldsAt(schema: z.ZodType, path: readonly (string | number)[]): string[] {
  let s: z.ZodType | undefined = unwrap(schema);
  for (const k of path) {
    const d = def(s);
    s = unwrap(d.type === 'object' ? d.shape?.[k as string] : d.type === 'record' ? d.valueType : d.type === 'array' ? d.element : undefined);
  }
  const d = def(s);
  return d.type === 'object' ? Object.keys(d.shape ?? {}) : [];
}

const WORDS: Record<string, string> = { string: 'a text', number: 'a number', int: 'a whole number', boolean: 'true or false', object: 'a mapping', array: 'a list', record: 'a mapping' };

/**
 * Every problem of a struct parameter's value at `base` (`['models', 'lender', 'lenders']`),
 * each at its own field. Empty when the value is valid.
 */
export function structIssues(parsed: ParsedFile, base: (string | number)[], decl: StructParam, value: unknown): ScenarioIssue[] {
  const r = decl.schema.safeParse(value, { reportInput: true });
  if (r.success) return [];
  return r.error.issues.flatMap((issue): ScenarioIssue[] => {
    const rel = issue.path as (string | number)[];
    const at = [...base, ...rel];
    const found = (issue as { input?: unknown }).input ?? getIn(value, rel);
    switch (issue.code) {
      case 'unrecognized_keys': {
        const known = fieldsAt(decl.schema, rel);
        return issue.keys.map((key) => issueAt(parsed, [...at, key], unknownKeyMessage('fields', key, known), true));
      }
      case 'invalid_type':
        if (found === undefined) return [issueAt(parsed, at, `expected ${WORDS[issue.expected] ?? issue.expected} (required), found nothing`, true)];
        return [issueAt(parsed, at, `expected ${WORDS[issue.expected] ?? issue.expected}, found ${describeFound(found)}`)];
      case 'too_small':
      case 'too_big': {
        const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
        const rel = issue.code === 'too_small' ? (issue.inclusive ? '≥' : '>') : issue.inclusive ? '≤' : '<';
        const what = issue.origin === 'array' ? 'a list with length' : issue.origin === 'string' ? 'a text of length' : issue.origin === 'int' ? 'a whole number' : 'a number';
        return [issueAt(parsed, at, `expected ${what} ${rel} ${bound}, found ${describeFound(found)}`)];
      }
      case 'invalid_value':
        return [issueAt(parsed, at, `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, found ${describeFound(found)}`)];
      default:
        // number fields explain themselves ("expected a number > 0 (USD), found -5")
        return [issueAt(parsed, at, issue.message.startsWith('expected ') ? issue.message : `expected ${issue.message}, found ${describeFound(found)}`)];
    }
  });
}
