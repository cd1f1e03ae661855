import { DAYS_PER_YEAR } from '../../engine/calendar.js';
import { exp } from '../../engine/exp.js';
import { advanceChainSlow, startChain, writeChainSignals } from './blocks.js';
import { BLOCKS_PER_S_FACTOR, HP_FACTOR, SECONDS_PER_DAY, subsidyAfterDaysBtc, subsidyBtc, subsidySumBtc } from './chain.js';
import {
  BLOCKS_PER_DAY,
  BLOCKS_SINCE_START,
  CHINA_HASHRATE,
  CN,
  DIFFICULTY,
  HASHPRICE,
  HASHRATE,
  MINING_HASHRATE,
  PRICE,
  RELOCATING,
  RETARGET_CHANGE,
  ROW,
  RU,
  S,
  SECURITY_BUDGET,
  STAGES,
  US,
  US_HASHRATE,
  US_SHARE,
  type NetworkContext,
} from './layout.js';
import { installFleet, regionStep, shockCapacity } from './merit-order.js';
import { RETARGET_INTERVAL, compactFromDifficulty } from './pow.js';
import { outageClockRunning, relocateStep, relocationLanes } from './relocation.js';
import { seasonalCurtailment } from './season.js';

// offsets in the path record (layout.ts) as module constants: V8 folds a module constant into a
// path loop, not a property load of S nor an imported binding (the step ran 5–10% slower)
const {
  tip: TIP,
  difficulty: DIFF,
  tFirst: T_FIRST,
  lnHpAvg: LN_HP_AVG,
  mRef: M_REF,
  us0: US0,
  beta: BETA,
  wear: WEAR,
  retire: RETIRE,
  stageKeep: STAGE_KEEP,
  hpGain: HP_GAIN,
  orderBase: ORDER_BASE,
  lnHpRef: LN_HP_REF,
  eta: ETA,
  lnHpOp: LN_HP_OP,
  opGain: OP_GAIN,
  relocating: RELOCATING_AT,
} = S;

/**
 * Per-path constants from the parameters, into each path's record (after init and after a
 * scheduled set): the merit order's steepness, the per-step shares of wear-out, retirement,
 * pipeline passage and smoothing, the order rule, and each class's log breakeven hashprice.
 */
export function setConstants(ctx: NetworkContext): void {
  const { p } = ctx;
  const { L, jPerTh } = ctx.prepared;
  const rec = ctx.state.rec;
  const days = ctx.stepDays;
  const K = jPerTh.length;
  for (let i = 0; i < ctx.paths; i++) {
    const o = i * L.width;
    rec[o + BETA] = 1 / p.powerPriceSpread[i];
    rec[o + WEAR] = (p.wearOutPerYear[i] * days) / DAYS_PER_YEAR;
    rec[o + RETIRE] = (p.retireCurtailedPerYear[i] * days) / DAYS_PER_YEAR;
    rec[o + STAGE_KEEP] = Math.exp((-STAGES * days) / p.leadTimeDays[i]);
    rec[o + HP_GAIN] = p.hashpriceSmoothingDays[i] > 0 ? 1 - Math.exp(-days / p.hashpriceSmoothingDays[i]) : 1;
    rec[o + OP_GAIN] = p.responseDays[i] > 0 ? 1 - Math.exp(-days / p.responseDays[i]) : 1;
    rec[o + ORDER_BASE] = (p.deliveriesPerYear[i] * days) / DAYS_PER_YEAR;
    rec[o + LN_HP_REF] = Math.log(p.orderRefHashpriceUsdPerPhDay[i]);
    rec[o + ETA] = p.orderElasticity[i];
    // breakeven hashprice of class k at each region's median power price: 24·ε_k·p̃_r (USD per PH/s per day)
    for (let k = 0; k < L.classes; k++) {
      const e = k < K ? jPerTh[k] : p.newJPerTh[i];
      rec[o + L.lnCost[US] + k] = Math.log(24 * e * p.usPowerUsdPerKwh[i]);
      rec[o + L.lnCost[CN] + k] = Math.log(24 * e * p.chinaPowerUsdPerKwh[i]);
      rec[o + L.lnCost[RU] + k] = Math.log(24 * e * p.russiaPowerUsdPerKwh[i]);
      rec[o + L.lnCost[ROW] + k] = Math.log(24 * e * p.rowPowerUsdPerKwh[i]);
    }
  }
}

/**
 * Step 0: the chain at h₀ and D₀, the smoothed hashprices at HP₀, installed capacity scaled so
 * that each region runs its share of H₀ at HP₀, and every signal's step-0 value.
 */
