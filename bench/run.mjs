// The kernel benchmarks: the engine on one thread and on all threads against the same kernel
// in NumPy. Run by `npm run bench` (which builds dist/ first); bench/README.md has the figures.
//
//   node bench/run.mjs [--kernel all|market|leverage] [--paths N] [--steps N] [--rounds N]
//                      [--threads N] [--block N] [--python CMD] [--venues one|default]
//
// Kernels: `market` (the market model alone, vs bench/market-kernel.py; default 1,000,000
// paths) and `leverage` (the liquidation cascade with a one-regime market, vs
// bench/leverage-kernel.py; default 100,000 paths, 64 bins a side, one venue as in the NumPy
// kernel; --venues default times the model's default venues, against the same one-venue NumPy).
// --paths overrides both.
// Each round runs the three contenders one after the other, so that a slow spell of the
// machine hits all of them; the tables report the best round of each (and the median), and
// the ratios both between the bests and as the median of each round's own ratio.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultThreads, runPlan } from '../dist/engine/run.js';
import { defaultSettings } from '../dist/engine/prepare.js';
import { registry, registryUrl } from '../dist/models/index.js';

const { values: opts } = parseArgs({
  options: {
    kernel: { type: 'string', default: 'all' },
    paths: { type: 'string' },
    steps: { type: 'string', default: '365' },
    rounds: { type: 'string', default: '3' },
    threads: { type: 'string', default: String(defaultThreads()) },
    block: { type: 'string', default: '1024' },
    python: { type: 'string', default: 'python3' },
    venues: { type: 'string', default: 'one' },
  },
});
const steps = positiveInt('steps');
const rounds = positiveInt('rounds');
const threads = positiveInt('threads');
const blockSize = positiveInt('block');

function positiveInt(name, value = opts[name]) {
  const v = Number(value);
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive integer, got ${value}`);
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

const KERNELS = {
  market: {
    title: 'market kernel',
    paths: 1_000_000,
    script: 'market-kernel.py',
    models: () => [{ name: 'market', settings: defaultSettings(model('market')) }],
    targets: { numpy: 1, threads: 1.8 },
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
};

const selected = opts.kernel === 'all' ? Object.keys(KERNELS) : [opts.kernel];
for (const k of selected) if (!KERNELS[k]) throw new Error(`--kernel must be all, ${Object.keys(KERNELS).join(' or ')}; got ${k}`);

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
    { name: 'NumPy (1 thread)', run: async () => numpy(), rates: [] },
  ];
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
  const [one, many, np] = contenders;
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
  console.log(`| engine 1 thread / NumPy | ${ratio(best(one.rates) / best(np.rates))} | ${ratio(median(paired(one, np)))} | ≥ ${kernel.targets.numpy} |`);
  console.log(`| engine ${threads} threads / engine 1 thread | ${ratio(best(many.rates) / best(one.rates))} | ${ratio(median(paired(many, one)))} | ≥ ${kernel.targets.threads} (2 cores) |`);
  if (kernel.check && last) {
    const checked = await runPlan(planOf(`check-${name}`, paths, kernel.models(), ['leverage.liquidatedUsd', 'leverage.openInterestUsd']), { registryUrl, threads });
    const liq = checked.record.signals.get('leverage.liquidatedUsd');
    let sum = 0;
    for (let t = 1; t <= steps; t++) sum += liq.sums[t].value() / paths;
    const oi = checked.record.signals.get('leverage.openInterestUsd').sums[steps].value() / paths;
    console.log('');
    console.log(`same cascade: mean liquidated per path-step engine $${(sum / steps / 1e6).toFixed(1)}M, NumPy $${(last.meanLiquidatedUsdPerStep / 1e6).toFixed(1)}M; mean final open interest engine $${(oi / 1e9).toFixed(2)}B, NumPy $${(last.meanOpenInterestUsd / 1e9).toFixed(2)}B (different random streams: equal within Monte Carlo error)`);
  }
}

function finite(xs) {
  return xs.filter((x) => Number.isFinite(x));
}

function best(xs) {
  const f = finite(xs);
  return f.length ? Math.max(...f) : NaN;
}

function median(xs) {
  const s = finite(xs).sort((a, b) => a - b);
  return s.length ? s[(s.length - 1) >> 1] : NaN;
}

function fmt(rate) {
  return Number.isFinite(rate) ? (rate / 1e6).toFixed(2) : 'n/a';
}

function ratio(r) {
  return Number.isFinite(r) ? `${r.toFixed(2)}×` : 'n/a';
}
