import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { registry } from '../models/index.js';
import { resultJson } from '../results/result-json.js';
import { runLoadedScenario, type PointResult, type ScenarioResult } from '../run-scenario.js';
import { loadScenario } from '../scenario/plan.js';
import { jsonChunks } from '../io/json-chunks.js';
import { writeFileAtomic } from '../io/write-file.js';
import { codeFingerprint } from '../store/code-fingerprint.js';
import { commitFinishedRun, openForWriting, SideFile } from '../store/commit.js';
import { resolveStoreDir, withStore, type NewRun } from '../store/store.js';
import { VERSION } from '../version.js';
import { autoThreads } from '../engine/run.js';
import { estimateRunMemory, formatBytes, threadsWithinBudget } from '../scenario/memory.js';
import { runShape } from '../scenario/validate.js';
import type { LoadedScenario } from '../scenario/plan.js';
import { resultWarnings } from './warnings.js';
import { Progress } from './progress.js';
import { summaryOptions } from './summary-options.js';
import { summaryText } from './summary-table.js';

/** Options of `cascade run`. */
export interface RunCommandOptions {
  paths?: number;
  seed?: number;
  threads?: number;
  maxCells?: number;
  /** `--max-memory MB`. */
  maxMemory?: number;
  maxPoints?: number;
  allowExtendsOutside?: boolean;
  /** `--set path=value`, repeatable (scenario/param-path.ts). */
  set?: string[];
  json?: boolean;
  out?: string;
  /** A folder (`--store DIR`), false (`--no-store`), or true/undefined: CASCADE_STORE or ./.cascade. */
  store?: string | boolean;
  reuse?: boolean;
  /** `--report [FILE]`: true for the default place in the store. */
  report?: string | boolean;
  /** `--per-path`: output.perPath. */
  perPath?: boolean;
  /** `--signals PATTERN`: show these signals instead of the headline ones. */
  signals?: string;
  /** `--events-only`. */
  eventsOnly?: boolean;
  /** `--wide`: tables at their full width whatever the terminal's. */
  wide?: boolean;
  /** `--cluster redis://HOST:PORT`: shard the run over `cascade worker`s (src/cluster/). */
  cluster?: string;
  /** `--resume RUN_ID`: continue a cluster run whose coordinator stopped. */
  resume?: string;
  /** `--job-blocks N`: blocks of paths per cluster job. */
  jobBlocks?: number;
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
 *
 * A computed result is never thrown away: if another process holds the store when the run
 * finishes, the results go to a side file and the run waits for the store as long as it takes
 * (saying so); Ctrl-C while waiting leaves the side file, which the next command imports.
 */
export async function runCommand(scenarioFile: string, opts: RunCommandOptions): Promise<void> {
  const started = performance.now();
  const loaded = loadScenario(scenarioFile, registry, {
    paths: opts.paths,
    seed: opts.seed,
    maxCells: opts.maxCells,
    maxMemoryMB: opts.maxMemory,
    maxPoints: opts.maxPoints,
    allowExtendsOutside: opts.allowExtendsOutside,
    perPath: opts.perPath,
    set: opts.set,
  });
  const threads = threadsForRun(loaded, opts.threads);
  const storeDir = opts.store === false ? null : resolveStoreDir(typeof opts.store === 'string' ? opts.store : undefined);
  if (opts.report && !storeDir) throw new UsageError('--report writes the report of the stored run: drop --no-store');
  const codeHash = codeFingerprint();
  const reused = new Map<string, { result: PointResult; from: string }>();
  let runId: string | null = null;
  const note = (message: string) => process.stderr.write(`cascade: ${message}\n`);
  const s = loaded.valid.scenario;
  const newRun: NewRun = {
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
  };
  const createdAt = new Date();
  if (storeDir) {
    const store = await openForWriting(storeDir, { note });
    try {
      if (opts.reuse) {
        for (const p of loaded.points) {
          const hit = await store.findReusable({ scenarioHash: p.hash, seed: p.plan.seed, cascadeVersion: VERSION, codeHash });
          if (hit) reused.set(p.hash, { result: await store.loadPoint(hit.id, hit.point, { perPath: p.plan.perPath }), from: hit.reusedFrom ?? `${hit.id}/${hit.point + 1}` });
        }
      }
      runId = opts.resume ? await store.resumeRun(opts.resume) : await store.beginRun(newRun, createdAt);
    } finally {
      store.close();
    }
  }
  if ((opts.resume || opts.jobBlocks) && !opts.cluster) throw new UsageError(`${opts.resume ? '--resume' : '--job-blocks'} is for runs on a cluster: add --cluster redis://HOST:PORT`);
  if (opts.cluster && opts.reuse) throw new UsageError('--reuse and --cluster do not combine: run the stored points locally, or all of them on the cluster');
  const cluster = opts.cluster
    ? await import('../cluster/scenario-run.js').then((m) =>
        m.startClusterExecution(loaded, { url: opts.cluster!, runId: runId ?? opts.resume ?? randomBytes(4).toString('hex'), resume: Boolean(opts.resume), blocksPerJob: opts.jobBlocks, cascadeVersion: VERSION, codeHash, note }),
      ).catch(async (err) => {
        if (storeDir && runId) await withStore(storeDir, {}, (s) => s.markRun(runId!, 'failed', (err as Error)?.message ?? String(err))).catch(() => undefined);
        throw err;
      })
    : null;

  // Ctrl-C / SIGTERM: while computing, mark the run interrupted and exit; while waiting for the
  // store to write the results, leave them in the side file and exit; while the results are
  // being committed, finish the commit first (it is one short transaction), then exit.
  let phase: 'compute' | 'wait' | 'commit' | 'after' = 'compute';
  let side: SideFile | null = null;
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
    const stopped = signal === 'SIGINT' ? 'interrupted' : `stopped by ${signal}`;
    const exit = () => process.exit(exitCode(signal));
    if (phase === 'wait' && side) {
      let kept: string;
      try {
        kept = `; the results of run ${runId} are kept in ${side.save()}: the next cascade command that opens the store stores them`;
      } catch (err) {
        kept = `; the results of run ${runId} could not be kept (${(err as Error).message})`;
      }
      process.stderr.write(`\ncascade: ${stopped} while waiting for the store${kept}\n`);
      exit();
      return;
    }
    const stored = phase === 'after';
    const what = !runId ? '' : stored ? `; run ${runId} was stored complete before it` : `; run ${runId} is marked interrupted (no results stored)`;
    process.stderr.write(`\ncascade: ${stopped}${what}\n`);
    if (storeDir && runId && !stored) withStore(storeDir, { waitMs: 2000 }, (s) => s.markRun(runId!, 'interrupted')).then(exit, exit);
    else exit();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const bar = new Progress(process.stderr, 'running', { enabled: !opts.json });
    const blocks = loaded.points.reduce((a, p) => a + Math.ceil(p.plan.paths / p.plan.blockSize), 0);
    bar.start(loaded.points.reduce((a, p) => a + p.plan.paths, 0), `${blocks} blocks on ${threads} thread(s)`);
    let result: ScenarioResult;
    try {
      result = await runLoadedScenario(loaded, {
        threads,
        onProgress: (d, t) => bar.update(d, t),
        reuse: async (p) => reused.get(p.hash)?.result ?? null,
        runPoint: cluster?.runPoint,
      });
    } catch (err) {
      if (storeDir && runId) await withStore(storeDir, {}, (s) => s.markRun(runId!, 'failed', (err as Error)?.message ?? String(err))).catch(() => undefined);
      throw err;
    } finally {
      bar.finish();
    }
    const reusedFrom = loaded.points.map((p) => reused.get(p.hash)?.from ?? null);
    let storeFailure: unknown = null;
    if (storeDir && runId) {
      phase = 'wait';
      side = new SideFile(storeDir, { runId, run: newRun, createdAt, result, reusedFrom, elapsedMs: Math.round(performance.now() - started) });
      try {
        await commitFinishedRun(storeDir, side, { note, onWriting: () => (phase = 'commit') });
      } catch (err) {
        // the results are in the side file (the error says where): print them, then fail
        storeFailure = err;
      }
    }
    phase = 'after';
    // the shards stay in Redis until the run is stored (or, with --no-store, computed): then they go
    if (cluster && !storeFailure) await cluster.run.finish();
    for (const w of resultWarnings(result)) process.stderr.write(`cascade: warning: ${w}\n`);
    if (pending) onSignal(pending);
    else await printRun(result, { ...opts, runId: storeFailure ? null : runId, storeDir: storeFailure ? null : storeDir, reusedFrom, labels: loaded.points.map((p) => p.label) });
    if (storeFailure) throw storeFailure;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await cluster?.run.close();
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
    const written = writeFileAtomic(path.join(opts.out, 'result.json'), jsonChunks(json));
    if (written.via) process.stderr.write(`cascade: ${written.via} is a symbolic link: wrote its target ${written.path}\n`);
    if (!opts.json) process.stderr.write(`results written to ${written.path}\n`);
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
    const written = writeReport(stored, typeof opts.report === 'string' ? opts.report : defaultReportFile(storeDir, runId, null));
    if (written.via) notes.push(`${written.via} is a symbolic link: wrote its target`);
    notes.push(`report: ${written.path}`);
  }
  if (opts.json) {
    writeChunks(process.stdout, jsonChunks(json));
    process.stdout.write('\n');
    if (notes.length) process.stderr.write(notes.join('\n') + '\n');
  } else process.stdout.write(summaryText(result, summaryOptions(opts)) + '\n' + (notes.length ? '\n' + notes.join('\n') + '\n' : ''));
}

