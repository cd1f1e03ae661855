import path from 'node:path';
import { exportRun, EXPORT_FORMATS, type ExportFormat } from '../store/export.js';
import { resolveStoreDir, withStore, type RunInfo } from '../store/store.js';
import { formatDuration } from '../report/format.js';
import { formatNumber } from '../results/format.js';
import { formatBytes } from '../scenario/memory.js';
import { compactCopy, pruneRuns, replaceWithCompact, runsToPrune, storeSize } from '../store/prune.js';
import { writeBacktestReport } from './backtest-command.js';
import { defaultReportFile, UsageError } from './run-command.js';
import { textTable } from './summary-table.js';

/** The rows of `cascade runs`: one per run (a sweep's points counted, not listed). */
export function runsTable(runs: RunInfo[], width = Infinity): string {
  const rows: string[][] = [['id', 'date (UTC)', 'scenario', 'points', 'paths', 'status', 'took']];
  for (const r of runs) {
    const date = r.createdAt.slice(0, 16).replace('T', ' ');
    const reused = r.pointInfo.filter((p) => p.reusedFrom).length;
    const status = reused ? `${r.status} (${reused} reused)` : r.status;
    rows.push([r.id, date, r.scenario, String(r.points), formatNumber(r.paths), status, r.elapsedMs === null ? '—' : formatDuration(r.elapsedMs)]);
  }
  return textTable(rows, { width, right: [3, 4, 6] });
}

/** `30d`, `12h`, `2w` → milliseconds. */
export function parseAge(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(h|d|w)$/.exec(text.trim());
  if (!m) throw new UsageError(`expected an age like 30d, 12h or 2w, found ${JSON.stringify(text)}`);
  return Number(m[1]) * { h: 3_600_000, d: 86_400_000, w: 604_800_000 }[m[2] as 'h' | 'd' | 'w'];
}

/** Options of `cascade runs`. */
export interface RunsOptions {
  store?: string;
  json?: boolean;
  /** Only runs of scenarios whose name contains this. */
  scenario?: string;
  /** Only runs created at or after this date (YYYY-MM-DD) or within this age (7d). */
  since?: string;
  limit?: number;
}

/** `cascade runs`: stored runs, newest first, one row each. */
export async function runsCommand(opts: RunsOptions): Promise<void> {
  const dir = resolveStoreDir(opts.store);
  let runs = await withStore(dir, { readOnly: true }, (s) => s.listRuns()).catch((err: Error) => {
    if (/^no run store at/.test(err.message)) return [] as RunInfo[];
    throw err;
  });
  const total = runs.length;
  if (opts.scenario) runs = runs.filter((r) => r.scenario.includes(opts.scenario!));
  if (opts.since) {
    const since = /^\d{4}-\d{2}-\d{2}$/.test(opts.since) ? Date.parse(`${opts.since}T00:00:00Z`) : Date.now() - parseAge(opts.since);
    if (Number.isNaN(since)) throw new UsageError(`--since expects a date YYYY-MM-DD or an age like 7d, found ${JSON.stringify(opts.since)}`);
    runs = runs.filter((r) => Date.parse(r.createdAt) >= since);
  }
  const matching = runs.length;
  if (opts.limit !== undefined) runs = runs.slice(0, opts.limit);
  // points numbered from 1, as everywhere a user sees them (ID/K, reports, exports)
  if (opts.json) process.stdout.write(JSON.stringify(runs.map((r) => ({ ...r, pointInfo: r.pointInfo.map(({ index, ...p }) => ({ point: index + 1, ...p })) })), null, 2) + '\n');
  else if (!total) process.stdout.write(`no runs stored in ${dir} yet (cascade run stores every run there)\n`);
  else {
    const width = process.stdout.isTTY ? process.stdout.columns : Infinity;
    const shown = runs.length < total ? `${runs.length} of ${total} run(s)${matching > runs.length ? ` (${matching} match)` : ''}` : `${total} run(s)`;
    process.stdout.write(`${runs.length ? runsTable(runs, width) + '\n\n' : ''}${shown} in ${dir} (${formatBytes(storeSize(dir))}); cascade report ID writes a report (ID/K: point K of a sweep); cascade prune removes old runs\n`);
  }
}

