import { preparePlan } from '../engine/prepare.js';
import type { RunOutcome } from '../engine/run.js';
import { registry } from '../models/index.js';
import type { LoadedScenario, ScenarioPoint } from '../scenario/plan.js';
import { ClusterRun } from './coordinator.js';
import { parseRedisUrl } from './redis.js';

/** A scenario's run on a cluster, as `cascade run --cluster` drives it. */
export interface ClusterExecution {
  run: ClusterRun;
  /** For runLoadedScenario's `runPoint`: point k's outcome from its merged shards. */
  runPoint: (k: number, point: ScenarioPoint, onProgress: (pathsDone: number) => void) => Promise<RunOutcome>;
}

/** Options of {@link startClusterExecution}. */
export interface ClusterExecutionOptions {
  url: string;
  runId: string;
  cascadeVersion: string;
  codeHash: string;
  resume?: boolean;
  blocksPerJob?: number;
  note?: (message: string) => void;
}

/**
 * Enqueues every point of a loaded scenario on the cluster and returns how to collect each
 * point's outcome. The outcome is the one `runPlan` gives on this machine (the same record,
 * bit for bit; units and owners from the plan checked here against the registry).
 */
export async function startClusterExecution(loaded: LoadedScenario, opts: ClusterExecutionOptions): Promise<ClusterExecution> {
  const target = parseRedisUrl(opts.url);
  // checked here first: a plan the registry refuses fails now, with the graph's message, before anything is queued
  const prepared = loaded.points.map((p) => preparePlan(p.plan, registry));
  const started = performance.now();
  const run = await ClusterRun.start(
    target,
    loaded.points.map((p) => ({ plan: p.plan, scenarioHash: p.hash })),
    { runId: opts.runId, cascadeVersion: opts.cascadeVersion, codeHash: opts.codeHash, resume: opts.resume, blocksPerJob: opts.blocksPerJob, note: opts.note },
  );
  if (opts.resume) opts.note?.(`resuming run ${opts.runId}: ${run.resumedShards} of ${run.totalShards} shards were done and are merged from Redis`);
  else opts.note?.(`run ${opts.runId}: ${run.totalShards} shard job(s) queued on ${target.shown}`);
  return {
    run,
    async runPoint(k, point, onProgress) {
      const record = await run.record(k, onProgress);
      return { plan: point.plan, record, threads: 1, elapsedMs: performance.now() - started, units: prepared[k].units, owners: prepared[k].owners };
    },
  };
}
