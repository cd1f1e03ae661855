import path from 'node:path';
import { backtestText } from '../backtest/format.js';
import { runBacktest, type BacktestResult } from '../backtest/run-backtest.js';
import { registry } from '../models/index.js';
import { loadScenario } from '../scenario/plan.js';
import { codeFingerprint } from '../store/code-fingerprint.js';
import { openForWriting } from '../store/commit.js';
import { resolveStoreDir, withStore, type NewRun } from '../store/store.js';
import { VERSION } from '../version.js';
import { commandLine, defaultReportFile, UsageError } from './run-command.js';

/** Options of `cascade backtest`. */
export interface BacktestCommandOptions {
  /** Paths per origin (default: the scenario's backtest block). */
  paths?: number;
  json?: boolean;
  /** A folder (`--store DIR`), false (`--no-store`), or true/undefined: CASCADE_STORE or ./.cascade. */
  store?: string | boolean;
  /** `--report [FILE]`: true for the default place in the store. */
  report?: string | boolean;
}

/**
 * `cascade backtest`: runs the scenario's backtest block, stores it as a run (its row in
 * `runs`, its scores in the backtest tables, in one transaction), prints the tables (or JSON)
 * and, with --report, writes its HTML report. A backtest that fails is marked failed.
 */
export async function backtestCommand(file: string, resolvedFile: string, root: string, opts: BacktestCommandOptions): Promise<void> {
  const loaded = loadScenario(resolvedFile, registry, {}, file).valid;
  const block = loaded.scenario.backtest;
  if (!block) throw new UsageError(`${file}: expected a backtest: block (from, to, everyDays, horizons, paths, events), found none`);
  const storeDir = opts.store === false ? null : resolveStoreDir(typeof opts.store === 'string' ? opts.store : undefined);
  if (opts.report && !storeDir) throw new UsageError('--report writes the report of the stored backtest: drop --no-store');
  const config = { ...block, paths: opts.paths ?? block.paths };
  const note = (message: string) => process.stderr.write(`cascade: ${message}\n`);
  let runId: string | null = null;
  if (storeDir) {
    const newRun: NewRun = {
      scenario: loaded.scenario.name,
      description: `backtest: ${loaded.scenario.description}`,
      file: path.relative(process.cwd(), path.resolve(resolvedFile)) || file,
      points: 0,
      paths: config.paths,
      seed: loaded.scenario.seed,
      cascadeVersion: VERSION,
      codeHash: codeFingerprint(),
      command: commandLine(),
      models: loaded.models.map((m) => ({ name: m.name, title: registry.models.find((d) => d.name === m.name)?.title ?? m.name })),
      sources: loaded.scenario.sources,
    };
    const store = await openForWriting(storeDir, { note });
    try {
      runId = await store.beginRun(newRun);
    } finally {
      store.close();
    }
  }
  const started = performance.now();
  let result: BacktestResult;
  try {
    result = runBacktest(resolvedFile, config, {
      registry,
      root,
      onOrigin: (done, total) => {
        if (process.stderr.isTTY) process.stderr.write(`\rbacktest: ${done}/${total} origins`);
      },
    });
  } catch (err) {
    if (storeDir && runId) await withStore(storeDir, {}, (s) => s.markRun(runId!, 'failed', (err as Error)?.message ?? String(err))).catch(() => undefined);
    throw err;
  }
  if (process.stderr.isTTY) process.stderr.write('\n');
  if (storeDir && runId) {
    const store = await openForWriting(storeDir, { note });
    try {
      await store.completeBacktest(runId, result, { elapsedMs: Math.round(performance.now() - started), threads: 1 });
    } finally {
      store.close();
    }
  }
  process.stdout.write(opts.json ? JSON.stringify(runId ? { run: { id: runId, store: storeDir }, ...result } : result, null, 2) + '\n' : backtestText(result));
  if (!opts.json && runId) {
    if (opts.report) {
      const written = await writeBacktestReport(storeDir!, runId, typeof opts.report === 'string' ? opts.report : defaultReportFile(storeDir!, runId, null));
      process.stdout.write(`\nstored as run ${runId} in ${storeDir}\nreport: ${written}\n`);
    } else process.stdout.write(`\nstored as run ${runId} in ${storeDir}  (cascade report ${runId} writes its HTML report)\n`);
  }
}

/** Writes the HTML report of a stored backtest to `file`; returns the path written. */
export async function writeBacktestReport(storeDir: string, runId: string, file: string): Promise<string> {
  const { writeFileAtomic } = await import('../io/write-file.js');
  const { renderBacktestHtml } = await import('../report/backtest/html.js');
  const html = await withStore(storeDir, { readOnly: true }, async (s) => {
    const info = await s.runInfo(runId);
    const result = await s.loadBacktest(runId);
    if (!result) throw new UsageError(`run ${runId} is not a backtest`);
    return renderBacktestHtml(result, info);
  });
  return writeFileAtomic(file, html).path;
}
