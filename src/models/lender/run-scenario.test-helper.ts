import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunRecord } from '../../engine/recorder/run-record.js';
import { runPlan } from '../../engine/run.js';
import { loadScenario } from '../../scenario/plan.js';
import { summarize, type RunSummary } from '../../results/summarize.js';
import type { ModelRegistry } from '../../engine/model.js';
import * as shipped from '../index.js';

/** Test helper: runs scenarios given as objects or files with the shipped models, in this thread. */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-lender-'));

export function cleanUp(): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

export interface Ran {
  record: RunRecord;
  summary: RunSummary;
  /** Sampled path j's values of a signal, steps 0..T. */
  series(signal: string, j: number): Float64Array;
}

/** Runs a scenario object (written as JSON, which is YAML) or a scenario file. */
export async function runScenario(
  scenario: Record<string, unknown> | string,
  models: { registry: ModelRegistry; registryUrl: string } = shipped,
  overrides: { paths?: number } = {},
): Promise<Ran> {
  let file: string;
  if (typeof scenario === 'string') file = scenario;
  else {
    file = path.join(dir, `${String(scenario.name)}.yaml`);
    fs.writeFileSync(file, JSON.stringify({ start: '2026-01-01', seed: 7, ...scenario }));
  }
  const { points } = loadScenario(file, models.registry, overrides);
  const outcome = await runPlan(points[0].plan, { registryUrl: models.registryUrl, threads: 1 });
  return {
    record: outcome.record,
    summary: summarize(outcome),
    series: (signal, j) => outcome.record.samples[j].values[signal],
  };
}

/** Writes a scenario file (YAML text) into the test directory and returns its path. */
export function writeScenario(name: string, yaml: string): string {
  const file = path.join(dir, `${name}.yaml`);
  fs.writeFileSync(file, yaml);
  return file;
}

/** A scenario file of the library. */
export function scenarioFile(name: string): string {
  return new URL(`../../../scenarios/${name}.yaml`, import.meta.url).pathname;
}
