/**
 * A fuzz worker (a child process of run-fuzz.ts): takes case numbers over IPC, writes each case,
 * checks it in this process (check.ts) and, for every `spawnEvery`-th case, with the built CLI
 * too, and reports the outcome. The parent times each case: a hang or a crash (out of memory)
 * ends this process, and the parent counts it and starts another.
 */
import fs from 'node:fs';
import path from 'node:path';
import { checkInProcess, checkSpawned } from './check.js';
import { generateCase, writeCase } from './generate.js';

interface Job {
  index: number;
  seed: number;
  dir: string;
  spawnEvery: number;
  spawnTimeoutMs: number;
}

process.on('message', async (job: Job) => {
  const c = generateCase(job.seed, job.index);
  process.send!({ type: 'start', index: job.index, kind: c.kind });
  const file = writeCase(job.dir, c);
  const outcome = await checkInProcess(c, file);
  if (job.spawnEvery > 0 && job.index % job.spawnEvery === 0) outcome.calls.push(...checkSpawned(c, file, job.spawnTimeoutMs));
  // large cases are not kept (a 1.1 MiB name, a long extends chain)
  for (const name of Object.keys(c.files)) if (fs.statSync(path.join(job.dir, name)).size > 64 * 1024) fs.rmSync(path.join(job.dir, name));
  process.send!({ type: 'done', outcome });
});
process.send!({ type: 'ready' });
