// The flagship chain, timed as a user runs it: `node bench/run.mjs --kernel flagship`.
//
// Each configuration (one thread, then all threads) runs in a child process of its own, so that
// its peak memory (the process's maximum resident set, every thread included) and its CPU time
// (process.cpuUsage, every thread included) are its own. Each child runs the flagship scenario
// (scenarios/flagship.yaml, every model, what it records by default) once, profiled: the time of
// each model's step and of recording, summed over threads. The parent prints µs per path-step
// (wall and CPU), per model, the recording's share of the CPU, peak memory, and the targets of
// issue 14.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { buildRevision, flagshipOf } from './revision.mjs';
import { least, median, ratio } from './rounds.mjs';

/** Targets of issue 14 for the flagship at 10,000 paths × 365 steps on 2 cores. */
const TARGETS = { usPerPathStepOneThread: 3.5, threadsSpeedup: 1.7, peakMB: 500, recordShare: 0.15, peakRatio: 1.3 };

/**
 * Runs the flagship in this process and prints one JSON line (the child's side).
 * @param {{ paths: number, steps: number, threads: number, block?: number, root?: string }} o (root: the checkout whose dist/ runs; default this one)
 */
export async function flagshipChild(o) {
  // the build to run: this checkout's, or (--against) another revision's, built beside it
  const { plan, runPlan, registry, registryUrl } = await flagshipOf(o.paths, o.root);
  plan.steps = o.steps;
  // without --block each build runs at its own engine's default block
  if (o.block !== undefined) plan.blockSize = o.block;
  // on one thread every step runs in this thread: each model's CPU time is process.cpuUsage
  // around its step (two getrusage calls a model and block-step); Node 20 has no per-thread
  // CPU clock, so with workers only the clock times of the profile are per model
  const stepCpuUs = {};
  if (o.threads === 1) {
    for (const m of registry.models) {
      const step = m.step;
      stepCpuUs[m.name] = 0;
      m.step = (ctx) => {
        const before = process.cpuUsage();
        step(ctx);
        const used = process.cpuUsage(before);
        stepCpuUs[m.name] += used.user + used.system;
      };
    }
  }
  const rssBeforeMB = process.memoryUsage().rss / 2 ** 20;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const outcome = await runPlan(plan, { registryUrl, threads: o.threads, profile: true });
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const out = {
    threads: outcome.threads,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakMB: process.resourceUsage().maxRSS / 1024,
    rssBeforeMB,
    signals: plan.record.length,
    storeBytes: typeof outcome.record.storeBytes === 'function' ? outcome.record.storeBytes() : null,
    // builds before the profile option (issue 14's first) return none
    profile: outcome.profile ?? null,
    blockSize: plan.blockSize,
    stepCpuUs: o.threads === 1 ? stepCpuUs : null,
  };
  console.log(JSON.stringify(out));
}

/**
 * Runs the flagship in a child process of its own and returns what it printed.
 * @param {{ paths: number, steps: number, threads: number, block?: number, root?: string }} o
 */
function runChild(o) {
  const script = fileURLToPath(new URL('./run.mjs', import.meta.url));
  const args = [script, '--flagship-child', '--paths', String(o.paths), '--steps', String(o.steps), '--threads', String(o.threads)];
  if (o.block !== undefined) args.push('--block', String(o.block));
  if (o.root !== undefined) args.push('--root', o.root);
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`flagship child (${o.threads} threads${o.root === undefined ? '' : `, ${o.root}`}) failed: ${r.stderr.trim()}`);
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

/**
 * Runs the children and prints the table (the parent's side).
 * @param {{ paths: number, steps: number, threads: number, block: number }} o
 */
