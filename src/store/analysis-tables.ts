import type { DuckDBConnection } from '@duckdb/node-api';
import type { PerPathTable } from '../results/per-path-table.js';
import type { PointResult, ScenarioResult } from '../results/types.js';
import { decode, encode } from './pending.js';

/**
 * The store's schema-4 tables (src/store/README.md): the per-path table of a point
 * (`path_columns`, `path_values`), each point's role in a sensitivity block (`points.role`), and
 * the analyses of a run — the tornado, Sobol', Morris, LHS and PRIM results — as documents
 * (`analyses`, read back bit for bit) and as tidy rows for notebooks (`sensitivity_indices`).
 */

/** Paths per appended chunk of the per-path table (DuckDB's vector size is 2,048). */
const CHUNK = 2048;

/** The columns of a per-path table, in the order stored: inputs, final values, event days. */
export function perPathColumns(p: PointResult): { kind: 'input' | 'final' | 'event_day'; name: string; unit: string; values: ArrayLike<number> }[] {
  const t = p.perPath;
  if (!t) return [];
  return [
    ...Object.entries(t.inputs).map(([name, values]) => ({ kind: 'input' as const, name, unit: '', values })),
    ...Object.entries(t.finals).map(([name, values]) => ({ kind: 'final' as const, name, unit: p.signals[name]?.unit ?? '', values })),
    ...Object.entries(t.eventDays).map(([name, values]) => ({ kind: 'event_day' as const, name, unit: 'days', values })),
  ];
}

/**
 * Writes a point's per-path table: one `path_columns` row per column, one `path_values` row per
 * path holding that path's values as a list (NaN as NULL: an event that never happened). One row
 * a path rather than one a value keeps 100k paths × 30 columns to a few seconds.
 */
export async function writePerPath(c: DuckDBConnection, id: string, k: number, p: PointResult): Promise<void> {
  const cols = perPathColumns(p);
  if (!cols.length || !p.perPath) return;
  const duck = await import('@duckdb/node-api');
  const meta = await c.createAppender('path_columns');
  try {
    cols.forEach((col, ord) => {
      meta.appendVarchar(id);
      meta.appendInteger(k);
      meta.appendInteger(ord);
      meta.appendVarchar(col.kind);
      meta.appendVarchar(col.name);
      meta.appendVarchar(col.unit);
      meta.endRow();
    });
    meta.flushSync();
  } finally {
    meta.closeSync();
  }
  const a = await c.createAppender('path_values');
  const types = [duck.VARCHAR, duck.INTEGER, duck.DOUBLE, duck.LIST(duck.DOUBLE)];
  try {
    const n = p.perPath.paths;
    for (let s = 0; s < n; s += CHUNK) {
      const m = Math.min(CHUNK, n - s);
      const lists = new Array(m);
      for (let i = 0; i < m; i++) {
        const row = new Array<number | null>(cols.length);
        for (let j = 0; j < cols.length; j++) {
          const v = cols[j].values[s + i];
          row[j] = v === v ? v : null;
        }
        lists[i] = duck.listValue(row);
      }
      const chunk = duck.DuckDBDataChunk.create(types, m);
      chunk.setColumns([new Array(m).fill(id), new Array(m).fill(k), Array.from({ length: m }, (_, i) => s + i), lists]);
      a.appendDataChunk(chunk);
    }
    a.flushSync();
  } finally {
    a.closeSync();
  }
}

/** Reads a point's per-path table back (null if it kept none); `only` limits it to some columns by name. */
export async function readPerPath(c: DuckDBConnection, id: string, k: number, only?: (kind: string, name: string) => boolean): Promise<PerPathTable | null> {
  const meta = (await c.runAndReadAll('SELECT ord, kind, name FROM path_columns WHERE run_id = $1 AND point = $2 ORDER BY ord', [id, k])).getRowObjectsJS() as { ord: number; kind: string; name: string }[];
  const wanted = meta.filter((m) => !only || only(m.kind, m.name));
  if (!meta.length) return null;
  const select = wanted.length ? wanted.map((m, j) => `row_values[${m.ord + 1}] AS c${j}`).join(', ') : '1 AS none';
  const reader = await c.runAndReadAll(`SELECT ${select} FROM path_values WHERE run_id = $1 AND point = $2 ORDER BY path`, [id, k]);
  const columns = reader.getColumnsJS() as (number | null)[][];
  const table: PerPathTable = { paths: reader.currentRowCount, inputs: {}, finals: {}, eventDays: {} };
  wanted.forEach((m, j) => {
    const values = Float64Array.from(columns[j], (v) => (v === null ? NaN : v));
    if (m.kind === 'input') table.inputs[m.name] = values;
    else if (m.kind === 'final') table.finals[m.name] = values;
    else table.eventDays[m.name] = values;
  });
  return table;
}

