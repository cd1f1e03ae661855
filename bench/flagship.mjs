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
import { fileURLToPath } from 'node:url';

/** Targets of issue 14 for the flagship at 10,000 paths × 365 steps on 2 cores. */
const TARGETS = { usPerPathStepOneThread: 3.5, threadsSpeedup: 1.7, peakMB: 500, recordShare: 0.15, peakRatio: 1.3 };

/**
 * Runs the flagship in this process and prints one JSON line (the child's side).
 * @param {{ paths: number, steps: number, threads: number, block: number }} o
 */
export async function flagshipChild(o) {
  const { runPlan } = await import('../dist/engine/run.js');
  const { loadScenario } = await import('../dist/scenario/plan.js');
  const { registry, registryUrl } = await import('../dist/models/index.js');
  const { FLAGSHIP_SCENARIO } = await import('../dist/run-scenario.js');
  const plan = loadScenario(FLAGSHIP_SCENARIO, registry, { paths: o.paths, maxCells: 1e15, maxMemoryMB: 1e6 }).points[0].plan;
  plan.steps = o.steps;
  plan.blockSize = o.block;
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
    profile: outcome.profile,
    stepCpuUs: o.threads === 1 ? stepCpuUs : null,
  };
  console.log(JSON.stringify(out));
}

/**
 * Runs the children and prints the table (the parent's side).
 * @param {{ paths: number, steps: number, threads: number, block: number }} o
 */
export function flagshipBench(o) {
  const script = fileURLToPath(new URL('./run.mjs', import.meta.url));
  const pathSteps = o.paths * o.steps;
  const counts = [...new Set([1, o.threads])];
  console.log('');
  console.log(`flagship (scenarios/flagship.yaml, every model, its default record): ${o.paths.toLocaleString('en')} paths × ${o.steps} steps, block ${o.block}; each thread count in a process of its own`);
  const runs = [];
  for (const threads of counts) {
    const args = [script, '--flagship-child', '--paths', String(o.paths), '--steps', String(o.steps), '--threads', String(threads), '--block', String(o.block)];
    const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(`flagship child (${threads} threads) failed: ${r.stderr.trim()}`);
    const lines = r.stdout.trim().split('\n');
    runs.push(JSON.parse(lines[lines.length - 1]));
  }
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
