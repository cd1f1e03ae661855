import { DAYS_PER_YEAR } from '../../engine/calendar.js';
import { EXP_CONSTANTS } from '../../engine/exp.js';
import { ZIG_R } from '../../engine/rng/ziggurat.js';
import { PATH, REGIME_COEFS, WASM_TABLES } from './layout.js';

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
 * once per thread by engine/wasm/assemble.ts (wasm-loops.ts compiles and binds it).
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
/** Poisson means from which PathRng.poissonFromUniform uses PTRS rather than inversion. */
const INVERSION_BELOW = 12;
/** Byte offsets of the tables in MarketScratch.tables. */
const T = Object.fromEntries(Object.entries(WASM_TABLES).map(([k, v]) => [k, typeof v === 'number' ? v * 8 : v])) as Record<'zigK' | 'zigSignedW' | 'zigW' | 'zigF' | 'expFraction', number>;

/**
 * PathRng.nextU32 on the state words $a, $b, $c, $d (i32 locals), or with `lanes` on four
 * generators at once, one an i32x4 lane of $A, $B, $C, $D: the output word into `out`, then the
 * generator advances. $t / $T: scratch.
 */
const xoshiro = (out: string, lanes = false): string => {
  const [a, b, c, d, t] = lanes ? ['$A', '$B', '$C', '$D', '$T'] : ['$a', '$b', '$c', '$d', '$t'];
  const xor = lanes ? 'v128.xor' : 'i32.xor';
  const times = (k: number) => (lanes ? `i32.const ${k} i32x4.splat i32x4.mul` : `i32.const ${k} i32.mul`);
  const rotl = (x: string, k: number) =>
    lanes ? `local.get ${x} i32.const ${k} i32x4.shl local.get ${x} i32.const ${32 - k} i32x4.shr_u v128.or` : `local.get ${x} i32.const ${k} i32.rotl`;
  return `
    local.get ${b} ${times(5)} local.set ${t} ${rotl(t, 7)} ${times(9)} local.set ${out}
    local.get ${b} i32.const 9 ${lanes ? 'i32x4.shl' : 'i32.shl'} local.set ${t}
    local.get ${c} local.get ${a} ${xor} local.set ${c}
    local.get ${d} local.get ${b} ${xor} local.set ${d}
    local.get ${b} local.get ${c} ${xor} local.set ${b}
    local.get ${a} local.get ${d} ${xor} local.set ${a}
    local.get ${c} local.get ${t} ${xor} local.set ${c}
    ${rotl(d, 11)} local.set ${d}`;
};

/** The uniform (w + 0.5)·2⁻³² of word w (wordToUniform), on the stack. */
const uniformOf = (w: string): string => `local.get ${w} f64.convert_i32_u f64.const 0.5 f64.add f64.const ${f(INV_2_32)} f64.mul`;

/** $cb ← the byte offset of the record of path $o's regime $r (coefBase). */
const coefBase = `local.get $o local.get $r i32.trunc_sat_f64_s i32.const ${REGIME_COEFS.shift + 3} i32.shl i32.add local.set $cb`;

/**
 * The ziggurat's normal from the word in local `w`, left on the stack (PathRng.normalFromWord):
 * j = w >>> 8 below ZIG_K[w & 127] gives j·ZIG_SIGNED_W[w & 255] (the fast path); else normalSlow
 * goes on from the word on the generator whose address `k` (text) pushes. `j`: a scratch f64 local.
 */
const normalFromWord = (w: string, j: string, k: string): string => `
    local.get ${w} i32.const 8 i32.shr_u f64.convert_i32_u local.tee ${j}
    local.get $tables local.get ${w} i32.const 127 i32.and i32.const 3 i32.shl i32.add f64.load offset=${T.zigK}
    f64.lt
    if (result f64)
      local.get ${j}
      local.get $tables local.get ${w} i32.const 255 i32.and i32.const 3 i32.shl i32.add f64.load offset=${T.zigSignedW}
      f64.mul
    else
      ${k} local.get ${w} local.get $tables call $normalSlow
    end`;

/**
 * Path $p's step once its three words are in $sw, $dw, $jw: the regime switch, the ziggurat's
 * fast path and the diffusion (diffusionReturn), the jump test; a slow normal or a jump is listed.
 */
