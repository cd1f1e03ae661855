import type { ModelRegistry } from '../engine/model.js';
import type { ParamTable } from '../engine/params.js';
import { closest, formatPath } from './issues.js';

/*
 * Parameter paths: one name for anything a scenario sets, so that a sweep, a sensitivity, a
 * reverse stress test and `--set` can all vary it.
 *
 *   market.priceUsd                                a model parameter
 *   lender.lenders.blockfills.cashShare            a field of a struct parameter
 *   mining.components.fan.initialSparesDays        (fleet spares)
 *   leverage.mix[0].share  or  leverage.mix.0.share  an entry of a list
 *   shock.btc.price.multiply                       a scheduled shock's multiply (or add)
 *   shock.2026-02-06.btc.price.multiply            the same, by date when a signal has several
 *   paths, seed, horizonDays, stepDays, start      top-level fields
 *
 * A path is applied to the scenario as read (before validation), so the value is checked by
 * the same code, with the same messages, as if the file had said it.
 */

/** Names that must never be used as keys (`__proto__` would reach Object.prototype). */
const RESERVED = new Set(Object.getOwnPropertyNames(Object.prototype));

/** Top-level fields a path may name. */
export const TOP_LEVEL_PATHS = ['paths', 'seed', 'horizonDays', 'stepDays', 'start'] as const;

/** What a parameter path names in the scenario as read. */
export type ParamTarget =
  | { kind: 'top'; key: (typeof TOP_LEVEL_PATHS)[number] }
  | { kind: 'param'; model: string; param: string; field: (string | number)[] }
  | { kind: 'shock'; entry: number; shock: number; field: 'multiply' | 'add' };

/** Where a target sits in the scenario's tree (for messages and source positions). */
export function targetPath(t: ParamTarget): (string | number)[] {
  if (t.kind === 'top') return [t.key];
  if (t.kind === 'param') return ['models', t.model, t.param, ...t.field];
  return ['schedule', t.entry, 'shock', t.shock, t.field];
}

/** Whether `path` is a plain `model.param` (the form sweeps always took, planned as before). */
export function isModelParamPath(path: string, raw: unknown, registry: ModelRegistry): boolean {
  const t = resolveParamPath(path, raw, registry);
  return !('error' in t) && t.kind === 'param' && t.field.length === 0;
}

/**
 * Resolves a parameter path against a scenario as read (`raw`: the merged YAML value), or
 * explains what is wrong with it, with "did you mean".
 */
export function resolveParamPath(path: string, raw: unknown, registry: ModelRegistry): ParamTarget | { error: string } {
  const tree = isObject(raw) ? raw : {};
  if (path.startsWith('shock.')) return resolveShock(path.slice('shock.'.length), tree);
  if ((TOP_LEVEL_PATHS as readonly string[]).includes(path)) return { kind: 'top', key: path as (typeof TOP_LEVEL_PATHS)[number] };
  const parts = path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const [modelName, param, ...field] = parts;
  const models = isObject(tree.models) ? tree.models : {};
  const enabled = Object.keys(models).filter((m) => isObject(models[m]) && (models[m] as { enabled?: unknown }).enabled !== false && registry.models.some((d) => d.name === m));
  const def = registry.models.find((m) => m.name === modelName);
  if (typeof modelName !== 'string' || !def) {
    const known = [...enabled, ...TOP_LEVEL_PATHS, 'shock'];
    const guess = typeof modelName === 'string' ? closest(modelName, known) : undefined;
    return { error: `expected a path starting with an enabled model (${enabled.join(', ')}), shock. or one of ${TOP_LEVEL_PATHS.join(', ')}, found ${JSON.stringify(path)}${guess ? `; did you mean ${guess}?` : ''}` };
  }
  if (!enabled.includes(modelName)) return { error: `expected a parameter of an enabled model (${enabled.join(', ')}), found ${JSON.stringify(path)}: this scenario does not enable ${modelName}` };
  const params = def.params as ParamTable;
  if (typeof param !== 'string' || !Object.hasOwn(params, param)) {
    const guess = closest(String(param ?? ''), Object.keys(params));
    return { error: `expected one of the known ${modelName} parameters (${Object.keys(params).join(', ')}), found ${JSON.stringify(String(param ?? ''))}${guess ? `; did you mean ${guess}?` : ''}` };
  }
  const decl = params[param];
  const reserved = field.find((f) => typeof f === 'string' && RESERVED.has(f));
  if (reserved !== undefined) return { error: `expected field names of ${modelName}.${param}, found ${JSON.stringify(reserved)} (a JavaScript object property, never a field)` };
  if (field.length && decl.kind !== 'struct') return { error: `expected ${modelName}.${param} alone (a ${decl.kind} parameter has no fields), found ${JSON.stringify(path)}` };
  return { kind: 'param', model: modelName, param, field };
}

