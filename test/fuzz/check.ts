/**
 * The fuzzer's checks: a case's file goes through `cascade validate` and `cascade run --json
 * --no-store --threads 1`, in this process (the CLI's own `main`, its output captured), and
 * each call must hold these invariants:
 *
 * - the exit code is 0 or 1 (2 is an internal error: a bug);
 * - exit 1 prints only `FILE:LINE:COL field: expected …` lines (a place for every problem);
 * - exit 0 of run prints one JSON document, and a statistic that is not a finite number (null
 *   in JSON) comes with a warning on stderr (none is silent);
 * - nothing of a file that is not YAML (the fixtures' secret line) is ever printed.
 *
 * Hangs and crashes (out of memory) cannot be caught in-process: run-fuzz.ts runs the checks in
 * child processes under a timeout and counts those.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import type { FuzzCase } from './generate.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** One command's outcome. */
export interface CallOutcome {
  command: 'validate' | 'run';
  /** How it ran: in this process, or the built CLI spawned. */
  how: 'in-process' | 'spawned';
  exit: number | string;
  ms: number;
  /** Statistics that are null in the JSON (exit 0 of run), and whether stderr warned. */
  nulls: number;
  warned: boolean;
  violations: string[];
}

/** A case's outcome: both commands, and every invariant broken. */
export interface CaseOutcome {
  index: number;
  kind: string;
  calls: CallOutcome[];
}

const ISSUE_LINE = /^.+:\d+:\d+ \S.*?: expected /;

/** Runs the CLI's main() in this process with `args`, capturing its output and exit code. */
export async function cliInProcess(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const write = { out: process.stdout.write, err: process.stderr.write };
  process.stdout.write = ((c: string | Uint8Array) => out.push(String(c)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((c: string | Uint8Array) => err.push(String(c)) > 0) as typeof process.stderr.write;
  process.exitCode = undefined;
  try {
    await main(['node', 'cascade', ...args]);
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
  }
  const status = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { status, stdout: out.join(''), stderr: err.join('') };
}

/** Runs the built CLI (dist/) in a child process, with a timeout. */
export function cliSpawned(args: string[], timeoutMs: number): { status: number | string; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'cascade.mjs'), ...args], {
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
    maxBuffer: 1 << 30,
    env: { ...process.env, CASCADE_DEBUG: '', CASCADE_STORE: '' },
  });
  const status = r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT' ? 'hang' : r.status ?? `signal ${r.signal}`;
  return { status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** The statistics of a --json document that are null (a number that was NaN or infinite). */
export function nullStatistics(doc: unknown): number {
  let n = 0;
  const points = (doc as { points?: unknown[] }).points ?? [doc];
  for (const p of points as Record<string, unknown>[]) {
    for (const s of Object.values((p.signals ?? {}) as Record<string, Record<string, unknown>>)) {
      for (const k of ['mean', 'p01', 'p05', 'p25', 'p50', 'p75', 'p95', 'p99']) for (const v of (s[k] as unknown[]) ?? []) if (v === null) n++;
    }
    for (const t of Object.values((p.terminal ?? {}) as Record<string, Record<string, unknown>>)) for (const v of Object.values(t)) if (v === null) n++;
    const sens = p.sensitivity as { base?: unknown; rows?: Record<string, unknown>[] } | undefined;
    if (sens) {
      if (sens.base === null) n++;
      for (const r of sens.rows ?? []) for (const k of ['outputLow', 'outputHigh', 'swing']) if (r[k] === null) n++;
    }
  }
  return n;
}

/** The invariants one call breaks. */
export function violations(c: FuzzCase, command: 'validate' | 'run', r: { status: number | string; stdout: string; stderr: string }): { broken: string[]; nulls: number; warned: boolean } {
  const broken: string[] = [];
  let nulls = 0;
  const warned = /warning:/.test(r.stderr);
  if (r.status !== 0 && r.status !== 1) broken.push(`exit ${r.status}: ${r.stderr.split('\n').slice(0, 3).join(' | ')}`);
  if (r.status === 1) {
    const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
    if (!lines.length) broken.push('exit 1 with nothing on stderr');
    const bad = lines.filter((l) => !ISSUE_LINE.test(l));
    if (bad.length) broken.push(`exit 1 without FILE:LINE:COL: ${bad.slice(0, 2).join(' | ').slice(0, 300)}`);
  }
  if (r.status === 0 && command === 'run') {
    try {
      nulls = nullStatistics(JSON.parse(r.stdout));
    } catch (err) {
      broken.push(`exit 0 but stdout is not one JSON document (${(err as Error).message.slice(0, 80)})`);
    }
    if (nulls && !warned) broken.push(`exit 0 with ${nulls} null statistic(s) and no warning`);
  }
  if (c.secret && (r.stdout.includes(c.secret) || r.stderr.includes(c.secret))) broken.push('printed the content of a file that is not YAML');
  return { broken, nulls, warned };
}

/** The arguments of each command for a case's main file. */
export function commandArgs(file: string, c: FuzzCase): Record<'validate' | 'run', string[]> {
  return { validate: ['validate', file, ...c.args], run: ['run', file, '--json', '--no-store', '--threads', '1', ...c.args] };
}

/** Checks a case in this process (validate, then run). */
export async function checkInProcess(c: FuzzCase, file: string): Promise<CaseOutcome> {
  const calls: CallOutcome[] = [];
  for (const [command, args] of Object.entries(commandArgs(file, c)) as ['validate' | 'run', string[]][]) {
    const t = performance.now();
    const r = await cliInProcess(args);
    const v = violations(c, command, r);
    calls.push({ command, how: 'in-process', exit: r.status, ms: Math.round(performance.now() - t), nulls: v.nulls, warned: v.warned, violations: v.broken });
  }
  return { index: c.index, kind: c.kind, calls };
}

/** Checks a case with the built CLI in child processes (its real exit code, a timeout for hangs). */
export function checkSpawned(c: FuzzCase, file: string, timeoutMs: number): CallOutcome[] {
  const calls: CallOutcome[] = [];
  for (const [command, args] of Object.entries(commandArgs(file, c)) as ['validate' | 'run', string[]][]) {
    const t = performance.now();
    const r = cliSpawned(args, timeoutMs);
    const v = violations(c, command, r);
    calls.push({ command, how: 'spawned', exit: r.status, ms: Math.round(performance.now() - t), nulls: v.nulls, warned: v.warned, violations: v.broken });
  }
  return calls;
}
