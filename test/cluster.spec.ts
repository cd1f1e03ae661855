import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doneKey, metaKey, noticesKey, QUEUE_NAME } from '../src/cluster/keys.js';
import { DEFAULT_BLOCK_SIZE } from '../src/engine/run-plan.js';
import { BIN, cascade, tempDir } from './helpers.js';
import { startRedis, type TestRedis } from './redis-server.test-helper.js';

// Cluster runs against a real Redis (Debian's redis-server, started here on a free loopback
// port) and real `cascade worker` processes. Small scenarios (the market and leverage models,
// a few thousand paths): what is checked is that sharding, killing and resuming never change
// a number, not speed. Locks of 2 s so that a killed worker's job comes back quickly.
const dir = tempDir();
let redis: TestRedis;
let client: Redis;
const workers = new Set<ChildProcess>();
const LOCK_MS = '2000';

function scenario(name: string, paths: number, steps: number, extra = ''): string {
  const file = path.join(dir, `${name}.yaml`);
  fs.writeFileSync(
    file,
    `name: ${name}\nstart: 2026-02-05\nseed: 11\nhorizonDays: ${steps}\npaths: ${paths}\nmodels:\n  market: { priceUsd: 73300, peakUsd: 126080, initialRegime: stress }\n  leverage: {}\nevents:\n  - { name: btc-below-60k, when: btc.price < 60000 }\n${extra}`,
  );
  return file;
}

function startWorker(): ChildProcess {
  const w = spawn(process.execPath, [BIN, 'worker', '--cluster', redis.url, '--threads', '1', '--lock-ms', LOCK_MS], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  w.stderr!.on('data', (d) => (err += d));
  w.once('exit', () => workers.delete(w));
  (w as ChildProcess & { log: () => string }).log = () => err;
  workers.add(w);
  return w;
}

/** `cascade ARGS` as a child process, awaited; its output and exit status. */
function cascadeAsync(args: string[]): { child: ChildProcess; done: Promise<{ status: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, CASCADE_DEBUG: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => child.once('exit', (status) => resolve({ status, stdout, stderr })));
  return { child, done };
}

/** The numbers of a `--json` result, without what says how and where it ran. */
function numbers(json: string): string {
  const doc = JSON.parse(json);
  delete doc.run;
  for (const p of doc.points ?? [doc]) {
    delete p.manifest.elapsedMs;
    delete p.manifest.threads;
    delete p.manifest.file;
  }
  return JSON.stringify(doc);
}

function local(file: string): string {
  const r = cascade(['run', file, '--no-store', '--json', '--threads', '1']);
  expect(r.status).toBe(0);
  return numbers(r.stdout);
}

const cascadeKeys = async () => (await client.keys('cascade:*')).length;

beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.url);
}, 30_000);

afterAll(async () => {
  for (const w of workers) w.kill('SIGKILL');
  client?.disconnect();
  await redis?.stop();
});

