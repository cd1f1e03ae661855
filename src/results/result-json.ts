import type { ScenarioResult } from './types.js';

/** The JSON document of `cascade run --json` (and of `cascade export --format json`). */
export function resultJson(result: ScenarioResult): Record<string, unknown> {
  // the analyses of the run's blocks, when it has them (tornado on point 1, as before)
  const analyses = { ...(result.globalSensitivity ? { globalSensitivity: result.globalSensitivity } : {}), ...(result.discovery ? { discovery: result.discovery } : {}) };
  if (result.points.length === 1) {
    const { manifest, signals, events, terminal, samples, resolved } = result.points[0];
    return { manifest, signals, events, terminal, samples, resolved, ...analyses };
  }
  // every field of each point but `conditions` (carried for the report) and the per-path table (in the store and exports), so the document keeps its fields
  const points = result.points.map(({ conditions: _conditions, perPath: _perPath, ...point }) => point);
  return { manifest: { scenario: result.name, file: result.file, points: result.points.length }, points, ...analyses };
}
