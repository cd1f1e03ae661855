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
import { ClusterError } from '../cluster/errors.js';
import { DEFAULT_STORE_DIR } from '../store/store.js';
import { runCommand, UsageError, type RunCommandOptions } from './run-command.js';
import { reverseJointStressTest, reverseStressTest, ReverseInputError } from '../analysis/reverse/reverse.js';
import { jointText, reverseText } from '../analysis/reverse/format.js';
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

/** Options of `cascade reverse`. */
interface ReverseOptions {
  vary: string[];
  event: string;
  target: number;
  range: string[];
  trials?: number;
  paths?: number;
  seed?: number;
  threads?: number;
  set?: string[];
  allowExtendsOutside?: boolean;
  json?: boolean;
}

function probability(v: string): number {
  const n = Number(v);
  if (!(n > 0 && n < 1)) throw new InvalidArgumentError(`must be a probability strictly between 0 and 1, got ${JSON.stringify(v)}`);
  return n;
}

/** `from..to`: two different numbers (either order; a single input's range is sorted). */
function numberRange(v: string): [number, number] {
  const m = /^\s*(-?[\d.e+-]+)\s*\.\.\s*(-?[\d.e+-]+)\s*$/.exec(v);
  const from = m ? Number(m[1]) : NaN;
  const to = m ? Number(m[2]) : NaN;
  if (!(Number.isFinite(from) && Number.isFinite(to) && from !== to)) throw new UsageError(`--range must be from..to with two different numbers (e.g. 0.6..0.95), got ${JSON.stringify(v)}`);
  return [from, to];
}

/** Commander's collector for a repeatable option. */
function collect(v: string, all: string[]): string[] {
  return [...all, v];
}

