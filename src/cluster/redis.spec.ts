import { describe, expect, it } from 'vitest';
import { ClusterError } from './errors.js';
import { connectRedis, parseRedisUrl } from './redis.js';

describe('parseRedisUrl', () => {
  it('reads host, port, database and a password it never shows', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6391')).toMatchObject({ host: '127.0.0.1', port: 6391, db: 0, shown: 'redis://127.0.0.1:6391' });
    const t = parseRedisUrl('redis://:s3cret@cache.internal/2');
    expect(t).toMatchObject({ host: 'cache.internal', port: 6379, db: 2, password: 's3cret' });
    expect(t.shown).not.toMatch(/s3cret/);
  });

  it('says what was expected', () => {
    expect(() => parseRedisUrl('localhost:6379')).toThrow(/expected a redis:\/\/ URL/);
    expect(() => parseRedisUrl('http://x:1')).toThrow(ClusterError);
    expect(() => parseRedisUrl('redis://x:1/db')).toThrow(/database number/);
    expect(() => parseRedisUrl('not a url')).toThrow(/expected a Redis URL such as/);
  });

  it('a Redis that does not answer is a clear error, not a hang', async () => {
    // port 1 on loopback: nothing listens there
    await expect(connectRedis(parseRedisUrl('redis://127.0.0.1:1'), 2000)).rejects.toThrow(/^cannot reach Redis at redis:\/\/127.0.0.1:1: .+ \(is redis-server running there/);
  });
});