export function flagshipBench(o) {
  const pathSteps = o.paths * o.steps;
  const counts = [...new Set([1, o.threads])];
  console.log('');
  console.log(`flagship (scenarios/flagship.yaml, every model, its default record): ${o.paths.toLocaleString('en')} paths × ${o.steps} steps, block ${o.block}; each thread count in a process of its own`);
  const runs = counts.map((threads) => runChild({ ...o, threads }));
  const us = (ms) => ((ms * 1000) / pathSteps).toFixed(2);
  console.log('');
  // the per-model figures are clock time inside the threads (Node 20 has no per-thread CPU clock),
  // summed over threads; the recording's share is taken among them, which a busy machine
  // inflates alike, so it is steadier than against the process's CPU time
  const inSteps = (r) => r.profile.stepMs.reduce((a, b) => a + b, 0) + r.profile.recordMs;
  const recordShare = (r) => r.profile.recordMs / inSteps(r);
  console.log('| threads | wall µs/path-step | CPU µs/path-step | recording, share of step time | merge ms | peak MB (before the run) | record store MB |');
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of runs) {
    const store = r.storeBytes === null ? 'n/a' : (r.storeBytes / 2 ** 20).toFixed(1);
    console.log(`| ${r.threads} | ${us(r.wallMs)} | ${us(r.cpuMs)} | ${(100 * recordShare(r)).toFixed(1)}% | ${r.profile.mergeMs.toFixed(0)} | ${r.peakMB.toFixed(0)} (${r.rssBeforeMB.toFixed(0)}) | ${store} |`);
  }
  console.log('');
  console.log(`| model (step order) | ${runs.map((r) => `thread µs/path-step, ${r.threads} thread(s)`).join(' | ')} |`);
  console.log(`| --- |${runs.map(() => ' ---: |').join('')}`);
  const { models } = runs[0].profile;
  models.forEach((m, k) => console.log(`| ${m} | ${runs.map((r) => us(r.profile.stepMs[k])).join(' | ')} |`));
  console.log(`| (recording) | ${runs.map((r) => us(r.profile.recordMs)).join(' | ')} |`);
  console.log(`| (all steps and recording) | ${runs.map((r) => us(inSteps(r))).join(' | ')} |`);
  const cpuRun = runs.find((r) => r.stepCpuUs);
  if (cpuRun) {
    // CPU time is what a busy machine inflates least (wall and thread clock times include waiting)
    console.log('');
    console.log('| model (step order) | CPU µs/path-step, 1 thread (process.cpuUsage around each step) |');
    console.log('| --- | ---: |');
    let total = 0;
    for (const m of models) {
      total += cpuRun.stepCpuUs[m];
      console.log(`| ${m} | ${(cpuRun.stepCpuUs[m] / pathSteps).toFixed(2)} |`);
    }
    console.log(`| (all models) | ${(total / pathSteps).toFixed(2)} |`);
  }
  const one = runs[0];
  const many = runs[runs.length - 1];
  console.log('');
  console.log('| target (issue 14) | measured | target |');
  console.log('| --- | ---: | ---: |');
  console.log(`| one thread, wall µs/path-step | ${us(one.wallMs)} | ≤ ${TARGETS.usPerPathStepOneThread} |`);
  console.log(`| recording, share of one thread's step time | ${(100 * recordShare(one)).toFixed(1)}% | ≤ ${100 * TARGETS.recordShare}% |`);
  if (many !== one) {
    console.log(`| ${many.threads} threads / 1 thread (wall) | ${(one.wallMs / many.wallMs).toFixed(2)}× | ≥ ${TARGETS.threadsSpeedup}× |`);
    console.log(`| peak memory, ${many.threads} threads / 1 thread | ${(many.peakMB / one.peakMB).toFixed(2)}× | ≤ ${TARGETS.peakRatio}× |`);
  }
  console.log(`| peak memory, MB (largest) | ${Math.max(...runs.map((r) => r.peakMB)).toFixed(0)} | ≤ ${TARGETS.peakMB} |`);
}

