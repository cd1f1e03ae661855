import { z } from 'zod';
import type { ModelRegistry } from '../engine/model.js';
import { MAX_SCENARIO_BYTES } from '../scenario/read-yaml.js';
import { scenarioSchema } from '../scenario/schema.js';
import { EXPORT_FORMATS } from '../store/export.js';

/** A run id as the store makes them: 8 hexadecimal digits. */
export const RunId = z.string().regex(/^[0-9a-f]{8}$/, 'expected a run id: 8 hexadecimal digits');

/** Path parameters of /runs/:id/… */
export const RunParams = z.strictObject({ id: RunId });

/** A built-in scenario's name. */
export const ScenarioParams = z.strictObject({ name: z.string().regex(/^[\w-]{1,100}$/, 'expected a built-in scenario name (letters, digits, - and _)') });

/**
 * The body of POST /runs and POST /validate. `paths` and `seed` are the CLI's scenario
 * fields (the same zod definitions, without their defaults); the scenario itself is checked
 * by the CLI's validator, which gives FILE:LINE:COL problems.
 */
export function scenarioRequest(registry: ModelRegistry) {
  const fields = scenarioSchema(registry).shape;
  return z
    .strictObject({
      scenario: z.string().max(100).optional().meta({ description: 'A built-in scenario name (GET /scenarios lists them)' }),
      yaml: z.string().max(MAX_SCENARIO_BYTES).optional().meta({ description: 'The scenario as YAML text; extends may name a built-in only' }),
      json: z.record(z.string(), z.unknown()).optional().meta({ description: 'The scenario as a JSON object (the fields of `cascade schema`)' }),
      set: z.record(z.string().max(200), z.unknown()).optional().meta({ description: 'Parameter overrides, model.param: value (a number, a choice or a distribution)' }),
      paths: fields.paths.unwrap().optional(),
      seed: fields.seed.unwrap().optional(),
      schedule: z
        .array(z.unknown())
        .max(MAX_SCHEDULE_ENTRIES)
        .optional()
        .meta({ description: 'The whole schedule, replacing the scenario’s: [{at: YYYY-MM-DD, note?, set?: {model.param: value}, shock?: [{signal, multiply?, add?}]}], checked as the CLI checks a file (problems at schedule.K…)' }),
      perPath: z.boolean().optional().meta({ description: 'Keep the per-path table (as --per-path): comparisons of runs with the same seed and paths get paired intervals' }),
    })
    .meta({ description: 'A scenario: exactly one of scenario, yaml, json; with optional set, paths, seed, schedule, perPath' });
}

/** Entries a request's schedule may have at most. */
export const MAX_SCHEDULE_ENTRIES = 1000;

/** Path parameters of /runs/:a/compare/:b */
export const CompareParams = z.strictObject({ a: RunId, b: RunId });

/** GET /runs/:a/compare/:b: which point of a sweep (1-based; default the first). */
export const CompareQuery = z.strictObject({
  pointA: z.coerce.number().int().min(1).max(1_000_000).optional().meta({ description: 'the point of run a (1-based), as ID/K on the command line' }),
  pointB: z.coerce.number().int().min(1).max(1_000_000).optional().meta({ description: 'the point of run b (1-based)' }),
  token: z.string().optional(),
});

/** GET /runs/:id: the full result only on request. */
export const RunQuery = z.strictObject({
  include: z.enum(['result']).optional().meta({ description: 'result: also the complete result document (as cascade run --json)' }),
  token: z.string().optional(),
});

/** GET /runs/:id/export */
export const ExportQuery = z.strictObject({
  format: z.enum(EXPORT_FORMATS),
  table: z.enum(['run', 'points', 'signals', 'events', 'event_days', 'terminal', 'samples']).default('events').meta({ description: 'for csv and parquet: which table (cascade export writes one file each)' }),
  token: z.string().optional(),
});

/** Only the token, for routes without other query parameters. */
export const TokenQuery = z.strictObject({ token: z.string().optional() });