/** A point's role in a sensitivity block, as `points.role` holds it (JSON), or null. */
export function pointRole(p: PointResult): string | null {
  if (p.sensitivityRun) return JSON.stringify({ sensitivityRun: p.sensitivityRun });
  if (p.designRun) return JSON.stringify({ designRun: p.designRun });
  return null;
}

/** Puts a stored role back on a loaded point. */
export function applyRole(p: PointResult, role: string | null): void {
  if (!role) return;
  const r = JSON.parse(role) as Pick<PointResult, 'sensitivityRun' | 'designRun'>;
  if (r.sensitivityRun) p.sensitivityRun = r.sensitivityRun;
  if (r.designRun) p.designRun = r.designRun;
}

type Cell = string | number | null;

/** The analyses of a run as documents: [kind, value]. */
function analysisDocuments(result: ScenarioResult): [string, unknown][] {
  const out: [string, unknown][] = [];
  if (result.sensitivity) out.push(['tornado', result.sensitivity]);
  if (result.globalSensitivity) out.push([result.globalSensitivity.method, result.globalSensitivity]);
  if (result.discovery) out.push(['prim', result.discovery]);
  return out;
}

/** The rows of `analyses` and `sensitivity_indices` for a run (the caller appends them). */
export function analysisRows(id: string, result: ScenarioResult): { analyses: Cell[][]; indices: Cell[][] } {
  const analyses = analysisDocuments(result).map(([kind, doc], ord) => [id, ord, kind, JSON.stringify(doc, (_k, v) => encode(v))]);
  const indices: Cell[][] = [];
  const fin = (v: number) => (Number.isFinite(v) ? v : null);
  const t = result.sensitivity;
  if (t) {
    for (const r of t.rows) {
      indices.push([id, 'tornado', t.output, t.statistic, t.at, t.unit, r.name, 'output_low', fin(r.outputLow), fin(r.low), null]);
      indices.push([id, 'tornado', t.output, t.statistic, t.at, t.unit, r.name, 'output_high', fin(r.outputHigh), fin(r.high), null]);
      indices.push([id, 'tornado', t.output, t.statistic, t.at, t.unit, r.name, 'swing', fin(r.swing), null, null]);
    }
  }
  const g = result.globalSensitivity;
  if (g) {
    const row = (input: string, measure: string, value: number, lo: number | null = null, hi: number | null = null) =>
      indices.push([id, g.method, g.output, g.statistic, g.at, g.unit, input, measure, fin(value), lo === null ? null : fin(lo), hi === null ? null : fin(hi)]);
    g.inputs.forEach((x, i) => {
      if (g.sobol) {
        row(x.name, 'S1', g.sobol.s1[i].value, g.sobol.s1[i].lo, g.sobol.s1[i].hi);
        row(x.name, 'ST', g.sobol.st[i].value, g.sobol.st[i].lo, g.sobol.st[i].hi);
      }
      if (g.morris) {
        row(x.name, 'mu_star', g.morris[i].muStar, g.morris[i].muStarLo, g.morris[i].muStarHi);
        row(x.name, 'mu', g.morris[i].mu);
        row(x.name, 'sigma', g.morris[i].sigma);
      }
      if (g.rankCorrelation) row(x.name, 'spearman', g.rankCorrelation[i]);
    });
  }
  const d = result.discovery;
  if (d) {
    const at = (input: string, measure: string, value: number) => indices.push([id, 'prim', d.event, 'probability', null, '', input, measure, fin(value), null, null]);
    at('', 'coverage', d.box.coverage);
    at('', 'density', d.box.density);
    at('', 'base_density', d.baseDensity);
    d.inputs.forEach((name, j) => {
      if (Number.isFinite(d.box.lo[j])) at(name, 'box_low', d.box.lo[j]);
      if (Number.isFinite(d.box.hi[j])) at(name, 'box_high', d.box.hi[j]);
    });
  }
  return { analyses, indices };
}

/** Reads a run's analyses back onto its loaded result (the tornado also onto point 1, as computed). */
export async function readAnalyses(c: DuckDBConnection, id: string, result: ScenarioResult): Promise<void> {
  const rows = (await c.runAndReadAll('SELECT kind, document FROM analyses WHERE run_id = $1 ORDER BY ord', [id])).getRowObjectsJS() as { kind: string; document: string }[];
  for (const r of rows) {
    const doc = JSON.parse(r.document, decode);
    if (r.kind === 'tornado') {
      result.sensitivity = doc;
      if (result.points[0]) result.points[0].sensitivity = doc;
    } else if (r.kind === 'prim') result.discovery = doc;
    else result.globalSensitivity = doc;
  }
}
