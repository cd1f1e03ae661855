// The cluster benchmark: one machine, a redis-server of its own on loopback, and the same
// scenario run (a) locally on one thread, (b) through the cluster with one worker process of
// one thread, (c) with two such workers. Prints the two-worker scaling (b / c) and the cost
// of a job (enqueue → merged result) as (b − a) / jobs, both measured in this script.
//
//   node bench/cluster.mjs [--paths N] [--steps N] [--job-blocks N] [--rounds N]
//
// Needs dist/ (npm run build) and redis-server (Debian's package; .ci/run installs it).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    paths: { type: 'string', default: '16384' },
    steps: { type: 'string', default: '180' },
    'job-blocks': { type: 'string', default: '1' },
    rounds: { type: 'string', default: '2' },
    help: { type: 'boolean', default: false },
  },
});
if (opts.help) {
  process.stdout.write('node bench/cluster.mjs [--paths N] [--steps N] [--job-blocks N] [--rounds N]\n');
  process.exit(0);
}
const BIN = fileURLToPath(new URL('../bin/cascade.mjs', import.meta.url));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-bench-cluster-'));
const file = path.join(dir, 'bench.yaml');
// the flagship's models minus the slow start-up ones would change little: run the flagship itself
const flagship = fileURLToPath(new URL('../scenarios/flagship.yaml', import.meta.url));
fs.writeFileSync(file, `extends: ${flagship}\nname: cluster-bench\npaths: ${opts.paths}\nhorizonDays: ${opts.steps}\n`);

const port = await new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const redisServer = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
const url = `redis://127.0.0.1:${port}`;
for (let t = 0; spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout?.trim() !== 'PONG'; t++) {
  if (t > 100) throw new Error(`redis-server did not start on ${port}`);
  await new Promise((r) => setTimeout(r, 100));
}

function timed(args) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`cascade ${args.join(' ')} failed: ${r.stderr}`);
  return { ms: performance.now() - t0, stderr: r.stderr, stdout: r.stdout };
}

function withWorkers(n, fn) {
  const ws = Array.from({ length: n }, () => spawn(process.execPath, [BIN, 'worker', '--cluster', url, '--threads', '1'], { stdio: 'ignore' }));
  try {
    return fn();
  } finally {
    for (const w of ws) w.kill('SIGTERM');
  }
}

const rows = [];
try {
  // the workers' own start-up (Node, the models) is outside the timings: they are started first and waited for
  const wait = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  for (let round = 0; round < Number(opts.rounds); round++) {
    const local = timed(['run', file, '--no-store', '--json', '--threads', '1']);
    const one = withWorkers(1, () => (wait(2500), timed(['run', file, '--no-store', '--json', '--cluster', url, '--job-blocks', opts['job-blocks']])));
    const two = withWorkers(2, () => (wait(2500), timed(['run', file, '--no-store', '--json', '--cluster', url, '--job-blocks', opts['job-blocks']])));
    const jobs = Number(/(\d+) shard job\(s\) queued/.exec(one.stderr)?.[1] ?? NaN);
    const same = (a, b) => {
      const strip = (s) => {
        const d = JSON.parse(s);
        delete d.manifest.elapsedMs;
        delete d.manifest.threads;
        return JSON.stringify(d);
      };
      return strip(a) === strip(b);
    };
    rows.push({ local: local.ms, one: one.ms, two: two.ms, jobs, identical: same(local.stdout, one.stdout) && same(local.stdout, two.stdout) });
  }
} finally {
  redisServer.kill('SIGTERM');
  fs.rmSync(dir, { recursive: true, force: true });
}

const best = (k) => Math.min(...rows.map((r) => r[k]));
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
process.stdout.write(`cluster benchmark: the flagship, ${opts.paths} paths × ${opts.steps} steps, ${rows[0].jobs} jobs of ${opts['job-blocks']} block(s), best of ${rows.length} rounds, ${os.availableParallelism()} cores\n`);
process.stdout.write(`  local, 1 thread            ${s(best('local'))}\n`);
process.stdout.write(`  cluster, 1 worker          ${s(best('one'))}   ${(best('one') / best('local')).toFixed(2)}× local\n`);
process.stdout.write(`  cluster, 2 workers         ${s(best('two'))}   scaling 1 → 2 workers ${(best('one') / best('two')).toFixed(2)}×\n`);
process.stdout.write(`  overhead per job           ${((best('one') - best('local')) / rows[0].jobs).toFixed(0)} ms (cluster 1 worker − local) / jobs\n`);
process.stdout.write(`  results bit-identical to local: ${rows.every((r) => r.identical) ? 'yes' : 'NO'}\n`);
