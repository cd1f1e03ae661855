import { DAYS_PER_YEAR } from '../../engine/calendar.js';
import { EXP_CONSTANTS } from '../../engine/exp.js';
import { wasmMemoryOf } from '../../engine/block-arena.js';
import { assemble } from '../../engine/wasm/assemble.js';
import { PATH, REGIME_COEFS } from './layout.js';

/*
 * The market step's two hot loops in WebAssembly (kernel.ts calls them when the block's arrays
 * live in a WebAssembly memory; otherwise it runs its own JavaScript loops). They do exactly the
 * JavaScript's operations, in its order, on the same arrays: IEEE +, −, ×, ÷ and √ round alike
 * in both, xoshiro128** is integer arithmetic, and `exp` is src/engine/exp.ts operation for
 * operation (2^m built from its bits, equal to its table's Math.pow(2, m)). No fused multiply-add
 * exists in wasm's scalar or f64x2 instructions, so results are bit-identical to the JS loops.
 *
 * `main`: per path, the three words of the path's generator, the regime switch, the ziggurat's
 * fast path and the diffusion (trend and GARCH ratio move on), the jump test; the rare cases
 * (a slow normal, a jump) are listed as the JS loop lists them. `price`: the price path.
 * Offsets are byte offsets into the memory; the text below is the source of truth, assembled
 * once per thread by engine/wasm/assemble.ts.
 */

/** A double's exact decimal for the text (JavaScript's shortest round-trip form). */
const f = (x: number): string => {
  const s = String(x);
  return /[.e]/.test(s) ? s : `${s}.0`;
};
/** Byte offset of a record field. */
const at = (field: number): number => field * 8;
const COEFS = at(PATH.coefs);
const C = (field: number): number => COEFS + at(field);
const INV_2_32 = 2.3283064365386963e-10;

/** The state words a, b, c, d → output word into `out`, then the generator advances (PathRng.nextU32). */
const nextWord = (out: string): string => `
    local.get $b i32.const 5 i32.mul i32.const 7 i32.rotl i32.const 9 i32.mul local.set ${out}
    local.get $b i32.const 9 i32.shl local.set $t
    local.get $c local.get $a i32.xor local.set $c
    local.get $d local.get $b i32.xor local.set $d
    local.get $b local.get $c i32.xor local.set $b
    local.get $a local.get $d i32.xor local.set $a
    local.get $c local.get $t i32.xor local.set $c
    local.get $d i32.const 11 i32.rotl local.set $d`;

/** The uniform (w + 0.5)·2⁻³² of word w (wordToUniform), on the stack. */
const uniformOf = (w: string): string => `local.get ${w} f64.convert_i32_u f64.const 0.5 f64.add f64.const ${f(INV_2_32)} f64.mul`;

/** $cb ← the byte offset of the record of path $o's regime $r (coefBase). */
const coefBase = `local.get $o local.get $r i32.trunc_sat_f64_s i32.const ${REGIME_COEFS.shift + 3} i32.shl i32.add local.set $cb`;

const E = EXP_CONSTANTS;

/** v128 local ← a record field of paths $o (lane 0) and $o1 (lane 1). */
const gather = (to: string, field: number): string =>
  `local.get $o v128.load64_zero offset=${at(field)} local.set ${to} local.get $o1 local.get ${to} v128.load64_lane offset=${at(field)} 1 local.set ${to}`;
/** A record field of paths $o and $o1 ← lanes 0 and 1 of a v128 local. */
const scatter = (from: string, field: number): string =>
  `local.get $o local.get ${from} v128.store64_lane offset=${at(field)} 0 local.get $o1 local.get ${from} v128.store64_lane offset=${at(field)} 1`;

