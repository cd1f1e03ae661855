import { isoDateSchema } from '../engine/iso-date.js';
import { z } from 'zod';
import type { ModelRegistry } from '../engine/model.js';
import type { ParamTable } from '../engine/params.js';
import { numberSettingSchema, distributionSchema } from './distribution-schema.js';
import { toEditorSchema } from './json-schema.js';
import { DEFAULT_MAX_MEMORY_MB, DEFAULT_MAX_POINTS } from './memory.js';
import { eventLogicFields } from './events.js';

/** Default bound on paths × steps × recorded signals (see `limits.maxCells`). */
export const DEFAULT_MAX_CELLS = 5e9;

const isoDate = isoDateSchema;

const numberOrDist = z.union([z.number(), distributionSchema]);

/** The settings block of one model: its parameters, each optional with its default. */
export function modelSettingsSchema(params: ParamTable): z.ZodObject {
  const shape: Record<string, z.ZodType> = {
    enabled: z.boolean().default(true).meta({ description: 'Set false to switch off a model an extended scenario enables' }),
  };
  for (const [name, decl] of Object.entries(params)) {
    if (decl.kind === 'number') shape[name] = numberSettingSchema(decl);
    else if (decl.kind === 'choice') shape[name] = z.enum(decl.values as [string, ...string[]]).default(decl.default).meta({ description: `${decl.description} Source: ${decl.source}` });
    else shape[name] = decl.schema.default(decl.default as never).meta({ description: `${decl.description} Unit: ${decl.unit}. Source: ${decl.source}` });
  }
  return z.strictObject(shape);
}

const built = new WeakMap<ModelRegistry, ReturnType<typeof buildScenarioSchema>>();

/** The scenario schema for the models in `registry` (built once per registry: zod schemas do not change). */
export function scenarioSchema(registry: ModelRegistry): ReturnType<typeof buildScenarioSchema> {
  let schema = built.get(registry);
  if (!schema) built.set(registry, (schema = buildScenarioSchema(registry)));
  return schema;
}

