/**
 * A problem with the cluster the user can act on (Redis unreachable, a bad URL, a run to
 * resume that Redis no longer holds, a shard that failed on a worker): printed as one line,
 * exit 1, the run never stored as complete.
 */
export class ClusterError extends Error {
  override name = 'ClusterError';
}