export function initNetwork(ctx: NetworkContext): void {
  const { p } = ctx;
  const { L, shares } = ctx.prepared;
  const rec = ctx.state.rec;
  setConstants(ctx);
  const price = ctx.signal(PRICE);
  const hashrate = ctx.signal(HASHRATE);
  const usHashrate = ctx.signal(US_HASHRATE);
  const usShare = ctx.signal(US_SHARE);
  const difficulty = ctx.signal(DIFFICULTY);
  const hashprice = ctx.signal(HASHPRICE);
  const budget = ctx.signal(SECURITY_BUDGET);
  const blocksPerDay = ctx.signal(BLOCKS_PER_DAY);
  const blocksSinceStart = ctx.signal(BLOCKS_SINCE_START);
  const retargetChange = ctx.signal(RETARGET_CHANGE);
  const chinaHashrate = ctx.signal(CHINA_HASHRATE);
  const relocating = ctx.signal(RELOCATING);
  const usSeason = 1 - seasonalCurtailment(p.usSeasonalCurtailment, ctx.prepared.startDayOfYear);
  let lastDifficulty = NaN;
  let lastBits = 0;
  for (let i = 0; i < ctx.paths; i++) {
    const o = i * L.width;
    // the chain: exact compact target from the given difficulty (BigInt, once per distinct value)
    if (p.difficulty[i] !== lastDifficulty) {
      lastDifficulty = p.difficulty[i];
      lastBits = compactFromDifficulty(lastDifficulty);
    }
    const tip = p.startHeight[i];
    const D = startChain(rec, o, tip, lastBits, p.daysSinceRetarget[i]);
    const reward = subsidyBtc(tip + 1) + p.feesBtcPerBlock[i];
    const hp = (reward * price[i] * HP_FACTOR) / D;
    const lnHp = Math.log(hp);
    rec[o + LN_HP_AVG] = lnHp + Math.log((subsidyAfterDaysBtc(tip, p.leadTimeDays[i]) + p.feesBtcPerBlock[i]) / reward);
    rec[o + LN_HP_OP] = lnHp;
    // installed capacity: the class mix, scaled so that each region runs its share of H₀ at HP₀
    const H0 = p.hashrateEh[i];
    const usTarget = H0 * p.usShare[i];
    const cnTarget = H0 * p.chinaShare[i];
    // the US runs (1 − κ) of its merit order in season: more is installed than runs at a summer start
    installFleet(rec, o, L, US, shares, lnHp, usSeason > 0 ? usTarget / usSeason : usTarget);
    installFleet(rec, o, L, CN, shares, lnHp, cnTarget);
    installFleet(rec, o, L, RU, shares, lnHp, H0 * p.russiaShare[i]);
    installFleet(rec, o, L, ROW, shares, lnHp, H0 * Math.max(0, 1 - p.usShare[i] - p.chinaShare[i] - p.russiaShare[i]));
    rec[o + US0] = usTarget;
    rec[o + M_REF] = 0;
    const perDay = ((p.hashrateEh[i] * BLOCKS_PER_S_FACTOR) / D) * SECONDS_PER_DAY;
    hashrate[i] = p.hashrateEh[i];
    usHashrate[i] = usTarget;
    usShare[i] = p.usShare[i];
    chinaHashrate[i] = cnTarget;
    relocating[i] = 0;
    difficulty[i] = D;
    hashprice[i] = hp;
    budget[i] = perDay * reward * price[i];
    blocksPerDay[i] = perDay;
    blocksSinceStart[i] = 0;
    retargetChange[i] = 0;
  }
}

/**
 * One step of every path: shocks to installed capacity, then in one pass per path the hashprice
 * at today's price, the merit order and entry/exit of each region, the coupling to the mining
 * model, and the step's Poisson blocks; paths whose blocks open or close an epoch are finished
 * in a second loop (blocks.ts), then the chain's signals are written. One loop over the record
 * keeps the path loop on one typed array plus the signals (the reason it is ~70 lines).
 */