describe('cascade run --cluster', () => {
  it('a sharded single run and a sweep across three workers equal the local run, bit for bit', async () => {
    for (let k = 0; k < 3; k++) startWorker();
    const single = scenario('sharded', 4096, 30);
    const sweep = scenario('sweep', 2048, 30, 'sweep:\n  grid:\n    market.jumpsStressPerYear: [0, 24]\n');
    for (const file of [single, sweep]) {
      const { done } = cascadeAsync(['run', file, '--no-store', '--json', '--cluster', redis.url, '--job-blocks', '1']);
      const r = await done;
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.status).toBe(0);
      expect(numbers(r.stdout)).toBe(local(file));
    }
    // everything of the runs is gone from Redis once they are done
    expect(await cascadeKeys()).toBe(0);
  }, 240_000);

  it('survives at least 20 workers killed (SIGKILL) mid-run with an identical result', async () => {
    while (workers.size < 3) startWorker();
    const file = scenario('chaos', 24 * 1024, 20);
    const expected = local(file);
    const { done } = cascadeAsync(['run', file, '--no-store', '--json', '--cluster', redis.url, '--job-blocks', '1']);
    let finished = false;
    const result = done.then((r) => ((finished = true), r));
    let kills = 0;
    let seen = 0;
    // every time a shard is done, kill a random worker (others are mid-shard then) and start a
    // new one: the run moves between kills, and every kill can lose a shard in flight
    while (!finished) {
      const keys = await client.keys('cascade:run:*:p0:done');
      const doneNow = keys.length ? await client.scard(keys[0]) : 0;
      if (doneNow > seen && workers.size) {
        seen = doneNow;
        const list = [...workers];
        const victim = list[Math.floor(Math.random() * list.length)];
        victim.kill('SIGKILL');
        kills++;
        startWorker();
      }
      await sleep(50);
    }
    const r = await result;
    expect(r.status).toBe(0);
    expect(kills).toBeGreaterThanOrEqual(20);
    expect(numbers(r.stdout)).toBe(expected);
    expect(await cascadeKeys()).toBe(0);
  }, 420_000);

  it('a coordinator killed mid-run is resumed from the shards Redis holds, and the stored run is complete', async () => {
    while (workers.size < 2) startWorker();
    const file = scenario('resume', 8192, 40);
    const store = path.join(dir, 'store');
    const first = cascadeAsync(['run', file, '--store', store, '--json', '--cluster', redis.url, '--job-blocks', '1']);
    let id = '';
    for (let t = 0; t < 600 && !id; t++) {
      await sleep(100);
      const keys = await client.keys('cascade:run:*:p0:done');
      if (keys.length && (await client.scard(keys[0])) >= 2) id = /\{([0-9a-f]+)\}/.exec(keys[0])![1];
    }
    expect(id).toMatch(/^[0-9a-f]{8}$/);
    first.child.kill('SIGKILL');
    await first.done;
    const again = cascadeAsync(['run', file, '--store', store, '--json', '--cluster', redis.url, '--resume', id]);
    const r = await again.done;
    expect(r.status).toBe(0);
    // one block a shard: at least the two seen done, and not all of them
    const resumed = new RegExp(`resuming run ${id}: (\\d+) of (\\d+) shards were done`).exec(r.stderr);
    expect(resumed, r.stderr).not.toBeNull();
    expect(Number(resumed![2])).toBe(8192 / DEFAULT_BLOCK_SIZE);
    expect(Number(resumed![1])).toBeGreaterThanOrEqual(2);
    expect(Number(resumed![1])).toBeLessThanOrEqual(Number(resumed![2]));
    expect(numbers(r.stdout)).toBe(local(file));
    const runs = JSON.parse(cascade(['runs', '--json', '--store', store]).stdout) as { id: string; status: string }[];
    expect(runs.find((x) => x.id === id)?.status).toBe('complete');
    expect(await cascadeKeys()).toBe(0);
    // and a stored run is not resumed twice
    const twice = cascade(['run', file, '--store', store, '--cluster', redis.url, '--resume', id]);
    expect(twice.status).toBe(1);
    expect(twice.stderr).toMatch(/already complete/);
  }, 300_000);

  it('a worker refuses a job built by another Cascade, leaves it queued and says why', async () => {
    if (!workers.size) startWorker();
    const queue = new Queue(QUEUE_NAME, { connection: { host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null } });
    const runId = 'feedbeef';
    // the run of a coordinator of another build: its meta hash, then its job
    await client.hset(metaKey(runId), { cascadeVersion: '0.0.0-other', codeHash: '0123456789abcdef' });
    await queue.add('shard', { runId, point: 0, firstBlock: 0, endBlock: 1, cascadeVersion: '0.0.0-other', codeHash: '0123456789abcdef' }, { jobId: `${runId}-p0-b0` });
    let notices: string[] = [];
    for (let t = 0; t < 200 && !notices.length; t++) {
      await sleep(100);
      notices = await client.lrange(noticesKey(runId), 0, -1);
    }
    expect(notices[0]).toMatch(/refused shard feedbeef\/p1\/blocks 0–0: built by Cascade 0\.0\.0-other \(code 0123456789abcdef\); this worker is Cascade/);
    const job = await queue.getJob(`${runId}-p0-b0`);
    expect(await job?.getState()).toMatch(/delayed|waiting|active/); // not failed: left for a worker of that build
    expect(await client.exists(doneKey(runId, 0))).toBe(0);
    await job?.remove().catch(() => undefined);
    await client.del(noticesKey(runId), metaKey(runId));
    await queue.close();
  }, 60_000);

  it('an unreachable Redis is a clear error and the run is stored as failed, never complete', () => {
    const store = path.join(dir, 'store-down');
    const r = cascade(['run', scenario('down', 1024, 10), '--store', store, '--cluster', 'redis://127.0.0.1:1']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/cascade: cannot reach Redis at redis:\/\/127\.0\.0\.1:1: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const runs = JSON.parse(cascade(['runs', '--json', '--store', store]).stdout) as { status: string }[];
    expect(runs.map((x) => x.status)).toEqual(['failed']);
  }, 60_000);
});
