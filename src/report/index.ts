import { writeFileAtomic, type Written } from '../io/write-file.js';
import { registry } from '../models/index.js';
import { signalRoles, type SignalRoles } from '../results/signal-roles.js';
import type { StoredRun } from '../store/store.js';
import { renderReportHtml } from './html.js';
import { buildReportModel, type ReportOptions } from './report-model.js';

export { buildReportModel, type ReportModel, type ReportOptions, type ChartView } from './report-model.js';
export { renderReportHtml } from './html.js';
export { renderSvg } from './render-svg.js';
export { hydrate } from './hydrate.js';

/** The headline and parameter-derived signals of a stored run's points, from the models' declarations (union over the points). */
export function storedRunRoles(stored: StoredRun): SignalRoles {
  const headline = new Set<string>();
  const inputs = new Set<string>();
  for (const p of stored.result.points) {
    const r = signalRoles(registry, p.resolved);
    r.headline.forEach((n) => headline.add(n));
    r.inputs.forEach((n) => inputs.add(n));
  }
  return { headline, inputs };
}

/** Units of every model parameter by `model.param`, for readable sweep labels. */
function paramUnits(): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of registry.models) for (const [k, p] of Object.entries(m.params as Record<string, { unit?: string }>)) out.set(`${m.name}.${k}`, p.unit ?? '');
  return out;
}

/** The self-contained HTML report of a stored run (headline signals as the models declare them). */
export function reportHtml(stored: StoredRun, options: ReportOptions = {}): string {
  return renderReportHtml(buildReportModel(stored, { roles: storedRunRoles(stored), paramUnits: paramUnits(), ...options }));
}

/**
 * Writes the report of a stored run to `file` (atomically, only over a regular file or a new
 * path) and returns the absolute path written, and the symbolic link followed to it if any.
 */
export function writeReport(stored: StoredRun, file: string, options: ReportOptions = {}): Written {
  return writeFileAtomic(file, reportHtml(stored, options));
}
