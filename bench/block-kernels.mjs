// Kernels timed as one function of a model on one block of the flagship's paths, against the
// same step in C on the same records: `node bench/run.mjs --kernel mining` (the failure step,
// bench/mining-kernel.c) and `--kernel lender` (the loan-book valuation, bench/lender-kernel.c).
//
// The engine runs the flagship's init on one block (every model, so the records are the
// flagship's), then the kernel's step is timed in this thread: the block repeated to make up the
// paths, each repeat from the block's starting records and generators, as the C program does.
// Before timing, a C build without fused multiply-adds (each operation rounded as JavaScript
// rounds it) must reproduce the engine's state after the last step bit for bit; else its
// timings are not reported. bench/README.md has the figures. `--kernel leverage-c`
// (bench/leverage-c.mjs) runs through runBlockKernel too.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlockWorkspace } from '../dist/engine/block-runner.js';
import { preparePlan } from '../dist/engine/prepare.js';
import { loadScenario } from '../dist/scenario/plan.js';
import { registry } from '../dist/models/index.js';
import { FLAGSHIP_SCENARIO } from '../dist/run-scenario.js';
import { best, fmt, median, ratio } from './rounds.mjs';
import { failBlock } from '../dist/models/mining/failures.js';
import * as miningLayout from '../dist/models/mining/layout.js';
import { COMPONENTS } from '../dist/models/mining/params.js';
import { valueLoans } from '../dist/models/lender/coverage.js';
import * as lenderLayout from '../dist/models/lender/layout.js';

/** The flagship's workspace on one block of `block` paths, every model's init run. */
export function flagshipBlock(block, steps) {
  const plan = loadScenario(FLAGSHIP_SCENARIO, registry, { paths: block, maxCells: 1e15, maxMemoryMB: 1e6 }).points[0].plan;
  plan.steps = steps;
  plan.blockSize = block;
  plan.record = [];
  const ws = new BlockWorkspace(preparePlan(plan, registry));
  ws.begin(0, block);
  return { plan, ws };
}

/** The C header: the given #defines and the engine's exp table (src/engine/exp.ts builds it with Math.pow, as here). */
export const defines = (entries) =>
  [...entries, ['EXP_FRACTION_INIT', `{${Array.from({ length: 64 }, (_, j) => Math.pow(2, j / 64).toPrecision(17)).join(', ')}}`]].map(([k, v]) => `#define ${k} ${v}`).join('\n') + '\n';
export const cArray = (xs) => `{${Array.from(xs).join(', ')}}`;
export const bytes = (typed) => new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength);

/**
 * The mining model's failure step (failures.ts, failBlock, with the words kernel.ts draws for
 * it). Returns { title, engine(paths), files, header, args }.
 */
function miningKernel(block, steps) {
  const { plan, ws } = flagshipBlock(block, steps);
  const ctx = ws.contextOf('mining');
  const k = ctx.prepared;
  const W = k.width;
  const NC = COMPONENTS.length;
  const groups = k.layout.groups;
  const perPath = groups.length * NC;
  const dt = plan.stepDays;
  const rec = k.rec;
  const state = ctx.rng.state;
  const start = Float64Array.from(rec.subarray(0, block * W));
  const rng0 = Uint32Array.from(state.subarray(0, 4 * block));
  const p = ctx.p;
  const lanes = new Float64Array(4 * block);
  for (let i = 0; i < block; i++) lanes.set([p.overseasRepairShare[i], p.agingPerYear[i], p.greyRigFailureMultiplier[i], k.openShare !== null ? k.openShare[i] : 1], 4 * i);
  const { S, GR, GL, CF } = miningLayout;
  const header = defines([
    ['W', W],
    ['NC', NC],
    ['HASH_BOARD', COMPONENTS.indexOf('hashBoard')],
    ['N_GROUPS', groups.length],
    ['STEP_DAYS', `${dt}.0`],
    ['S_operating', S.operating],
    ['S_wait', S.wait],
    ['S_toCentre', S.toCentre],
    ['S_abroad', S.abroad],
    ['GR_age', GR.age],
    ['GR_failMult', GR.failMult],
    ['GL_components', GL.components],
    ['CF_width', CF.width],
    ['CF_failuresPerYear', CF.failuresPerYear],
    ['GROUP_OFF_INIT', cArray(groups.map((g) => g.off))],
    ['GROUP_GREY_INIT', cArray(groups.map((g) => (g.grey ? 1 : 0)))],
    ['SLOTS_INIT', cArray(k.failureSlots)],
  ]);
  /** `steps` steps of the block from its start; returns nothing (state left in rec and the generators). */
  const stepsFromStart = () => {
    rec.set(start);
    state.set(rng0);
    for (let t = 1; t <= steps; t++) {
      ctx.day = t * dt;
      failBlock(k, block, ctx.rng.drawWords(block, perPath), perPath);
    }
  };
  return {
    title: `mining failure kernel (failures.ts failBlock and its words: ${groups.length} rig groups × ${NC} components a path, the flagship's fleet; one block of ${block} paths repeated)`,
    source: 'mining-kernel.c',
    state: 'block state, records and generators,',
    header,
    files: { records: bytes(start), lanes: bytes(lanes), rng: bytes(rng0) },
    args: (dir, paths, final) => [join(dir, 'records'), join(dir, 'lanes'), join(dir, 'rng'), String(block), String(steps), String(paths), ...(final ? [final] : [])],
    engine(paths) {
      const t0 = performance.now();
      for (let first = 0; first < paths; first += block) stepsFromStart();
      return (paths * steps) / ((performance.now() - t0) / 1000);
    },
    /** The block's state after `steps` steps from its start: records, then generators (as the C program writes them). */
    final() {
      stepsFromStart();
      const out = new Uint8Array(block * W * 8 + block * 16);
      out.set(bytes(rec.subarray(0, block * W)), 0);
      out.set(bytes(state.subarray(0, 4 * block)), block * W * 8);
      return out;
    },
  };
}

