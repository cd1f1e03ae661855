import type { RunPlan } from '../engine/run-plan.js';
import { defaultThreads } from '../engine/run.js';
import { registry } from '../models/index.js';
import { FLAGSHIP_SCENARIO } from '../run-scenario.js';
import { loadScenario } from '../scenario/plan.js';
import { DEFAULT_MAX_CELLS } from '../scenario/schema.js';
import { resolveStoreDir } from '../store/store.js';
import { buildServer } from './app.js';
import { isLoopback } from './auth.js';
import { LIVE_BLOCK_SIZE } from './run-manager.js';

/** Options of `cascade serve`. */
export interface ServeOptions {
  host: string;
  port: number;
  /** `--token`, else CASCADE_TOKEN. */
  token?: string;
  store?: string;
  /** Runs at once (default 1: one run with every core). */
  concurrency?: number;
  threads?: number;
  maxCells?: number;
  /** MB. */
  maxMemory?: number;
  maxPoints?: number;
}

/** The scenario bounds `cascade serve` applies when not told otherwise (those of `cascade run`). */
export const SERVE_DEFAULT_LIMITS = { maxCells: DEFAULT_MAX_CELLS, maxMemoryMB: 4096, maxPoints: 10_000 };

/** A wrong use of `cascade serve` (printed alone, exit code 1). */
export class ServeError extends Error {
  override name = 'ServeError';
}

/**
 * `cascade serve`: the API and the workbench on HOST:PORT (127.0.0.1 by default). Binding
 * any other address requires a token. Prints the URL; Ctrl-C stops it, marking queued and
 * running runs interrupted.
 */
export async function serveCommand(opts: ServeOptions, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const token = opts.token ?? (env.CASCADE_TOKEN || undefined);
  if (!isLoopback(opts.host) && !token) throw new ServeError(`binding ${opts.host} (not a loopback address) needs a token: pass --token TOKEN or set CASCADE_TOKEN`);
  if (token !== undefined && token.length < 16) throw new ServeError('the token must be at least 16 characters long');
  const { app } = await buildServer({
    registry,
    storeDir: resolveStoreDir(opts.store),
    token,
    concurrency: opts.concurrency,
    threads: opts.threads,
    warmUp: warmUpPlan(opts.threads ?? defaultThreads()),
    limits: { maxCells: opts.maxCells ?? SERVE_DEFAULT_LIMITS.maxCells, maxMemoryMB: opts.maxMemory ?? SERVE_DEFAULT_LIMITS.maxMemoryMB, maxPoints: opts.maxPoints ?? SERVE_DEFAULT_LIMITS.maxPoints },
  });
  let address: string;
  try {
    address = await app.listen({ host: opts.host, port: opts.port });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new ServeError(`cannot listen on ${opts.host}:${opts.port}: ${e.code === 'EADDRINUSE' ? 'the port is in use (pick another with --port, or 0 for a free one)' : e.message}`);
  }
  const url = address.replace('://[::1]', '://localhost');
  process.stdout.write(`cascade workbench: ${url}/${token ? '  (send the token: Authorization: Bearer …, or open ' + url + '/#token=…)' : ''}\n`);
  const stop = () => {
    process.stderr.write('\ncascade serve: stopping (queued and running runs are marked interrupted)\n');
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/**
 * The warm-up of `cascade serve`'s worker threads: three blocks of the flagship per thread over
 * its first 60 days, every model's step compiled before the first request (a cold first block
 * takes ~3× a warm one, and one block was not enough; bench/serve-first-partial.mjs).
 */
export function warmUpPlan(threads: number): RunPlan {
  const plan = loadScenario(FLAGSHIP_SCENARIO, registry, { paths: 3 * LIVE_BLOCK_SIZE * threads, set: ['horizonDays=60'] }).points[0].plan;
  return { ...plan, blockSize: LIVE_BLOCK_SIZE };
}
