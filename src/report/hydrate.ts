import { axisTick } from './format.js';

/**
 * Chart specifications are plain JSON; the one thing ECharts needs as a function is a tick
 * formatter. Specs mark an axis label with `cascadeUnit: UNIT`; this returns a copy of the
 * spec with `formatter` set to the unit's tick format. The report and a browser dashboard
 * both call it on the same spec just before `setOption`.
 */
export function hydrate<T>(spec: T): T {
  if (Array.isArray(spec)) return spec.map(hydrate) as T;
  if (spec === null || typeof spec !== 'object') return spec;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(spec)) out[k] = hydrate(v);
  if (typeof out.cascadeUnit === 'string') {
    const unit = out.cascadeUnit;
    out.formatter = (value: number) => axisTick(value, unit);
  }
  return out as T;
}
