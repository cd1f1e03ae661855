import { z } from 'zod';
import type { NumberParam } from '../engine/params.js';
import { checkNumberSetting, distributionSchema } from './distribution-schema.js';

/*
 * Number fields inside a struct parameter (a fleet, a list of items, policy presets): each is
 * declared like a parameter (unit, default, range, source) and checked the same way, so that a
 * bad field gets the same message as a bad parameter. A field may be a distribution, drawn per
 * path when the run starts (see engine/draw-number.ts).
 */

/** A field's description for schemas and listings: meaning, unit, default, source. */
function describe(decl: NumberParam, fallback: number): string {
  return `${decl.description} Unit: ${decl.unit}. Default ${fallback}. Source: ${decl.source}`;
}

/** A number in the field's range or a distribution inside it. */
function numberSetting(decl: NumberParam) {
  return z.union([z.number(), distributionSchema]).superRefine((v, ctx) => {
    const problem = checkNumberSetting(decl, v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

/** Zod schema of a number field: a number in its range or a distribution inside it, defaulting to `fallback`. */
export function numberField(decl: NumberParam, fallback: number = decl.default) {
  return numberSetting(decl).default(fallback).meta({ description: describe(decl, fallback) });
}

/**
 * Zod schema of a number field that may be left out and has no default here: the model fills
 * it in from defaults that depend on the entry (the lender's segments: per segment name).
 */
export function optionalNumberField(decl: NumberParam) {
  return numberSetting(decl).optional().meta({ description: describe(decl, decl.default) });
}

/** Zod schema of a whole-number field (no distributions: it shapes the state layout). */
export function wholeField(decl: NumberParam, fallback: number = decl.default) {
  return z
    .int()
    .min(decl.min ?? Number.MIN_SAFE_INTEGER)
    .max(decl.max ?? Number.MAX_SAFE_INTEGER)
    .default(fallback)
    .meta({ description: describe(decl, fallback) });
}

/** The zod shape of a table of number fields, each defaulting to `defaults[k]` or its declared default. */
export function numberFieldShape(fields: Record<string, NumberParam>, defaults: Record<string, number> = {}): Record<string, z.ZodType> {
  return Object.fromEntries(Object.entries(fields).map(([k, decl]) => [k, numberField(decl, defaults[k] ?? decl.default)]));
}

/** The zod shape of a table of number fields that may each be left out ({@link optionalNumberField}). */
export function optionalNumberFieldShape(fields: Record<string, NumberParam>): Record<string, z.ZodType> {
  return Object.fromEntries(Object.entries(fields).map(([k, decl]) => [k, optionalNumberField(decl)]));
}

/** The zod shape of a table of whole-number fields, each defaulting to its declared default. */
export function wholeFieldShape(fields: Record<string, NumberParam>): Record<string, z.ZodType> {
  return Object.fromEntries(Object.entries(fields).map(([k, decl]) => [k, wholeField(decl)]));
}

/** The declared defaults of a table of fields. */
export function fieldDefaults<T extends Record<string, NumberParam>>(fields: T): { [K in keyof T]: number } {
  return Object.fromEntries(Object.entries(fields).map(([k, d]) => [k, d.default])) as { [K in keyof T]: number };
}

/** Names of struct entries that become parts of signal names. */
export const idKey = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a name of letters, digits and _ starting with a letter (it becomes part of signal names)');

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * `raw` laid over `defaults`, mapping by mapping: a key of `raw` replaces the default's value,
 * except that two mappings merge (recursively) and `null` removes the key. So a scenario can
 * change one field of a built-in entry (`items: {rig: {sources: {bitmain: {transitDays: 50}}}}`),
 * add entries, or drop one (`diamond: null`) without restating the rest.
 */
export function overDefaults(defaults: unknown, raw: unknown): unknown {
  if (!isPlainObject(raw) || !isPlainObject(defaults)) return raw;
  const out: Record<string, unknown> = { ...defaults };
  for (const [k, v] of Object.entries(raw)) {
    if (v === null) delete out[k];
    else out[k] = k in defaults ? overDefaults(defaults[k], v) : v;
  }
  return out;
}
