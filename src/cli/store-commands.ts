import path from 'node:path';
import { exportRun, EXPORT_FORMATS, type ExportFormat } from '../store/export.js';
import { resolveStoreDir, withStore, type RunInfo } from '../store/store.js';
import { formatDuration } from '../report/format.js';
import { writeBacktestReport } from './backtest-command.js';
import { defaultReportFile, UsageError } from './run-command.js';
import { textTable } from './summary-table.js';

/** The rows of `cascade runs`: one per point of a complete run, one per run that has no points. */
export function runsTable(runs: RunInfo[]): string {
  const rows: string[][] = [['id', 'date (UTC)', 'scenario', 'point', 'paths', 'seed', 'status', 'elapsed']];
  for (const r of runs) {
    const date = r.createdAt.slice(0, 16).replace('T', ' ');
    if (!r.pointInfo.length) {
      rows.push([r.id, date, r.scenario, r.points === 1 ? '—' : `${r.points} points`, r.paths.toLocaleString('en-US'), String(r.seed), r.status, r.elapsedMs === null ? '—' : formatDuration(r.elapsedMs)]);
      continue;
    }
    for (const p of r.pointInfo) {
      const id = r.pointInfo.length === 1 ? r.id : `${r.id}/${p.index + 1}`;
      const status = p.reusedFrom ? `${r.status} (reused ${p.reusedFrom})` : r.status;
      const elapsed = r.pointInfo.length === 1 ? (r.elapsedMs ?? p.elapsedMs) : p.elapsedMs;
      rows.push([id, date, r.scenario, p.label, p.paths.toLocaleString('en-US'), String(p.seed), status, formatDuration(elapsed)]);
    }
  }
  return textTable(rows);
}

/** `cascade runs`: stored runs, newest first. */
export async function runsCommand(opts: { store?: string; json?: boolean }): Promise<void> {
  const dir = resolveStoreDir(opts.store);
  const runs = await withStore(dir, { readOnly: true }, (s) => s.listRuns()).catch((err: Error) => {
    if (/^no run store at/.test(err.message)) return [] as RunInfo[];
    throw err;
  });
  if (opts.json) process.stdout.write(JSON.stringify(runs, null, 2) + '\n');
  else if (!runs.length) process.stdout.write(`no runs stored in ${dir} yet (cascade run stores every run there)\n`);
  else process.stdout.write(`${runsTable(runs)}\n\n${runs.length} run(s) in ${dir}; cascade report ID writes a report (ID/K: point K of a sweep)\n`);
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