/** The market's kernel in WebAssembly text. */
export const MARKET_WAT = `
(module
  (import "env" "memory" (memory 1))
  (import "env" "exp" (func $mathExp (param f64) (result f64)))

  ;; main: words, regime switch, fast normal and diffusion, jump test; rare cases listed
  (func $main (export "main")
    (param $n i32) (param $rec i32) (param $state i32) (param $ret i32) (param $regimeOut i32)
    (param $slowIdx i32) (param $slowWord i32) (param $jumpIdx i32) (param $jumpWord i32)
    (param $counts i32) (param $zigK i32) (param $zigSW i32)
    (local $i i32) (local $k i32) (local $a i32) (local $b i32) (local $c i32) (local $d i32) (local $t i32)
    (local $sw i32) (local $dw i32) (local $jw i32) (local $o i32) (local $cb i32)
    (local $slow i32) (local $jumps i32)
    (local $r f64) (local $jf f64) (local $z f64) (local $h f64) (local $shock f64) (local $x f64)
    block $done
    local.get $n i32.eqz br_if $done
    loop $paths
    ;; the path's generator: state words 4i..4i+3
    local.get $state local.get $i i32.const 4 i32.shl i32.add local.set $k
    local.get $k i32.load local.set $a
    local.get $k i32.load offset=4 local.set $b
    local.get $k i32.load offset=8 local.set $c
    local.get $k i32.load offset=12 local.set $d
    ${nextWord('$sw')}
    ${nextWord('$dw')}
    ${nextWord('$jw')}
    local.get $k local.get $a i32.store
    local.get $k local.get $b i32.store offset=4
    local.get $k local.get $c i32.store offset=8
    local.get $k local.get $d i32.store offset=12
    ;; regime switch: leave the current regime with its per-step probability
    local.get $rec local.get $i i32.const ${PATH.shift + 3} i32.shl i32.add local.set $o
    local.get $o f64.load offset=${at(PATH.regime)} local.set $r
    ${coefBase}
    ${uniformOf('$sw')}
    local.get $cb f64.load offset=${C(REGIME_COEFS.leave)}
    f64.lt
    if
      f64.const 1 local.get $r f64.sub local.set $r
      ${coefBase}
    end
    local.get $o local.get $r f64.store offset=${at(PATH.regime)}
    local.get $regimeOut local.get $i i32.const 3 i32.shl i32.add local.get $r f64.store
    ;; the ziggurat's fast path: j = w >>> 8 below ZIG_K[w & 127] gives z = j·ZIG_SIGNED_W[w & 255]
    local.get $dw i32.const 8 i32.shr_u f64.convert_i32_u local.set $jf
    local.get $jf
    local.get $zigK local.get $dw i32.const 127 i32.and i32.const 3 i32.shl i32.add f64.load
    f64.lt
    if
      local.get $jf
      local.get $zigSW local.get $dw i32.const 255 i32.and i32.const 3 i32.shl i32.add f64.load
      f64.mul local.set $z
      ;; diffusionReturn: shock = σ√dt·√h·z; x′ = x·keep + κ·shock; h′ = 1 − α − β + (α·z·z + β)·h
      local.get $o f64.load offset=${at(PATH.varRatio)} local.set $h
      local.get $cb f64.load offset=${C(REGIME_COEFS.diffusion)} local.get $h f64.sqrt f64.mul local.get $z f64.mul local.set $shock
      local.get $o f64.load offset=${at(PATH.trend)} local.set $x
      local.get $o
      local.get $x local.get $o f64.load offset=${at(PATH.trendKeep)} f64.mul
      local.get $o f64.load offset=${at(PATH.trendGain)} local.get $shock f64.mul
      f64.add f64.store offset=${at(PATH.trend)}
      local.get $o
      local.get $o f64.load offset=${at(PATH.garchConst)}
      local.get $o f64.load offset=${at(PATH.garchAlpha)} local.get $z f64.mul local.get $z f64.mul
      local.get $o f64.load offset=${at(PATH.garchBeta)} f64.add
      local.get $h f64.mul f64.add f64.store offset=${at(PATH.varRatio)}
      local.get $ret local.get $i i32.const 3 i32.shl i32.add
      local.get $cb f64.load offset=${C(REGIME_COEFS.drift)} local.get $x f64.add local.get $shock f64.add
      f64.store
    else
      local.get $slowWord local.get $slow i32.const 2 i32.shl i32.add local.get $dw i32.store
      local.get $slowIdx local.get $slow i32.const 2 i32.shl i32.add local.get $i i32.store
      local.get $slow i32.const 1 i32.add local.set $slow
    end
    ;; Merton jumps: a jump to draw above e^(−λ dt)
    ${uniformOf('$jw')}
    local.get $cb f64.load offset=${C(REGIME_COEFS.noJump)}
    f64.gt
    if
      local.get $jumpWord local.get $jumps i32.const 2 i32.shl i32.add local.get $jw i32.store
      local.get $jumpIdx local.get $jumps i32.const 2 i32.shl i32.add local.get $i i32.store
      local.get $jumps i32.const 1 i32.add local.set $jumps
    end
    local.get $i i32.const 1 i32.add local.tee $i
    local.get $n i32.lt_u br_if $paths
    end
    end
    local.get $counts local.get $slow i32.store
    local.get $counts local.get $jumps i32.store offset=4
  )

  ;; price: the price path, two paths at a time in f64x2 lanes (each lane as priceRange's one
  ;; path: the same operations); a pair with ln P outside exp's table range, and an odd last
  ;; path, go through priceRange
  (func $price (export "price")
    (param $n i32) (param $rec i32) (param $ret i32) (param $priceOut i32) (param $peakOut i32)
    (param $ddOut i32) (param $volOut i32) (param $fraction i32)
    (local $i i32) (local $o i32) (local $o1 i32) (local $s i32) (local $pairs i32)
    (local $x v128) (local $ln v128) (local $px v128) (local $pk v128) (local $before v128) (local $v v128)
    (local $kf v128) (local $r v128) (local $r2 v128) (local $tf v128) (local $ki v128)
    local.get $n i32.const -2 i32.and local.set $pairs
    block $done
    local.get $pairs i32.eqz br_if $done
    loop $paths
    local.get $rec local.get $i i32.const ${PATH.shift + 3} i32.shl i32.add local.tee $o
    i32.const ${8 << PATH.shift} i32.add local.set $o1
    local.get $i i32.const 3 i32.shl local.set $s
    local.get $ret local.get $s i32.add v128.load align=8 local.set $x
    ${gather('$ln', PATH.lnPrice)}
    local.get $ln local.get $x f64x2.add local.set $ln
    ;; both lanes inside (−708, 709), where exp needs no Math.exp
    local.get $ln f64.const -708 f64x2.splat f64x2.gt local.get $ln f64.const 709 f64x2.splat f64x2.lt v128.and
    i64x2.bitmask i32.const 3 i32.eq
    if
      ${scatter('$ln', PATH.lnPrice)}
      ;; exp: kf = round(ln·64/ln2), k = kf as an integer, r = ln − kf·ln2/64
      local.get $ln f64.const ${f(E.stepsPerUnit)} f64x2.splat f64x2.mul f64.const ${f(E.rounder)} f64x2.splat f64x2.add
      f64.const ${f(E.rounder)} f64x2.splat f64x2.sub local.tee $kf
      i32x4.trunc_sat_f64x2_s_zero local.set $ki
      local.get $ln local.get $kf f64.const ${f(E.stepHi)} f64x2.splat f64x2.mul f64x2.sub
      local.get $kf f64.const ${f(E.stepLo)} f64x2.splat f64x2.mul f64x2.sub local.tee $r
      local.get $r f64x2.mul local.set $r2
      ;; 2^(j/64), j = k & 63, for each lane
      local.get $fraction local.get $ki i32x4.extract_lane 0 i32.const 63 i32.and i32.const 3 i32.shl i32.add v128.load64_zero local.set $tf
      local.get $fraction local.get $ki i32x4.extract_lane 1 i32.const 63 i32.and i32.const 3 i32.shl i32.add
      local.get $tf v128.load64_lane 1 local.set $tf
      ;; 2^m, m = k >> 6, from its bits
      local.get $ki i32.const 6 i32x4.shr_s i32.const 1023 i32x4.splat i32x4.add i64x2.extend_low_i32x4_s i32.const 52 i64x2.shl
      local.get $tf
      local.get $tf
      local.get $r
      local.get $r2 f64.const 0.5 f64x2.splat local.get $r f64.const ${f(1 / 6)} f64x2.splat f64x2.mul f64x2.add f64x2.mul f64x2.add
      local.get $r2 local.get $r2 f64x2.mul
      f64.const ${f(1 / 24)} f64x2.splat local.get $r f64.const ${f(1 / 120)} f64x2.splat f64x2.mul f64x2.add
      local.get $r2 f64.const ${f(1 / 720)} f64x2.splat f64x2.mul f64x2.add
      f64x2.mul f64x2.add
      f64x2.mul f64x2.add f64x2.mul local.set $px
      ;; the running peak: px where px > peak, else peak
      ${gather('$pk', PATH.peak)}
      local.get $px local.get $pk local.get $px local.get $pk f64x2.gt v128.bitselect local.set $pk
      ${scatter('$pk', PATH.peak)}
      ;; the EWMA variance
      ${gather('$before', PATH.ewmaVar)}
      ${gather('$v', PATH.ewmaKeep)}
      local.get $v local.get $before f64x2.mul
      ${gather('$v', PATH.ewmaGain)}
      local.get $v local.get $x f64x2.mul local.get $x f64x2.mul
      f64x2.add local.set $v
      ${scatter('$before', PATH.ewmaVarBefore)}
      ${scatter('$v', PATH.ewmaVar)}
      local.get $priceOut local.get $s i32.add local.get $px v128.store align=8
      local.get $peakOut local.get $s i32.add local.get $pk v128.store align=8
      local.get $ddOut local.get $s i32.add f64.const 1 f64x2.splat local.get $px local.get $pk f64x2.div f64x2.sub v128.store align=8
      local.get $volOut local.get $s i32.add local.get $v f64.const ${f(DAYS_PER_YEAR)} f64x2.splat f64x2.mul f64x2.sqrt v128.store align=8
    else
      local.get $i local.get $i i32.const 2 i32.add local.get $rec local.get $ret local.get $priceOut local.get $peakOut
      local.get $ddOut local.get $volOut local.get $fraction call $priceRange
    end
    local.get $i i32.const 2 i32.add local.tee $i
    local.get $pairs i32.lt_u br_if $paths
    end
    end
    local.get $pairs local.get $n i32.lt_u
    if
      local.get $pairs local.get $n local.get $rec local.get $ret local.get $priceOut local.get $peakOut
      local.get $ddOut local.get $volOut local.get $fraction call $priceRange
    end
  )

  ;; priceRange: ln P, P = exp(ln P), the peak, the drawdown and the EWMA volatility of paths from..to−1
  (func $priceRange
    (param $from i32) (param $to i32) (param $rec i32) (param $ret i32) (param $priceOut i32) (param $peakOut i32)
    (param $ddOut i32) (param $volOut i32) (param $fraction i32)
    (local $i i32) (local $o i32) (local $s i32) (local $k i32)
    (local $x f64) (local $ln f64) (local $px f64) (local $pk f64) (local $before f64) (local $v f64)
    (local $kf f64) (local $r f64) (local $r2 f64) (local $tf f64)
    local.get $from local.set $i
    block $done
    local.get $from local.get $to i32.ge_u br_if $done
    loop $paths
    local.get $rec local.get $i i32.const ${PATH.shift + 3} i32.shl i32.add local.set $o
    local.get $i i32.const 3 i32.shl local.set $s
    local.get $ret local.get $s i32.add f64.load local.set $x
    local.get $o f64.load offset=${at(PATH.lnPrice)} local.get $x f64.add local.set $ln
    local.get $o local.get $ln f64.store offset=${at(PATH.lnPrice)}
    ;; exp(ln), engine/exp.ts: Math.exp outside (−708, 709)
    local.get $ln f64.const -708 f64.gt local.get $ln f64.const 709 f64.lt i32.and
    if (result f64)
      local.get $ln f64.const ${f(E.stepsPerUnit)} f64.mul f64.const ${f(E.rounder)} f64.add f64.const ${f(E.rounder)} f64.sub local.set $kf
      local.get $kf i32.trunc_f64_s local.set $k
      local.get $ln local.get $kf f64.const ${f(E.stepHi)} f64.mul f64.sub local.get $kf f64.const ${f(E.stepLo)} f64.mul f64.sub local.set $r
      local.get $r local.get $r f64.mul local.set $r2
      local.get $fraction local.get $k i32.const 63 i32.and i32.const 3 i32.shl i32.add f64.load local.set $tf
      ;; 2^m, m = k >> 6, from its bits
      local.get $k i32.const 6 i32.shr_s i32.const 1023 i32.add i64.extend_i32_s i64.const 52 i64.shl f64.reinterpret_i64
      local.get $tf
      local.get $tf
      ;; em1 = r + r²(1/2 + r/6) + r⁴(1/24 + r/120 + r²/720)
      local.get $r
      local.get $r2 f64.const 0.5 local.get $r f64.const ${f(1 / 6)} f64.mul f64.add f64.mul f64.add
      local.get $r2 local.get $r2 f64.mul
      f64.const ${f(1 / 24)} local.get $r f64.const ${f(1 / 120)} f64.mul f64.add local.get $r2 f64.const ${f(1 / 720)} f64.mul f64.add
      f64.mul f64.add
      f64.mul f64.add f64.mul
    else
      local.get $ln call $mathExp
    end
    local.set $px
    ;; the running peak
    local.get $px local.get $o f64.load offset=${at(PATH.peak)} local.tee $pk f64.gt
    if
      local.get $px local.set $pk
    end
    local.get $o local.get $pk f64.store offset=${at(PATH.peak)}
    ;; the EWMA variance
    local.get $o f64.load offset=${at(PATH.ewmaVar)} local.set $before
    local.get $o f64.load offset=${at(PATH.ewmaKeep)} local.get $before f64.mul
    local.get $o f64.load offset=${at(PATH.ewmaGain)} local.get $x f64.mul local.get $x f64.mul
    f64.add local.set $v
    local.get $o local.get $before f64.store offset=${at(PATH.ewmaVarBefore)}
    local.get $o local.get $v f64.store offset=${at(PATH.ewmaVar)}
    local.get $priceOut local.get $s i32.add local.get $px f64.store
    local.get $peakOut local.get $s i32.add local.get $pk f64.store
    local.get $ddOut local.get $s i32.add f64.const 1 local.get $px local.get $pk f64.div f64.sub f64.store
    local.get $volOut local.get $s i32.add local.get $v f64.const ${f(DAYS_PER_YEAR)} f64.mul f64.sqrt f64.store
    local.get $i i32.const 1 i32.add local.tee $i
    local.get $to i32.lt_u br_if $paths
    end
    end
  )
)
`;

