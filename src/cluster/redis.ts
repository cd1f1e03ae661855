import type { ConnectionOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import { ClusterError } from './errors.js';

/** Where Redis is, from a `redis://[user:password@]host[:port][/db]` URL. */
export interface RedisTarget {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  /** The URL as given, without its password, for messages. */
  shown: string;
}

/** Reads a `--cluster` URL, or says what was expected. */
export function parseRedisUrl(text: string): RedisTarget {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new ClusterError(`--cluster: expected a Redis URL such as redis://127.0.0.1:6379, found ${JSON.stringify(text)}`);
  }
  if (u.protocol !== 'redis:') throw new ClusterError(`--cluster: expected a redis:// URL, found the scheme ${JSON.stringify(u.protocol)} in ${JSON.stringify(text)}`);
  const port = u.port ? Number(u.port) : 6379;
  const dbText = u.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : Number(dbText);
  if (!u.hostname || !Number.isInteger(port) || port < 1 || port > 65535) throw new ClusterError(`--cluster: expected host and port in ${JSON.stringify(text)}`);
  if (!Number.isInteger(db) || db < 0) throw new ClusterError(`--cluster: expected a database number after the port (redis://host:port/0), found ${JSON.stringify(dbText)}`);
  const shown = `redis://${u.hostname}:${port}${db ? `/${db}` : ''}`;
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port, db, username: u.username || undefined, password: u.password ? decodeURIComponent(u.password) : undefined, shown };
}

/** ioredis options for a target; BullMQ needs `maxRetriesPerRequest: null` on its connections. */
export function redisOptions(t: RedisTarget, extra: RedisOptions = {}): RedisOptions {
  return { host: t.host, port: t.port, db: t.db, username: t.username, password: t.password, maxRetriesPerRequest: null, ...extra };
}

/** The same, as BullMQ's queues and workers take them (BullMQ opens its own ioredis connections). */
export function bullConnection(t: RedisTarget): ConnectionOptions {
  return { host: t.host, port: t.port, db: t.db, username: t.username, password: t.password, maxRetriesPerRequest: null };
}

/**
 * A connection that is known to answer: connects once (no retries, `timeoutMs`) and PINGs;
 * if Redis cannot be reached, a ClusterError says where and why, before anything is queued.
 */
export async function connectRedis(t: RedisTarget, timeoutMs = 5000): Promise<Redis> {
  const probe = new Redis(redisOptions(t, { lazyConnect: true, connectTimeout: timeoutMs, retryStrategy: () => null, maxRetriesPerRequest: 1, enableOfflineQueue: false }));
  probe.on('error', () => undefined); // reported through connect() below
  try {
    await probe.connect();
    await probe.ping();
  } catch (err) {
    probe.disconnect();
    throw new ClusterError(`cannot reach Redis at ${t.shown}: ${(err as Error)?.message ?? String(err)} (is redis-server running there, and reachable from this machine?)`);
  }
  probe.disconnect();
  // the working connection retries on its own: a Redis restart mid-run is waited out
  const client = new Redis(redisOptions(t));
  client.on('error', () => undefined); // the coordinator's poll loop reports a Redis that stays away
  return client;
}
