import path from 'node:path';
import { registry } from '../models/index.js';
import { resultJson } from '../results/result-json.js';
import { runLoadedScenario, type PointResult, type ScenarioResult } from '../run-scenario.js';
import { loadScenario } from '../scenario/plan.js';
import { codeFingerprint } from '../store/code-fingerprint.js';
import { resolveStoreDir, withStore } from '../store/store.js';
import { VERSION } from '../version.js';
import { ProgressBar } from './progress.js';
import { summaryText } from './summary-table.js';
import { writeFileAtomic } from './write-atomic.js';

/** Options of `cascade run`. */
export interface RunCommandOptions {
  paths?: number;
  seed?: number;
  threads?: number;
  maxCells?: number;
  json?: boolean;
  out?: string;
  /** A folder (`--store DIR`), false (`--no-store`), or true/undefined: CASCADE_STORE or ./.cascade. */
  store?: string | boolean;
  reuse?: boolean;
  /** `--report [FILE]`: true for the default place in the store. */
  report?: string | boolean;
}

/** The command line as typed, for the manifest (arguments with spaces quoted). */
export function commandLine(argv = process.argv.slice(2)): string {
  return ['cascade', ...argv.map((a) => (/^[\w./=:@,+-]+$/.test(a) ? a : JSON.stringify(a)))].join(' ');
}

/** Where `cascade report` writes by default: DIR/reports/ID.html (ID/K → ID-pK.html). */
export function defaultReportFile(storeDir: string, id: string, point: number | null): string {
  return path.join(storeDir, 'reports', `${id}${point === null ? '' : `-p${point + 1}`}.html`);
}

/**
 * `cascade run`: load and check the scenario, record the run's start in the store, compute
 * (with the store closed, so other commands can read it), then write every number and the
 * `complete` mark in one transaction. Ctrl-C or SIGTERM while computing marks the run
 * `interrupted`; a SIGKILL leaves it `running`, which `cascade runs` shows as interrupted once
 * its process is gone. With `--reuse`, points whose resolved scenario, seed, version and
 * result code match a stored complete point are copied instead of computed.
 */
