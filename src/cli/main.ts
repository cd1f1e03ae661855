import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { registry } from '../models/index.js';
import { FLAGSHIP_SCENARIO } from '../run-scenario.js';
import { formatIssue, ScenarioError } from '../scenario/issues.js';
import { loadScenario } from '../scenario/plan.js';
import { scenarioJsonSchema } from '../scenario/schema.js';
import { SignalGraphError } from '../engine/signal-graph.js';
import { VERSION } from '../version.js';
import { resultJson } from '../results/result-json.js';
import { listParams, modelsText, refreshReadme } from './models-table.js';
import { backtestCommand, type BacktestCommandOptions } from './backtest-command.js';
import { BacktestInputError } from '../backtest/history.js';
import { StoreError } from '../store/errors.js';
import { OutputError } from '../io/write-file.js';
import { DEFAULT_STORE_DIR } from '../store/store.js';
import { runCommand, UsageError, type RunCommandOptions } from './run-command.js';
import { exportCommand, reportCommand, runsCommand } from './store-commands.js';

/** Exit codes: 0 ok, 1 the user's input is wrong, 2 Cascade failed. */
const EXIT_INPUT = 1;
const EXIT_INTERNAL = 2;
/** The repository (or package) root: model READMEs are named relative to it. */
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

function positiveInt(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a whole number ≥ 1, got ${JSON.stringify(v)}`);
    return n;
  };
}

function nonNegativeInt(v: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError(`must be a whole number ≥ 0, got ${JSON.stringify(v)}`);
  return n;
}

function positiveNumber(v: string): number {
  const n = Number(v);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError(`must be a number > 0, got ${JSON.stringify(v)}`);
  return n;
}

export { resultJson };

export function buildProgram(): Command {
  const program = new Command('cascade')
    .description('Scenario stress tests for crypto markets and the infrastructure under them (Monte Carlo).')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)');

  program
    .command('run')
    .description('Run a scenario (default: the built-in flagship), store it and print a summary')
    .argument('[file]', 'scenario YAML file or built-in name', FLAGSHIP_SCENARIO)
    .option('--paths <n>', 'override the number of paths', positiveInt('--paths'))
    .option('--seed <s>', 'override the seed', nonNegativeInt)
    .option('--threads <n>', 'worker threads (default: all cores); results do not depend on it', positiveInt('--threads'))
    .option('--max-cells <n>', 'raise the bound on paths × steps × recorded signals', positiveNumber)
    .option('--max-memory <MB>', 'raise the memory budget of the run (limits.maxMemoryMB, default 4096)', positiveNumber)
    .option('--max-points <n>', 'raise the bound on the points of a sweep (limits.maxPoints, default 10,000)', positiveInt('--max-points'))
    .option('--allow-extends-outside', "let extends name files outside the scenario's folder tree and the built-ins")
    .option('--json', 'print one JSON document to stdout instead of the summary')
    .option('--out <dir>', 'also write result.json into this folder')
    .option('--store <dir>', `run store folder (default: $CASCADE_STORE or ./${DEFAULT_STORE_DIR})`)
    .option('--no-store', 'do not save the run in the run store')
    .option('--reuse', 'copy points already stored with the same resolved scenario, seed and version instead of computing them')
    .option('--report [file]', 'also write the HTML report (default: STORE/reports/ID.html) and print its path')
    .action(async (file: string, opts: RunCommandOptions) => {
      await runCommand(resolveFileArg(file), opts);
    });

  program
    .command('runs')
    .description('List the runs in the run store, newest first')
    .option('--store <dir>', `run store folder (default: $CASCADE_STORE or ./${DEFAULT_STORE_DIR})`)
    .option('--json', 'as JSON')
    .action((opts: { store?: string; json?: boolean }) => runsCommand(opts));

  program
    .command('report')
    .description('Write the self-contained HTML report of a stored run and print its path')
    .argument('[run]', 'run id or unique prefix, ID/K for point K of a sweep, or latest', 'latest')
    .option('--store <dir>', `run store folder (default: $CASCADE_STORE or ./${DEFAULT_STORE_DIR})`)
    .option('--point <k>', 'only point K (1-based) of a sweep', positiveInt('--point'))
    .option('--out <file>', 'where to write it (default: STORE/reports/ID.html)')
    .action((ref: string, opts: { store?: string; out?: string; point?: number }) => reportCommand(ref, opts));

  program
    .command('export')
    .description('Write the numbers of a stored run for notebooks: csv or parquet tables, or one json document')
    .argument('[run]', 'run id or unique prefix, ID/K for point K of a sweep, or latest', 'latest')
    .requiredOption('--format <format>', 'csv, json or parquet')
    .option('--store <dir>', `run store folder (default: $CASCADE_STORE or ./${DEFAULT_STORE_DIR})`)
    .option('--point <k>', 'only point K (1-based) of a sweep', positiveInt('--point'))
    .option('--out <dir>', 'folder to write into (default: ./cascade-export-ID)')
    .action((ref: string, opts: { store?: string; format: string; out?: string; point?: number }) => exportCommand(ref, opts));

  program
    .command('validate')
    .description('Check scenario files; print every problem as FILE:LINE:COL field: expected …, found …')
    .argument('<files...>', 'scenario files')
    .option('--max-cells <n>', 'the bound on paths × steps × recorded signals, as for run', positiveNumber)
    .option('--max-memory <MB>', 'the memory budget, as for run', positiveNumber)
    .option('--max-points <n>', 'the bound on sweep points, as for run', positiveInt('--max-points'))
    .option('--allow-extends-outside', "let extends name files outside the scenario's folder tree and the built-ins")
    .action((files: string[], opts: { maxCells?: number; maxMemory?: number; maxPoints?: number; allowExtendsOutside?: boolean }) => {
      let bad = 0;
      const overrides = { maxCells: opts.maxCells, maxMemoryMB: opts.maxMemory, maxPoints: opts.maxPoints, allowExtendsOutside: opts.allowExtendsOutside };
      for (const f of files) {
        try {
          // the load path of run: file, extends, validation, the limits and the plans
          loadScenario(resolveFileArg(f), registry, overrides, f);
          process.stdout.write(`${f}: ok\n`);
        } catch (err) {
          if (!(err instanceof ScenarioError)) throw err;
          bad++;
          for (const issue of err.issues) process.stderr.write(formatIssue(issue) + '\n');
        }
      }
      if (bad) process.exitCode = EXIT_INPUT;
    });

  program
    .command('backtest')
    .description("Run a scenario from many historical origins (its backtest: block) and score its forecasts against what followed, beside two baselines")
    .argument('[file]', 'scenario file or built-in name', 'btc-market-backtest')
    .option('--paths <n>', 'paths per origin (default: the backtest block)', positiveInt('--paths'))
    .option('--json', 'print the scores as JSON')
    .option('--store <dir>', `the run store folder (default: CASCADE_STORE or ./${DEFAULT_STORE_DIR})`)
    .option('--no-store', 'do not store the backtest')
    .option('--report [file]', 'also write the HTML report (default: STORE/reports/ID.html)')
    .action((file: string, opts: BacktestCommandOptions) => backtestCommand(file, resolveFileArg(file), REPO_ROOT, opts));

  program
    .command('schema')
    .description('Print the JSON Schema of scenario files (for editor completion)')
    .action(() => {
      process.stdout.write(JSON.stringify(scenarioJsonSchema(registry), null, 2) + '\n');
    });

  program
    .command('models')
    .description('List every model and parameter with unit, default and source')
    .option('--json', 'as JSON')
    .option('--write-readmes', "regenerate the parameter and signal tables in every model's README (for developers)")
    .action((opts: { json?: boolean; writeReadmes?: boolean }) => {
      if (opts.writeReadmes) {
        for (const m of registry.models) {
          const file = path.join(REPO_ROOT, m.readme);
          const text = fs.readFileSync(file, 'utf8');
          const next = refreshReadme(text, m);
          if (next !== text) fs.writeFileSync(file, next);
          process.stdout.write(`${m.readme}${next !== text ? ' updated' : ' unchanged'}\n`);
        }
      } else if (opts.json) process.stdout.write(JSON.stringify(listParams(registry), null, 2) + '\n');
      else process.stdout.write(modelsText(registry));
    });

  return program;
}

/** A built-in name (no slash, no .yaml) means scenarios/NAME.yaml; anything else is a path. */
function resolveFileArg(file: string): string {
  if (/^[\w-]+$/.test(file)) return path.join(path.dirname(FLAGSHIP_SCENARIO), `${file}.yaml`);
  return file;
}

/** Runs the CLI; never lets a stack trace reach the user unless CASCADE_DEBUG is set. */
export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof ScenarioError) {
      for (const issue of err.issues) process.stderr.write(formatIssue(issue) + '\n');
      process.exitCode = EXIT_INPUT;
    } else if (err instanceof SignalGraphError || err instanceof StoreError || err instanceof UsageError || err instanceof OutputError || err instanceof BacktestInputError) {
      process.stderr.write(`cascade: ${err.message}\n`);
      process.exitCode = EXIT_INPUT;
    } else {
      const e = err as Error;
      process.stderr.write(`cascade: internal error: ${e?.message ?? String(err)}\n`);
      if (process.env.CASCADE_DEBUG) process.stderr.write(`${e?.stack ?? ''}\n`);
      else process.stderr.write('(set CASCADE_DEBUG=1 for details, and please report it)\n');
      process.exitCode = EXIT_INTERNAL;
    }
  }
}
