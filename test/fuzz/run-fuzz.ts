/**
 * `npm run fuzz`: the scenario fuzzer at scale. Generates --files cases (default 10,000) from
 * --seed (default 15), checks each with `validate` and `run` in worker processes (--jobs,
 * default 2), every --spawn-every-th case (default 200) also with the built CLI in a child
 * process, and counts: exit codes, broken invariants (check.ts), hangs (a case that takes more
 * than --timeout-ms, default 120 s) and crashes (a worker that dies: out of memory). Prints a
 * summary and writes it as JSON (--out, default fuzz-report.json in the run folder); exits 1 if
 * anything broke. `--only N` checks case N alone and prints its file and every call.
 *
 *   npm run fuzz                      # 10,000 files
 *   npm run fuzz -- --files 2000 --jobs 4
 *   npm run fuzz -- --only 1234       # reproduce one case
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CallOutcome, CaseOutcome } from './check.js';
import { generateCase, KINDS, writeCase, writeFixtures } from './generate.js';

function arg(name: string, fallback: number): number {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 ? Number(process.argv[k + 1]) : fallback;
}
const FILES = arg('files', 10_000);
const SEED = arg('seed', 15);
const JOBS = arg('jobs', 2);
const SPAWN_EVERY = arg('spawn-every', 200);
const TIMEOUT_MS = arg('timeout-ms', 120_000);
const ONLY = arg('only', -1);
const FIRST = arg('first', 0);

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-fuzz-'));
const dir = path.join(root, 'cases');
fs.mkdirSync(dir, { recursive: true });
writeFixtures(dir);
const outFile = (() => {
  const k = process.argv.indexOf('--out');
  return k >= 0 ? path.resolve(process.argv[k + 1]) : path.join(root, 'fuzz-report.json');
})();

if (ONLY >= 0) {
  const { checkInProcess, checkSpawned } = await import('./check.js');
  const c = generateCase(SEED, ONLY);
  const file = writeCase(dir, c);
  process.stdout.write(`case ${ONLY} (${c.kind}) ${file}\n${fs.readFileSync(file).toString('utf8').slice(0, 4000)}\n`);
  const outcome = await checkInProcess(c, file);
  outcome.calls.push(...checkSpawned(c, file, TIMEOUT_MS));
  process.stdout.write(JSON.stringify(outcome, null, 2) + '\n');
  process.exit(outcome.calls.some((call) => call.violations.length) ? 1 : 0);
}

const started = Date.now();
const outcomes: CaseOutcome[] = [];
const hangs: { index: number; kind: string }[] = [];
const crashes: { index: number; kind: string; exit: string }[] = [];
let next = FIRST;
const last = FIRST + FILES;
let lastReport = Date.now();

function progress(): void {
  if (Date.now() - lastReport < 10_000) return;
  lastReport = Date.now();
  const done = outcomes.length + hangs.length + crashes.length;
  const s = (Date.now() - started) / 1000;
  process.stderr.write(`fuzz: ${done}/${FILES} files, ${s.toFixed(0)} s, ~${((s / Math.max(1, done)) * (FILES - done)).toFixed(0)} s left\n`);
}

function startWorker(): Promise<void> {
  return new Promise((resolve) => {
    const worker: ChildProcess = fork(fileURLToPath(new URL('./worker.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      env: { ...process.env, CASCADE_STORE: '', CASCADE_DEBUG: '' },
    });
    let current: { index: number; kind: string } | null = null;
    let timer: NodeJS.Timeout | undefined;
    let finished = false;
    const give = () => {
      if (next >= last) {
        finished = true;
        worker.kill();
        resolve();
        return;
      }
      const index = next++;
      current = { index, kind: '?' };
      timer = setTimeout(() => {
        hangs.push(current!);
        current = null;
        finished = true;
        worker.kill('SIGKILL');
        void startWorker().then(resolve);
      }, TIMEOUT_MS);
      worker.send({ index, seed: SEED, dir, spawnEvery: SPAWN_EVERY, spawnTimeoutMs: TIMEOUT_MS });
    };
    worker.on('message', (m: { type: string; index?: number; kind?: string; outcome?: CaseOutcome }) => {
      if (m.type === 'ready') give();
      else if (m.type === 'start' && current) current.kind = m.kind!;
      else if (m.type === 'done') {
        clearTimeout(timer);
        outcomes.push(m.outcome!);
        current = null;
        progress();
        give();
      }
    });
    worker.on('exit', (code, signal) => {
      if (finished) return;
      clearTimeout(timer);
      if (current) crashes.push({ ...current, exit: signal ? `signal ${signal}` : `exit ${code}` });
      current = null;
      finished = true;
      void startWorker().then(resolve);
    });
  });
}

await Promise.all(Array.from({ length: Math.max(1, JOBS) }, () => startWorker()));

const calls: (CallOutcome & { index: number; kind: string })[] = outcomes.flatMap((o) => o.calls.map((c) => ({ ...c, index: o.index, kind: o.kind })));
const exits: Record<string, number> = {};
for (const c of calls) exits[`${c.how} ${c.command} exit ${c.exit}`] = (exits[`${c.how} ${c.command} exit ${c.exit}`] ?? 0) + 1;
const broken = calls.flatMap((c) => c.violations.map((v) => `case ${c.index} (${c.kind}) ${c.how} ${c.command}: ${v}`));
const otherExits = calls.filter((c) => c.exit !== 0 && c.exit !== 1).length;
const silent = calls.filter((c) => c.nulls > 0 && !c.warned).length;
const warnedNulls = calls.filter((c) => c.nulls > 0 && c.warned).length;
const kinds = new Set(outcomes.map((o) => o.kind));
const byKind: Record<string, { cases: number; ms: number }> = {};
for (const o of outcomes) {
  const k = (byKind[o.kind] ??= { cases: 0, ms: 0 });
  k.cases++;
  k.ms += o.calls.reduce((a, c) => a + c.ms, 0);
}
const summary = {
  seed: SEED,
  files: FILES,
  checked: outcomes.length,
  kinds: `${kinds.size} of ${KINDS.length}`,
  calls: calls.length,
  exits,
  exitCodesOtherThan0or1: otherExits + crashes.length,
  hangs: hangs.length,
  crashes: crashes.length,
  silentNonFinite: silent,
  warnedNonFinite: warnedNulls,
  brokenInvariants: broken.length,
  slowestCallMs: Math.max(0, ...calls.map((c) => c.ms)),
  elapsedS: Math.round((Date.now() - started) / 1000),
  node: process.version,
  cpus: os.availableParallelism?.() ?? os.cpus().length,
  jobs: JOBS,
  examples: { broken: broken.slice(0, 30), hangs: hangs.slice(0, 30), crashes: crashes.slice(0, 30) },
  byKind,
};
fs.writeFileSync(outFile, JSON.stringify(summary, null, 2) + '\n');
process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
process.stdout.write(`report: ${outFile}\n`);
fs.rmSync(dir, { recursive: true, force: true });
process.exit(broken.length || hangs.length || crashes.length || otherExits ? 1 : 0);