export function stepNetwork(ctx: NetworkContext): void {
  const { p, rng } = ctx;
  const { L, slowPaths, slowBlocks } = ctx.prepared;
  const W = L.width;
  const rec = ctx.state.rec;
  const n = ctx.paths;
  const total = ctx.shock(HASHRATE);
  const us = ctx.shock(US_HASHRATE);
  const cn = ctx.shock(CHINA_HASHRATE);
  const hashrate = ctx.signal(HASHRATE);
  const usHashrate = ctx.signal(US_HASHRATE);
  const chinaHashrate = ctx.signal(CHINA_HASHRATE);
  if (total !== null || us !== null || cn !== null) shockCapacity(rec, L, n, total, us, cn, hashrate, usHashrate, chinaHashrate);
  const relocating = ctx.signal(RELOCATING);
  const lanes = relocationLanes(ctx);
  const price = ctx.signal(PRICE);
  const usShare = ctx.signal(US_SHARE);
  const blocksPerDay = ctx.signal(BLOCKS_PER_DAY);
  const budget = ctx.signal(SECURITY_BUDGET);
  const fees = p.feesBtcPerBlock;
  const leadTime = p.leadTimeDays;
  const availability = p.usAvailability;
  // the US season: κ(d) of its capacity curtailed on day d of the year, the same on every path
  const usSeason = 1 - seasonalCurtailment(p.usSeasonalCurtailment, ctx.prepared.startDayOfYear + ctx.day);
  const cnAvailability = p.chinaAvailability;
  const ruAvailability = p.russiaAvailability;
  const rowAvailability = p.rowAvailability;
  const usOrders = p.usOrderMultiplier;
  const mining = ctx.has(MINING_HASHRATE) ? ctx.prev(MINING_HASHRATE) : null;
  const coupling = p.miningCoupling;
  const seconds = ctx.stepDays * SECONDS_PER_DAY;
  // the chain's constants as locals (an imported binding is a load in the loop)
  const hpFactor = HP_FACTOR;
  const blockRate = BLOCKS_PER_S_FACTOR;
  let slowCount = 0;
  for (let i = 0; i < n; i++) {
    const o = i * W;
    const tip = rec[o + TIP];
    const D = rec[o + DIFF];
    // hashprice at today's price and the difficulty in force: HP = (S + F)·P·86400·10¹⁵/(D·2³²)
    const subsidy = subsidyBtc(tip + 1);
    const reward = subsidy + fees[i];
    const P = price[i];
    const lnHp = Math.log((reward * P * hpFactor) / D);
    // operators act on the hashprice smoothed over their response time τ_op
    const lnHpOp = rec[o + LN_HP_OP] + rec[o + OP_GAIN] * (lnHp - rec[o + LN_HP_OP]);
    rec[o + LN_HP_OP] = lnHpOp;
    // the merit order (each class runs where its power cost is below that hashprice), then
    // entry and exit; orders scale with the smoothed hashprice: d₀·(H̄P/HP_ref)^η
    const orderFactor = rec[o + ORDER_BASE] * exp(rec[o + ETA] * (rec[o + LN_HP_AVG] - rec[o + LN_HP_REF]));
    let hUs = regionStep(rec, o, L, US, lnHpOp, orderFactor * usOrders[i]) * availability[i] * usSeason;
    const hCn = regionStep(rec, o, L, CN, lnHpOp, orderFactor) * cnAvailability[i];
    const hRu = regionStep(rec, o, L, RU, lnHpOp, orderFactor) * ruAvailability[i];
    const hRow = regionStep(rec, o, L, ROW, lnHpOp, orderFactor) * rowAvailability[i];
    // machines of regions below full availability leave, travel and wait for a site (relocation.ts)
    if (rec[o + RELOCATING_AT] > 0 || availability[i] < 1 || cnAvailability[i] < 1 || ruAvailability[i] < 1 || rowAvailability[i] < 1 || outageClockRunning(rec, o, L)) {
      relocateStep(rec, o, L, i, lanes, lnHpOp, ctx.stepDays);
    }
    relocating[i] = rec[o + RELOCATING_AT];
    if (mining !== null) {
      const mNow = mining[i];
      if (rec[o + M_REF] === 0 && mNow > 0) rec[o + M_REF] = mNow;
      const mRef = rec[o + M_REF];
      if (mRef > 0) hUs = (1 - coupling[i]) * hUs + (coupling[i] * rec[o + US0] * mNow) / mRef;
    }
    const h = hUs + hCn + hRu + hRow;
    hashrate[i] = h;
    usHashrate[i] = hUs;
    chinaHashrate[i] = hCn;
    usShare[i] = h > 0 ? hUs / h : 0;
    // orders value the reward their machines will earn on arrival, L days on (across a halving, half)
    const subsidyOnArrival = subsidyAfterDaysBtc(tip, leadTime[i]);
    const lnHpOrder = subsidyOnArrival === subsidy ? lnHp : lnHp + Math.log((subsidyOnArrival + fees[i]) / reward);
    rec[o + LN_HP_AVG] += rec[o + HP_GAIN] * (lnHpOrder - rec[o + LN_HP_AVG]);
    // blocks: Poisson with mean H·10¹⁸/(D·2³²)·Δ
    rng.load(i);
    const k = rng.poisson(((h * blockRate) / D) * seconds);
    rng.store(i);
    // heights are below 2³¹, so | 0 gives int32 arithmetic (a double % is a slow call)
    const pos = (tip | 0) % RETARGET_INTERVAL;
    if (k < RETARGET_INTERVAL - 1 - pos && rec[o + T_FIRST] === rec[o + T_FIRST]) {
      rec[o + TIP] = tip + k;
      const subsidies = subsidyBtc(tip + k) === subsidy ? k * subsidy : subsidySumBtc(tip, tip + k);
      blocksPerDay[i] = k / ctx.stepDays;
      budget[i] = ((subsidies + k * fees[i]) * P) / ctx.stepDays;
    } else {
      // the first block of an epoch, or a retarget, within the step: the slow case (blocks.ts)
      slowBlocks[slowCount] = k;
      slowPaths[slowCount++] = i;
    }
  }
  for (let s = 0; s < slowCount; s++) advanceChainSlow(ctx, slowPaths[s], slowBlocks[s], seconds);
  writeChainSignals(ctx);
}