const SET_HELP = 'set any parameter path to a value (YAML), repeatable: model.param, struct fields (lender.lenders.ID.cashShare), shock.SIGNAL.multiply, paths, seed…';

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
    .option('--set <path=value>', SET_HELP, collect, [])
    .option('--json', 'print one JSON document to stdout instead of the summary')
    .option('--out <dir>', 'also write result.json into this folder')
    .option('--store <dir>', `run store folder (default: $CASCADE_STORE or ./${DEFAULT_STORE_DIR})`)
    .option('--no-store', 'do not save the run in the run store')
    .option('--reuse', 'copy points already stored with the same resolved scenario, seed and version instead of computing them')
    .option('--report [file]', 'also write the HTML report (default: STORE/reports/ID.html) and print its path')
    .option('--cluster <url>', 'shard the run over `cascade worker`s through Redis (redis://HOST:PORT); results are bit-identical to a local run')
    .option('--resume <run>', 'with --cluster: continue a run whose coordinator stopped, from the shards Redis holds')
    .option('--job-blocks <n>', 'with --cluster: blocks of paths per job (default: about 300,000 path-steps)', positiveInt('--job-blocks'))
    .action(async (file: string, opts: RunCommandOptions) => {
      await runCommand(resolveFileArg(file), opts);
    });

  program
    .command('worker')
    .description('Take shard jobs of cluster runs from Redis and run them on this machine (until Ctrl-C)')
    .requiredOption('--cluster <url>', 'the Redis of the cluster (redis://HOST:PORT)')
    .option('--threads <n>', 'shards run at once, one per thread (default: all cores)', positiveInt('--threads'))
    .option('--lock-ms <ms>', 'how long a job stays locked without renewal; a killed worker\'s job is retried after about this long (default 30000)', positiveInt('--lock-ms'))
    .action(async (opts: { cluster: string; threads?: number; lockMs?: number }) => {
      const { startClusterWorker } = await import('../cluster/worker.js');
      const { parseRedisUrl } = await import('../cluster/redis.js');
      const { defaultThreads } = await import('../engine/run.js');
      const { registryUrl } = await import('../models/index.js');
      const worker = await startClusterWorker(parseRedisUrl(opts.cluster), { threads: opts.threads ?? defaultThreads(), lockMs: opts.lockMs, registryUrl });
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.stderr.write(`cascade worker ${worker.name}: stopping after the shards it runs\n`);
          void worker.close().then(resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
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
    .command('reverse')
    .description("Reverse stress test: the value of an input at which an event's probability crosses a target (same seed in every trial)")
    .argument('<file>', 'scenario YAML file or built-in name')
    .option('--vary <path>', 'the input: a parameter path (model.param, lender.lenders.ID.cashShare, shock.SIGNAL.multiply, …); repeat for the joint (multi-input) test', collect, [])
    .requiredOption('--event <name>', "the event whose probability is watched (a model's or the scenario's)")
    .option('--target <p>', 'the probability sought, between 0 and 1', probability, 0.5)
    .option('--range <from..to>', 'the range searched (default: 0.5..1 for a shock multiply, v/2..2v for a number parameter v); with several --vary, one each, from the baseline to the stressed value', collect, [])
    .option('--trials <n>', 'runs of the scenario in all, the ends of the range included (default 12; per direction with several --vary, default 8)', positiveInt('--trials'))
    .option('--paths <n>', 'override the number of paths (every trial uses the same)', positiveInt('--paths'))
    .option('--seed <s>', 'override the seed (every trial uses the same)', nonNegativeInt)
    .option('--threads <n>', 'worker threads (default: all cores); results do not depend on it', positiveInt('--threads'))
    .option('--set <path=value>', SET_HELP, collect, [])
    .option('--allow-extends-outside', "let extends name files outside the scenario's folder tree and the built-ins")
    .option('--json', 'print the answer and the curve as JSON')
    .action(async (file: string, opts: ReverseOptions) => {
      if (opts.vary.length === 0) throw new UsageError('reverse: give the input to vary with --vary PATH');
      const ranges = opts.range.map(numberRange);
      if (opts.vary.length > 1 && ranges.length !== opts.vary.length) throw new UsageError(`reverse: with ${opts.vary.length} --vary, give as many --range from..to (baseline to stressed value), in the same order; found ${ranges.length}`);
      if (opts.vary.length === 1 && ranges.length > 1) throw new UsageError('reverse: one --vary takes one --range');
      const loaded = loadScenario(resolveFileArg(file), registry, { paths: opts.paths, seed: opts.seed, set: opts.set, allowExtendsOutside: opts.allowExtendsOutside }, file);
      const say = (line: string) => (opts.json ? undefined : process.stderr.write(`cascade: ${line}\n`));
      if (opts.vary.length > 1) {
        const answer = await reverseJointStressTest(loaded, {
          inputs: opts.vary.map((vary, i) => ({ vary, from: ranges[i][0], to: ranges[i][1] })),
          event: opts.event,
          target: opts.target,
          threads: opts.threads,
          trialsPerRay: opts.trials,
          onRay: (r, k) => say(`direction ${k + 1}: (${r.direction.map((v) => v.toFixed(2)).join(', ')}) → ${r.crossing.x === null ? 'not reached' : Number(r.crossing.x.toPrecision(4))}`),
        });
        process.stdout.write(opts.json ? JSON.stringify(answer, null, 2) + '\n' : jointText(answer));
        if (!answer.best) process.exitCode = EXIT_INPUT;
        return;
      }
      const range = ranges[0] ? ([Math.min(...ranges[0]), Math.max(...ranges[0])] as [number, number]) : undefined;
      const answer = await reverseStressTest(loaded, {
        vary: opts.vary[0],
        event: opts.event,
        target: opts.target,
        range,
        maxTrials: opts.trials,
        threads: opts.threads,
        onTrial: (t, k) => say(`trial ${k + 1}: ${opts.vary[0]} = ${Number(t.x.toPrecision(5))} → ${t.hits}/${t.paths}`),
      });
      process.stdout.write(opts.json ? JSON.stringify(answer, null, 2) + '\n' : reverseText(answer));
      if (answer.x === null) process.exitCode = EXIT_INPUT;
    });

  program
    .command('validate')
    .description('Check scenario files; print every problem as FILE:LINE:COL field: expected …, found …')
    .argument('<files...>', 'scenario files')
    .option('--max-cells <n>', 'the bound on paths × steps × recorded signals, as for run', positiveNumber)
    .option('--max-memory <MB>', 'the memory budget, as for run', positiveNumber)
    .option('--max-points <n>', 'the bound on sweep points, as for run', positiveInt('--max-points'))
    .option('--allow-extends-outside', "let extends name files outside the scenario's folder tree and the built-ins")
    .option('--set <path=value>', SET_HELP, collect, [])
    .action((files: string[], opts: { maxCells?: number; maxMemory?: number; maxPoints?: number; allowExtendsOutside?: boolean; set?: string[] }) => {
      let bad = 0;
      const overrides = { maxCells: opts.maxCells, maxMemoryMB: opts.maxMemory, maxPoints: opts.maxPoints, allowExtendsOutside: opts.allowExtendsOutside, set: opts.set };
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
    } else if (err instanceof SignalGraphError || err instanceof ReverseInputError || err instanceof StoreError || err instanceof UsageError || err instanceof OutputError || err instanceof BacktestInputError || err instanceof ClusterError) {
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
