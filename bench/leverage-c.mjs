// The leverage model's whole step against the same step in C (bench/leverage-kernel.c):
// `node bench/run.mjs --kernel leverage-c`. The engine runs the flagship on one block (every
// model, in its own order) while the leverage step is wrapped to capture, at every step, what it
// reads from outside its record: the market's price, return and peak as the models before it
// left them, the volume and σ_d, the shocks of its low and high; and, at the start, its record,
// classes and generators. Its per-path parameters are captured once (checked unchanged at every
// step: a scheduled set of a leverage parameter would need a replay of paramsChanged, which this
// harness does not do). Then both contenders replay the leverage step alone over the captured
// inputs: the engine's kernel.ts `step` on the flagship's own context and buffers, in this
// thread, and the C program; first the engine's replay must reproduce what the flagship itself
// left after the last step, and a C build without fused multiply-adds the same bit for bit
// (after V8's log, ported to kernel-common.h, is checked against Math.log).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bytes, cArray, defines, flagshipBlock } from './block-kernels.mjs';
import { checkLogPort, logCheckValues } from './js-log-check.mjs';
import * as layout from '../dist/models/leverage/layout.js';
import * as impact from '../dist/finance/transient-impact.js';

/** The per-path parameters the step reads, in the order of the C program's P_ indices. */
const PARAMS = [
  'gapShare',
  'intradayRangeScale',
  'cascadeDepthShare',
  'impactY',
  'impactPersistence',
  'impactPermanentShare',
  'remainingMarginToFund',
  'deleverageRatio',
  'targetOpenInterestShare',
  'leveragedShare',
  'mixShiftPerFlushShare',
];

/** A step's inputs, `block` doubles each, in the C program's IN_ order: the market's, then the shocks' lanes. */
const INPUTS = ['price', 'return', 'peak', 'volume', 'sigmaDaily', 'lowMultiply', 'lowAdd', 'highMultiply', 'highAdd'];
const IN = Object.fromEntries(INPUTS.map((k, j) => [k, j]));

/** Values of Math.log checked against the C port before the kernel is timed. */
const LOG_CHECK_VALUES = 1_000_000;

/** A double as C reads it back bit for bit (17 significant digits; ±∞ by name). */
const cDouble = (x) => (x === Infinity ? 'INFINITY' : x === -Infinity ? '(-INFINITY)' : x.toPrecision(17));

/** `#define`s of a record layout's offsets (and its width), each as PREFIX_field. */
const offsets = (prefix, rl) =>
  Object.entries(rl)
    .filter(([k, v]) => typeof v === 'number' && k !== 'shift')
    .map(([k, v]) => [`${prefix}_${k}`, v]);

/**
 * The leverage step (kernel.ts `step`), replayed over the flagship's captured inputs on one
 * block of `block` paths, `steps` steps; the block repeated to make up the paths. Returns the
 * kernel as runBlockKernel (block-kernels.mjs) takes it.
 */
