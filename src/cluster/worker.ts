import os from 'node:os';
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { codeFingerprint } from '../store/code-fingerprint.js';
import { VERSION } from '../version.js';
import type { ShardJob } from './job.js';
import { doneKey, metaKey, noticesKey, planKey, QUEUE_NAME, resultKey } from './keys.js';
import { decodePlan } from './record-codec.js';
import { bullConnection, connectRedis, type RedisTarget } from './redis.js';
import { ShardThreadPool } from './thread-pool.js';

/** Options of {@link startClusterWorker}. */
export interface ClusterWorkerOptions {
  /** Shards run at once, one per thread (default: every core). */
  threads: number;
  /** URL of the module exporting `registry` (the models), as for runPlan. */
  registryUrl: string;
  /**
   * How long a job's lock lasts without renewal, ms (default 30,000): a worker killed mid-job
   * has its job taken back by the others' stalled check after about this long.
   */
  lockMs?: number;
  /** Where progress lines go (stderr by default). */
  log?: (line: string) => void;
}

/** A running cluster worker. */
export interface ClusterWorker {
  /** Its name in notices: host:pid. */
  name: string;
  /** Stops taking jobs, lets the running ones finish, and closes. */
  close(): Promise<void>;
}

/**
 * Stores a shard's record and marks it done in one step, only while the run's plan is still in
 * Redis (KEYS: plan, result, done; ARGV: record, first block). A shard run twice (its job
 * retaken after a stall, or queued by a coordinator that was killed and resumed) can end after
 * the run finished and its keys were removed: without the check it would leave them behind.
 */
const STORE_SHARD = `if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('SET', KEYS[2], ARGV[1])
  redis.call('SADD', KEYS[3], ARGV[2])
  return 1
end
return 0`;

/** Adds a line to the run's notices while the run is in Redis (its meta hash exists); else nothing. */
const PUSH_NOTICE = `if redis.call('EXISTS', KEYS[1]) == 1 then
  return redis.call('RPUSH', KEYS[2], ARGV[1])
end
return 0`;

/** Tells the run's coordinator `line` (PUSH_NOTICE): nothing once the run has finished, so no key outlives it. */
export async function pushNotice(redis: Redis, runId: string, line: string): Promise<void> {
  await redis.eval(PUSH_NOTICE, 2, metaKey(runId), noticesKey(runId), line);
}

/** Stores a shard's encoded record and marks it done (STORE_SHARD); false when the run has finished (nothing written). */
export async function storeShard(redis: Redis, runId: string, point: number, firstBlock: number, record: Uint8Array): Promise<boolean> {
  const bytes = Buffer.from(record.buffer, record.byteOffset, record.byteLength);
  return (await redis.eval(STORE_SHARD, 3, planKey(runId, point), resultKey(runId, point, firstBlock), doneKey(runId, point), bytes, String(firstBlock))) === 1;
}

/**
 * `cascade worker`: takes shard jobs from the queue and runs each on a thread of its own pool;
 * writes the encoded record and marks the shard done (one script: a record is never marked done
 * before it is whole, and nothing is written for a run that has finished); refuses jobs built by another Cascade version or code, leaving them for
 * a worker that matches; a job that fails is reported with its error and the worker goes on.
 */
export async function startClusterWorker(target: RedisTarget, opts: ClusterWorkerOptions): Promise<ClusterWorker> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const name = `${os.hostname()}:${process.pid}`;
  const codeHash = codeFingerprint();
  const redis = await connectRedis(target);
  const pool = new ShardThreadPool(opts.threads, opts.registryUrl);
  const lockMs = opts.lockMs ?? 30_000;

  const process_ = async (job: Job<ShardJob>, token?: string) => {
    const d = job.data;
    const what = `shard ${d.runId}/p${d.point + 1}/blocks ${d.firstBlock}–${d.endBlock - 1}`;
    if (d.cascadeVersion !== VERSION || d.codeHash !== codeHash) {
      // not ours to run: say so once per job, and leave it for a worker of the same build
      await pushNotice(redis, d.runId, `worker ${name} refused ${what}: built by Cascade ${d.cascadeVersion} (code ${d.codeHash}); this worker is Cascade ${VERSION} (code ${codeHash})`);
      await job.moveToDelayed(Date.now() + 5_000, token);
      throw new DelayedError();
    }
    const planBytes = await redis.getBuffer(planKey(d.runId, d.point));
    if (!planBytes) {
      // a copy of a shard of a run that has finished (its job retaken after its worker died): nothing to do
      if (!(await redis.exists(metaKey(d.runId)))) {
        log(`cascade worker ${name}: ${what}: its run has finished; skipped`);
        return { paths: 0, bytes: 0 };
      }
      throw new UnrecoverableError(`${what}: Redis holds no plan for this run (removed while it runs)`);
    }
    const started = performance.now();
    const m = await pool.run({ planKey: `${d.runId}/${d.point}`, plan: decodePlan(planBytes), firstBlock: d.firstBlock, endBlock: d.endBlock });
    if (!m.ok) throw new Error(`${what}: ${m.message}`);
    if (!(await storeShard(redis, d.runId, d.point, d.firstBlock, m.bytes))) {
      log(`cascade worker ${name}: ${what} done, but its run has finished meanwhile (a copy of a shard already merged): nothing stored`);
      return { paths: m.paths, bytes: 0 };
    }
    log(`cascade worker ${name}: ${what} done (${m.paths} paths, ${Math.round(performance.now() - started)} ms, ${m.bytes.byteLength} bytes)`);
    return { paths: m.paths, bytes: m.bytes.byteLength };
  };

  const worker = new Worker<ShardJob>(QUEUE_NAME, process_, {
    connection: bullConnection(target),
    concurrency: opts.threads,
    lockDuration: lockMs,
    stalledInterval: Math.max(500, Math.round(lockMs / 2)),
    // a killed worker's job goes back to wait however often workers die: losing a job to
    // the stalled limit would fail a run that only needs time
    maxStalledCount: 1_000_000,
    name,
  });
  worker.on('failed', (job, err) => {
    if (!job || err instanceof DelayedError || err?.name === 'DelayedError') return;
    const d = job.data;
    const final = err?.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
    log(`cascade worker ${name}: shard ${d.runId}/p${d.point + 1}/b${d.firstBlock} failed${final ? '' : ' (will be retried)'}: ${err?.message}`);
    if (final) void pushNotice(redis, d.runId, `FAILED shard p${d.point + 1}/blocks ${d.firstBlock}–${d.endBlock - 1} on worker ${name}: ${err?.message}`).catch(() => undefined);
  });
  worker.on('error', (err) => log(`cascade worker ${name}: ${err.message}`));
  await worker.waitUntilReady();
  log(`cascade worker ${name}: Cascade ${VERSION} (code ${codeHash}), ${opts.threads} thread(s), waiting for shards on ${target.shown}`);
  return {
    name,
    async close() {
      await worker.close();
      await pool.close();
      redis.disconnect();
    },
  };
}
