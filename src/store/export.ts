import path from 'node:path';
import { jsonChunks } from '../io/json-chunks.js';
import { ensureDir, OutputError, prepareWrite, writeFileAtomic } from '../io/write-file.js';
import { resultJson } from '../results/result-json.js';
import type { RunRef, RunStore } from './store.js';

/** The formats `cascade export` writes. */
export const EXPORT_FORMATS = ['csv', 'json', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * The tables a notebook wants, one file each: tidy (one row per run / point / signal-step /
 * event / event-day / terminal signal / sample value), with point labels and units joined in
 * so that no join is needed to plot.
 */
function exportQueries(id: string, point: number | null): Record<string, string> {
  const where = (alias: string) => `${alias}.run_id = '${id}'${point === null ? '' : ` AND ${alias}.point = ${point}`}`;
  const label = (alias: string) => `JOIN points p ON p.run_id = ${alias}.run_id AND p.point = ${alias}.point`;
  return {
    run: `SELECT * EXCLUDE (models, sources) FROM runs r WHERE r.run_id = '${id}'`,
    points: `SELECT p.run_id, p.point + 1 AS point, p.label, p.sweep_values, p.scenario_hash, p.seed, p.paths, p.steps, p.step_days, p.start_date,
                    p.threads, p.elapsed_ms, p.reused_from, p.manifest, p.resolved FROM points p WHERE ${where('p')} ORDER BY p.point`,
    signals: `SELECT x.point + 1 AS point, p.label, x.signal, s.model, s.unit, x.step, x.date, x.mean, x.p01, x.p05, x.p25, x.p50, x.p75, x.p95, x.p99
              FROM signal_steps x ${label('x')} JOIN signals s ON s.run_id = x.run_id AND s.point = x.point AND s.signal = x.signal
              WHERE ${where('x')} ORDER BY x.point, s.ord, x.step`,
    events: `SELECT e.point + 1 AS point, p.label, e.event, e.description, e.probability, e.paths, e.day_p05, e.day_p50, e.day_p95, e.date_p05, e.date_p50, e.date_p95
             FROM events e ${label('e')} WHERE ${where('e')} ORDER BY e.point, e.ord`,
    event_days: `SELECT d.point + 1 AS point, p.label, d.event, d.step, d.date, d.hits, d.hits / p.paths AS share_of_paths
                 FROM event_days d ${label('d')} WHERE ${where('d')} ORDER BY d.point, d.event, d.step`,
    terminal: `SELECT t.point + 1 AS point, p.label, t.signal, t.unit, t.mean, t.p01, t.p05, t.p50, t.p95, t.p99, t.es05, t.es95
               FROM terminal t ${label('t')} JOIN signals s ON s.run_id = t.run_id AND s.point = t.point AND s.signal = t.signal
               WHERE ${where('t')} ORDER BY t.point, s.ord`,
    samples: `SELECT x.point + 1 AS point, p.label, x.sample, x.path, x.signal, x.step, x.value
              FROM samples x ${label('x')} JOIN signals s ON s.run_id = x.run_id AND s.point = x.point AND s.signal = x.signal
              WHERE ${where('x')} ORDER BY x.point, x.sample, s.ord, x.step`,
  };
}

/**
 * Writes a stored run's numbers into `outDir`: for csv and parquet one file per table
 * (run, points, signals, events, event_days, terminal, samples; DuckDB writes them), for json
 * the document of `cascade run --json`, written piece by piece. Returns the files written.
 * Every file is written atomically (a temporary file renamed into place) and only over a
 * regular file or a new path; a failure removes the temporary file and says why.
 */
export async function exportRun(store: RunStore, ref: RunRef, format: ExportFormat, outDir: string): Promise<string[]> {
  ensureDir(outDir, 'the export folder');
  const backtest = await store.loadBacktest(ref.id);
  if (backtest) {
    if (format === 'json') return [writeFileAtomic(path.join(outDir, 'backtest.json'), JSON.stringify({ run: await store.runInfo(ref.id), ...backtest }, null, 2) + '\n').path];
    return copyTables(store, backtestQueries(ref.id), format, outDir);
  }
  if (format === 'json') {
    const { info, result } = await store.loadRun(ref.id);
    const chosen = ref.point === null ? result : { ...result, points: [result.points[ref.point]] };
    const { pointInfo: _omit, ...run } = info;
    return [writeFileAtomic(path.join(outDir, 'result.json'), jsonChunks({ run, ...resultJson(chosen) })).path];
  }
  await store.loadRun(ref.id); // refuses a run that did not complete, with the reason
  return copyTables(store, exportQueries(ref.id, ref.point), format, outDir);
}

/** A backtest's tables: its run row, its scores by forecaster × horizon and by event × forecaster. */
function backtestQueries(id: string): Record<string, string> {
  return {
    run: `SELECT * EXCLUDE (models, sources) FROM runs r WHERE r.run_id = '${id}'`,
    backtest_horizons: `SELECT * EXCLUDE (run_id) FROM backtest_horizons WHERE run_id = '${id}' ORDER BY forecaster, horizon_days`,
    backtest_events: `SELECT * EXCLUDE (run_id) FROM backtest_events WHERE run_id = '${id}' ORDER BY event, forecaster`,
  };
}

/** Writes each query's rows to NAME.FORMAT in `outDir` (DuckDB's COPY; atomically). */
async function copyTables(store: RunStore, queries: Record<string, string>, format: 'csv' | 'parquet', outDir: string): Promise<string[]> {
  const files: string[] = [];
  for (const [name, sql] of Object.entries(queries)) {
    const w = prepareWrite(path.join(outDir, `${name}.${format}`));
    const options = format === 'csv' ? '(HEADER, DELIMITER \',\')' : '(FORMAT parquet, COMPRESSION zstd)';
    try {
      await store.exec(`COPY (${sql}) TO '${w.tmp.replaceAll("'", "''")}' ${options}`);
    } catch (err) {
      w.abort();
      const msg = (err as Error)?.message ?? String(err);
      if (msg.includes(w.tmp) || /IO Error/i.test(msg)) throw new OutputError(`cannot write ${w.target}: ${msg.replace(/^\w+ Error: /, '').split('\n')[0].replace(w.tmp, 'its temporary file')}`);
      throw err;
    }
    w.commit();
    files.push(w.target);
  }
  return files;
}