/** The compiled module, once per thread (null where WebAssembly is off or unavailable). */
const MODULE: WebAssembly.Module | null = compile();
/** One instance per memory (a block arena's buffer), shared by the workspaces cut from it. */
const instances = new WeakMap<WebAssembly.Memory, WebAssembly.Instance>();
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
  slowNormals: Int32Array;
  slowNormalWords: Int32Array;
  jumps: Int32Array;
  jumpWords: Int32Array;
  /** Two words: the counts of slow normals and of jumps `main` listed. */
  counts: Int32Array;
  zigK: Float64Array;
  zigSignedW: Float64Array;
  expFraction: Float64Array;
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
    let instance = instances.get(memory);
    if (!instance) {
      instance = new WebAssembly.Instance(MODULE, { env: { memory, exp: Math.exp } });
      instances.set(memory, instance);
    }
    const { main, price } = instance.exports as Record<string, (...args: number[]) => void>;
    return new MarketWasmLoops(arrays, main, price);
  }

  /** kernel.ts's main loop over paths 0..n−1; the counts of rare cases listed are in arrays.counts. */
  main(n: number): void {
    const a = this.arrays;
    this.mainFn(n, a.rec.byteOffset, a.state.byteOffset, a.ret.byteOffset, a.regime.byteOffset, a.slowNormals.byteOffset, a.slowNormalWords.byteOffset, a.jumps.byteOffset, a.jumpWords.byteOffset, a.counts.byteOffset, a.zigK.byteOffset, a.zigSignedW.byteOffset);
  }

  /** kernel.ts's price path over paths 0..n−1. */
  price(n: number): void {
    const a = this.arrays;
    this.priceFn(n, a.rec.byteOffset, a.ret.byteOffset, a.price.byteOffset, a.peak.byteOffset, a.drawdown.byteOffset, a.vol.byteOffset, a.expFraction.byteOffset);
  }
}
