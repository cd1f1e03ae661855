/**
 * Cascade as a library: `import { runScenario } from 'cascade'`.
 * @packageDocumentation
 */
export { runScenario, FLAGSHIP_SCENARIO, type ScenarioResult, type PointResult, type Manifest, type RunScenarioOptions } from './run-scenario.js';
export { loadScenario, type LoadedScenario, type ScenarioPoint } from './scenario/plan.js';
export { ScenarioError, formatIssue, type ScenarioIssue } from './scenario/issues.js';
export { scenarioJsonSchema } from './scenario/schema.js';
export { runPlan, type RunOptions, type RunOutcome } from './engine/run.js';
export type { RunPlan } from './engine/run-plan.js';
export { defineModel, type ModelDefinition, type ModelContext, type ModelIO } from './engine/model.js';
export { num, choice, struct } from './engine/params.js';
export { registry } from './models/index.js';
export { summarize, type RunSummary, type SignalSummary, type EventSummary } from './results/summarize.js';
