import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RunRecord } from '../engine/recorder/run-record.js';
import type { RunPlan } from '../engine/run-plan.js';
import { ClusterError } from './errors.js';
import type { ShardJob } from './job.js';
import { doneKey, jobId, metaKey, noticesKey, planKey, QUEUE_NAME, resultKey, runPrefix } from './keys.js';
import { ShardMerger } from './merger.js';
import { decodeRecord, encodePlan } from './record-codec.js';
import { bullConnection, connectRedis, type RedisTarget } from './redis.js';
import { defaultBlocksPerJob, shardRanges } from './shards.js';

/** One point of a run to shard: its plan and the hash of its resolved scenario. */
export interface ClusterPoint {
  plan: RunPlan;
  scenarioHash: string;
}

/** Options of {@link ClusterRun.start}. */
export interface ClusterRunOptions {
  runId: string;
  cascadeVersion: string;
  codeHash: string;
  /** Continue a run whose shards Redis may already hold (`--resume`), instead of starting one. */
  resume?: boolean;
  /** Blocks per job (default: about {@link defaultBlocksPerJob}); a resumed run keeps its own. */
  blocksPerJob?: number;
  /** Attempts per job before the run fails (default 3). */
  attempts?: number;
  /** Lines for the user (stderr). */
  note?: (message: string) => void;
  /** Poll interval, ms (default 200). */
  pollMs?: number;
  /** How long Redis may stay unreachable before the run fails, ms (default 60,000). */
  redisGraceMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The coordinator of a sharded run: writes each point's plan to Redis, enqueues one BullMQ job
 * per shard (all points at once, so that a sweep spreads over every worker), and merges the
 * shards' records as they come back, each once. Everything sits under the run's key prefix
 * until {@link finish} removes it, after the run is stored: a coordinator that dies leaves its
 * shards in Redis for `--resume`.
 */
export class ClusterRun {
  private readonly mergers: ShardMerger[] = [];
  private noticesRead = 0;
  /** Shards of this run merged from Redis at start (a resumed run's finished shards). */
  resumedShards = 0;
  totalShards = 0;

  private constructor(
    readonly target: RedisTarget,
    private readonly redis: Redis,
    private readonly queue: Queue<ShardJob>,
    private readonly opts: ClusterRunOptions,
  ) {}

  /** Connects, checks a resumed run is the same run, and enqueues every shard not done yet. */
  static async start(target: RedisTarget, points: ClusterPoint[], opts: ClusterRunOptions): Promise<ClusterRun> {
    const redis = await connectRedis(target);
    const queue: Queue<ShardJob> = new Queue(QUEUE_NAME, { connection: bullConnection(target) });
    queue.on('error', () => undefined); // the poll loop reports a Redis that stays away
    const run = new ClusterRun(target, redis, queue, opts);
    try {
      await run.enqueue(points);
    } catch (err) {
      await run.close();
      throw err;
    }
    return run;
  }

  private async enqueue(points: ClusterPoint[]): Promise<void> {
    const { runId } = this.opts;
    const meta = await this.redis.hgetall(metaKey(runId));
    const existing = Object.keys(meta).length > 0;
    if (this.opts.resume && !existing) throw new ClusterError(`--resume ${runId}: Redis at ${this.target.shown} holds nothing of run ${runId} (it was stored and cleaned up, or never ran on this Redis)`);
    if (!this.opts.resume && existing) throw new ClusterError(`run ${runId} already has shards in Redis at ${this.target.shown}: continue it with --resume ${runId}`);
    if (existing) {
      const was = points.map((p, k) => meta[`p${k}`]);
      const now = points.map((p) => p.scenarioHash);
      if (meta.points !== String(points.length) || was.some((h, k) => h !== now[k]))
        throw new ClusterError(`--resume ${runId}: the scenario is not the one run ${runId} started with (its resolved scenario hashes differ); run the same file with the same options`);
      if (meta.cascadeVersion !== this.opts.cascadeVersion || meta.codeHash !== this.opts.codeHash)
        throw new ClusterError(`--resume ${runId}: the run started with Cascade ${meta.cascadeVersion} (code ${meta.codeHash}); this is Cascade ${this.opts.cascadeVersion} (code ${this.opts.codeHash})`);
    }
    const blocksPerJob = existing ? Number(meta.blocksPerJob) : (this.opts.blocksPerJob ?? Math.min(...points.map((p) => defaultBlocksPerJob(p.plan))));
    if (!existing) {
      const fields: Record<string, string> = { cascadeVersion: this.opts.cascadeVersion, codeHash: this.opts.codeHash, blocksPerJob: String(blocksPerJob), points: String(points.length), createdAt: new Date().toISOString() };
      points.forEach((p, k) => (fields[`p${k}`] = p.scenarioHash));
      await this.redis.hset(metaKey(runId), fields);
    }
    const jobs: { name: string; data: ShardJob; opts: Record<string, unknown> }[] = [];
    for (const [k, p] of points.entries()) {
      const shards = shardRanges(p.plan, blocksPerJob);
      const merger = new ShardMerger(p.plan, shards);
      this.mergers.push(merger);
      this.totalShards += shards.length;
      await this.redis.set(planKey(runId, k), encodePlan(p.plan));
      this.resumedShards += await this.collect(k);
      const waiting = new Set(merger.missing());
      for (const s of shards) {
        if (!waiting.has(s.firstBlock)) continue;
        const data: ShardJob = { runId, point: k, firstBlock: s.firstBlock, endBlock: s.endBlock, cascadeVersion: this.opts.cascadeVersion, codeHash: this.opts.codeHash };
        // the same shard always has the same job id: a resumed run's jobs still queued are not added twice
        jobs.push({ name: 'shard', data, opts: { jobId: jobId(runId, k, s.firstBlock), attempts: this.opts.attempts ?? 3, backoff: { type: 'fixed', delay: 1000 }, removeOnComplete: true, removeOnFail: true } });
      }
    }
    if (jobs.length) await this.queue.addBulk(jobs);
  }

