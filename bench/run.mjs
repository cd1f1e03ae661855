// The market-kernel benchmark: the engine on one thread and on all threads against the same
// kernel in NumPy (bench/market-kernel.py). Run by `npm run bench` (which builds dist/ first).
//
//   node bench/run.mjs [--paths N] [--steps N] [--rounds N] [--threads N] [--block N] [--python CMD]
//
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
    paths: { type: 'string', default: '1000000' },
    steps: { type: 'string', default: '365' },
    rounds: { type: 'string', default: '3' },
    threads: { type: 'string', default: String(defaultThreads()) },
    block: { type: 'string', default: '1024' },
    python: { type: 'string', default: 'python3' },
  },
});
const paths = positiveInt('paths');
const steps = positiveInt('steps');
const rounds = positiveInt('rounds');
const threads = positiveInt('threads');
const blockSize = positiveInt('block');
const pathSteps = paths * steps;

function positiveInt(name) {
  const v = Number(opts[name]);
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive integer, got ${opts[name]}`);
  return v;
}

const market = registry.models.find((m) => m.name === 'market');
/** The market model alone with its defaults; nothing recorded, so the kernel is what is timed. */
const plan = {
  scenarioName: 'bench-market-kernel',
  seed: 1,
  paths,
  steps,
  stepDays: 1,
  startDate: '2026-02-05',
  blockSize,
  models: [{ name: 'market', settings: defaultSettings(market) }],
  schedule: [],
  events: [],
  record: [],
  samplePaths: 0,
  keepTerminal: false,
  sketchAlpha: 0.01,
};

async function engine(threadCount) {
  const out = await runPlan(plan, { registryUrl, threads: threadCount });
  return pathSteps / (out.elapsedMs / 1000);
}

function numpy() {
  const script = fileURLToPath(new URL('./market-kernel.py', import.meta.url));
  const r = spawnSync(opts.python, [script, '--paths', String(paths), '--steps', String(steps)], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    console.error(`NumPy kernel failed: ${r.error?.message ?? r.stderr.trim()}`);
    return NaN;
  }
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]).pathStepsPerSecond;
}

const contenders = [
  { name: 'engine, 1 thread', run: () => engine(1), rates: [] },
  { name: `engine, ${threads} threads`, run: () => engine(threads), rates: [] },
  { name: 'NumPy (1 thread)', run: async () => numpy(), rates: [] },
];

console.log(
  `market kernel: ${paths.toLocaleString('en')} paths × ${steps} steps, block ${blockSize}, ` +
    `${rounds} round(s), each running the contenders in turn; best and median rounds reported`,
);
for (let r = 1; r <= rounds; r++) {
  const line = [];
  for (const c of contenders) {
    const rate = await c.run();
    c.rates.push(rate);
    line.push(`${c.name} ${fmt(rate)}`);
  }
  console.log(`round ${r}: ${line.join(' | ')}`);
}

const finite = (xs) => xs.filter((x) => Number.isFinite(x));
const best = (xs) => Math.max(...finite(xs));
const median = (xs) => {
  const s = finite(xs).sort((a, b) => a - b);
  return s.length ? s[(s.length - 1) >> 1] : NaN;
};
const [one, many, np] = contenders;
// ratios within a round: its contenders ran back to back, so a slow spell of the machine
// tends to hit both sides of the ratio
const paired = (a, b) => a.rates.map((x, r) => x / b.rates[r]);
console.log('');
console.log('| contender | best M path-steps/s | median |');
console.log('| --- | ---: | ---: |');
for (const c of contenders) console.log(`| ${c.name} | ${fmt(best(c.rates))} | ${fmt(median(c.rates))} |`);
console.log('');
console.log('| ratio | of the bests | median of the rounds\' ratios | target |');
console.log('| --- | ---: | ---: | ---: |');
console.log(`| engine 1 thread / NumPy | ${ratio(best(one.rates) / best(np.rates))} | ${ratio(median(paired(one, np)))} | ≥ 1 |`);
console.log(`| engine ${threads} threads / engine 1 thread | ${ratio(best(many.rates) / best(one.rates))} | ${ratio(median(paired(many, one)))} | ≥ 1.8 (2 cores) |`);

function fmt(rate) {
  return Number.isFinite(rate) ? (rate / 1e6).toFixed(2) : 'n/a';
}

function ratio(r) {
  return Number.isFinite(r) ? `${r.toFixed(2)}×` : 'n/a';
}
