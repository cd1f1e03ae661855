import { exp } from '../exp.js';
import { logFactorial } from './log-factorial.js';
import { seedPathState, streamId } from './seed.js';
import { ZIG_F, ZIG_K, ZIG_R, ZIG_SIGNED_W, ZIG_W } from './ziggurat.js';

const INV_2_32 = 2.3283064365386963e-10;

/** A uniform on (0, 1) from one 32-bit word (signed or unsigned). */
export function wordToUniform(w: number): number {
  return ((w >>> 0) + 0.5) * INV_2_32;
}

/** Below this mean Poisson draws invert one uniform; from it on they use PTRS. */
const INVERSION_BELOW = 12;

/**
 * The uniform at or below which {@link PathRng.poissonFromUniform} returns 0 for this
 * `lambda` whatever else: e^(−λ) where it inverts the uniform, 1 (always) for λ ≤ 0, and 0
 * (never) where it ignores the uniform (PTRS). A step loop can compute it once per parameter
 * change and skip the call when `u <= threshold`, with exactly the result the call would give.
 */
export function poissonZeroBelow(lambda: number): number {
  if (!(lambda > 0)) return 1;
  return lambda < INVERSION_BELOW ? exp(-lambda) : 0;
}

/** Poisson by sequential-search inversion of one uniform (exact for any λ; O(λ) steps). */
function poissonInversion(lambda: number, u: number): number {
  let p = exp(-lambda);
  let cdf = p;
  let k = 0;
  while (u > cdf && k < 1000) {
    k++;
    p *= lambda / k;
    cdf += p;
  }
  return k;
}

/**
 * The ziggurat's fast path: a standard normal from one 32-bit word on ~97.2% of words, NaN
 * on the others, for which {@link PathRng.normalFromWord} (given the same word) continues
 * with the slow path. A step loop can so leave the rare case, and its call, to a later loop.
 */
export function normalFastFromWord(u: number): number {
  const j = u >>> 8;
  return j < ZIG_K[u & 127] ? j * ZIG_SIGNED_W[u & 255] : NaN;
}

/**
 * The ** scrambler of xoshiro128**: a word's output from the state word b (as int32). Exported
 * for a model that advances its paths' generators inside its own loop (the market does, for
 * speed), with the state update of {@link PathRng.drawWords}.
 */
export function starStar(b: number): number {
  const r = Math.imul(b, 5);
  return Math.imul((r << 7) | (r >>> 25), 9);
}

/**
 * One xoshiro128** generator per path, for a block of paths, with its state in a
 * `Uint32Array` (four words per path, interleaved).
 *
 * Use in a step loop: `rng.load(i)`, draw as many numbers as the path needs, then
 * `rng.store(i)`. The working state lives in four fields between load and store. For a few
 * words on every path of a block, {@link PathRng.drawWords} is about twice as fast: its
 * state stays in registers rather than in the object's fields.
 */
export class PathRng {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;
  private words = new Uint32Array(0);
  /** Generator state: words 4i..4i+3 belong to path i of the block. */
  readonly state: Uint32Array;

  /**
   * @param seed - the scenario seed
   * @param firstPath - global index of the block's first path
   * @param paths - number of paths in the block
   * @param stream - stream name, normally the model's name (so models draw independently)
   * @param state - where to keep the states (4 words a path), e.g. from a BlockArena; a new array by default
   */
  constructor(seed: number, firstPath: number, paths: number, stream: string, state: Uint32Array = new Uint32Array(paths * 4)) {
    this.state = state;
    reseedPathRng(this, seed, firstPath, paths, stream);
  }

  /** Makes path i's generator the working one. */
  load(i: number): void {
    const s = this.state;
    const k = i << 2;
    this.a = s[k];
    this.b = s[k + 1];
    this.c = s[k + 2];
    this.d = s[k + 3];
  }

  /** Saves the working generator back as path i's. */
  store(i: number): void {
    const s = this.state;
    const k = i << 2;
    s[k] = this.a;
    s[k + 1] = this.b;
    s[k + 2] = this.c;
    s[k + 3] = this.d;
  }

  /**
   * Draws `perPath` 32-bit words for each of the first `paths` paths, in one tight pass with
   * each path's state in registers: word j of path i is at `[i * perPath + j]`. This is the
   * fast way to feed a step loop; turn words into numbers with {@link wordToUniform},
   * {@link PathRng.normalFromWord} and {@link PathRng.poissonFromUniform}. The returned
   * buffer is reused by the next call.
   */
  drawWords(paths: number, perPath: number): Uint32Array {
    const need = paths * perPath;
    if (this.words.length < need) this.words = new Uint32Array(need);
    const out = this.words;
    const s = this.state;
    for (let i = 0, w = 0; i < paths; i++) {
      const k = i << 2;
      let a = s[k] | 0;
      let b = s[k + 1] | 0;
      let c = s[k + 2] | 0;
      let d = s[k + 3] | 0;
      let t = 0;
      for (let j = 0; j < perPath; j++) {
        // output a word, then advance: nextU32 with the state in locals
        out[w++] = starStar(b); t = b << 9; c ^= a; d ^= b; b ^= c; a ^= d; c ^= t; d = (d << 11) | (d >>> 21);
      }
      s[k] = a;
      s[k + 1] = b;
      s[k + 2] = c;
      s[k + 3] = d;
    }
    return out;
  }

