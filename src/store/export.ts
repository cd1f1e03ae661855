import path from 'node:path';
import { jsonChunks } from '../io/json-chunks.js';
import { ensureDir, OutputError, prepareWrite, writeFileAtomic } from '../io/write-file.js';
import { resultJson } from '../results/result-json.js';
import { exportReadme } from './export-readme.js';
import type { RunRef, RunStore } from './store.js';

/** The formats `cascade export` writes. */
export const EXPORT_FORMATS = ['csv', 'json', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A swept parameter as an export column. */
export interface SweepColumn {
  key: string;
  numeric: boolean;
}

/** The swept parameters of a run's points, as columns. */
async function sweepColumns(store: RunStore, id: string): Promise<SweepColumn[]> {
  const rows = (await store.query('SELECT sweep_values FROM points WHERE run_id = ? ORDER BY point', [id])) as { sweep_values: string }[];
  const cols = new Map<string, boolean>();
  for (const r of rows) for (const [k, v] of Object.entries(JSON.parse(r.sweep_values) as Record<string, unknown>)) cols.set(k, (cols.get(k) ?? true) && typeof v === 'number');
  return [...cols].map(([key, numeric]) => ({ key, numeric }));
}

/**
 * The tables a notebook wants, one file each: tidy (one row per run / point / signal-step /
 * event / event-day / terminal signal / sample value), with point labels and units joined in
 * so that no join is needed to plot.
 */
function exportQueries(id: string, point: number | null, sweep: readonly SweepColumn[] = []): Record<string, string> {
  const where = (alias: string) => `${alias}.run_id = '${id}'${point === null ? '' : ` AND ${alias}.point = ${point}`}`;
  const label = (alias: string) => `JOIN points p ON p.run_id = ${alias}.run_id AND p.point = ${alias}.point`;
  // each swept parameter as a column of its own (a number where the values are numbers), after the label
  const sweepCols = sweep
    .map(({ key, numeric }) => {
      const value = `json_extract_string(p.sweep_values, '$."${key.replaceAll("'", "''").replaceAll('"', '\\"')}"')`;
      return `, ${numeric ? `TRY_CAST(${value} AS DOUBLE)` : value} AS "${key.replaceAll('"', '""')}"`;
    })
    .join('');
  const l = `p.label${sweepCols}`;
  // the 95% Wilson interval of an event's probability (as src/results/wilson-interval.ts)
  const k = 'e.paths::DOUBLE';
  const n = 'p.paths::DOUBLE';
  const centre = `((${k} / ${n} + 1.96 * 1.96 / (2 * ${n})) / (1 + 1.96 * 1.96 / ${n}))`;
  const half = `((1.96 / (1 + 1.96 * 1.96 / ${n})) * sqrt((${k} / ${n}) * (1 - ${k} / ${n}) / ${n} + 1.96 * 1.96 / (4 * ${n} * ${n})))`;
  const ci = `CASE WHEN ${k} <= 0 THEN 0 ELSE greatest(0, ${centre} - ${half}) END AS probability_ci95_lo, CASE WHEN ${k} >= ${n} THEN 1 ELSE least(1, ${centre} + ${half}) END AS probability_ci95_hi`;
  return {
    run: `SELECT * EXCLUDE (models, sources) FROM runs r WHERE r.run_id = '${id}'`,
    points: `SELECT p.run_id, p.point + 1 AS point, ${l}, p.sweep_values, p.scenario_hash, p.seed, p.paths, p.steps, p.step_days, p.start_date,
                    p.threads, p.elapsed_ms, p.reused_from, p.manifest, p.resolved FROM points p WHERE ${where('p')} ORDER BY p.point`,
    signals: `SELECT x.point + 1 AS point, ${l}, x.signal, s.model, s.unit, x.step, x.date, x.mean, x.p01, x.p05, x.p25, x.p50, x.p75, x.p95, x.p99
              FROM signal_steps x ${label('x')} JOIN signals s ON s.run_id = x.run_id AND s.point = x.point AND s.signal = x.signal
              WHERE ${where('x')} ORDER BY x.point, s.ord, x.step`,
    events: `SELECT e.point + 1 AS point, ${l}, e.event, e.description, e.probability, ${ci}, e.paths, e.day_p05, e.day_p50, e.day_p95, e.date_p05, e.date_p50, e.date_p95
             FROM events e ${label('e')} WHERE ${where('e')} ORDER BY e.point, e.ord`,
    event_days: `SELECT d.point + 1 AS point, ${l}, d.event, d.step, d.date, d.hits, d.hits / p.paths AS share_of_paths
                 FROM event_days d ${label('d')} WHERE ${where('d')} ORDER BY d.point, d.event, d.step`,
    terminal: `SELECT t.point + 1 AS point, ${l}, t.signal, t.unit, t.mean, t.p01, t.p05, t.p50, t.p95, t.p99, t.es05, t.es95
               FROM terminal t ${label('t')} JOIN signals s ON s.run_id = t.run_id AND s.point = t.point AND s.signal = t.signal
               WHERE ${where('t')} ORDER BY t.point, s.ord`,
    samples: `SELECT x.point + 1 AS point, ${l}, x.sample, x.path, x.signal, x.step, x.value
              FROM samples x ${label('x')} JOIN signals s ON s.run_id = x.run_id AND s.point = x.point AND s.signal = x.signal
              WHERE ${where('x')} ORDER BY x.point, x.sample, s.ord, x.step`,
  };
}

/**
 * The sensitivity measures of the run, if any, and the per-path table of each point that kept one, wide: one row per path, a column per drawn
 * input (`input:NAME`), final value (`final:SIGNAL`) and event day (`event_day:EVENT`, NULL if it
 * never happened), from the stored lists and their column names (`path_columns`).
 */
async function perPathQueries(store: RunStore, id: string, point: number | null): Promise<Record<string, string>> {
  // a store of schema 2 opened read-only has neither table
  if (!(await store.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'path_columns'`)).length) return {};
  const cols = await store.query(
    `SELECT point, ord, kind, name FROM path_columns WHERE run_id = $1 ${point === null ? '' : 'AND point = $2'} ORDER BY point, ord`,
    point === null ? [id] : [id, point],
  );
  const byPoint = new Map<number, { ord: number; kind: string; name: string }[]>();
  for (const c of cols) byPoint.set(c.point as number, [...(byPoint.get(c.point as number) ?? []), c as { ord: number; kind: string; name: string }]);
  const out: Record<string, string> = {};
  // the run's sensitivity measures and PRIM box (tidy), when it has any
  if ((await store.query('SELECT 1 FROM sensitivity_indices WHERE run_id = $1 LIMIT 1', [id])).length) {
    out.sensitivity = `SELECT method, output, statistic, at_date, unit, input, measure, value, lo, hi FROM sensitivity_indices WHERE run_id = '${id}' ORDER BY method, input, measure`;
  }
  const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;
  for (const [k, list] of byPoint) {
    const name = byPoint.size === 1 ? 'paths' : `paths-p${k + 1}`;
    out[name] = `SELECT path, ${list.map((c) => `row_values[${c.ord + 1}] AS ${ident(`${c.kind}:${c.name}`)}`).join(', ')}
                 FROM path_values WHERE run_id = '${id}' AND point = ${k} ORDER BY path`;
  }
  return out;
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
  const sweep = await sweepColumns(store, ref.id);
  const files = await copyTables(store, { ...exportQueries(ref.id, ref.point, sweep), ...(await perPathQueries(store, ref.id, ref.point)) }, format, outDir);
  files.push(writeFileAtomic(path.join(outDir, 'README.md'), [exportReadme(format, sweep.map((c) => c.key))]).path);
  return files;
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
