/**
 * Cascade as a library: `import { runScenario } from 'cascade'`.
 * @packageDocumentation
 */
export { runScenario, runLoadedScenario, FLAGSHIP_SCENARIO, type RunScenarioOptions } from './run-scenario.js';
export type { ScenarioResult, PointResult, Manifest, RunSummary, SignalSummary, EventSummary } from './results/types.js';
export { loadScenario, type LoadedScenario, type ScenarioPoint } from './scenario/plan.js';
export { ScenarioError, formatIssue, type ScenarioIssue } from './scenario/issues.js';
export { scenarioJsonSchema } from './scenario/schema.js';
export { runPlan, type RunOptions, type RunOutcome } from './engine/run.js';
export type { RunPlan } from './engine/run-plan.js';
export { defineModel, type ModelDefinition, type ModelContext, type ModelIO } from './engine/model.js';
export { num, choice, struct } from './engine/params.js';
export { registry } from './models/index.js';
export { summarize } from './results/summarize.js';
export { RunStore, withStore, resolveStoreDir, DEFAULT_STORE_DIR, type RunInfo, type StoredRun, type StoredPointInfo, type RunStatus } from './store/store.js';
export { StoreError } from './store/errors.js';
export { exportRun, EXPORT_FORMATS, type ExportFormat } from './store/export.js';
export { buildReportModel, reportHtml, writeReport, hydrate, renderSvg, type ReportModel, type ReportOptions, type ChartView } from './report/index.js';
