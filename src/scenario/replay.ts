import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BacktestInputError, indexOf, readCsvLines, readDailySeries } from '../backtest/history.js';
import { addDays } from '../engine/calendar.js';
import type { ModelRegistry, ResolvedIO } from '../engine/model.js';
import { resolveIO } from '../engine/io.js';
import { checkReplayed, defaultSettings, modelsProviding } from '../engine/prepare.js';
import type { PlannedReplay } from '../engine/run-plan.js';
import { SignalGraphError } from '../engine/signal-graph.js';
import { unknownKeyMessage } from './load.js';
import type { ParsedFile } from './read-yaml.js';
import type { Scenario } from './schema.js';

/** The package root: a replay file not found beside the scenario is looked up here (`data/…`). */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where a replay's file is: beside the scenario that names it, else in the package (`data/…`). */
export function resolveReplayFile(file: string, scenarioFile: string): string {
  if (path.isAbsolute(file)) return file;
  const beside = path.resolve(path.dirname(scenarioFile), file);
  return fs.existsSync(beside) ? beside : path.resolve(PACKAGE_ROOT, file);
}

/**
 * The scenario's `replay:` block as plan entries: each signal's series read with
 * `readDailySeries` (consecutive days, positive values, else an error with the file and line),
 * checked to cover every step's date, sampled at the steps. Problems go to `at` with the
 * replay's own line; a signal no registered model could write, or one an enabled model writes,
 * is refused with what to change.
 */
export function planReplays(
  scenario: Scenario,
  parsed: ParsedFile,
  registry: ModelRegistry,
  models: readonly { name: string; io: ResolvedIO }[],
  steps: number,
  at: (p: (string | number)[], message: string, onKey?: boolean) => void,
): PlannedReplay[] {
  const out: PlannedReplay[] = [];
  for (const [signal, spec] of Object.entries(scenario.replay ?? {})) {
    const where = ['replay', signal];
    if (modelsProviding(registry, signal).length === 0) {
      const known = [...new Set(registry.models.flatMap(writtenByDefault))];
      at(where, unknownKeyMessage('signals a model writes', signal, known), true);
      continue;
    }
    const { file, column } = typeof spec === 'string' ? { file: spec, column: undefined } : spec;
    const scenarioFile = parsed.map.locate(where, true, { file: parsed.file, line: 1, col: 1 }).file;
    const resolved = resolveReplayFile(file, scenarioFile);
    let series;
    try {
      series = readDailySeries(resolved, column);
    } catch (err) {
      if (!(err instanceof BacktestInputError)) throw err;
      at(where, `expected a daily series to replay: ${err.message.replace(resolved, file)}`);
      continue;
    }
    const first = indexOf(series, scenario.start);
    const lastDay = steps * scenario.stepDays;
    const lastDate = addDays(series.firstDate, series.values.length - 1);
    if (first < 0 || first + lastDay >= series.values.length) {
      const line = first < 0 ? 2 : series.values.length + 1;
      at(where, `expected ${file} to cover every step from ${scenario.start} to ${addDays(scenario.start, lastDay)}, found data from ${series.firstDate} to ${lastDate} (${file}:${line})`);
      continue;
    }
    const values = Array.from({ length: steps + 1 }, (_, t) => series.values[first + t * scenario.stepDays]);
    out.push({ signal, source: file, values });
  }
  try {
    checkReplayed(out, models);
  } catch (err) {
    if (!(err instanceof SignalGraphError)) throw err;
    const signal = out.find((r) => err.message.startsWith(`signal ${r.signal} `))!.signal;
    at(['replay', signal], err.message, true);
  }
  return out;
}

/** The signals a model writes with its default settings (none when its I/O needs settings). */
function writtenByDefault(def: ModelRegistry['models'][number]): string[] {
  try {
    return resolveIO(def, defaultSettings(def)).writes;
  } catch {
    return [];
  }
}

/** A real series drawn on a signal's chart: its label and its value at each step (null where the file has no day). */
export interface ReferenceSeries {
  label: string;
  source: string;
  values: (number | null)[];
}

/**
 * The scenario's `reference:` block: each recorded signal's real series, read for the dates of
 * the steps. Unlike a replay it tolerates missing days and is only drawn, never simulated.
 */
export function planReferences(
  scenario: Scenario,
  parsed: ParsedFile,
  record: readonly string[],
  steps: number,
  at: (p: (string | number)[], message: string, onKey?: boolean) => void,
): Record<string, ReferenceSeries> {
  const out: Record<string, ReferenceSeries> = {};
  for (const [signal, spec] of Object.entries(scenario.reference ?? {})) {
    const where = ['reference', signal];
    if (!record.includes(signal)) {
      at(where, unknownKeyMessage('recorded signals', signal, [...record]), true);
      continue;
    }
    const scenarioFile = parsed.map.locate(where, true, { file: parsed.file, line: 1, col: 1 }).file;
    let lines: string[];
    try {
      lines = readCsvLines(resolveReplayFile(spec.file, scenarioFile), 'a dated CSV file (date,value)');
    } catch (err) {
      if (!(err instanceof BacktestInputError)) throw err;
      at(where, `expected a dated series to draw: ${err.message.replace(resolveReplayFile(spec.file, scenarioFile), spec.file)}`);
      continue;
    }
    const header = lines[0].split(',');
    const col = spec.column ? header.indexOf(spec.column) : 1;
    if (header[0] !== 'date' || col < 1) {
      at(where, `expected ${spec.file} to have a header "date,${spec.column ?? 'value'}", found "${lines[0]}" (${spec.file}:1)`);
      continue;
    }
    const byDate = new Map<string, number>();
    for (const line of lines.slice(1)) {
      const cells = line.split(',');
      const v = Number(cells[col]);
      if (cells[col] !== '' && Number.isFinite(v)) byDate.set(cells[0], v * spec.scale);
    }
    const values = Array.from({ length: steps + 1 }, (_, t) => byDate.get(addDays(scenario.start, t * scenario.stepDays)) ?? null);
    if (values.every((v) => v === null)) at(where, `expected ${spec.file} to hold some of the run's dates (${scenario.start} …), found none`);
    out[signal] = { label: spec.label ?? `real (${path.basename(spec.file)})`, source: spec.file, values };
  }
  return out;
}