export function leverageKernel(block, steps) {
  const { ws } = flagshipBlock(block, steps);
  const ctx = ws.contextOf('leverage');
  const run = ctx.prepared;
  const def = ctx.model.def;
  const step = def.step;
  const W = run.W;
  const rec = ctx.state.path;
  const cls = ctx.state.classes;
  const rng = ctx.rng.state;
  const rec0 = Float64Array.from(rec.subarray(0, block * W));
  const cls0 = Float64Array.from(cls.subarray(0, block * run.classesWidth));
  const rng0 = Uint32Array.from(rng.subarray(0, 4 * block));
  const params = new Float64Array(PARAMS.length * block);
  PARAMS.forEach((k, j) => params.set(ctx.p[k].subarray(0, block), j * block));
  const market = {
    price: ctx.signal(layout.PRICE),
    return: ctx.signal(layout.RETURN),
    drawdown: ctx.signal(layout.DRAWDOWN),
    peak: ctx.signal(layout.PEAK),
    volume: ctx.signal(layout.VOLUME),
    sigmaDaily: ctx.signal(layout.SIGMA_DAILY),
  };
  const READ = ['price', 'return', 'peak', 'volume', 'sigmaDaily'];
  const inputs = new Float64Array(INPUTS.length * block * steps);
  const lane = (t, k) => inputs.subarray((t * INPUTS.length + IN[k]) * block, (t * INPUTS.length + IN[k] + 1) * block);
  // per step, the shocks of the low and high as the context hands them (null: none that step)
  const shocks = new Int32Array(2 * steps);
  const shockLanes = [];
  let t = -1;
  const { SCALARS, VENUE, CLASS, VOUT } = layout;
  const bases = new Float64Array(2 * block);
  const seen = { liquidated: 0, adl: 0, moved: 0 };
  // capture: the model's step wrapped while the flagship runs (restored after)
  def.step = (c) => {
    if (c === ctx) {
      PARAMS.forEach((k, j) => {
        const now = ctx.p[k];
        for (let i = 0; i < block; i++) if (!Object.is(now[i], params[j * block + i])) throw new Error(`leverage.${k} changed at step ${t + 1}: this harness replays no paramsChanged`);
      });
      for (const k of READ) lane(t, k).set(market[k].subarray(0, block));
      const low = ctx.shock(layout.LOW);
      const high = ctx.shock(layout.HIGH);
      if (low) lane(t, 'lowMultiply').set(low.multiply.subarray(0, block)), lane(t, 'lowAdd').set(low.add.subarray(0, block));
      if (high) lane(t, 'highMultiply').set(high.multiply.subarray(0, block)), lane(t, 'highAdd').set(high.add.subarray(0, block));
      shocks[2 * t] = low ? 1 : 0;
      shocks[2 * t + 1] = high ? 1 : 0;
      shockLanes.push({
        low: low && { multiply: lane(t, 'lowMultiply'), add: lane(t, 'lowAdd') },
        high: high && { multiply: lane(t, 'highMultiply'), add: lane(t, 'highAdd') },
      });
    }
    if (c !== ctx) return step(c);
    const g = run.record.scalars;
    for (let i = 0; i < block; i++) bases[2 * i] = rec[i * W + g + SCALARS.baseLong], bases[2 * i + 1] = rec[i * W + g + SCALARS.baseShort];
    step(c);
    // what the step did, so the check's reach can be told: liquidations, ADL, grid moves
    for (let i = 0; i < block; i++) {
      if (run.out.totalUsd[i] > 0) seen.liquidated++;
      if (run.out.adlUsd[i] > 0) seen.adl++;
      if (rec[i * W + g + SCALARS.baseLong] !== bases[2 * i] || rec[i * W + g + SCALARS.baseShort] !== bases[2 * i + 1]) seen.moved++;
    }
  };
  try {
    for (let s = 1; s <= steps; s++) {
      t = s - 1;
      ws.advance(s);
    }
  } finally {
    def.step = step;
  }

  /** What the step leaves, in the C program's FINAL order: records, price, return, drawdown, peak, outputs (totals, then per venue its roles), generators. */
  const outputs = () => {
    const o = run.out;
    return [o.longUsd, o.shortUsd, o.totalUsd, o.adlUsd, o.oiUsd, o.fund, o.low, o.high, o.cascade, o.oiBtc, o.removed, o.netNew, ...o.venue.flat()];
  };
  const finalBytes = () => {
    const lanes = [market.price, market.return, market.drawdown, market.peak, ...outputs()].map((a) => a.subarray(0, block));
    const parts = [rec.subarray(0, block * W), ...lanes, rng.subarray(0, 4 * block)].map(bytes);
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) out.set(p, (at += p.length) - p.length);
    return out;
  };
  const flagshipFinal = finalBytes();

  /** `steps` leverage steps of the block from its start over the captured inputs, as the C program runs them. */
  const due = ctx.dueShocks;
  const stepsFromStart = () => {
    rec.set(rec0);
    rng.set(rng0);
    for (let s = 0; s < steps; s++) {
      for (const k of READ) market[k].set(lane(s, k));
      due.clear();
      const sh = shockLanes[s];
      if (sh.low) due.set(layout.LOW.name, sh.low);
      if (sh.high) due.set(layout.HIGH.name, sh.high);
      step(ctx);
    }
  };
  stepsFromStart();
  const replayed = finalBytes();
  const same = replayed.length === flagshipFinal.length && replayed.every((b, j) => b === flagshipFinal[j]);
  if (!same) throw new Error("the leverage step replayed over the captured inputs does not reproduce the flagship's own: the capture misses an input");
  if (!cls.subarray(0, cls0.length).every((x, j) => Object.is(x, cls0[j]))) throw new Error('the leverage classes changed during the run: this harness replays no paramsChanged');

  const header = defines([
    ['W', W],
    ['K', run.K],
    ['V', run.V],
    ['J', run.J],
    ['H', cDouble(run.h)],
    ['CAPACITY', run.capacity],
    ['CLASSES_WIDTH', run.classesWidth],
    ['CLASSES_STRIDE', run.classesStride],
    ['DIAGNOSTICS', run.diagnostics ? 1 : 0],
    ...offsets('REC', run.record),
    ...offsets('S', SCALARS),
    ...offsets('VENUE', VENUE),
    ...offsets('CLASS', CLASS),
    ['TI_METAORDER_USD', impact.METAORDER_USD],
    ['TI_TRANSIENT_LOG', impact.TRANSIENT_LOG],
    ['TI_PERMANENT_LOG', impact.PERMANENT_LOG],
    ['N_VOUT', layout.VENUE_OUTPUTS.length],
    ...Object.entries(VOUT).map(([k, j]) => [`VOUT_${k}`, j]),
    ['N_PARAMS', PARAMS.length],
    ...PARAMS.map((k, j) => [`P_${k}`, j]),
    ['N_INPUTS', INPUTS.length],
    ...INPUTS.map((k, j) => [`IN_${k}`, j]),
    ['FUND_DRAW_INIT', cArray(Array.from(run.fundDraw, cDouble))],
    ['W_LONG_INIT', cArray(Array.from(run.wLong, cDouble))],
    ['W_SHORT_INIT', cArray(Array.from(run.wShort, cDouble))],
    ['W_FLUSH_INIT', cArray(Array.from(run.wFlush, cDouble))],
  ]);
  return {
    title: `leverage step (kernel.ts step: ${run.V} venues, ${run.K} bins a side, ${run.J} classes, the flagship's records and its market's inputs captured step by step; one block of ${block} paths repeated, whole blocks on both sides)`,
    source: 'leverage-kernel.c',
    state: 'records, price, return, drawdown, peak, outputs and generators,',
    header,
    files: { records: bytes(rec0), classes: bytes(cls0), rng: bytes(rng0), params: bytes(params), inputs: bytes(inputs), shocks: bytes(shocks) },
    args: (dir, paths, final) => [...['records', 'classes', 'rng', 'params', 'inputs', 'shocks'].map((f) => join(dir, f)), String(block), String(steps), String(paths), ...(final ? [final] : [])],
    /** Before the step is checked: V8's log in C against Math.log, on the logs the step takes here and on LOG_CHECK_VALUES more. */
    preCheck(dir, cc) {
      const n = (block * steps).toLocaleString('en');
      console.log(`the flagship's ${n} path-steps of the block: ${seen.liquidated.toLocaleString('en')} liquidated, ${seen.adl.toLocaleString('en')} with ADL, ${seen.moved.toLocaleString('en')} moved a grid`);
      const own = [];
      for (let s = 0; s < steps; s++) own.push(...lane(s, 'price'));
      const values = new Float64Array([...logCheckValues(LOG_CHECK_VALUES), ...own]);
      const r = checkLogPort({ cc, dir, values });
      console.log(`log: kernel-common.h's js_log equals Math.log on ${(r.count - r.jsLogDiffer).toLocaleString('en')} of ${r.count.toLocaleString('en')} values (the C library's log on ${(r.count - r.libmDiffer).toLocaleString('en')})`);
      if (r.jsLogDiffer > 0) throw new Error('js_log does not reproduce Math.log: the leverage kernel cannot be checked');
    },
    engine(paths) {
      const blocks = Math.ceil(paths / block);
      const t0 = performance.now();
      for (let b = 0; b < blocks; b++) stepsFromStart();
      return (blocks * block * steps) / ((performance.now() - t0) / 1000);
    },
    final() {
      stepsFromStart();
      return finalBytes();
    },
  };
}
