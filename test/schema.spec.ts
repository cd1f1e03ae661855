import fs from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { registry } from '../src/models/index.js';
import { scenarioJsonSchema } from '../src/scenario/schema.js';

const SCENARIO_DIR = path.join(import.meta.dirname, '..', 'scenarios');
const scenarios = fs
  .readdirSync(SCENARIO_DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

/** A YAML 1.1 document with its timestamps as the YYYY-MM-DD text YAML 1.2 reads (1.1 readers make dates of them, by design). */
function withDates(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (Array.isArray(v)) return v.map(withDates);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withDates(x)]));
  return v;
}

/**
 * The JSON Schema editors use, checked with a standard validator (Ajv, JSON Schema 2020-12,
 * the draft zod writes): every shipped scenario passes, including those that `extends`
 * another and leave out what it gives; a wrong file fails.
 */
describe('the scenario JSON Schema', () => {
  const schema = scenarioJsonSchema(registry) as Record<string, unknown>;
  const ajv = new Ajv2020.default({ strict: false, allErrors: true });
  const validate = ajv.compile(schema);

  it('is small, with shared parts under $defs', () => {
    const text = JSON.stringify(schema);
    expect(text.length).toBeLessThan(200_000);
    expect(Object.keys(schema.$defs as object).length).toBeGreaterThan(10);
    expect(text).toContain('"$ref":"#/$defs/');
  });

  for (const file of scenarios) {
    it(`accepts ${file}, read as YAML 1.2 and as YAML 1.1 alike`, () => {
      const text = fs.readFileSync(path.join(SCENARIO_DIR, file), 'utf8');
      const doc = parse(text);
      // a YAML 1.1 reader (PyYAML, many editors) must see the same numbers: 61e9 would be a string there
      expect(withDates(parse(text, { version: '1.1' }))).toEqual(doc);
      const ok = validate(doc);
      expect(validate.errors ?? [], file).toEqual([]);
      expect(ok).toBe(true);
    });
  }

  it('rejects a file without extends that leaves out a required field, and an unknown parameter', () => {
    expect(validate({ name: 'x', horizonDays: 10, models: {} })).toBe(false);
    expect(validate({ extends: 'flagship', models: { market: { priceUsd: 1 } } })).toBe(true);
    expect(validate({ extends: 'flagship', models: { market: { noSuchParam: 1 } } })).toBe(false);
  });
});
