import { wasmMemoryOf } from '../../engine/block-arena.js';
import { assemble } from '../../engine/wasm/assemble.js';
import { MARKET_WAT } from './wasm-kernel.js';

/*
 * The market's WebAssembly loops (wasm-kernel.ts) compiled once per thread and bound to one
 * block workspace's arrays; kernel.ts's stepMarketWasm calls them.
 */

/** The compiled module, once per thread (null where WebAssembly is off or unavailable). */
const MODULE: WebAssembly.Module | null = compile();
let enabled = MODULE !== null;

function compile(): WebAssembly.Module | null {
  // CASCADE_WASM=off runs the JavaScript loops (for comparison; results are the same)
  if (typeof WebAssembly !== 'object' || (typeof process === 'object' && process.env?.CASCADE_WASM === 'off')) return null;
  try {
    return new WebAssembly.Module(assemble(MARKET_WAT));
  } catch {
    return null;
  }
}

/** Turns the WebAssembly loops on or off in this thread (tests compare both; on by default where available). */
export function setMarketWasm(on: boolean): void {
  enabled = on && MODULE !== null;
}

/** Whether the WebAssembly loops are on in this thread. */
export function marketWasmEnabled(): boolean {
  return enabled;
}

/** The arrays the loops read and write, all of one block arena's WebAssembly memory. */
export interface MarketWasmArrays {
  rec: Float64Array;
  state: Uint32Array;
  ret: Float64Array;
  regime: Float64Array;
  price: Float64Array;
  peak: Float64Array;
  drawdown: Float64Array;
  vol: Float64Array;
  jumps: Int32Array;
  jumpWords: Int32Array;
  /** One word: the count of jumps `main` listed (those it left to JS, drawn by PTRS). */
  counts: Int32Array;
  /** Four words: the byte offsets of the parameters λ_calm, λ_stress, μ_J and σ_J (per path). */
  jumpParams: Int32Array;
  jumpsCalmPerYear: Float64Array;
  jumpsStressPerYear: Float64Array;
  jumpMeanLog: Float64Array;
  jumpSdLog: Float64Array;
  /** The ziggurat's and exp's tables as WASM_TABLES lays them out (layout.ts). */
  tables: Float64Array;
}

/** The two loops bound to one workspace's arrays: main(n) and price(n) as kernel.ts's loops. */
export class MarketWasmLoops {
  private constructor(
    readonly arrays: MarketWasmArrays,
    private readonly mainFn: (...args: number[]) => void,
    private readonly priceFn: (...args: number[]) => void,
  ) {}

  /**
   * The loops for these arrays, or null when they cannot run here: WebAssembly off, or the
   * arrays not all in one WebAssembly memory (e.g. a test's own arrays).
   */
  static bind(arrays: MarketWasmArrays): MarketWasmLoops | null {
    if (!enabled || MODULE === null) return null;
    const buffer = arrays.rec.buffer;
    const memory = wasmMemoryOf(buffer);
    if (memory === null || !Object.values(arrays).every((a) => a.buffer === buffer)) return null;
    // one instance per workspace (bind runs once per workspace: kernel.ts keeps the loops in its scratch)
    const instance = new WebAssembly.Instance(MODULE, { env: { memory, exp: Math.exp, log: Math.log } });
    const { main, price } = instance.exports as Record<string, (...args: number[]) => void>;
    const q = arrays.jumpParams;
    q[0] = arrays.jumpsCalmPerYear.byteOffset;
    q[1] = arrays.jumpsStressPerYear.byteOffset;
    q[2] = arrays.jumpMeanLog.byteOffset;
    q[3] = arrays.jumpSdLog.byteOffset;
    return new MarketWasmLoops(arrays, main, price);
  }

  /**
   * kernel.ts's main loop over paths 0..n−1 for steps of `dt` years, slow normals and jumps
   * included but for jumps drawn by PTRS: their count is arrays.counts[0], the list arrays.jumps.
   */
  main(n: number, dt: number): void {
    const a = this.arrays;
    this.mainFn(n, a.rec.byteOffset, a.state.byteOffset, a.ret.byteOffset, a.regime.byteOffset, a.jumps.byteOffset, a.jumpWords.byteOffset, a.counts.byteOffset, a.tables.byteOffset, a.jumpParams.byteOffset, dt);
  }

  /** kernel.ts's price path over paths 0..n−1. */
  price(n: number): void {
    const a = this.arrays;
    this.priceFn(n, a.rec.byteOffset, a.ret.byteOffset, a.price.byteOffset, a.peak.byteOffset, a.drawdown.byteOffset, a.vol.byteOffset, a.tables.byteOffset);
  }
}
