/**
 * The market's WebAssembly loops must give exactly the JavaScript loops' results: the same
 * words, normals, exp and returns, bit for bit. Checked on whole runs (wasm on and off) that
 * reach every branch — regime switches, slow normals and the ziggurat's tail, jumps by inversion
 * and by PTRS (left to JS), shocks, exp's Math.exp range, blocks not a multiple of 4 paths, longer
 * steps — and on the parts alone: exp against engine/exp.ts on a million inputs, the ziggurat's
 * slow path against PathRng's on every layer.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { exp } from '../../engine/exp.js';
import type { ModelRegistry } from '../../engine/model.js';
import { runAllBlocks } from '../../engine/run-blocks.js';
import type { RunPlan } from '../../engine/run-plan.js';
import { PathRng } from '../../engine/rng/path-rng.js';
import { assemble } from '../../engine/wasm/assemble.js';
import { market } from './index.js';
import { MarketScratch, WASM_TABLES } from './layout.js';
import { MARKET_WAT } from './wasm-kernel.js';
import { marketOnlyPlan } from './plan.test-helper.js';
import { setMarketWasm } from './wasm-loops.js';

const registry: ModelRegistry = { models: [market] };
const SIGNALS = ['btc.price', 'btc.return', 'btc.drawdown', 'btc.peakUsd', 'btc.vol', 'market.regime'];

function plan(settings: Record<string, unknown>, overrides: Partial<RunPlan> = {}): RunPlan {
  return marketOnlyPlan(settings, { scenarioName: 'market-wasm-spec', seed: 11, paths: 1003, steps: 60, blockSize: 384, record: SIGNALS, samplePaths: 1003, ...overrides });
}

/** Every sampled value of every signal, as bits, with the JS loops or the WebAssembly loops. */
function bitsOf(p: RunPlan, wasm: boolean): BigInt64Array {
  setMarketWasm(wasm);
  const record = runAllBlocks(p, registry);
  const values: number[] = [];
  for (const s of record.samples) for (const name of SIGNALS) values.push(...s.values[name]);
  return new BigInt64Array(new Float64Array(values).buffer);
}

function expectSameRuns(p: RunPlan): void {
  const js = bitsOf(p, false);
  const wasm = bitsOf(p, true);
  expect(js.length).toBeGreaterThan(0);
  let differ = 0;
  for (let k = 0; k < js.length; k++) if (js[k] !== wasm[k]) differ++;
  expect(differ).toBe(0);
}

afterEach(() => setMarketWasm(true));

describe('market WebAssembly loops', () => {
  it('give the JS loops’ results bit for bit: defaults (regime switches, slow normals, jumps), 1,003 paths in blocks of 384 (the last 235: not a multiple of 4 or 2)', () => {
    expectSameRuns(plan({}));
  });

  it('… with frequent switches and jumps by inversion on weekly steps, and with jumps by PTRS (λ·dt ≥ 12, left to JS)', () => {
    expectSameRuns(plan({ calmToStressPerDay: 0.2, stressToCalmPerDay: 0.3, jumpsCalmPerYear: 50, jumpsStressPerYear: 300, jumpSdLog: 0.05 }, { stepDays: 7, steps: 30 }));
    expectSameRuns(plan({ jumpsCalmPerYear: 365, jumpsStressPerYear: 365, jumpSdLog: 0.001, jumpMeanLog: 0 }, { stepDays: 15, steps: 20, blockSize: 1003 }));
  });

  it('… with scheduled shocks, one taking ln P beyond exp’s table range (Math.exp: an infinite price)', () => {
    const shocks = (step: number, multiply: number) => ({ step, date: '2026-01-01', set: [], shocks: [{ signal: 'btc.price', multiply, add: -100 }] });
    expectSameRuns(plan({}, { schedule: [shocks(5, 0.5), shocks(20, 1e305)] }));
  });

  it('compute exp as engine/exp.ts does, on a million inputs and the special values', () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const tables = new Float64Array(memory.buffer, 0, WASM_TABLES.width);
    tables.set(new MarketScratch(1).tables);
    const wasmExp = (new WebAssembly.Instance(new WebAssembly.Module(assemble(MARKET_WAT)), { env: { memory, exp: Math.exp, log: Math.log } }).exports.exp as (x: number, t: number) => number);
    const rng = new PathRng(5, 0, 1, 'exp');
    rng.load(0);
    const inputs = [0, -0, 1, -1, NaN, Infinity, -Infinity, 708.99, 709, -707.99, -708, -745.2, 1e-300, -1e-300];
    for (let k = 0; k < 1_000_000; k++) inputs.push((rng.uniform() - 0.5) * (k % 2 ? 1500 : 20));
    let differ = 0;
    for (const x of inputs) if (!Object.is(wasmExp(x, 0), exp(x))) differ++;
    expect(differ).toBe(0);
  });

  it("take the ziggurat's slow path as PathRng does, on every layer (the same normal, the same words drawn)", () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const tables = new Float64Array(memory.buffer, 0, WASM_TABLES.width);
    tables.set(new MarketScratch(1).tables);
    const stateAt = 8 * WASM_TABLES.width;
    const state = new Uint32Array(memory.buffer, stateAt, 4);
    const normalSlow = new WebAssembly.Instance(new WebAssembly.Module(assemble(MARKET_WAT)), { env: { memory, exp: Math.exp, log: Math.log } }).exports.normalSlow as (k: number, u: number, t: number) => number;
    const rng = new PathRng(7, 0, 1, 'slow');
    const words = new PathRng(8, 0, 1, 'words');
    words.load(0);
    let differ = 0;
    let tail = 0;
    for (let k = 0; k < 300_000; k++) {
      // every layer in turn, magnitudes mostly beyond the fast path's threshold
      const u = ((k & 255) | ((words.nextU32() | 0xe00000) << 8)) | 0;
      state.set(rng.state.subarray(0, 4));
      const z = normalSlow(stateAt, u, 0);
      const expected = rng.normalFromWord(u, 0);
      if (!Object.is(z, expected) || state.some((w, j) => w !== rng.state[j])) differ++;
      if (Math.abs(z) > 3.442619855899) tail++;
    }
    expect(differ).toBe(0);
    expect(tail).toBeGreaterThan(100);
  });
});