export async function runCommand(scenarioFile: string, opts: RunCommandOptions): Promise<void> {
  const started = performance.now();
  const loaded = loadScenario(scenarioFile, registry, { paths: opts.paths, seed: opts.seed, maxCells: opts.maxCells });
  const storeDir = opts.store === false ? null : resolveStoreDir(typeof opts.store === 'string' ? opts.store : undefined);
  if (opts.report && !storeDir) throw new UsageError('--report writes the report of the stored run: drop --no-store');
  const codeHash = codeFingerprint();
  const reused = new Map<string, { result: PointResult; from: string }>();
  let runId: string | null = null;
  if (storeDir) {
    runId = await withStore(storeDir, {}, async (store) => {
      if (opts.reuse) {
        for (const p of loaded.points) {
          const hit = await store.findReusable({ scenarioHash: p.hash, seed: p.plan.seed, cascadeVersion: VERSION, codeHash });
          if (hit) reused.set(p.hash, { result: await store.loadPoint(hit.id, hit.point), from: hit.reusedFrom ?? `${hit.id}/${hit.point + 1}` });
        }
      }
      const s = loaded.valid.scenario;
      return store.beginRun({
        scenario: s.name,
        description: s.description,
        file: path.relative(process.cwd(), path.resolve(scenarioFile)) || scenarioFile,
        points: loaded.points.length,
        paths: loaded.points.reduce((a, p) => a + p.plan.paths, 0),
        seed: s.seed,
        cascadeVersion: VERSION,
        codeHash,
        command: commandLine(),
        models: loaded.valid.models.map((m) => ({ name: m.name, title: registry.models.find((d) => d.name === m.name)?.title ?? m.name })),
        sources: s.sources,
      });
    });
  }

  // Ctrl-C / SIGTERM: while computing, mark the run interrupted and exit; while the results are
  // being committed, finish the commit first (it is one short transaction), then exit.
  let phase: 'compute' | 'commit' | 'after' = 'compute';
  let pending: NodeJS.Signals | null = null;
  const exitCode = (signal: NodeJS.Signals) => (signal === 'SIGINT' ? 130 : 143);
  let exiting = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (phase === 'commit') {
      pending = signal;
      return;
    }
    if (exiting) return;
    exiting = true;
    const stored = phase === 'after';
    const what = !runId ? '' : stored ? `; run ${runId} was stored complete before it` : `; run ${runId} is marked interrupted (no results stored)`;
    process.stderr.write(`\ncascade: ${signal === 'SIGINT' ? 'interrupted' : `stopped by ${signal}`}${what}\n`);
    const exit = () => process.exit(exitCode(signal));
    if (storeDir && runId && !stored) withStore(storeDir, { waitMs: 2000 }, (s) => s.markRun(runId!, 'interrupted')).then(exit, exit);
    else exit();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const bar = new ProgressBar(process.stderr, 'running', process.stderr.isTTY === true && !opts.json);
    let result: ScenarioResult;
    try {
      result = await runLoadedScenario(loaded, {
        threads: opts.threads,
        onProgress: (d, t) => bar.update(d, t),
        reuse: async (p) => reused.get(p.hash)?.result ?? null,
      });
    } catch (err) {
      if (storeDir && runId) await withStore(storeDir, {}, (s) => s.markRun(runId!, 'failed', (err as Error)?.message ?? String(err))).catch(() => undefined);
      throw err;
    } finally {
      bar.done();
    }
    const reusedFrom = loaded.points.map((p) => reused.get(p.hash)?.from ?? null);
    if (storeDir && runId) {
      phase = 'commit';
      await withStore(storeDir, {}, (s) => s.completeRun(runId!, result, { reusedFrom, elapsedMs: Math.round(performance.now() - started) }));
    }
    phase = 'after';
    if (pending) onSignal(pending);
    else await printRun(result, { ...opts, runId, storeDir, reusedFrom, labels: loaded.points.map((p) => p.label) });
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

/** Writes what `cascade run` prints (and --out, --report) once the run is stored. */
async function printRun(
  result: ScenarioResult,
  opts: RunCommandOptions & { runId: string | null; storeDir: string | null; reusedFrom: (string | null)[]; labels: string[] },
): Promise<void> {
  const { runId, storeDir, reusedFrom } = opts;
  const json = resultJson(result);
  if (runId) json.run = { id: runId, store: storeDir, reusedFrom };
  if (opts.out) {
    const target = path.join(opts.out, 'result.json');
    writeFileAtomic(target, JSON.stringify(json));
    if (!opts.json) process.stderr.write(`results written to ${target}\n`);
  }
  const notes: string[] = [];
  reusedFrom.forEach((from, k) => {
    if (!from) return;
    const which = opts.labels.length === 1 ? 'this scenario' : `point ${k + 1} (${opts.labels[k]})`;
    notes.push(`reused ${which} from stored run ${from}: same resolved scenario, seed, Cascade version and result code, so it was not recomputed`);
  });
  if (runId) notes.push(`stored as run ${runId} in ${storeDir}${opts.report ? '' : `  (cascade report ${runId} writes its HTML report)`}`);
  if (opts.report && storeDir && runId) {
    const { writeReport } = await import('../report/index.js');
    const stored = await withStore(storeDir, { readOnly: true }, (s) => s.loadRun(runId!));
    const file = writeReport(stored, typeof opts.report === 'string' ? opts.report : defaultReportFile(storeDir, runId, null));
    notes.push(`report: ${file}`);
  }
  if (opts.json) {
    process.stdout.write(JSON.stringify(json) + '\n');
    if (notes.length) process.stderr.write(notes.join('\n') + '\n');
  } else process.stdout.write(summaryText(result) + '\n' + (notes.length ? '\n' + notes.join('\n') + '\n' : ''));
}

/** A wrong combination of options: printed as is, exit code 1. */
export class UsageError extends Error {
  override name = 'UsageError';
}
