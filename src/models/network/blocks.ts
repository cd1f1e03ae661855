import { BLOCKS_PER_S_FACTOR, HP_FACTOR, SECONDS_PER_DAY, subsidyBtc, subsidySumBtc } from './chain.js';
import {
  BLOCKS_PER_DAY,
  BLOCKS_SINCE_START,
  DIFFICULTY,
  HASHPRICE,
  HASHRATE,
  PRICE,
  RETARGET_CHANGE,
  S,
  SECURITY_BUDGET,
  type NetworkContext,
} from './layout.js';
import { RETARGET_INTERVAL, difficultyFromCompact, nextWorkRequired } from './pow.js';

// offsets in the path record (layout.ts) as module constants: V8 folds a module constant into a
// path loop, not a property load of S nor an imported binding (the step ran 5–10% slower)
const {
  tip: TIP,
  nBits: NBITS,
  difficulty: DIFF,
  tFirst: T_FIRST,
  lastChange: LAST_CHANGE,
  startTip: START_TIP,
} = S;

/*
 * The chain of a path: its tip, the epoch's compact target and the retarget clock. The step's
 * common case (k Poisson blocks that neither open nor close an epoch) is inline in the kernel's
 * loop; the rest is here.
 */

/**
 * Path i's chain at the start: the tip h₀, the compact target nearest to the given difficulty
 * D₀ (`bits`, from compactFromDifficulty) and the retarget clock. Returns D, the difficulty of
 * that target.
 */
export function startChain(rec: Float64Array, o: number, tip: number, bits: number, daysSinceRetarget: number): number {
  const D = difficultyFromCompact(bits);
  rec[o + TIP] = tip;
  rec[o + START_TIP] = tip;
  rec[o + NBITS] = bits;
  rec[o + DIFF] = D;
  // at a tip that just closed an epoch, the next block opens the new one: its time is pending
  rec[o + T_FIRST] = tip % RETARGET_INTERVAL === RETARGET_INTERVAL - 1 ? NaN : -daysSinceRetarget * SECONDS_PER_DAY;
  rec[o + LAST_CHANGE] = 0;
  return D;
}

/**
 * A step of path i whose k0 blocks close an epoch or open one. Given k blocks in the step, the
 * j-th comes on average at j/(k + 1) of it; a retarget at the epoch's last block uses Core's
 * arithmetic on whole seconds, and the rest of the step is redrawn at the new difficulty
 * (several retargets are possible in a long step).
 */
export function advanceChainSlow(ctx: NetworkContext, i: number, k0: number, seconds: number): void {
  const rec = ctx.state.rec;
  const o = i * ctx.prepared.L.width;
  const P = ctx.signal(PRICE)[i];
  const F = ctx.p.feesBtcPerBlock[i];
  const h = ctx.signal(HASHRATE)[i];
  const start = rec[o + TIP];
  let tip = start;
  let t = (ctx.step - 1) * seconds;
  const tEnd = ctx.step * seconds;
  let k = k0;
  for (;;) {
    if (k >= 1 && rec[o + T_FIRST] !== rec[o + T_FIRST]) rec[o + T_FIRST] = t + (tEnd - t) / (k + 1);
    // blocks to the next epoch's last block (a whole epoch when the tip closed one)
    const toGo = RETARGET_INTERVAL - 1 - (tip % RETARGET_INTERVAL) || RETARGET_INTERVAL;
    if (k < toGo) {
      tip += k;
      break;
    }
    // the epoch's last block, the toGo-th of the k left in (t, tEnd]
    const tLast = t + ((tEnd - t) * toGo) / (k + 1);
    tip += toGo;
    const oldD = rec[o + DIFF];
    const bits = nextWorkRequired(rec[o + NBITS], Math.round(rec[o + T_FIRST]), Math.round(tLast));
    const D = difficultyFromCompact(bits);
    rec[o + NBITS] = bits;
    rec[o + DIFF] = D;
    rec[o + LAST_CHANGE] = D / oldD - 1;
    rec[o + T_FIRST] = NaN;
    t = tLast;
    ctx.rng.load(i);
    k = ctx.rng.poisson(((h * BLOCKS_PER_S_FACTOR) / D) * (tEnd - t));
    ctx.rng.store(i);
  }
  rec[o + TIP] = tip;
  const blocks = tip - start;
  ctx.signal(BLOCKS_PER_DAY)[i] = blocks / ctx.stepDays;
  ctx.signal(SECURITY_BUDGET)[i] = ((subsidySumBtc(start, tip) + blocks * F) * P) / ctx.stepDays;
}

/** Blocks since the start, difficulty and the hashprice at the end of the step (today's price, the difficulty now in force). */
export function writeChainSignals(ctx: NetworkContext): void {
  const rec = ctx.state.rec;
  const W = ctx.prepared.L.width;
  const price = ctx.signal(PRICE);
  const fees = ctx.p.feesBtcPerBlock;
  const mined = ctx.signal(BLOCKS_SINCE_START);
  const difficulty = ctx.signal(DIFFICULTY);
  const hashprice = ctx.signal(HASHPRICE);
  const change = ctx.signal(RETARGET_CHANGE);
  for (let i = 0; i < ctx.paths; i++) {
    const o = i * W;
    const tip = rec[o + TIP];
    mined[i] = tip - rec[o + START_TIP];
    difficulty[i] = rec[o + DIFF];
    hashprice[i] = ((subsidyBtc(tip + 1) + fees[i]) * price[i] * HP_FACTOR) / rec[o + DIFF];
    change[i] = rec[o + LAST_CHANGE];
  }
}
