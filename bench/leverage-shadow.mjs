// The leverage step of two builds in one process, on the same flagship and the same cache weather:
//   node bench/leverage-shadow.mjs <new checkout> <old checkout> [paths, default 2048]
// (each checkout built: npx tsc -p tsconfig.build.json). The flagship runs from the new build;
// beside its leverage model a shadow from the old build steps on a state of its own (in its own
// record layout) with the same inputs: each block-step runs both kernels, in alternating order,
// and sums each one's CPU time (process.cpuUsage); the prices they write are checked bit for
// bit. Prints µs per path-step of each and new/old. One run's ratio moves by ±2–4% on the
// shared machine at 2,048 paths (the same step against itself: 0.99–1.01; at 512 paths up to
// 8%: 0.92, 1.05): compare means of several runs,
// with the roles swapped too (bench/README.md, "The leverage step, measured in one process").
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { flagshipOf } from './revision.mjs';

const [NEW, OLD] = [process.argv[2], process.argv[3]];
const paths = +(process.argv[4] || 2048);
if (!NEW || !OLD || !(Number.isInteger(paths) && paths > 0)) {
  console.error('usage: node bench/leverage-shadow.mjs <new checkout> <old checkout> [paths, default 2048] (each checkout built)');
  process.exit(2);
}
const from = (root, file) => import(pathToFileURL(resolve(root, file)).href);
const { plan, runPlan, registry, registryUrl } = await flagshipOf(paths, resolve(NEW));
const kOld = await from(OLD, 'dist/models/leverage/kernel.js');
const lOld = await from(OLD, 'dist/models/leverage/layout.js');
const idxOld = await from(OLD, 'dist/models/leverage/index.js');
plan.steps = 365;
const m = registry.models.find((m) => m.name === 'leverage');
const UPD = ['btc.price', 'btc.return', 'btc.drawdown', 'btc.peakUsd'];
class Shadow {
  constructor(ctx) {
    const run = ctx.prepared;
    const venues = Object.fromEntries(run.venueIds.map((id, u) => [id, run.venueSpecs[u]]));
    this.prepared = new lOld.LeverageRun(run.K, run.h, run.diagnostics, ctx.paths, venues);
    const io = idxOld.leverage.io({ venues, buckets: run.K });
    this.state = { path: new Float64Array(ctx.paths * io.state.path), classes: new Float64Array(ctx.paths * io.state.classes) };
    this.upd = new Map(UPD.map((n) => [n, new Float64Array(ctx.paths)]));
    this.out = new Map();
    this.real = ctx;
    this.sync(ctx);
  }
  sync(ctx) {
    this.real = ctx; this.p = ctx.p; this.paths = ctx.paths; this.stepDays = ctx.stepDays;
  }
  signal(d) {
    const name = typeof d === 'string' ? d : d.name;
    if (this.upd.has(name)) return this.upd.get(name);
    if (typeof d !== 'string' && d.kind === 'written') {
      if (!this.out.has(name)) this.out.set(name, new Float64Array(this.paths));
      return this.out.get(name);
    }
    return this.real.signal(name);
  }
  has(d) { return this.real.has(d); }
  shock(d) { return this.real.shock(d); }
}
const shadows = new Map();
const cloneRng = (rng) => { const c = Object.assign(Object.create(Object.getPrototypeOf(rng)), rng); c.state = rng.state.slice(); c.words = new Uint32Array(rng.words.length); return c; };
const init = m.init, step = m.step, pc = m.paramsChanged;
m.init = (ctx) => {
  let sh = shadows.get(ctx);
  if (!sh) shadows.set(ctx, (sh = new Shadow(ctx)));
  sh.sync(ctx);
  sh.state.path.fill(0);
  sh.rng = cloneRng(ctx.rng);
  for (const n of UPD) sh.upd.get(n).set(ctx.signal(n).subarray(0, ctx.paths));
  init(ctx);
  kOld.init(sh);
};
m.paramsChanged = (ctx) => { pc(ctx); const sh = shadows.get(ctx); if (sh) { sh.sync(ctx); kOld.paramsChanged(sh); } };
const t = { new: 0, old: 0 };
let calls = 0, n = 0;
m.step = (ctx) => {
  const sh = shadows.get(ctx);
  sh.sync(ctx);
  for (const nm of UPD) sh.upd.get(nm).set(ctx.signal(nm).subarray(0, ctx.paths));
  const runNew = () => { const u = process.cpuUsage(); step(ctx); const d = process.cpuUsage(u); t.new += d.user + d.system; };
  const runOld = () => { const u = process.cpuUsage(); kOld.step(sh); const d = process.cpuUsage(u); t.old += d.user + d.system; };
  if (calls++ & 1) { runOld(); runNew(); } else { runNew(); runOld(); }
  n += ctx.paths;
  const a = ctx.signal('btc.price'), b = sh.upd.get('btc.price');
  for (let i = 0; i < ctx.paths; i++) if (!Object.is(a[i], b[i])) throw new Error(`step ${calls}: price differs at path ${i}: ${a[i]} vs ${b[i]}`);
};
await runPlan(plan, { registryUrl, threads: 1 });
console.log(`new ${(t.new / n).toFixed(3)} old ${(t.old / n).toFixed(3)} µs/path-step, new/old ${(t.new / t.old).toFixed(3)} (${NEW} vs ${OLD}, ${paths} paths, prices bit-identical)`);
