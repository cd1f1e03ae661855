import fs from 'node:fs';
import path from 'node:path';
import { jsonChunks } from '../io/json-chunks.js';
import { writeFileAtomic } from '../io/write-file.js';
import type { PointResult, ScenarioResult } from '../run-scenario.js';
import type { NewRun } from './store.js';

/**
 * Side files: the results of a run that could not be written into the store when it finished
 * (another process held the store, or the write failed). They sit in STORE/pending/ID.jsonl
 * until a command that can write to the store imports them (RunStore.open), so a computed
 * result is never thrown away.
 *
 * Format: JSON Lines, so that no single string ever holds a whole sweep: a header line (the
 * run and how to complete it), one line per point, and an end line with the point count
 * (the file is renamed into place whole, and the end line checks that). NaN and ±Infinity,
 * which JSON cannot write, are kept as {"$nonFinite": "NaN"}: imported numbers are the
 * computed ones, bit for bit.
 */
export const PENDING_DIR = 'pending';

/** Everything needed to store a run that was begun (or not) and computed. */
export interface PendingRun {
  runId: string;
  /** The `runs` row as begun: used when the store lost it (moved aside, a new store). */
  run: NewRun;
  createdAt: string;
  completedAt: string;
  elapsedMs: number;
  reusedFrom: (string | null)[];
  result: ScenarioResult;
}

const NON_FINITE = '$nonFinite';

/** A JSON replacer value mapping that keeps NaN and ±Infinity (as {"$nonFinite": "NaN"}); typed arrays become lists. */
export function encode(v: unknown): unknown {
  // typed arrays (a per-path table's columns) as plain lists, their NaNs kept like any other
  if (ArrayBuffer.isView(v)) return Array.from(v as Float64Array);
  return typeof v === 'number' && !Number.isFinite(v) ? { [NON_FINITE]: String(v) } : v;
}

/** The JSON.parse reviver that undoes {@link encode}. */
export function decode(_key: string, v: unknown): unknown {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === NON_FINITE) return Number((v as Record<string, string>)[NON_FINITE]);
  }
  return v;
}

/** The side file of run `id` in store folder `dir`. */
export function pendingFile(dir: string, id: string): string {
  return path.join(dir, PENDING_DIR, `${id}.jsonl`);
}

/** Writes the side file of a computed run (atomically) and returns its path. */
export function savePending(dir: string, p: PendingRun): string {
  const file = pendingFile(dir, p.runId);
  const { result, ...head } = p;
  const { points, ...resultHead } = result;
  function* lines(): Generator<string> {
    yield* jsonChunks({ kind: 'cascade-pending-run', version: 1, ...head, result: resultHead }, encode);
    yield '\n';
    for (const point of points) {
      yield* jsonChunks(point, encode);
      yield '\n';
    }
    yield JSON.stringify({ end: points.length }) + '\n';
  }
  writeFileAtomic(file, lines());
  return file;
}

/** The side files waiting in store folder `dir`, oldest name first. */
export function listPending(dir: string): string[] {
  const folder = path.join(dir, PENDING_DIR);
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return [];
  }
  return names
    .filter((n) => /^[0-9a-f]{8}\.jsonl$/.test(n))
    .sort()
    .map((n) => path.join(folder, n));
}

/** Reads a side file; throws an Error saying what is wrong with it. */
export function readPending(file: string): PendingRun {
  const bytes = fs.readFileSync(file);
  const lines: string[] = [];
  for (let start = 0; start < bytes.length; ) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    if (end > start) lines.push(bytes.toString('utf8', start, end));
    start = end + 1;
  }
  if (lines.length < 2) throw new Error('it is incomplete');
  const head = JSON.parse(lines[0], decode) as Omit<PendingRun, 'result'> & { kind?: string; result: Omit<ScenarioResult, 'points'> };
  if (head.kind !== 'cascade-pending-run') throw new Error('it is not a Cascade side file');
  const end = JSON.parse(lines[lines.length - 1]) as { end?: number };
  const points = lines.slice(1, -1).map((l) => JSON.parse(l, decode) as PointResult);
  if (end.end !== points.length) throw new Error(`it is incomplete (${points.length} point(s), the end line says ${end.end})`);
  const { kind: _k, version: _v, result, ...rest } = head as typeof head & { version?: number };
  return { ...rest, result: { ...result, points } } as PendingRun;
}