const pathAfterWords = `
    ;; regime switch: leave the current regime with its per-step probability
    local.get $rec local.get $p i32.const ${PATH.shift + 3} i32.shl i32.add local.set $o
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
    local.get $regimeOut local.get $p i32.const 3 i32.shl i32.add local.get $r f64.store
    ;; the ziggurat: j = w >>> 8 below ZIG_K[w & 127] gives z = j·ZIG_SIGNED_W[w & 255] (fast
    ;; path); else normalSlow goes on from the word, drawing from the path's own stream
    ${normalFromWord('$dw', '$jf', 'local.get $state local.get $p i32.const 4 i32.shl i32.add')}
    local.set $z
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
    local.get $ret local.get $p i32.const 3 i32.shl i32.add
    local.get $cb f64.load offset=${C(REGIME_COEFS.drift)} local.get $x f64.add local.get $shock f64.add
    f64.store
    ;; Merton jumps: a jump to draw above e^(−λ dt); jump finishes it, or leaves it to JS (PTRS)
    ${uniformOf('$jw')}
    local.get $cb f64.load offset=${C(REGIME_COEFS.noJump)}
    f64.gt
    if
      local.get $p local.get $r ${uniformOf('$jw')} local.get $state local.get $p i32.const 4 i32.shl i32.add
      local.get $ret local.get $jumpParams local.get $dt local.get $tables call $jump
      if
        local.get $jumpWord local.get $jumps i32.const 2 i32.shl i32.add local.get $jw i32.store
        local.get $jumpIdx local.get $jumps i32.const 2 i32.shl i32.add local.get $p i32.store
        local.get $jumps i32.const 1 i32.add local.set $jumps
      end
    end
`;

/** Lane `lane` of the four paths at $i: its words from $SW, $DW, $JW, then pathAfterWords. */
const laneAfterWords = (lane: number): string => `
    local.get $i i32.const ${lane} i32.add local.set $p
    local.get $SW i32x4.extract_lane ${lane} local.set $sw
    local.get $DW i32x4.extract_lane ${lane} local.set $dw
    local.get $JW i32x4.extract_lane ${lane} local.set $jw
    ${pathAfterWords}`;

/** The bytes of i32 lanes l0..l3 of two vectors (0–3 the first's, 4–7 the second's), for i8x16.shuffle. */
const lanes = (...l: number[]): string => l.flatMap((x) => [4 * x, 4 * x + 1, 4 * x + 2, 4 * x + 3]).join(' ');

/**
 * A 4×4 transpose of i32 lanes, from the vectors `from` to the vectors `to` (four local names
 * each), through the scratch vectors $u0..$u3: from one path's a, b, c, d a vector to one path a
 * lane, and back (a transpose is its own inverse).
 */
const transpose = (from: string[], to: string[]): string => `
    local.get ${from[0]} local.get ${from[1]} i8x16.shuffle ${lanes(0, 4, 1, 5)} local.set $u0
    local.get ${from[0]} local.get ${from[1]} i8x16.shuffle ${lanes(2, 6, 3, 7)} local.set $u1
    local.get ${from[2]} local.get ${from[3]} i8x16.shuffle ${lanes(0, 4, 1, 5)} local.set $u2
    local.get ${from[2]} local.get ${from[3]} i8x16.shuffle ${lanes(2, 6, 3, 7)} local.set $u3
    local.get $u0 local.get $u2 i8x16.shuffle ${lanes(0, 1, 4, 5)} local.set ${to[0]}
    local.get $u0 local.get $u2 i8x16.shuffle ${lanes(2, 3, 6, 7)} local.set ${to[1]}
    local.get $u1 local.get $u3 i8x16.shuffle ${lanes(0, 1, 4, 5)} local.set ${to[2]}
    local.get $u1 local.get $u3 i8x16.shuffle ${lanes(2, 3, 6, 7)} local.set ${to[3]}`;