/**
 * The threads a run uses: --threads or every core (one for a small run), fewer when the run's estimated memory on
 * that many (each worker keeps its own record) is above the budget; the scenario passed its
 * budget on one thread already (validation). Results do not depend on the thread count.
 */
function threadsForRun(loaded: LoadedScenario, requested: number | undefined): number {
  // by default every core, but a small run stays in the main thread (autoThreads)
  const wanted = requested ?? autoThreads(loaded.points[0].plan);
  const shape = runShape(loaded.valid);
  const budgetMB = loaded.valid.scenario.limits.maxMemoryMB;
  const threads = threadsWithinBudget(shape, wanted, budgetMB * 1024 * 1024);
  if (threads < estimateRunMemory(shape, wanted).threads) {
    process.stderr.write(
      `cascade: running on ${threads} thread(s) instead of ${wanted}: on ${wanted} the run would need an estimated ${formatBytes(estimateRunMemory(shape, wanted).bytes)}, above limits.maxMemoryMB = ${budgetMB} MB (--max-memory raises it; results do not depend on threads)\n`,
    );
  }
  return threads;
}

/** Writes a sequence of text pieces to a stream in pieces of about 1 MB (never one string of everything). */
export function writeChunks(stream: NodeJS.WritableStream, pieces: Iterable<string>): void {
  let buf: string[] = [];
  let size = 0;
  for (const piece of pieces) {
    buf.push(piece);
    size += piece.length;
    if (size >= 1 << 20) {
      stream.write(buf.join(''));
      buf = [];
      size = 0;
    }
  }
  if (buf.length) stream.write(buf.join(''));
}

/** A wrong combination of options: printed as is, exit code 1. */
export class UsageError extends Error {
  override name = 'UsageError';
}