  /**
   * A standard normal from one pre-drawn word (ziggurat). In the slow case (~2.8%) it
   * draws further words from path i's own stream, so results stay per-path deterministic.
   */
  normalFromWord(u: number, i: number): number {
    const fast = normalFastFromWord(u);
    if (fast === fast) return fast;
    this.load(i);
    const z = this.normalSlow(u);
    this.store(i);
    return z;
  }

  /**
   * A Poisson count with mean `lambda` from one pre-drawn uniform `u` (inversion); for
   * lambda ≥ 12 it switches to PTRS on path i's own stream.
   */
  poissonFromUniform(lambda: number, u: number, i: number): number {
    if (!(lambda > 0)) return 0;
    if (lambda < INVERSION_BELOW) return poissonInversion(lambda, u);
    this.load(i);
    const k = this.poissonPtrs(lambda);
    this.store(i);
    return k;
  }

  /**
   * A standard normal from path i's own stream (load, draw, store): for a draw that only
   * some paths need, beside the words of {@link PathRng.drawWords}.
   */
  normalOf(i: number): number {
    this.load(i);
    const z = this.normal();
    this.store(i);
    return z;
  }

  /** Next 32-bit word (xoshiro128**, Blackman & Vigna 2018), as an unsigned integer. */
  nextU32(): number {
    const b = this.b;
    const result = starStar(b) >>> 0;
    const t = b << 9;
    this.c ^= this.a;
    this.d ^= b;
    this.b = b ^ this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = (this.d << 11) | (this.d >>> 21);
    return result;
  }

  /** Uniform on the open interval (0, 1), resolution 2⁻³². */
  uniform(): number {
    return (this.nextU32() + 0.5) * INV_2_32;
  }

  /** Standard normal by the ziggurat (one 32-bit word in ~97.2% of draws). */
  normal(): number {
    const u = this.nextU32();
    const z = normalFastFromWord(u);
    return z === z ? z : this.normalSlow(u);
  }

  private normalSlow(u: number): number {
    for (;;) {
      const layer = u & 127;
      const j = u >>> 8;
      const negative = (u & 128) !== 0;
      if (j < ZIG_K[layer]) {
        const x = j * ZIG_W[layer];
        return negative ? -x : x;
      }
      if (layer === 0) {
        // the tail beyond r, by Marsaglia's (1964) method
        let x: number;
        let y: number;
        do {
          x = -Math.log(this.uniform()) / ZIG_R;
          y = -Math.log(this.uniform());
        } while (y + y < x * x);
        return negative ? -(ZIG_R + x) : ZIG_R + x;
      }
      const x = j * ZIG_W[layer];
      // the wedge test; exp (not Math.exp, a call) is within 2 ulp, far finer than the uniform
      if (ZIG_F[layer] + this.uniform() * (ZIG_F[layer - 1] - ZIG_F[layer]) < exp(-0.5 * x * x)) {
        return negative ? -x : x;
      }
      u = this.nextU32();
    }
  }

  /** Normal with mean `mean` and standard deviation `sd`. */
  normalWith(mean: number, sd: number): number {
    return mean + sd * this.normal();
  }

  /** Lognormal: exp(N(mu, sigma²)); `mu` and `sigma` are the mean and sd of the logarithm. */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(mu + sigma * this.normal());
  }

  /** Exponential with the given rate (mean 1/rate). */
  exponential(rate: number): number {
    return -Math.log(this.uniform()) / rate;
  }

  /**
   * Poisson with mean `lambda`: inversion by sequential search below 12, and Hörmann's
   * (1993) transformed rejection (PTRS) above, which is exact and O(1).
   */
  poisson(lambda: number): number {
    if (!(lambda > 0)) return 0;
    if (lambda < INVERSION_BELOW) return poissonInversion(lambda, this.uniform());
    return this.poissonPtrs(lambda);
  }

  private poissonPtrs(lambda: number): number {
    const sqrtLambda = Math.sqrt(lambda);
    const logLambda = Math.log(lambda);
    const b = 0.931 + 2.53 * sqrtLambda;
    const a = -0.059 + 0.02483 * b;
    const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.uniform() - 0.5;
      const v = this.uniform();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -lambda + k * logLambda - logFactorial(k)) {
        return k;
      }
    }
  }
}

/** Reseeds every path of `rng` for another block (reusing its state array). */
export function reseedPathRng(rng: PathRng, seed: number, firstPath: number, paths: number, stream: string): void {
  const id = streamId(stream);
  for (let i = 0; i < paths; i++) seedPathState(seed, firstPath + i, id, rng.state, i * 4);
}
