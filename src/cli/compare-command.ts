import path from 'node:path';
import { compareRuns, type ComparedRun } from '../analysis/compare.js';
import { comparisonText } from '../analysis/compare-text.js';
import { writeFileAtomic } from '../io/write-file.js';
import { resolveStoreDir, withStore, type RunStore } from '../store/store.js';
import { VERSION } from '../version.js';
import { commandLine, UsageError } from './run-command.js';

/** Options of `cascade compare`. */
export interface CompareOptions {
  store?: string;
  /** Where the HTML goes (default STORE/reports/compare-A-B….html). */
  out?: string;
  json?: boolean;
}

/**
 * `cascade compare RUN_A RUN_B [RUN_C …]`: loads each run (ID, prefix, `latest` or ID/K; a run
 * of several points without /K is compared at its first point), prints the events side by side
 * with B − A, C − A … and their intervals, and the shared signals at the horizon, and writes
 * the same as one HTML page.
 */
export async function compareCommand(refs: string[], opts: CompareOptions): Promise<void> {
  if (refs.length < 2) throw new UsageError('compare needs at least two runs: cascade compare RUN_A RUN_B [RUN_C …]');
  const storeDir = resolveStoreDir(opts.store);
  const runs = await withStore(storeDir, { readOnly: true }, async (store) => {
    const out: ComparedRun[] = [];
    for (const typed of refs) out.push(await loadComparedRun(store, typed));
    return out;
  });
  const comparison = compareRuns(runs);
  if (opts.json) {
    process.stdout.write(JSON.stringify({ runs: comparison.runs, events: comparison.events }, null, 2) + '\n');
  } else process.stdout.write(comparisonText(comparison) + '\n');
  const { compareReportHtml } = await import('../report/compare-report.js');
  const file = opts.out ?? path.join(storeDir, 'reports', `compare-${runs.map((r) => r.ref.replace('/', '-p')).join('-')}.html`);
  const written = writeFileAtomic(file, compareReportHtml(comparison, { version: VERSION, command: commandLine() }));
  process.stderr.write(`comparison report: ${written.path}\n`);
}

/**
 * One run (or sweep point) of a comparison as the store holds it: `typed` is what a user types
 * (ID, prefix, `latest`, ID/K; a run of several points without /K is taken at its first),
 * with its per-path event days when it kept them (for paired intervals).
 */
export async function loadComparedRun(store: RunStore, typed: string): Promise<ComparedRun> {
  const ref = await store.resolve(typed);
  const { info, result } = await store.loadRun(ref.id);
  const k = ref.point ?? 0;
  const table = await store.loadPerPath(ref.id, k, (kind) => kind === 'event_day');
  return { ref: info.points > 1 ? `${ref.id}/${k + 1}` : ref.id, scenario: info.scenario, label: result.points[k].manifest.point, point: result.points[k], eventDays: table?.eventDays ?? null };
}