/**
 * The lender model's loan-book valuation (coverage.ts, valueLoans: per loan bucket its value at
 * maturity less the expected default loss beyond the collateral, discounted, or its call value;
 * two exp a bucket), every lender of the flagship on every path, each step at that step's day.
 * The step's market inputs are held at the block's start (price; drawdown and hashprice at their
 * reference: hazard and miner multipliers 1), so the kernel is the valuation alone.
 */
function lenderKernel(block, steps) {
  const { plan, ws } = flagshipBlock(block, steps);
  const ctx = ws.contextOf('lender');
  const blk = ctx.prepared;
  const p = ctx.p;
  const lenders = blk.lenders;
  const nL = lenders.length;
  const dt = plan.stepDays;
  // per path: P, ρ, keep = 1 − g, sale cost, recovery, hazard and miner multipliers
  const N_LANES = 7;
  const lanes = new Float64Array(N_LANES * block);
  for (let i = 0; i < block; i++) lanes.set([blk.price[i], p.gateCostPerYear[i], 1 - p.gateHaircut[i], p.collateralSaleCost[i], p.unsecuredRecovery[i], 1, 1], N_LANES * i);
  const books = lenders.flatMap((L, l) => L.books.map((b) => ({ l, b })));
  const { BK } = lenderLayout;
  const header = defines([
    ['BK_W', blk.bkW],
    ['U_W', blk.uW],
    ['N_LENDERS', nL],
    ['N_BOOKS', books.length],
    ['N_LANES', N_LANES],
    ['STEP_DAYS', `${dt}.0`],
    ['BK_width', BK.width],
    ['BK_principal', BK.principal],
    ['BK_accrued', BK.accrued],
    ['BK_collateralBtc', BK.collateralBtc],
    ['BK_maturityDay', BK.maturityDay],
    ['LENDER_CALL_HAIRCUT_INIT', cArray(lenders.map((L) => L.col.callHaircut))],
    ['LENDER_CALL_LAG_INIT', cArray(lenders.map((L) => `${L.callLagDays}.0`))],
    ['BOOK_LENDER_INIT', cArray(books.map((x) => x.l))],
    ['BOOK_PD_INIT', cArray(books.map((x) => x.b.col.pdPerYear))],
    ['BOOK_RATE_INIT', cArray(books.map((x) => x.b.col.rateApr))],
    ['BOOK_MINER_INIT', cArray(books.map((x) => (x.b.miner ? 1 : 0)))],
    ['BOOK_CALLABLE_INIT', cArray(books.map((x) => (x.b.callable ? 1 : 0)))],
    ['BOOK_BUCKETS_INIT', cArray(books.map((x) => x.b.buckets))],
    ['BOOK_AT_INIT', cArray(books.map((x) => x.b.at))],
    ['BOOK_INFLOW_INIT', cArray(books.map((x) => x.b.inflowRate.toPrecision(17)))],
  ]);
  // what each step leaves: per path and lender, the book, its value, discounted value and inflows
  const out = new Float64Array(4 * nL * block);
  const stepsOnce = () => {
    for (let t = 1; t <= steps; t++) {
      blk.day = t * dt;
      for (let i = 0; i < block; i++) {
        const li = N_LANES * i;
        blk.P = lanes[li];
        blk.hazardMult = lanes[li + 5];
        blk.minerMult = lanes[li + 6];
        for (let l = 0; l < nL; l++) {
          valueLoans(blk, i, lenders[l], lanes[li + 1], lanes[li + 2]);
          const at = 4 * (i * nL + l);
          out[at] = blk.loanBook;
          out[at + 1] = blk.loanValue;
          out[at + 2] = blk.loanValueDiscounted;
          out[at + 3] = blk.loanInflows;
        }
      }
    }
  };
  return {
    title: `lender loan-valuation kernel (coverage.ts valueLoans: ${nL} lender(s), ${books.reduce((a, x) => a + x.b.buckets, 0)} loan buckets a path, the flagship's books; one block of ${block} paths repeated)`,
    source: 'lender-kernel.c',
    state: 'valuations, book, value, discounted value and inflows per path and lender,',
    header,
    files: { bk: bytes(blk.bk.subarray(0, block * blk.bkW)), u: bytes(blk.u.subarray(0, block * blk.uW)), lanes: bytes(lanes) },
    args: (dir, paths, final) => [join(dir, 'bk'), join(dir, 'u'), join(dir, 'lanes'), String(block), String(steps), String(paths), ...(final ? [final] : [])],
    engine(paths) {
      const t0 = performance.now();
      for (let first = 0; first < paths; first += block) stepsOnce();
      return (paths * steps) / ((performance.now() - t0) / 1000);
    },
    final() {
      stepsOnce();
      return new Uint8Array(out.buffer.slice(0));
    },
  };
}