/** `cascade prune --keep N | --older-than AGE`: removes runs, says the store's size before and after. */
export async function pruneCommand(opts: { store?: string; keep?: number; olderThan?: string; dryRun?: boolean }): Promise<void> {
  if (opts.keep === undefined && opts.olderThan === undefined) throw new UsageError('say which runs to remove: --keep N (keep the newest N) and/or --older-than AGE (e.g. 30d)');
  const dir = resolveStoreDir(opts.store);
  const before = storeSize(dir);
  const rule = { keep: opts.keep, olderThanMs: opts.olderThan === undefined ? undefined : parseAge(opts.olderThan) };
  const removed = await withStore(dir, {}, async (s) => {
    const doomed = runsToPrune(await s.listRuns(), rule);
    if (!opts.dryRun && doomed.length) {
      await pruneRuns(s, doomed.map((r) => r.id));
      await compactCopy(s);
    }
    return doomed;
  });
  if (!opts.dryRun && removed.length) replaceWithCompact(dir);
  const after = storeSize(dir);
  const what = removed.length ? removed.map((r) => `${r.id} ${r.createdAt.slice(0, 10)} ${r.scenario}`).join('\n') + '\n' : '';
  const verb = opts.dryRun ? 'would remove' : 'removed';
  process.stdout.write(`${what}${verb} ${removed.length} run(s); store ${dir}: ${formatBytes(before)} before, ${formatBytes(opts.dryRun ? before : after)} after\n`);
}

/** `--point K` (1-based) merged into a reference `ID` → `ID/K`. */
function withPoint(ref: string, point?: number): string {
  if (point === undefined) return ref;
  if (ref.includes('/')) throw new UsageError(`give the point once: ${ref} already names one, and --point ${point} names another`);
  return `${ref}/${point}`;
}

/** `cascade report RUN`: the HTML report of a stored run (or of one sweep point). */
export async function reportCommand(ref: string, opts: { store?: string; out?: string; point?: number }): Promise<void> {
  const dir = resolveStoreDir(opts.store);
  const { writeReport } = await import('../report/index.js');
  const backtest = await withStore(dir, { readOnly: true }, async (s) => {
    const r = await s.resolve(ref);
    return (await s.loadBacktest(r.id)) ? r.id : null;
  });
  if (backtest) {
    process.stdout.write(`${await writeBacktestReport(dir, backtest, opts.out ?? defaultReportFile(dir, backtest, null))}\n`);
    return;
  }
  const written = await withStore(dir, { readOnly: true }, async (s) => {
    const r = await s.resolve(withPoint(ref, opts.point));
    const stored = await s.loadRun(r.id);
    return writeReport(stored, opts.out ?? defaultReportFile(dir, r.id, r.point), { point: r.point });
  });
  if (written.via) process.stderr.write(`cascade: ${written.via} is a symbolic link: wrote its target ${written.path}\n`);
  process.stdout.write(`${written.path}\n`);
}

/** `cascade export RUN --format F`: the numbers as files for notebooks. */
export async function exportCommand(ref: string, opts: { store?: string; format: string; out?: string; point?: number }): Promise<void> {
  if (!EXPORT_FORMATS.includes(opts.format as ExportFormat)) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}, got ${JSON.stringify(opts.format)}`);
  const dir = resolveStoreDir(opts.store);
  const files = await withStore(dir, { readOnly: true }, async (s) => {
    const r = await s.resolve(withPoint(ref, opts.point));
    const out = opts.out ?? `cascade-export-${r.id}${r.point === null ? '' : `-p${r.point + 1}`}`;
    return exportRun(s, r, opts.format as ExportFormat, out);
  });
  for (const f of files) process.stdout.write(`${path.resolve(f)}\n`);
}