const PATHS4 = ['$q0', '$q1', '$q2', '$q3'];
const WORDS4 = ['$A', '$B', '$C', '$D'];


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
  (import "env" "log" (func $mathLog (param f64) (result f64)))

  ;; main: words, regime switch, normal (its slow path too) and diffusion, jump test; jumps drawn
  ;; here but for PTRS ones, listed with their count in counts[0]. Four paths at a time draw their
  ;; words in i32x4 lanes (each lane is one path's xoshiro128**); then each path
  ;; in turn does the rest (pathAfterWords); the last n mod 4 paths go through mainRange
  (func $main (export "main")
    (param $n i32) (param $rec i32) (param $state i32) (param $ret i32) (param $regimeOut i32)
    (param $jumpIdx i32) (param $jumpWord i32) (param $counts i32) (param $tables i32)
    (param $jumpParams i32) (param $dt f64)
    (local $i i32) (local $p i32) (local $k i32) (local $quads i32)
    (local $sw i32) (local $dw i32) (local $jw i32) (local $o i32) (local $cb i32)
    (local $jumps i32)
    (local $r f64) (local $jf f64) (local $z f64) (local $h f64) (local $shock f64) (local $x f64)
    (local $A v128) (local $B v128) (local $C v128) (local $D v128) (local $T v128)
    (local $q0 v128) (local $q1 v128) (local $q2 v128) (local $q3 v128)
    (local $u0 v128) (local $u1 v128) (local $u2 v128) (local $u3 v128)
    (local $SW v128) (local $DW v128) (local $JW v128)
    local.get $n i32.const -4 i32.and local.set $quads
    block $done
    local.get $quads i32.eqz br_if $done
    loop $paths
    ;; four paths' generators (a, b, c, d each), transposed to the vectors A, B, C, D of a lane a path
    local.get $state local.get $i i32.const 4 i32.shl i32.add local.set $k
    local.get $k v128.load local.set $q0
    local.get $k v128.load offset=16 local.set $q1
    local.get $k v128.load offset=32 local.set $q2
    local.get $k v128.load offset=48 local.set $q3
    ${transpose(PATHS4, WORDS4)}
    ${xoshiro('$SW', true)}
    ${xoshiro('$DW', true)}
    ${xoshiro('$JW', true)}
    ${transpose(WORDS4, PATHS4)}
    local.get $k local.get $q0 v128.store
    local.get $k local.get $q1 v128.store offset=16
    local.get $k local.get $q2 v128.store offset=32
    local.get $k local.get $q3 v128.store offset=48
    ${[0, 1, 2, 3].map((lane) => laneAfterWords(lane)).join('')}
    local.get $i i32.const 4 i32.add local.tee $i
    local.get $quads i32.lt_u br_if $paths
    end
    end
    local.get $counts local.get $jumps i32.store
    local.get $quads local.get $n local.get $rec local.get $state local.get $ret local.get $regimeOut
    local.get $jumpIdx local.get $jumpWord local.get $counts local.get $tables local.get $jumpParams local.get $dt
    call $mainRange
  )

  ;; mainRange: main's work for paths from..to−1, one at a time, continuing the counts
  (func $mainRange
    (param $from i32) (param $to i32) (param $rec i32) (param $state i32) (param $ret i32) (param $regimeOut i32)
    (param $jumpIdx i32) (param $jumpWord i32) (param $counts i32) (param $tables i32)
    (param $jumpParams i32) (param $dt f64)
    (local $p i32) (local $k i32) (local $a i32) (local $b i32) (local $c i32) (local $d i32) (local $t i32)
    (local $sw i32) (local $dw i32) (local $jw i32) (local $o i32) (local $cb i32)
    (local $jumps i32)
    (local $r f64) (local $jf f64) (local $z f64) (local $h f64) (local $shock f64) (local $x f64)
    local.get $counts i32.load local.set $jumps
    local.get $from local.set $p
    block $done
    local.get $from local.get $to i32.ge_u br_if $done
    loop $paths
    ;; the path's generator: state words 4p..4p+3
    local.get $state local.get $p i32.const 4 i32.shl i32.add local.set $k
    local.get $k i32.load local.set $a
    local.get $k i32.load offset=4 local.set $b
    local.get $k i32.load offset=8 local.set $c
    local.get $k i32.load offset=12 local.set $d
    ${xoshiro('$sw')}
    ${xoshiro('$dw')}
    ${xoshiro('$jw')}
    local.get $k local.get $a i32.store
    local.get $k local.get $b i32.store offset=4
    local.get $k local.get $c i32.store offset=8
    local.get $k local.get $d i32.store offset=12
    ${pathAfterWords}
    local.get $p i32.const 1 i32.add local.tee $p
    local.get $to i32.lt_u br_if $paths
    end
    end
    local.get $counts local.get $jumps i32.store
  )

  ;; price: the price path, two paths at a time in f64x2 lanes (each lane as priceRange's one
  ;; path: the same operations); a pair with ln P outside exp's table range, and an odd last
  ;; path, go through priceRange
  (func $price (export "price")
    (param $n i32) (param $rec i32) (param $ret i32) (param $priceOut i32) (param $peakOut i32)
    (param $ddOut i32) (param $volOut i32) (param $tables i32)
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
      local.get $tables local.get $ki i32x4.extract_lane 0 i32.const 63 i32.and i32.const 3 i32.shl i32.add v128.load64_zero offset=${T.expFraction} local.set $tf
      local.get $tables local.get $ki i32x4.extract_lane 1 i32.const 63 i32.and i32.const 3 i32.shl i32.add
      local.get $tf v128.load64_lane offset=${T.expFraction} 1 local.set $tf
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
      local.get $ddOut local.get $volOut local.get $tables call $priceRange
    end
    local.get $i i32.const 2 i32.add local.tee $i
    local.get $pairs i32.lt_u br_if $paths
    end
    end
    local.get $pairs local.get $n i32.lt_u
    if
      local.get $pairs local.get $n local.get $rec local.get $ret local.get $priceOut local.get $peakOut
      local.get $ddOut local.get $volOut local.get $tables call $priceRange
    end
  )

  ;; priceRange: ln P, P = exp(ln P), the peak, the drawdown and the EWMA volatility of paths from..to−1
  (func $priceRange
    (param $from i32) (param $to i32) (param $rec i32) (param $ret i32) (param $priceOut i32) (param $peakOut i32)
    (param $ddOut i32) (param $volOut i32) (param $tables i32)
    (local $i i32) (local $o i32) (local $s i32)
    (local $x f64) (local $ln f64) (local $px f64) (local $pk f64) (local $before f64) (local $v f64)
    local.get $from local.set $i
    block $done
    local.get $from local.get $to i32.ge_u br_if $done
    loop $paths
    local.get $rec local.get $i i32.const ${PATH.shift + 3} i32.shl i32.add local.set $o
    local.get $i i32.const 3 i32.shl local.set $s
    local.get $ret local.get $s i32.add f64.load local.set $x
    local.get $o f64.load offset=${at(PATH.lnPrice)} local.get $x f64.add local.set $ln
    local.get $o local.get $ln f64.store offset=${at(PATH.lnPrice)}
    local.get $ln local.get $tables call $exp
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
  ;; exp: engine/exp.ts's e^x (Math.exp outside (−708, 709))
  (func $exp (export "exp") (param $x f64) (param $tables i32) (result f64)
    (local $k i32) (local $kf f64) (local $r f64) (local $r2 f64) (local $tf f64)
  local.get $x f64.const -708 f64.gt local.get $x f64.const 709 f64.lt i32.and
  if (result f64)
    local.get $x f64.const ${f(E.stepsPerUnit)} f64.mul f64.const ${f(E.rounder)} f64.add f64.const ${f(E.rounder)} f64.sub local.set $kf
    local.get $kf i32.trunc_f64_s local.set $k
    local.get $x local.get $kf f64.const ${f(E.stepHi)} f64.mul f64.sub local.get $kf f64.const ${f(E.stepLo)} f64.mul f64.sub local.set $r
    local.get $r local.get $r f64.mul local.set $r2
    local.get $tables local.get $k i32.const 63 i32.and i32.const 3 i32.shl i32.add f64.load offset=${T.expFraction} local.set $tf
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
    local.get $x call $mathExp
  end
  )

  ;; nextWord of the generator whose state is at $k, in memory (PathRng.nextU32)
  (func $next (param $k i32) (result i32)
    (local $a i32) (local $b i32) (local $c i32) (local $d i32) (local $t i32) (local $w i32)
    local.get $k i32.load local.set $a
    local.get $k i32.load offset=4 local.set $b
    local.get $k i32.load offset=8 local.set $c
    local.get $k i32.load offset=12 local.set $d
    ${xoshiro('$w')}
    local.get $k local.get $a i32.store
    local.get $k local.get $b i32.store offset=4
    local.get $k local.get $c i32.store offset=8
    local.get $k local.get $d i32.store offset=12
    local.get $w
  )

  ;; a uniform on (0, 1) from the generator at $k (PathRng.uniform)
  (func $uniform (param $k i32) (result f64)
    local.get $k call $next f64.convert_i32_u f64.const 0.5 f64.add f64.const ${f(INV_2_32)} f64.mul
  )

  ;; the ziggurat's slow path from word $u, drawing further words from the generator at $k
  ;; (PathRng.normalSlow: the base layer's tail by Marsaglia's method, Math.log imported)
  (func $normalSlow (export "normalSlow") (param $k i32) (param $u i32) (param $tables i32) (result f64)
    (local $layer i32) (local $at i32) (local $neg i32) (local $jf f64) (local $x f64) (local $y f64)
    loop $draw
      local.get $u i32.const 127 i32.and local.tee $layer i32.const 3 i32.shl local.get $tables i32.add local.set $at
      local.get $u i32.const 8 i32.shr_u f64.convert_i32_u local.set $jf
      local.get $u i32.const 128 i32.and local.set $neg
      local.get $jf local.get $at f64.load offset=${T.zigK} f64.lt
      if
        local.get $jf local.get $at f64.load offset=${T.zigW} f64.mul local.set $x
        local.get $x f64.neg local.get $x local.get $neg select return
      end
      local.get $layer i32.eqz
      if
        loop $tail
          local.get $k call $uniform call $mathLog f64.neg f64.const ${f(ZIG_R)} f64.div local.set $x
          local.get $k call $uniform call $mathLog f64.neg local.set $y
          local.get $y local.get $y f64.add local.get $x local.get $x f64.mul f64.lt br_if $tail
        end
        f64.const ${f(ZIG_R)} local.get $x f64.add local.set $x
        local.get $x f64.neg local.get $x local.get $neg select return
      end
      local.get $jf local.get $at f64.load offset=${T.zigW} f64.mul local.set $x
      ;; the wedge test
      local.get $at f64.load offset=${T.zigF}
      local.get $k call $uniform
      local.get $at f64.load offset=${T.zigF - 8} local.get $at f64.load offset=${T.zigF} f64.sub
      f64.mul f64.add
      f64.const -0.5 local.get $x f64.mul local.get $x f64.mul local.get $tables call $exp
      f64.lt
      if
        local.get $x f64.neg local.get $x local.get $neg select return
      end
      local.get $k call $next local.set $u
      br $draw
    end
    unreachable
  )
  ;; jump: the Merton jumps of path $i (regime $r, jump uniform $u, generator at $k) once its
  ;; uniform passed e^(−λ dt), as addJumps: k ~ Poisson(λ·dt) by inversion, then
  ;; ret[i] += k·μ_J + √k·σ_J·Z with Z from the path's stream (PathRng.normal). $jumpParams holds
  ;; the addresses of λ_calm, λ_stress, μ_J and σ_J per path. Returns 1 (nothing done) where
  ;; poissonFromUniform would use PTRS (λ·dt ≥ 12): JS finishes those.
  (func $jump (param $i i32) (param $r f64) (param $u f64) (param $k i32) (param $ret i32)
    (param $jumpParams i32) (param $dt f64) (param $tables i32) (result i32)
    (local $s i32) (local $w i32) (local $lambda f64) (local $prob f64) (local $cdf f64) (local $n f64) (local $z f64)
    local.get $i i32.const 3 i32.shl local.set $s
    ;; λ = (stress ? λ_stress : λ_calm)·dt
    local.get $r f64.const 1 f64.eq
    if (result f64)
      local.get $jumpParams i32.load offset=4 local.get $s i32.add f64.load
    else
      local.get $jumpParams i32.load local.get $s i32.add f64.load
    end
    local.get $dt f64.mul local.set $lambda
    local.get $lambda f64.const 0 f64.gt i32.eqz
    if
      i32.const 0 return
    end
    local.get $lambda f64.const ${f(INVERSION_BELOW)} f64.lt i32.eqz
    if
      i32.const 1 return
    end
    ;; poissonInversion: the smallest n with u ≤ P(N ≤ n), at most 1000
    local.get $lambda f64.neg local.get $tables call $exp local.tee $prob local.set $cdf
    block $found
      loop $search
        local.get $u local.get $cdf f64.gt local.get $n f64.const 1000 f64.lt i32.and i32.eqz br_if $found
        local.get $n f64.const 1 f64.add local.set $n
        local.get $prob local.get $lambda local.get $n f64.div f64.mul local.set $prob
        local.get $cdf local.get $prob f64.add local.set $cdf
        br $search
      end
    end
    local.get $n f64.const 0 f64.gt
    if
      ;; Z: the ziggurat from the path's next word
      local.get $k call $next local.set $w
      ${normalFromWord('$w', '$z', 'local.get $k')}
      local.set $z
      local.get $ret local.get $s i32.add
      local.get $ret local.get $s i32.add f64.load
      local.get $n local.get $jumpParams i32.load offset=8 local.get $s i32.add f64.load f64.mul
      local.get $n f64.sqrt local.get $jumpParams i32.load offset=12 local.get $s i32.add f64.load f64.mul local.get $z f64.mul
      f64.add f64.add f64.store
    end
    i32.const 0
  )
)
`;
