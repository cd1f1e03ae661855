import type { ModelDefinition, ModelRegistry } from '../engine/model.js';
import { numberBounds, type ParamDecl, type ParamTable } from '../engine/params.js';
import { defaultSettings } from '../engine/prepare.js';
import { resolveIO } from '../engine/io.js';
import { shapeParams } from '../engine/shape.js';

/** A parameter (or a documented field of a struct parameter) as `cascade models` lists it. */
export interface ParamListing {
  model: string;
  /** The parameter's name; for a struct field, `param.<entry>.field` (e.g. `lenders.<id>.cashShare`). */
  name: string;
  kind: ParamDecl['kind'];
  unit: string;
  default: unknown;
  description: string;
  source: string;
  range?: string;
  /** Why a scheduled `set` cannot change it (it shapes the run), when it cannot. */
  fixedAtStart?: string;
}

function rangeOf(p: ParamDecl): string | undefined {
  if (p.kind === 'number') return numberBounds(p, '').join(' ') || undefined;
  if (p.kind === 'choice') return p.values.join(' | ');
  return undefined;
}

function listing(model: string, name: string, p: ParamDecl, fixedAtStart?: string): ParamListing {
  return { model, name, kind: p.kind, unit: p.unit, default: p.kind === 'struct' && p.summary ? p.summary : p.default, description: p.description, source: p.source, range: rangeOf(p), fixedAtStart };
}

/**
 * The documented fields of a struct parameter (or struct field) named `name`, each followed by
 * its own fields when it is a struct that documents them (a lender's segments, its loan books).
 */
function fieldListings(model: string, name: string, p: ParamDecl): ParamListing[] {
  if (p.kind !== 'struct' || !p.fields) return [];
  const { entry, fields } = p.fields;
  return Object.entries(fields).flatMap(([field, f]) => [listing(model, `${name}.${entry}.${field}`, f), ...fieldListings(model, `${name}.${entry}.${field}`, f)]);
}

/** Every parameter of one model, each struct parameter followed by its documented fields. */
export function modelParams(m: ModelDefinition<any, any>): ParamListing[] {
  const out: ParamListing[] = [];
  const shape = shapeParams(m, defaultSettings(m));
  for (const [name, p] of Object.entries(m.params as ParamTable)) out.push(listing(m.name, name, p, shape.get(name)), ...fieldListings(m.name, name, p));
  return out;
}

/** Every parameter of every model, with unit, default and source. */
export function listParams(registry: ModelRegistry): ParamListing[] {
  return registry.models.flatMap(modelParams);
}

/** The text listing: per model, a block per parameter. */
export function modelsText(registry: ModelRegistry): string {
  const out: string[] = [];
  for (const m of registry.models) {
    out.push(`${m.name} — ${m.title}`, `  (equations and sources: ${m.readme})`);
    for (const p of modelParams(m)) {
      const def = typeof p.default === 'string' ? p.default : JSON.stringify(p.default);
      out.push(`  ${m.name}.${p.name}  [${p.unit}]  default ${def}${p.range ? `  (${p.range})` : ''}`, `      ${p.description}`, `      source: ${p.source}`);
      if (p.fixedAtStart) out.push(`      fixed at the start: ${p.fixedAtStart}`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** Markers around the generated tables in a model README. */
export const README_BLOCKS = {
  params: ['<!-- params:begin (generated from params.ts by `cascade models --write-readmes`; do not edit) -->', '<!-- params:end -->'],
  signals: ['<!-- signals:begin (generated from io() with default settings by `cascade models --write-readmes`; do not edit) -->', '<!-- signals:end -->'],
} as const;

const cell = (v: unknown): string => {
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  const short = text.length > 60 ? `${text.slice(0, 57)}…` : text;
  return short.replace(/\|/g, '\\|').replace(/\n/g, ' ');
};

/** A model's parameter table in markdown: the same columns for every model. */
export function paramTableMarkdown(m: ModelDefinition<any, any>): string {
  const rows = ['| parameter | unit | default | range | meaning | source |', '| --- | --- | --- | --- | --- | --- |'];
  for (const p of modelParams(m)) {
    const range = [p.range, p.fixedAtStart ? 'fixed at start' : ''].filter(Boolean).join('; ');
    rows.push(`| \`${p.name}\` | ${cell(p.unit)} | ${cell(p.default)} | ${cell(range)} | ${p.description.replace(/\|/g, '\\|')} | ${p.source.replace(/\|/g, '\\|')} |`);
  }
  return rows.join('\n');
}

/** A model's signals with default settings, in markdown: name, how the model uses it, unit. */
export function signalTableMarkdown(m: ModelDefinition<any, any>): string {
  const io = resolveIO(m, defaultSettings(m));
  const rows = ['| signal | use | unit |', '| --- | --- | --- |'];
  for (const s of io.writes) rows.push(`| \`${s}\` | written${io.shockable.includes(s) ? ', shockable' : ''} | ${cell(io.units[s] ?? '')} |`);
  for (const s of io.adds) rows.push(`| \`${s}\` | added to (flow) | ${cell(io.units[s] ?? '')} |`);
  for (const s of io.updates) rows.push(`| \`${s}\` | updated in-step | |`);
  for (const r of io.reads) rows.push(`| \`${r.name}\` | read${r.prev ? ' (previous step)' : ''}${r.optional ? ', optional' : ''} | |`);
  return rows.join('\n');
}

/**
 * The README text with its generated blocks replaced by the current tables; blocks that are
 * absent are left absent. Returns the new text.
 */
export function refreshReadme(text: string, m: ModelDefinition<any, any>): string {
  let out = text;
  for (const [key, [begin, end]] of Object.entries(README_BLOCKS)) {
    const a = out.indexOf(begin);
    const b = out.indexOf(end);
    if (a < 0 || b < a) continue;
    const table = key === 'params' ? paramTableMarkdown(m) : signalTableMarkdown(m);
    out = `${out.slice(0, a + begin.length)}\n${table}\n${out.slice(b)}`;
  }
  return out;
}
