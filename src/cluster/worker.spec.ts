import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../../test/redis-server.test-helper.js';
import { doneKey, metaKey, noticesKey, planKey, resultKey, runPrefix } from './keys.js';
import { pushNotice, storeShard } from './worker.js';

describe('storeShard', () => {
  let redis: TestRedis;
  let client: Redis;
  beforeAll(async () => {
    redis = await startRedis();
    client = new Redis(redis.url);
  }, 30_000);
  afterAll(async () => {
    client.disconnect();
    await redis.stop();
  });

  it('stores the record and marks the shard done while the run is in Redis, and writes nothing once it has finished', async () => {
    const record = new Uint8Array([1, 2, 3, 250]);
    await client.set(planKey('run1', 0), 'plan');
    expect(await storeShard(client, 'run1', 0, 8, record)).toBe(true);
    expect([...(await client.getBuffer(resultKey('run1', 0, 8)))!]).toEqual([1, 2, 3, 250]);
    expect(await client.smembers(doneKey('run1', 0))).toEqual(['8']);
    // the coordinator finished: its keys are gone; a late copy of a shard leaves none behind
    await client.del(planKey('run1', 0), resultKey('run1', 0, 8), doneKey('run1', 0));
    expect(await storeShard(client, 'run1', 0, 16, record)).toBe(false);
    expect(await client.keys(`${runPrefix('run1').replace(/[{}]/g, '\\$&')}*`)).toEqual([]);
  });

  it('adds a notice while the run is in Redis, and none once it has finished (a late failure of a retaken job)', async () => {
    await client.hset(metaKey('run2'), { version: 'x' });
    await pushNotice(client, 'run2', 'FAILED shard p1/blocks 0–0: boom');
    expect(await client.lrange(noticesKey('run2'), 0, -1)).toEqual(['FAILED shard p1/blocks 0–0: boom']);
    await client.del(metaKey('run2'), noticesKey('run2'));
    await pushNotice(client, 'run2', 'FAILED shard p1/blocks 8–8: late');
    expect(await client.exists(noticesKey('run2'))).toBe(0);
  });
});
