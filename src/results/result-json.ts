import type { ScenarioResult } from './types.js';

/** The JSON document of `cascade run --json` (and of `cascade export --format json`). */
export function resultJson(result: ScenarioResult): Record<string, unknown> {
  if (result.points.length === 1) {
    const { manifest, signals, events, terminal, samples, resolved } = result.points[0];
    return { manifest, signals, events, terminal, samples, resolved };
  }
  // every field of each point but `conditions` (carried for the report), so the document keeps its fields
  const points = result.points.map(({ conditions: _conditions, ...point }) => point);
  return { manifest: { scenario: result.name, file: result.file, points: result.points.length }, points };
}