/** The build issue 14 was filed on, where the flagship ran one thread at 10.8 µs a path-step; the target is 3.5. */
const ISSUE_BUILD = { commit: '2102d2c', speedup: 10.8 / TARGETS.usPerPathStepOneThread };

/**
 * This build against an earlier revision on `threads` threads (1 unless asked): the revision is
 * checked out and built beside this checkout (revision.mjs), then the two run the flagship in
 * turn, `rounds` times, each run in a process of its own, and the ratios are printed — the
 * one-thread target as a ratio measured within one script, where absolute µs move with the
 * machine's day; on more threads, what a user running at the default thread count gains. Each
 * model's CPU time is printed on one thread only (Node 20 has no per-thread CPU clock).
 * @param {{ paths: number, steps: number, threads: number, block?: number, rounds: number, rev: string }} o
 */
export function flagshipAgainst(o) {
  const base = buildRevision(o.rev);
  try {
    const name = base.commit.slice(0, 7);
    const us = (ms) => (ms * 1000) / (o.paths * o.steps);
    const f = (x) => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');
    console.log('');
    console.log(`flagship on ${o.threads === 1 ? 'one thread' : `${o.threads} threads`}, this build against ${name} (${o.rev}): ${o.paths.toLocaleString('en')} paths × ${o.steps} steps, ${o.rounds} round(s), the two in turn, each run in a process of its own (µs per path-step)`);
    const rounds = [];
    for (let r = 1; r <= o.rounds; r++) {
      const before = runChild({ ...o, root: base.root });
      const after = runChild(o);
      rounds.push({ before, after });
      console.log(`round ${r}: ${name} (block ${before.blockSize}) wall ${f(us(before.wallMs))}, CPU ${f(us(before.cpuMs))} | this build (block ${after.blockSize}) wall ${f(us(after.wallMs))}, CPU ${f(us(after.cpuMs))} | load ${loadavg()[0].toFixed(1)}`);
    }
    const of = (side, key) => rounds.map((r) => us(r[side][key]));
    const speedups = (key) => rounds.map((r) => r.before[key] / r.after[key]);
    console.log('');
    console.log(`| µs per path-step | ${name}, best | median | this build, best | median | ${name} / this build: of the bests | median of the rounds' ratios |`);
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const [label, key] of [['wall', 'wallMs'], ['CPU', 'cpuMs']]) {
      const b = of('before', key);
      const a = of('after', key);
      console.log(`| ${label} | ${f(least(b))} | ${f(median(b))} | ${f(least(a))} | ${f(median(a))} | ${ratio(least(b) / least(a))} | ${ratio(median(speedups(key)))} |`);
    }
    if (o.threads !== 1) return;
    // each model's CPU time inside its step (process.cpuUsage around it), best round of each build
    const models = [...new Set(rounds.flatMap((r) => [...Object.keys(r.before.stepCpuUs), ...Object.keys(r.after.stepCpuUs)]))];
    const stepUs = (side, m) => least(rounds.map((r) => (r[side].stepCpuUs[m] ?? NaN) / (o.paths * o.steps)));
    console.log('');
    console.log(`| model | ${name}, CPU µs/path-step (best) | this build | ${name} / this build |`);
    console.log('| --- | ---: | ---: | ---: |');
    for (const m of models) console.log(`| ${m} | ${f(stepUs('before', m))} | ${f(stepUs('after', m))} | ${ratio(stepUs('before', m) / stepUs('after', m))} |`);
    if (base.commit.startsWith(ISSUE_BUILD.commit)) {
      console.log('');
      console.log(`issue 14's one-thread target, ≤ ${TARGETS.usPerPathStepOneThread} µs where ${ISSUE_BUILD.commit} ran 10.8, is ${ratio(ISSUE_BUILD.speedup)} that build: measured ${ratio(median(speedups('wallMs')))} (wall, median of the rounds' ratios)`);
    }
  } finally {
    base.dispose();
  }
}
