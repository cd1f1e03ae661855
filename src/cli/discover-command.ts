import { discover } from '../analysis/run-analyses.js';
import { discoveryText } from '../analysis/analysis-text.js';
import { resolveStoreDir, withStore } from '../store/store.js';
import { UsageError } from './run-command.js';

/** Options of `cascade discover`. */
export interface DiscoverOptions {
  event: string;
  store?: string;
  alpha?: number;
  minCoverage?: number;
  json?: boolean;
}

/**
 * `cascade discover RUN --event NAME`: PRIM on a stored run's per-path table for any of its
 * events (the `discovery` block does the same for one event while the run computes).
 */
export async function discoverCommand(ref: string, opts: DiscoverOptions): Promise<void> {
  const result = await withStore(resolveStoreDir(opts.store), { readOnly: true }, async (store) => {
    const r = await store.resolve(ref);
    const k = r.point ?? 0;
    const point = await store.loadPoint(r.id, k, { perPath: true });
    if (!point.perPath) throw new UsageError(`run ${r.id}${r.point === null ? '' : `/${k + 1}`} kept no per-path table: run it with --per-path (or output: {perPath: true})`);
    if (!(opts.event in point.perPath.eventDays)) throw new UsageError(`run ${r.id} has no event ${JSON.stringify(opts.event)}; its events: ${Object.keys(point.perPath.eventDays).join(', ')}`);
    return discover(point, { event: opts.event, alpha: opts.alpha, minCoverage: opts.minCoverage }, k);
  });
  process.stdout.write(opts.json ? JSON.stringify(result, null, 2) + '\n' : discoveryText(result) + '\n');
}
