import type { ModelRegistry } from '../engine/model.js';
import type { ParamDecl, ParamTable } from '../engine/params.js';
import { defaultSettings } from '../engine/prepare.js';
import { shapeParams } from '../engine/shape.js';

/** A parameter as `cascade models` lists it. */
export interface ParamListing {
  model: string;
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

/** Every parameter of every model, with unit, default and source. */
export function listParams(registry: ModelRegistry): ParamListing[] {
  const out: ParamListing[] = [];
  for (const m of registry.models) {
    const shape = shapeParams(m, defaultSettings(m));
    for (const [name, p] of Object.entries(m.params as ParamTable)) {
      const fixed = shape.get(name);
      const range =
        p.kind === 'number'
          ? [p.min !== undefined ? `${p.exclusiveMin ? '>' : '≥'}${p.min}` : '', p.max !== undefined ? `${p.exclusiveMax ? '<' : '≤'}${p.max}` : ''].filter(Boolean).join(' ')
          : p.kind === 'choice'
            ? p.values.join(' | ')
            : undefined;
      out.push({ model: m.name, name, kind: p.kind, unit: p.unit, default: p.kind === 'struct' && p.summary ? p.summary : p.default, description: p.description, source: p.source, range, fixedAtStart: fixed });
    }
  }
  return out;
}

/** The text listing: per model, a block per parameter. */
export function modelsText(registry: ModelRegistry): string {
  const out: string[] = [];
  const params = listParams(registry);
  for (const m of registry.models) {
    out.push(`${m.name} — ${m.title}`, `  (equations and sources: ${m.readme})`);
    for (const p of params.filter((x) => x.model === m.name)) {
      const def = typeof p.default === 'string' ? p.default : JSON.stringify(p.default);
      out.push(`  ${m.name}.${p.name}  [${p.unit}]  default ${def}${p.range ? `  (${p.range})` : ''}`, `      ${p.description}`, `      source: ${p.source}`);
      if (p.fixedAtStart) out.push(`      fixed at the start: ${p.fixedAtStart}`);
    }
    out.push('');
  }
  return out.join('\n');
}