function buildScenarioSchema(registry: ModelRegistry) {
  const models: Record<string, z.ZodType> = {};
  for (const m of registry.models) models[m.name] = modelSettingsSchema(m.params as ParamTable).optional().meta({ description: m.title });
  return z.strictObject({
    name: z.string().min(1).meta({ description: 'Short name of the scenario' }),
    description: z.string().default('').meta({ description: 'What the scenario represents and why' }),
    sources: z.array(z.string()).default([]).meta({ description: 'References behind the scenario; say which figures are assumptions' }),
    extends: z.string().optional().meta({ description: 'A scenario this one builds on: a path relative to this file, or a built-in name' }),
    start: isoDate.meta({ description: 'Date of step 0, YYYY-MM-DD' }),
    horizonDays: z.int().min(1).max(36500).meta({ description: 'Days simulated (unit: days)' }),
    stepDays: z.int().min(1).max(365).default(1).meta({ description: 'Days per step (unit: days)' }),
    paths: z.int().min(1).max(100_000_000).default(10_000).meta({ description: 'Monte Carlo paths' }),
    seed: z.int().min(0).max(Number.MAX_SAFE_INTEGER).default(1).meta({ description: 'Random seed: same seed, same results' }),
    models: z.strictObject(models).meta({ description: 'Models to enable, with parameter overrides' }),
    replay: z
      .record(
        z.string(),
        z.union([
          z.string().min(1),
          z.strictObject({ file: z.string().min(1), column: z.string().optional().meta({ description: 'The value column (default: the second)' }) }),
        ]),
      )
      .optional()
      .meta({
        description:
          'Signals written from a dated daily CSV (date,value) instead of by a model, the same on every path: signal: file (beside the scenario, else in the Cascade folder, e.g. data/btc_price_daily_usd_bitstamp.csv). The model that writes the signal must be switched off.',
      }),
    reference: z
      .record(
        z.string(),
        z.strictObject({
          file: z.string().min(1),
          column: z.string().optional().meta({ description: 'The value column (default: the second)' }),
          scale: z.number().positive().default(1).meta({ description: 'Multiplies the file’s values into the signal’s unit (e.g. 1e-6: TH/s to EH/s)' }),
          label: z.string().optional().meta({ description: 'Name in the chart legend (default: the file name)' }),
        }),
      )
      .optional()
      .meta({ description: 'Real series drawn on a recorded signal’s fan chart in the report, from a dated CSV (days missing in the file are gaps in the line); they do not change results' }),
    schedule: z
      .array(
        z.strictObject({
          at: isoDate,
          note: z.string().optional(),
          set: z.record(z.string(), z.unknown()).optional().meta({ description: 'model.param: value, from this date on' }),
          shock: z
            .array(z.strictObject({ signal: z.string(), multiply: numberOrDist.optional(), add: numberOrDist.optional() }))
            .optional()
            .meta({ description: 'Shocks applied to signals on this date: signal ← signal × multiply + add' }),
        }),
      )
      .default([])
      .meta({ description: 'Dated changes: parameter sets and signal shocks' }),
    events: z
      .array(
        z.strictObject({
          name: z.string().regex(/^[\w.-]+$/, 'a name of letters, digits, _ . -'),
          when: z.string().meta({
            description: `A condition: "signal op number", e.g. "btc.price < 60000", or conditions joined with and / or / not, comparing signals with numbers or with each other (+ - * /, abs, min, max), and happened('event') for an event declared before`,
          }),
          description: z.string().default(''),
          ...eventLogicFields,
        }),
      )
      .default([])
      .meta({ description: 'First-passage events: the first day a condition holds on a path (within a window, for a duration in a row, or a count of steps)' }),
    record: z.array(z.string()).optional().meta({ description: 'Signals to record (default: every signal the models write)' }),
    sweep: z
      .strictObject({ grid: z.record(z.string(), z.array(z.unknown()).min(1)) })
      .optional()
      .meta({ description: 'Run one result per point of a grid over model.param values' }),
    sensitivity: z
      .strictObject({
        output: z.string().meta({ description: 'The signal whose response is measured, e.g. leverage.liquidatedUsd (with statistic: probability, an event name)' }),
        statistic: z
          .enum(['mean', 'p50', 'total', 'probability'])
          .default('mean')
          .meta({ description: 'mean or p50: the signal across paths on `at`; total: the sum over every step of its mean (an expected total over the horizon); probability: the share of paths on which the event `output` happened by `at`' }),
        at: isoDate.optional().meta({ description: 'The date of the output for mean and p50 (default: the horizon end)' }),
        vary: z
          .array(
            z.strictObject({
              param: z.string().optional().meta({ description: 'model.param: a number parameter of an enabled model' }),
              shock: z
                .strictObject({
                  at: isoDate,
                  signal: z.string(),
                  field: z.enum(['multiply', 'add']).default('multiply'),
                })
                .optional()
                .meta({ description: 'A scheduled shock, by its date and signal: its multiply (or add) is varied' }),
              label: z.string().optional().meta({ description: 'Name in the table (default: the parameter or shock)' }),
              low: z.number(),
              high: z.number(),
            }),
          )
          .min(1)
          .meta({ description: 'What to vary one at a time, each to a low and a high value (everything else as in the scenario)' }),
        method: z
          .enum(['tornado', 'sobol', 'morris', 'lhs'])
          .default('tornado')
          .meta({ description: "tornado: one at a time to low and high; sobol: first-order and total Sobol' indices over [low, high] (Saltelli design); morris: elementary effects (μ*, σ); lhs: a Latin hypercube over [low, high] with rank correlations" }),
        samples: z
          .int()
          .min(2)
          .max(65536)
          .optional()
          .meta({ description: "sobol: base points N (runs N × (inputs + 2); a power of 2 keeps the Sobol' sequence balanced; default 64); morris: trajectories (runs r × (inputs + 1); default 20); lhs: points (default 64)" }),
        levels: z.int().min(2).max(16).optional().meta({ description: 'morris: grid levels, even (default 4)' }),
        resamples: z.int().min(10).max(100000).optional().meta({ description: 'sobol, morris: bootstrap resamples for the 95% intervals (default 1000)' }),
      })
      .optional()
      .meta({ description: 'One-at-a-time (tornado) sensitivity: the scenario is also run with each item at its low and its high value, and the swing of the output is reported' }),
    discovery: z
      .strictObject({
        event: z.string().meta({ description: 'The event whose paths PRIM looks for a box of inputs around (a scenario or model event name)' }),
        alpha: z.number().gt(0).lt(0.5).default(0.05).meta({ description: 'Share of the box peeled (and pasted) per step' }),
        minSupport: z.number().gt(0).lt(1).default(0.05).meta({ description: 'Stop peeling below this share of paths in the box' }),
        minCoverage: z.number().gt(0).max(1).default(0.5).meta({ description: 'The box chosen: the densest that keeps at least this share of the event’s paths' }),
      })
      .optional()
      .meta({ description: 'Scenario discovery (PRIM) on the per-path table of the first point: which ranges of the drawn inputs make the event likely; implies output.perPath' }),
    output: z
      .strictObject({
        samplePaths: z.int().min(0).max(1000).default(8).meta({ description: 'Full paths kept for plots' }),
        keepTerminal: z.boolean().default(true).meta({ description: 'Keep each path’s final values (tail metrics)' }),
        sketchAccuracy: z.number().min(0.0005).max(0.1).default(0.005).meta({ description: 'Relative accuracy of recorded quantiles (0.005 = ±0.5%)' }),
        perPath: z
          .boolean()
          .optional()
          .meta({ description: 'Keep the per-path table: each path’s drawn inputs, final values and event days, in the store and exports (implies keepTerminal)' }),
        quantilesDailyDays: z.int().min(0).default(28).meta({ description: 'Days from the start with quantiles on every step (unit: days); means are kept on every step regardless' }),
        quantilesEveryDays: z.int().min(1).default(7).meta({ description: 'After those, quantiles every this many days (unit: days; 1 keeps every step), plus the summary days (1, 7, 30, 90, 180, 365), a sensitivity date and the last day' }),
        quantilesDays: z.array(z.int().min(0)).default([]).meta({ description: 'Further days after the start with quantiles (unit: days)' }),
      })
      .default({ samplePaths: 8, keepTerminal: true, sketchAccuracy: 0.005, quantilesDailyDays: 28, quantilesEveryDays: 7, quantilesDays: [] }),
    backtest: z
      .strictObject({
        data: z.string().default('data/btc_price_daily_usd_bitstamp.csv').meta({ description: 'Daily price CSV (date,price_usd), relative to the Cascade folder' }),
        from: isoDate.meta({ description: 'First origin (YYYY-MM-DD)' }),
        to: isoDate.meta({ description: 'Last origin (YYYY-MM-DD); horizons past the data are not scored' }),
        everyDays: z.int().min(1).default(30).meta({ description: 'Days between origins' }),
        horizons: z.array(z.int().min(1).max(3650)).min(1).default([1, 7, 30, 90, 180]).meta({ description: 'Horizons scored, days' }),
        paths: z.int().min(10).max(100000).default(1000).meta({ description: 'Paths per origin, for the model and each baseline' }),
        events: z
          .array(z.strictObject({ name: z.string().min(1), drawdownAtLeast: z.number().gt(0).lt(1), withinDays: z.int().min(1).max(3650) }))
          .default([])
          .meta({ description: 'Drawdown events scored by Brier score: the maximum drawdown from the origin reaches drawdownAtLeast within withinDays' }),
      })
      .optional()
      .meta({ description: 'Rolling-origin backtest (cascade backtest): the scenario run from many historical origins and scored against what followed' }),
    limits: z
      .strictObject({
        maxCells: z.number().positive().default(DEFAULT_MAX_CELLS).meta({ description: 'Refuse runs with paths × steps × recorded signals above this' }),
        maxMemoryMB: z
          .number()
          .positive()
          .default(DEFAULT_MAX_MEMORY_MB)
          .meta({ description: 'Refuse runs whose estimated peak memory (sketches, terminal values, samples, every point’s summary) is above this many MB; fewer threads are used when that fits (unit: MB = 2^20 bytes)' }),
        maxPoints: z.int().min(1).default(DEFAULT_MAX_POINTS).meta({ description: 'Refuse sweeps (and sensitivity blocks) with more points than this' }),
      })
      .default({ maxCells: DEFAULT_MAX_CELLS, maxMemoryMB: DEFAULT_MAX_MEMORY_MB, maxPoints: DEFAULT_MAX_POINTS }),
  });
}

export type ScenarioSchema = ReturnType<typeof scenarioSchema>;
/** A scenario after validation, defaults filled in. */
export type Scenario = z.output<ScenarioSchema>;

/** The JSON Schema of the scenario format (for editors), generated from the zod schemas. */
export function scenarioJsonSchema(registry: ModelRegistry): unknown {
  return toEditorSchema(scenarioSchema(registry));
}
