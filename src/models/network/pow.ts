/**
 * Bitcoin's proof-of-work target arithmetic, as Bitcoin Core does it (src/pow.cpp,
 * src/arith_uint256.cpp, mainnet consensus parameters): the compact "nBits" encoding of a
 * 256-bit target, the retarget every 2016 blocks, and the difficulty Core reports. Targets are
 * BigInts reduced modulo 2²⁵⁶ where Core's arith_uint256 would wrap. These functions run at
 * retargets only (once per path every ~2 weeks); the step loop works in doubles.
 */

/** 2²⁵⁶: arith_uint256 arithmetic wraps modulo this. */
const MOD_256 = 1n << 256n;
/** Mainnet powLimit: the easiest allowed target, 2²²⁴ − 1 (compact 0x1d00ffff). */
export const POW_LIMIT = (1n << 224n) - 1n;
/** nPowTargetTimespan: two weeks, in seconds. */
export const TARGET_TIMESPAN_S = 1_209_600;
/** nPowTargetSpacing: ten minutes, in seconds. */
export const TARGET_SPACING_S = 600;
/** DifficultyAdjustmentInterval(): blocks per retarget epoch. */
export const RETARGET_INTERVAL = TARGET_TIMESPAN_S / TARGET_SPACING_S;
/** The target of difficulty 1: 0xffff·2²⁰⁸ (the truncated powLimit of compact 0x1d00ffff). */
const DIFF1_TARGET = 0xffffn << 208n;

/** A target decoded from its compact form, with Core's negative and overflow flags. */
export interface DecodedCompact {
  target: bigint;
  negative: boolean;
  overflow: boolean;
}

/** arith_uint256::SetCompact: the target of a compact nBits value. */
export function compactToTarget(nBits: number): DecodedCompact {
  const compact = nBits >>> 0;
  const size = compact >>> 24;
  let word = compact & 0x007fffff;
  let target: bigint;
  if (size <= 3) {
    word >>>= 8 * (3 - size);
    target = BigInt(word);
  } else {
    target = (BigInt(word) << BigInt(8 * (size - 3))) % MOD_256;
  }
  const negative = word !== 0 && (compact & 0x00800000) !== 0;
  const overflow = word !== 0 && (size > 34 || (word > 0xff && size > 33) || (word > 0xffff && size > 32));
  return { target, negative, overflow };
}

/** Number of significant bits of a non-negative BigInt (arith_uint256::bits). */
function bitLength(x: bigint): number {
  if (x === 0n) return 0;
  const hex = x.toString(16);
  return (hex.length - 1) * 4 + 32 - Math.clz32(parseInt(hex[0], 16));
}

/** arith_uint256::GetCompact: the compact form of a target (truncating to 3 significant bytes). */
export function targetToCompact(target: bigint, negative = false): number {
  let size = Math.floor((bitLength(target) + 7) / 8);
  let compact: number;
  if (size <= 3) compact = Number(target << BigInt(8 * (3 - size)));
  else compact = Number(target >> BigInt(8 * (size - 3)));
  // the mantissa's top bit is a sign bit: if it is set, shift one more byte into the exponent
  if (compact & 0x00800000) {
    compact >>>= 8;
    size++;
  }
  compact |= size << 24;
  if (negative && (compact & 0x007fffff) !== 0) compact |= 0x00800000;
  return compact >>> 0;
}

/**
 * CalculateNextWorkRequired (mainnet, no testnet rules): the nBits of the next epoch from the
 * current epoch's nBits and the timestamps (Unix seconds, integers) of its first and last
 * blocks. The timespan is clamped to [¼, 4] × two weeks; the new target is the old one times
 * the timespan, then divided by two weeks (integer, multiply first), capped at powLimit.
 */
export function nextWorkRequired(lastNBits: number, firstBlockTime: number, lastBlockTime: number): number {
  let actual = lastBlockTime - firstBlockTime;
  if (actual < TARGET_TIMESPAN_S / 4) actual = TARGET_TIMESPAN_S / 4;
  if (actual > TARGET_TIMESPAN_S * 4) actual = TARGET_TIMESPAN_S * 4;
  let target = compactToTarget(lastNBits).target;
  target = (target * BigInt(actual)) % MOD_256;
  target /= BigInt(TARGET_TIMESPAN_S);
  if (target > POW_LIMIT) target = POW_LIMIT;
  return targetToCompact(target);
}

/**
 * GetDifficulty (Core's rpc/blockchain.cpp): the difficulty of a compact target as a double,
 * 0xffff / mantissa scaled by powers of 256 to exponent 29, in the same order of operations.
 */
export function difficultyFromCompact(nBits: number): number {
  let shift = (nBits >>> 24) & 0xff;
  let diff = 0x0000ffff / (nBits & 0x00ffffff);
  while (shift < 29) {
    diff *= 256.0;
    shift++;
  }
  while (shift > 29) {
    diff /= 256.0;
    shift--;
  }
  return diff;
}

/** The exact rational 0xffff·2²⁰⁸ / target as a double, rounded once (for checks against data). */
export function exactDifficulty(target: bigint): number {
  // scale so that the integer quotient carries 64+ significant bits, then one rounding to double
  const shift = BigInt(Math.max(0, 64 - (bitLength(DIFF1_TARGET) - bitLength(target))));
  const q = (DIFF1_TARGET << shift) / target;
  return Number(q) / 2 ** Number(shift);
}

/** The double x as an exact fraction m·2^e with an integer m (x finite and > 0). */
function splitDouble(x: number): { m: bigint; e: number } {
  let e = 0;
  let m = x;
  while (!Number.isInteger(m)) {
    m *= 2;
    e--;
  }
  while (m >= 2 ** 53) {
    m /= 2;
    e++;
  }
  return { m: BigInt(m), e };
}

/** The compact value one mantissa step above `nBits` (the next larger representable target). */
function nextCompactUp(nBits: number): number {
  const size = nBits >>> 24;
  const unit = size > 3 ? 1n << BigInt(8 * (size - 3)) : 1n;
  return targetToCompact(compactToTarget(nBits).target + unit);
}

/**
 * The compact nBits whose target is nearest to 0xffff·2²⁰⁸ / difficulty: how a scenario gives
 * the starting difficulty as a plain number. Any difficulty quoted to 6 significant digits or
 * more maps back to the chain's own nBits (the mantissa has 15–23 bits); the tests check this on
 * every real epoch.
 */
export function compactFromDifficulty(difficulty: number): number {
  if (!(difficulty > 0) || !Number.isFinite(difficulty)) throw new RangeError(`difficulty must be a positive number, got ${difficulty}`);
  const { m, e } = splitDouble(difficulty);
  // exact target = DIFF1·2^(−e)/m, compared in integers scaled by 2^|e|
  const num = e <= 0 ? DIFF1_TARGET << BigInt(-e) : DIFF1_TARGET;
  const den = e <= 0 ? m : m << BigInt(e);
  const floorTarget = num / den;
  if (floorTarget >= POW_LIMIT) return targetToCompact(POW_LIMIT);
  const below = targetToCompact(floorTarget);
  const above = nextCompactUp(below);
  const tBelow = compactToTarget(below).target;
  const tAbove = compactToTarget(above).target;
  // |t − num/den| compared as |t·den − num|
  const dBelow = num - tBelow * den;
  const dAbove = tAbove * den - num;
  return dAbove < dBelow ? above : below;
}
