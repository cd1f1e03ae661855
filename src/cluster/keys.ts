/**
 * Where a cluster run keeps its state in Redis. Everything of one run sits under
 * `cascade:run:{RUN}:` so that it can be found, resumed and removed as one; the hash tag
 * `{RUN}` keeps a run's keys on one slot of a Redis Cluster.
 */
export const QUEUE_NAME = 'cascade-shards';

/** The prefix of every key of a run. */
export function runPrefix(runId: string): string {
  return `cascade:run:{${runId}}:`;
}

/** The run's metadata (hash): version, code fingerprint, and each point's scenario hash. */
export function metaKey(runId: string): string {
  return `${runPrefix(runId)}meta`;
}

/** The plan of one point (JSON), written once by the coordinator and read by workers. */
export function planKey(runId: string, point: number): string {
  return `${runPrefix(runId)}p${point}:plan`;
}

/** The set of first blocks of the shards of a point whose result is stored. */
export function doneKey(runId: string, point: number): string {
  return `${runPrefix(runId)}p${point}:done`;
}

/** The encoded record of one shard (binary). */
export function resultKey(runId: string, point: number, firstBlock: number): string {
  return `${runPrefix(runId)}p${point}:r${firstBlock}`;
}

/** A list of what workers refused or failed on, for the coordinator to print. */
export function noticesKey(runId: string): string {
  return `${runPrefix(runId)}notices`;
}

/** The BullMQ job id of a shard: the same shard always has the same id (BullMQ ids cannot hold ':'). */
export function jobId(runId: string, point: number, firstBlock: number): string {
  return `${runId}-p${point}-b${firstBlock}`;
}