/** µs a path-step at `rate` path-steps/s, or n/a. */
const us = (rate) => (Number.isFinite(rate) ? `${(1e6 / rate).toFixed(3)} µs` : 'n/a');

/** The kernels by name (exported for profiling one contender alone). */
export const KERNELS = { mining: miningKernel, lender: lenderKernel };

/**
 * Runs a kernel (as the functions above return it; `preCheck(dir)`, if it has one, runs after
 * the files are written and prints what it checked, throwing when a check fails): the check,
 * then the engine's step and the C step in turn, `rounds` times.
 * @param {object} kernel
 * @param {{ block: number, steps: number, paths: number, rounds: number, cc: string }} o
 */
export function runBlockKernel(kernel, o) {
  const dir = mkdtempSync(join(tmpdir(), 'cascade-bench-'));
  try {
    for (const [f, data] of Object.entries(kernel.files)) writeFileSync(join(dir, f), data);
    writeFileSync(join(dir, 'layout.h'), kernel.header);
    console.log('');
    console.log(kernel.title);
    kernel.preCheck?.(dir, o.cc);
    const src = new URL(`./${kernel.source}`, import.meta.url).pathname;
    const build = (exe, flags) => {
      const r = spawnSync(o.cc, ['-O3', '-march=native', '-fno-math-errno', ...flags, '-include', join(dir, 'layout.h'), '-o', join(dir, exe), src, '-lm'], { encoding: 'utf8' });
      if (r.error || r.status !== 0) throw new Error(`${kernel.source} did not compile: ${r.error?.message ?? r.stderr.trim()}`);
      return join(dir, exe);
    };
    const run = (exe, paths, final) => {
      const r = spawnSync(exe, kernel.args(dir, paths, final), { encoding: 'utf8' });
      if (r.error || r.status !== 0) throw new Error(`${kernel.source} failed: ${r.error?.message ?? r.stderr.trim()}`);
      return JSON.parse(r.stdout.trim().split('\n').pop());
    };
    // the check: no fused multiply-adds, so each operation rounds as JavaScript's does
    const exact = build('exact', ['-ffp-contract=off']);
    run(exact, o.block, join(dir, 'final'));
    const c = new Uint8Array(readFileSync(join(dir, 'final')));
    const engine = kernel.final();
    let differ = c.length === engine.length ? 0 : Infinity;
    for (let j = 0; j < c.length && differ !== Infinity; j++) if (c[j] !== engine[j]) differ++;
    console.log(differ === 0 ? `same step: after ${o.steps} steps the C kernel's ${kernel.state} ${engine.length.toLocaleString('en')} bytes, equals the engine's bit for bit` : `the C kernel does NOT reproduce the engine's state (${differ} bytes differ): its timings are not reported`);
    const timed = build('timed', []);
    const rates = { engine: [], c: [] };
    console.log(`${o.paths.toLocaleString('en')} paths × ${o.steps} steps, ${o.rounds} round(s), the contenders in turn (M path-steps/s, and µs a path-step):`);
    for (let r = 1; r <= o.rounds; r++) {
      rates.engine.push(kernel.engine(o.paths));
      rates.c.push(differ === 0 ? run(timed, o.paths).pathStepsPerSecond : NaN);
      console.log(`round ${r}: engine, 1 thread ${fmt(rates.engine[r - 1])} (${us(rates.engine[r - 1])}) | C -O3 -march=native (1 thread) ${fmt(rates.c[r - 1])} (${us(rates.c[r - 1])})`);
    }
    const ratios = rates.engine.map((x, r) => x / rates.c[r]);
    console.log('');
    console.log("| ratio | of the bests | median of the rounds' ratios |");
    console.log('| --- | ---: | ---: |');
    console.log(`| engine 1 thread / C | ${ratio(best(rates.engine) / best(rates.c))} | ${ratio(median(ratios))} |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