  /** Merges the shards of point k that Redis marks done and are not merged yet; returns how many. */
  private async collect(k: number): Promise<number> {
    const merger = this.mergers[k];
    if (merger.complete) return 0;
    const done = await this.redis.smembers(doneKey(this.opts.runId, k));
    let added = 0;
    for (const first of done.map(Number)) {
      if (!merger.waitsFor(first)) continue;
      const bytes = await this.redis.getBuffer(resultKey(this.opts.runId, k, first));
      if (!bytes) continue; // marked done without bytes cannot happen (one MULTI); be safe
      if (merger.add(first, decodeRecord(bytes)) > 0) added++;
    }
    return added;
  }

  /** Paths merged so far over every point. */
  get pathsDone(): number {
    return this.mergers.reduce((a, m) => a + m.pathsDone, 0);
  }

  /**
   * Waits until every shard of point k is merged and returns its record. `onProgress` gets the
   * paths merged over the whole run. Fails with the worker's message if a shard failed for good,
   * or if Redis stays unreachable for `redisGraceMs`.
   */
  async record(k: number, onProgress?: (pathsDone: number) => void): Promise<RunRecord> {
    const merger = this.mergers[k];
    let unreachableSince: number | null = null;
    let lastNews = Date.now();
    let saidIdle = false;
    onProgress?.(this.pathsDone);
    while (!merger.complete) {
      try {
        let news = 0;
        for (let j = 0; j < this.mergers.length; j++) news += await this.collect(j);
        await this.readNotices();
        unreachableSince = null;
        if (news) {
          lastNews = Date.now();
          onProgress?.(this.pathsDone);
        } else if (!saidIdle && Date.now() - lastNews > 15_000 && (await this.queue.getWorkersCount()) === 0) {
          saidIdle = true;
          this.opts.note?.(`no worker is connected to ${this.target.shown}: start one with \`cascade worker --cluster ${this.target.shown}\` (the run waits)`);
        }
      } catch (err) {
        if (err instanceof ClusterError) throw err;
        unreachableSince ??= Date.now();
        if (Date.now() - unreachableSince > (this.opts.redisGraceMs ?? 60_000))
          throw new ClusterError(`lost Redis at ${this.target.shown} for ${Math.round((Date.now() - unreachableSince) / 1000)} s: ${(err as Error)?.message ?? err}; the shards done so far stay in Redis: continue with --resume ${this.opts.runId}`);
      }
      if (!merger.complete) await sleep(this.opts.pollMs ?? 200);
    }
    return merger.record();
  }

  private async readNotices(): Promise<void> {
    const lines = await this.redis.lrange(noticesKey(this.opts.runId), this.noticesRead, -1);
    this.noticesRead += lines.length;
    for (const line of lines) {
      if (line.startsWith('FAILED ')) throw new ClusterError(`run ${this.opts.runId}: ${line.slice(7)}`);
      this.opts.note?.(line);
    }
  }

  /** Removes every key and queued job of the run (call once the run is stored). */
  async finish(): Promise<void> {
    const { runId } = this.opts;
    for (const [k, m] of this.mergers.entries()) for (const first of m.missing()) await this.queue.remove(jobId(runId, k, first)).catch(() => 0);
    // the meta hash and the plans first: a worker stores a shard only while its plan exists and
    // adds a notice only while the meta hash does (worker.ts), so no key of the run can appear
    // after this, and the scan below finds every one that did
    await this.redis.del(metaKey(runId), ...this.mergers.map((_, k) => planKey(runId, k)));
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${runPrefix(runId).replace(/[{}]/g, '\\$&')}*`, 'COUNT', 500);
      if (keys.length) await this.redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  }

  async close(): Promise<void> {
    await this.queue.close().catch(() => undefined);
    this.redis.disconnect();
  }
}
