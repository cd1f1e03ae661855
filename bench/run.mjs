// The kernel benchmarks: the engine on one thread and on all threads against the same kernel
// in NumPy. Run by `npm run bench` (which builds dist/ first); bench/README.md has the figures.
//
//   node bench/run.mjs [--kernel all|market|leverage|supply|flagship|mining|lender|leverage-c] [--paths N] [--steps N]
//                      [--rounds N] [--threads N] [--block N] [--python CMD] [--cc CMD]
//                      [--venues one|default]   (--help lists them)
//
// Kernels: `market` (the market model alone, vs bench/market-kernel.py; default 1,000,000
// paths) and `leverage` (the liquidation cascade with a one-regime market, vs
// bench/leverage-kernel.py; default 100,000 paths, 64 bins a side, one venue as in the NumPy
// kernel; --venues default times the model's default venues, against the same one-venue NumPy).
// --paths overrides both.
// The market kernel also runs against the same step in C (bench/market-kernel.c, compiled with
// --cc into a temporary folder). `supply` (not in `all`): the supply model alone against its
// step in C (bench/supply-kernel.c) on the engine's own records, checked bit for bit first.
// `mining`, `lender` (bench/block-kernels.mjs) and `leverage-c` (bench/leverage-c.mjs, the
// leverage model's whole step) likewise on one block of the flagship's own records.
// Each round runs the contenders one after the other, so that a slow spell of the
// machine hits all of them; the tables report the best round of each (and the median), and
// the ratios both between the bests and as the median of each round's own ratio.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const HELP = `node bench/run.mjs [options]   (npm run bench builds dist/ first; bench/README.md has the figures)

  --kernel K     all (default: market, then leverage), market (also against C), leverage,
                 supply (against its step in C), or flagship (the whole chain of
                 scenarios/flagship.yaml: µs per path-step wall and CPU, per model, recording's
                 share, peak memory, on 1 and on --threads threads, each in a process of its
                 own); mining (the failure step) and lender (the loan-book valuation),
                 each a model's function on one block of the flagship's paths against
                 the same step in C, checked bit for bit; leverage-c (the leverage
                 model's whole step, three venues, replayed over the flagship's own inputs
                 captured step by step, against the same step in C, checked bit for bit);
                 supply, flagship, mining, lender and leverage-c are not part of all
  --paths N      paths (default: market 1,000,000; leverage and supply 100,000; flagship 10,000;
                 mining, lender and leverage-c 20,000; leverage-c runs whole blocks)
  --steps N      steps (default 365)
  --rounds N     rounds of each contender, best and median reported (default 3; flagship: only
                 with --against)
  --threads N    threads of the multi-threaded contender (default: every core)
  --venues V     leverage kernel: one (default, the NumPy kernel's pooled book) or default (the
                 model's default venues, against the same one-venue NumPy)
  --block N      paths per block (default 1024; flagship: the engine's default)
  --against REV  flagship: this build against revision REV (a commit git resolves: 2102d2c
                 is the build issue 14 was filed on), checked out and compiled in a temporary
                 worktree, the two in turn for --rounds rounds (each at its own default block
                 unless --block), on one thread unless --threads is given, with the ratios
                 (one thread: each model's too, and the issue's target as a ratio to 2102d2c)
  --python CMD   the Python that runs the NumPy kernels (default python3)
  --cc CMD       the C compiler of the C kernels (default gcc)
  --help         this text`;

/** A bad command line: one line saying what, then the options; no stack trace. */
function usageError(message) {
  console.error(`bench/run.mjs: ${message}\n\n${HELP}`);
  process.exit(2);
}

function parseArgsOrExit(config) {
  try {
    return parseArgs(config);
  } catch (e) {
    return usageError(e.message);
  }
}

const { values: opts } = parseArgsOrExit({
  options: {
    kernel: { type: 'string', default: 'all' },
    paths: { type: 'string' },
    steps: { type: 'string', default: '365' },
    rounds: { type: 'string', default: '3' },
    threads: { type: 'string' },
    block: { type: 'string' },
    python: { type: 'string', default: 'python3' },
    cc: { type: 'string', default: 'gcc' },
    help: { type: 'boolean', default: false },
    against: { type: 'string' },
    'flagship-child': { type: 'boolean', default: false },
    root: { type: 'string' },
    venues: { type: 'string', default: 'one' },
  },
});
if (opts.help) {
  console.log(HELP);
  process.exit(0);
}
// the engine is the built one (dist/): loaded only now, so that --help and a bad option answer without it
if (!existsSync(new URL('../dist/engine/run.js', import.meta.url))) {
  console.error('bench/run.mjs: dist/ is missing: run `npm run build` first (`npm run bench` builds and runs)');
  process.exit(2);
}
const { defaultThreads, runPlan } = await import('../dist/engine/run.js');
const { defaultSettings, preparePlan } = await import('../dist/engine/prepare.js');
const { BlockWorkspace } = await import('../dist/engine/block-runner.js');
const { DEFAULT_BLOCK_SIZE } = await import('../dist/engine/run-plan.js');
const { registry, registryUrl } = await import('../dist/models/index.js');
const supplyLayout = await import('../dist/models/supply/layout.js');
const { flagshipAgainst, flagshipBench, flagshipChild } = await import('./flagship.mjs');
const { KERNELS: BLOCK_KERNELS, runBlockKernel } = await import('./block-kernels.mjs');
const { best, fmt, median, ratio } = await import('./rounds.mjs');

const steps = positiveInt('steps');
const rounds = positiveInt('rounds');
const threads = opts.threads === undefined ? defaultThreads() : positiveInt('threads');
// kernels against NumPy and C: 1,024-path blocks (as their baselines); the flagship: the engine's default
const blockSize = opts.block === undefined ? 1024 : positiveInt('block');

function positiveInt(name, value = opts[name]) {
  const v = Number(value);
  if (!Number.isInteger(v) || v < 1) usageError(`--${name} must be a positive integer, got ${value}`);
  return v;
}

const model = (name) => registry.models.find((m) => m.name === name);

/** A plan of the given models with their settings; nothing recorded, so the kernel is what is timed. */
function planOf(name, paths, models, record = []) {
  return {
    scenarioName: name,
    seed: 1,
    paths,
    steps,
    stepDays: 1,
    startDate: '2026-02-05',
    blockSize,
    models,
    schedule: [],
    events: [],
    record,
    samplePaths: 0,
    keepTerminal: false,
    sketchAlpha: 0.01,
  };
}

/** Largest relative gap of the leverage check's two means that still counts as the same cascade. */
const SAME_CASCADE_TOLERANCE = 0.03;
const pct = (x) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}%`;

const KERNELS = {
  market: {
    title: 'market kernel',
    paths: 1_000_000,
    script: 'market-kernel.py',
    /** The same step in C (bench/market-kernel.c), compiled for this machine: the upper yardstick. */
    c: 'market-kernel.c',
    models: () => [{ name: 'market', settings: defaultSettings(model('market')) }],
    targets: { numpy: 1, threads: 1.8, c: 0.35 },
  },
  leverage: {
    title: 'leverage cascade kernel (64 bins a side; the market in one regime, no jumps)',
    paths: 100_000,
    script: 'leverage-kernel.py',
    models: () => [
      { name: 'market', settings: { ...defaultSettings(model('market')), initialRegime: 'calm', calmToStressPerDay: 0, jumpsCalmPerYear: 0 } },
      { name: 'leverage', settings: { ...defaultSettings(model('leverage')), ...(opts.venues === 'default' ? {} : { venues: { all: { title: 'one venue', openInterestShare: 1, insuranceFundShare: 1, fundDrawPerStep: 1 } } }) } },
    ],
    targets: { numpy: 2, threads: 1.8 },
    /** Same cascade? The engine's mean liquidations per path-step and final open interest, recorded (untimed), beside NumPy's. */
    check: true,
  },
  supply: {
    title: 'supply kernel (the supply model alone: default items, status quo, no consumer model, demand smoothing drawn per path)',
    paths: 100_000,
    /** The same step in C (bench/supply-kernel.c) on the engine's own records; no NumPy version. */
    c: 'supply-kernel.c',
    native: supplyNative,
    // demandSmoothingDays drawn per path (13–15 days about the default 14), so that no two paths'
    // records are alike: kernel.ts steps an item no consumer orders once for every path when all
    // paths' records of it are alike (here every item would be, with plain numbers), and the C
    // kernel steps every path
    models: () => [{ name: 'supply', settings: { ...defaultSettings(model('supply')), demandSmoothingDays: { dist: 'uniform', min: 13, max: 15 } } }],
    targets: { threads: 1.8, c: 0.35 },
  },
};

const flagshipPaths = () => (opts.paths === undefined ? 10_000 : positiveInt('paths'));
if (opts['flagship-child']) {
  // the parent passes --block when it means one; without, the build's own default
  await flagshipChild({ paths: flagshipPaths(), steps, threads, block: opts.block === undefined ? undefined : blockSize, root: opts.root });
  process.exit(0);
}
if (opts.against !== undefined && opts.kernel !== 'flagship') usageError('--against is an option of --kernel flagship');
if (opts.kernel === 'flagship' && opts.against !== undefined) {
  try {
    flagshipAgainst({ paths: flagshipPaths(), steps, rounds, threads: opts.threads === undefined ? 1 : threads, block: opts.block === undefined ? undefined : blockSize, rev: opts.against });
  } catch (e) {
    console.error(`bench/run.mjs: ${e.message}`);
    process.exit(1);
  }
  process.exit(0);
}
if (opts.kernel === 'flagship') {
  flagshipBench({ paths: flagshipPaths(), steps, threads, block: opts.block === undefined ? DEFAULT_BLOCK_SIZE : blockSize });
  process.exit(0);
}
if (opts.kernel === 'mining' || opts.kernel === 'lender' || opts.kernel === 'leverage-c') {
  const make = opts.kernel === 'leverage-c' ? (await import('./leverage-c.mjs')).leverageKernel : BLOCK_KERNELS[opts.kernel];
  const asked = opts.paths === undefined ? 20_000 : positiveInt('paths');
  // leverage-c: whole blocks on both sides, the paths rounded up to a multiple of the block
  const paths = opts.kernel === 'leverage-c' ? Math.ceil(asked / blockSize) * blockSize : asked;
  try {
    runBlockKernel(make(blockSize, steps), { block: blockSize, steps, paths, rounds, cc: opts.cc });
  } catch (e) {
    console.error(`bench/run.mjs: ${e.message}`);
    process.exit(1);
  }
  process.exit(0);
}
// `all`: the kernels with a NumPy version (supply runs on request: --kernel supply)
const selected = opts.kernel === 'all' ? ['market', 'leverage'] : [opts.kernel];
for (const k of selected) if (!KERNELS[k]) usageError(`--kernel must be all, flagship, mining, lender, leverage-c, ${Object.keys(KERNELS).join(' or ')}; got ${k}`);

for (const name of selected) await bench(name, KERNELS[name]);

async function bench(name, kernel) {
  const paths = opts.paths === undefined ? kernel.paths : positiveInt('paths');
  const pathSteps = paths * steps;
  const plan = planOf(`bench-${name}`, paths, kernel.models());
  const engine = async (threadCount) => pathSteps / ((await runPlan(plan, { registryUrl, threads: threadCount })).elapsedMs / 1000);
  let last = null;
  const numpy = () => {
    const script = fileURLToPath(new URL(`./${kernel.script}`, import.meta.url));
    const r = spawnSync(opts.python, [script, '--paths', String(paths), '--steps', String(steps)], { encoding: 'utf8' });
    if (r.error || r.status !== 0) {
      console.error(`NumPy kernel failed: ${r.error?.message ?? r.stderr.trim()}`);
      return NaN;
    }
    const lines = r.stdout.trim().split('\n');
    last = JSON.parse(lines[lines.length - 1]);
    return last.pathStepsPerSecond;
  };
  const contenders = [
    { name: 'engine, 1 thread', run: () => engine(1), rates: [] },
    { name: `engine, ${threads} threads`, run: () => engine(threads), rates: [] },
  ];
  const np = kernel.script ? { name: 'NumPy (1 thread)', run: async () => numpy(), rates: [] } : null;
  if (np) contenders.push(np);
  const native = kernel.c ? (kernel.native ? kernel.native(plan) : compileC(kernel.c)) : null;
  const c = native ? { name: 'C -O3 -march=native (1 thread)', run: async () => native.run(paths), rates: [] } : null;
  if (c) contenders.push(c);
  console.log('');
  console.log(`${kernel.title}: ${paths.toLocaleString('en')} paths × ${steps} steps, block ${blockSize}, ${rounds} round(s), each running the contenders in turn; best and median rounds reported`);
  for (let r = 1; r <= rounds; r++) {
    const line = [];
    for (const c of contenders) {
      const rate = await c.run();
      c.rates.push(rate);
      line.push(`${c.name} ${fmt(rate)}`);
    }
    console.log(`round ${r}: ${line.join(' | ')}`);
  }
  const [one, many] = contenders;
  // ratios within a round: its contenders ran back to back, so a slow spell of the machine
  // tends to hit both sides of the ratio
  const paired = (a, b) => a.rates.map((x, r) => x / b.rates[r]);
  console.log('');
  console.log('| contender | best M path-steps/s | median |');
  console.log('| --- | ---: | ---: |');
  for (const c of contenders) console.log(`| ${c.name} | ${fmt(best(c.rates))} | ${fmt(median(c.rates))} |`);
  console.log('');
  console.log("| ratio | of the bests | median of the rounds' ratios | target |");
  console.log('| --- | ---: | ---: | ---: |');
  if (np) console.log(`| engine 1 thread / NumPy | ${ratio(best(one.rates) / best(np.rates))} | ${ratio(median(paired(one, np)))} | ≥ ${kernel.targets.numpy} |`);
  console.log(`| engine ${threads} threads / engine 1 thread | ${ratio(best(many.rates) / best(one.rates))} | ${ratio(median(paired(many, one)))} | ≥ ${kernel.targets.threads} (2 cores) |`);
  if (c) {
    console.log(`| engine 1 thread / C | ${ratio(best(one.rates) / best(c.rates))} | ${ratio(median(paired(one, c)))} | ≥ ${kernel.targets.c} |`);
    native.dispose();
  }
  if (kernel.check && last) {
    const checked = await runPlan(planOf(`check-${name}`, paths, kernel.models(), ['leverage.liquidatedUsd', 'leverage.openInterestUsd']), { registryUrl, threads });
    const liq = checked.record.signals.get('leverage.liquidatedUsd');
    let sum = 0;
    for (let t = 1; t <= steps; t++) sum += liq.sums.value(t) / paths;
    const oi = checked.record.signals.get('leverage.openInterestUsd').sums.value(steps) / paths;
    console.log('');
    // different random streams (xoshiro per path against PCG64): equal within Monte Carlo error
    // if both do the same step; 3% is several standard errors of either mean at 100,000 paths
    const liqGap = sum / steps / last.meanLiquidatedUsdPerStep - 1;
    const oiGap = oi / last.meanOpenInterestUsd - 1;
    const same = Math.abs(liqGap) <= SAME_CASCADE_TOLERANCE && Math.abs(oiGap) <= SAME_CASCADE_TOLERANCE;
    console.log(`same cascade: mean liquidated per path-step engine $${(sum / steps / 1e6).toFixed(1)}M, NumPy $${(last.meanLiquidatedUsdPerStep / 1e6).toFixed(1)}M (${pct(liqGap)}); mean final open interest engine $${(oi / 1e9).toFixed(2)}B, NumPy $${(last.meanOpenInterestUsd / 1e9).toFixed(2)}B (${pct(oiGap)})`);
    console.log(
      same
        ? `  → the same cascade: both within ${pct(SAME_CASCADE_TOLERANCE)} (different random streams)`
        : `  → NOT the same cascade (a gap beyond ${pct(SAME_CASCADE_TOLERANCE)}): ${kernel.script} no longer does the engine's step, so the NumPy ratio above compares different work`,
    );
  }
}

/**
 * Compiles bench/<source> with `--cc` (gcc) -O3 -march=native into a temporary folder (removed by
 * dispose); run(paths) returns its path-steps per second (NaN, with a message, if it fails).
 * -fno-math-errno lets gcc vectorise sqrt (no errno to set); it changes no result.
 */
function compileC(source, { dir = mkdtempSync(join(tmpdir(), 'cascade-bench-')), flags = [], args = (paths) => ['--paths', String(paths), '--steps', String(steps), '--block', String(blockSize)] } = {}) {
  const exe = join(dir, source.replace(/\.c$/, ''));
  const src = fileURLToPath(new URL(`./${source}`, import.meta.url));
  const built = spawnSync(opts.cc, ['-O3', '-march=native', '-fno-math-errno', ...flags, '-o', exe, src, '-lm'], { encoding: 'utf8' });
  const ok = !built.error && built.status === 0;
  if (!ok) console.error(`C kernel did not compile: ${built.error?.message ?? built.stderr.trim()}`);
  return {
    exe,
    ok,
    run(paths) {
      if (!ok) return NaN;
      const r = spawnSync(exe, args(paths), { encoding: 'utf8' });
      if (r.error || r.status !== 0) {
        console.error(`C kernel failed: ${r.error?.message ?? r.stderr.trim()}`);
        return NaN;
      }
      return JSON.parse(r.stdout.trim().split('\n').pop()).pathStepsPerSecond;
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * The supply kernel in C: the engine runs the model's init on one block (the plan's first
 * `blockSize` paths), and its records go to a file and its record layout to a header the C
 * file is compiled with, so that both step the same records. Before timing, one check: after a
 * demand shock (the steady state of init would not move), the C step (compiled without fused
 * multiply-adds, as JavaScript computes) takes the block's records over every step to exactly
 * the engine's (bit for bit), else the bench says so and the C contender reports n/a.
 */
function supplyNative(plan) {
  const dir = mkdtempSync(join(tmpdir(), 'cascade-bench-'));
  const prepared = preparePlan({ ...plan, paths: blockSize }, registry);
  const ws = new BlockWorkspace(prepared);
  ws.begin(0, blockSize);
  const ctx = ws.contextOf('supply');
  const k = ctx.prepared;
  const W = k.layout.width;
  const { C, I, G, PF } = supplyLayout;
  // timed from the state init sets (as runPlan's paths start); checked from a demand shock (each
  // item's demand × 1.1 to 1.6 by path), so that orders, ramps and grey channels all move
  const start = Float64Array.from(k.rec.subarray(0, blockSize * W));
  for (let i = 0; i < blockSize; i++) for (const it of k.layout.items) k.rec[i * W + it.off + I.demand] *= 1.1 + 0.1 * (i % 6);
  // the shock changes the records outside the model's step: paramsChanged derives again what
  // depends on them (which items are alike on every path: none)
  k.paramsChanged(ctx);
  const shocked = Float64Array.from(k.rec.subarray(0, blockSize * W));
  for (let t = 1; t <= steps; t++) ws.advance(t);
  const engineFinal = k.rec.subarray(0, blockSize * W);
  let moved = 0;
  for (let j = 0; j < engineFinal.length; j++) if (!Object.is(engineFinal[j], shocked[j])) moved++;
  const lines = [`#define W ${W}`, `#define N_ITEMS ${k.layout.items.length}`, `#define N_CHANNELS ${k.layout.channels.length}`, `#define BLOCK ${blockSize}`, `#define STEP_DAYS ${plan.stepDays}.0`, `#define POLICY ${k.policy}`];
  for (const [prefix, lay] of Object.entries({ C, I, G, PF })) for (const [f, off] of Object.entries(lay)) if (typeof off === 'number' && f !== 'width' && f !== 'shift') lines.push(`#define ${prefix}_${f} ${off}`);
  const channels = [];
  const items = [];
  for (const it of k.layout.items) {
    items.push(`{${it.off}, ${it.stages}, ${it.substitutable ? 1 : 0}, ${channels.length}, ${it.channels.length}}`);
    for (const ch of it.channels) channels.push(`{${ch.off}, ${ch.index}, ${ch.stocked ? 1 : 0}, 0, ${k.targeted[ch.index]}, ${ch.transit}, ${ch.customs}, ${ch.licence}, ${ch.grey}}`);
  }
  lines.push(`#define CHANNELS_INIT {${channels.join(', ')}}`, `#define ITEMS_INIT {${items.join(', ')}}`, `#define CHANNEL_START_DAY_INIT {${k.layout.channels.map((ch) => ch.startDay).join(', ')}}`);
  writeFileSync(join(dir, 'supply-layout.h'), lines.join('\n') + '\n');
  const records = join(dir, 'records.bin');
  writeFileSync(records, new Uint8Array(start.buffer));
  const shockedRecords = join(dir, 'shocked.bin');
  writeFileSync(shockedRecords, new Uint8Array(shocked.buffer));
  const include = ['-include', join(dir, 'supply-layout.h')];
  const args = (paths) => [records, String(blockSize), String(steps), String(paths)];
  // the check: no fused multiply-adds, so that each operation rounds as JavaScript's does
  const exact = compileC('supply-kernel.c', { dir, flags: ['-ffp-contract=off', ...include], args });
  let same = false;
  if (exact.ok) {
    const final = join(dir, 'final.bin');
    const r = spawnSync(exact.exe, [shockedRecords, String(blockSize), String(steps), String(blockSize), final], { encoding: 'utf8' });
    if (!r.error && r.status === 0) {
      const c = new Float64Array(new Uint8Array(readFileSync(final)).buffer);
      same = c.length === engineFinal.length && c.every((x, j) => Object.is(x, engineFinal[j]));
    }
  }
  console.log(same ? `same step: after a demand shock, the C kernel's records after ${steps} steps equal the engine's bit for bit (${blockSize} paths; ${moved.toLocaleString('en')} of ${engineFinal.length.toLocaleString('en')} record values moved)` : 'the C kernel does NOT reproduce the engine\'s records: its timing is not reported');
  // timed: the same source as a C programmer would build it (fused multiply-adds allowed)
  const timed = compileC('supply-kernel.c', { dir, flags: include, args });
  return { run: (paths) => (same ? timed.run(paths) : NaN), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