function resolveShock(rest: string, tree: Record<string, unknown>): ParamTarget | { error: string } {
  const m = /^(?:(\d{4}-\d{2}-\d{2})\.)?(.+)\.(multiply|add)$/.exec(rest);
  const schedule = Array.isArray(tree.schedule) ? (tree.schedule as unknown[]) : [];
  const all: { entry: number; shock: number; at: string; signal: string }[] = [];
  schedule.forEach((e, entry) => {
    const shocks = isObject(e) && Array.isArray(e.shock) ? (e.shock as unknown[]) : [];
    shocks.forEach((s, shock) => {
      if (isObject(s) && typeof s.signal === 'string') all.push({ entry, shock, at: String((e as { at?: unknown }).at), signal: s.signal });
    });
  });
  const listed = all.map((s) => `shock.${s.at}.${s.signal}.multiply`).join(', ') || 'none in the schedule';
  if (!m) return { error: `expected shock.SIGNAL.multiply (or .add), optionally with the date (shock.YYYY-MM-DD.SIGNAL.multiply), found ${JSON.stringify(`shock.${rest}`)}; the schedule has ${listed}` };
  const [, at, signal, field] = m;
  const found = all.filter((s) => s.signal === signal && (at === undefined || s.at === at));
  if (found.length === 0) return { error: `expected a shock in the schedule (${listed}), found ${JSON.stringify(`shock.${rest}`)}` };
  if (found.length > 1) return { error: `expected one shock, found ${found.length} of ${signal} (on ${found.map((s) => s.at).join(', ')}): name the date, e.g. shock.${found[0].at}.${signal}.${field}` };
  return { kind: 'shock', entry: found[0].entry, shock: found[0].shock, field: field as 'multiply' | 'add' };
}

/**
 * Sets `value` at `target` in a scenario as read (mutating it; pass a copy). A struct field of
 * a parameter the file leaves out is set on a copy of the parameter's default. Returns a
 * message when the path does not fit the value there (a list index out of range).
 */
export function applyParamPath(raw: Record<string, unknown>, target: ParamTarget, value: unknown, registry: ModelRegistry): string | null {
  if (target.kind === 'top') {
    raw[target.key] = value;
    return null;
  }
  if (target.kind === 'shock') {
    const shock = ((raw.schedule as Record<string, unknown>[])[target.entry].shock as Record<string, unknown>[])[target.shock];
    shock[target.field] = value;
    return null;
  }
  const models = raw.models as Record<string, Record<string, unknown>>;
  const settings = models[target.model];
  if (target.field.length === 0) {
    settings[target.param] = value;
    return null;
  }
  const decl = (registry.models.find((m) => m.name === target.model)!.params as ParamTable)[target.param];
  if (settings[target.param] === undefined) settings[target.param] = structuredClone(decl.default);
  let node: unknown = settings[target.param];
  for (let k = 0; k < target.field.length; k++) {
    const seg = target.field[k];
    const last = k === target.field.length - 1;
    const here = formatPath([target.model, target.param, ...target.field.slice(0, k)]);
    if (Array.isArray(node)) {
      if (typeof seg !== 'number' || seg >= node.length) return `expected an index from 0 to ${node.length - 1} into the list ${here}, found ${JSON.stringify(seg)}`;
    } else if (!isObject(node)) return `expected ${here} to be a mapping or a list with ${JSON.stringify(seg)} in it, found a ${typeof node}`;
    const obj = node as Record<string | number, unknown>;
    if (last) obj[seg] = value;
    else {
      if (obj[seg] === undefined || obj[seg] === null) obj[seg] = {};
      node = obj[seg];
    }
  }
  return null;
}

/** A copy of a scenario as read with each path set to its value, without its sweep and sensitivity blocks. */
export function withPathValues(raw: unknown, values: Record<string, unknown>, registry: ModelRegistry): { raw: Record<string, unknown>; errors: { path: string; message: string }[] } {
  const copy = structuredClone(raw) as Record<string, unknown>;
  delete copy.sweep;
  delete copy.sensitivity;
  const errors: { path: string; message: string }[] = [];
  for (const [path, value] of Object.entries(values)) {
    const target = resolveParamPath(path, copy, registry);
    if ('error' in target) {
      errors.push({ path, message: target.error });
      continue;
    }
    const problem = applyParamPath(copy, target, value, registry);
    if (problem) errors.push({ path, message: problem });
  }
  return { raw: copy, errors };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
