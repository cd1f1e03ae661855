import { writeFileAtomic, type Written } from '../io/write-file.js';
import type { StoredRun } from '../store/store.js';
import { renderReportHtml } from './html.js';
import { buildReportModel, type ReportOptions } from './report-model.js';

export { buildReportModel, type ReportModel, type ReportOptions, type ChartView } from './report-model.js';
export { renderReportHtml } from './html.js';
export { renderSvg } from './render-svg.js';
export { hydrate } from './hydrate.js';

/** The self-contained HTML report of a stored run. */
export function reportHtml(stored: StoredRun, options: ReportOptions = {}): string {
  return renderReportHtml(buildReportModel(stored, options));
}

/**
 * Writes the report of a stored run to `file` (atomically, only over a regular file or a new
 * path) and returns the absolute path written, and the symbolic link followed to it if any.
 */
export function writeReport(stored: StoredRun, file: string, options: ReportOptions = {}): Written {
  return writeFileAtomic(file, reportHtml(stored, options));
}
