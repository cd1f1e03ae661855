import { defineModel, type ModelContext } from '../../engine/model.js';
import { exp } from '../../engine/exp.js';
import { EH, HASHES_PER_DIFFICULTY, hashpriceUsdPerPhDay, subsidyBtc, subsidySumBtc } from './chain.js';
import { DEFAULT_FLEET, networkParams, type FleetClass } from './params.js';
import { RETARGET_INTERVAL, compactFromDifficulty, difficultyFromCompact, nextWorkRequired } from './pow.js';

type Ctx = ModelContext<typeof networkParams>;

const SECONDS_PER_DAY = 86_400;
const DAYS_PER_YEAR = 365;
/** HP = reward·P·HP_PER_BTC_USD/D: USD per PH/s per day for 1 BTC per block at price 1 and difficulty 1. */
const HP_FACTOR = hashpriceUsdPerPhDay(1, 1, 1);
/** Blocks per second per (EH/s of hashrate / difficulty). */
const BLOCKS_PER_S_FACTOR = EH / HASHES_PER_DIFFICULTY;
/** Erlang stages of the order pipeline. */
const STAGES = 3;
const US = 0;
const ROW = 1;

/*
 * A path's state and the per-path constants derived from its parameters live in one record of
 * `width` doubles in state.rec (one typed array rather than one per field: V8 re-checks every
 * typed array a loop touches). Scalars first, then one block per region (US, rest of world):
 * installed capacity by class (the fleet's K classes, then the class of new machines), the log
 * breakeven hashprice of each class, and the Erlang stages of the order pipeline.
 */
/** Height of the chain tip. */
const TIP = 0;
/** Compact target of the current epoch (an integer below 2³²). */
const NBITS = 1;
/** Difficulty of the current epoch (Core's GetDifficulty of NBITS). */
const DIFF = 2;
/** Time of the current epoch's first block, s since the start; NaN until that block is mined. */
const T_FIRST = 3;
/** ln H̄P: exponentially smoothed log hashprice, behind orders. */
const LN_HP_AVG = 4;
/** M_ref: the mining model's first operating hashrate (0 until seen). */
const M_REF = 5;
/** H_US,0: US operating hashrate at the start. */
const US0 = 6;
/** β = 1/s, steepness of the merit order. */
const BETA = 7;
/** ω·Δ/365: wear-out share per step. */
const WEAR = 8;
/** ρ·Δ/365: retirement share per step of machines that are off. */
const RETIRE = 9;
/** e^(−3Δ/L): share of a pipeline stage that stays for another step. */
const STAGE_KEEP = 10;
/** 1 − e^(−Δ/τ): gain of the hashprice smoothing. */
const HP_GAIN = 11;
/** d₀·Δ/365: orders per step per installed capacity at HP_ref. */
const ORDER_BASE = 12;
/** ln HP_ref. */
const LN_HP_REF = 13;
/** η. */
const ETA = 14;
/** D_new/D_old − 1 of the latest retarget (0 before any). */
const LAST_CHANGE = 15;
/** h₀: the tip height at the start. */
const START_TIP = 16;
/** ln H̃P: log hashprice smoothed over the operators' response time, behind the merit order. */
const LN_HP_OP = 17;
/** 1 − e^(−Δ/τ_op): gain of that smoothing. */
const OP_GAIN = 18;
const SCALARS = 19;

/** Offsets of a fleet of K classes: installed and log breakeven per class (K + 1 with new machines), pipeline stages. */
interface Layout {
  classes: number;
  installed: [number, number];
  lnCost: [number, number];
  pipeline: [number, number];
  width: number;
}
const layouts = new Map<number, Layout>();
function layoutOf(fleetSize: number): Layout {
  let l = layouts.get(fleetSize);
  if (!l) {
    const classes = fleetSize + 1;
    const region = 2 * classes + STAGES;
    const base = (r: number) => SCALARS + r * region;
    l = {
      classes,
      installed: [base(US), base(ROW)],
      lnCost: [base(US) + classes, base(ROW) + classes],
      pipeline: [base(US) + 2 * classes, base(ROW) + 2 * classes],
      width: SCALARS + 2 * region,
    };
    layouts.set(fleetSize, l);
  }
  return l;
}

/** The layout of this run's fleet (its size cannot change mid-run: the parameter shapes the state). */
function layoutFor(ctx: Ctx): Layout {
  return layoutOf(ctx.p.fleet.length);
}

/** Normalised class shares m_k (the new class, last, starts empty). */
function classShares(fleet: readonly FleetClass[]): Float64Array {
  const m = new Float64Array(fleet.length + 1);
  let total = 0;
  for (const c of fleet) total += c.share;
  fleet.forEach((c, k) => (m[k] = c.share / total));
  return m;
}

/** Per-path constants from the parameters (after init and after a scheduled set). */
function setConstants(ctx: Ctx, L: Layout): void {
  const { p } = ctx;
  const rec = ctx.state.rec;
  const days = ctx.stepDays;
  const fleet = p.fleet;
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
      const e = k < fleet.length ? fleet[k].jPerTh : p.newJPerTh[i];
      rec[o + L.lnCost[US] + k] = Math.log(24 * e * p.usPowerUsdPerKwh[i]);
      rec[o + L.lnCost[ROW] + k] = Math.log(24 * e * p.rowPowerUsdPerKwh[i]);
    }
  }
}

/**
 * Region r's installed capacity at the start: the class mix m scaled so that it runs `target`
 * EH/s at log hashprice lnHp, and its order pipeline full at the delivery rate d₀ (each stage
 * holds d₀·I·Δ/(1 − keep)).
 */
function installFleet(rec: Float64Array, o: number, L: Layout, r: number, m: Float64Array, lnHp: number, target: number): void {
  let perUnit = 0;
  for (let k = 0; k < L.classes; k++) perUnit += m[k] * runningShare(rec, o, o + L.lnCost[r] + k, lnHp);
  const scale = perUnit > 0 ? target / perUnit : 0;
  let installed = 0;
  for (let k = 0; k < L.classes; k++) {
    rec[o + L.installed[r] + k] = m[k] * scale;
    installed += m[k] * scale;
  }
  const stage = (rec[o + ORDER_BASE] * installed) / (1 - rec[o + STAGE_KEEP]);
  for (let s = 0; s < STAGES; s++) rec[o + L.pipeline[r] + s] = stage;
}

/** Share of class k of region r that runs at log hashprice lnHp: 1/(1 + e^(β(ln c_kr − ln HP))). */
function runningShare(rec: Float64Array, o: number, c: number, lnHp: number): number {
  return 1 / (1 + exp(rec[o + BETA] * (rec[c] - lnHp)));
}

/**
 * One step of region r's fleet at log hashprice lnHp: returns the operating hashrate of the
 * installed machines (EH/s), then applies wear-out, retirement of the machines that are off,
 * new orders (orderFactor × installed) and the Erlang pipeline's deliveries.
 */
function regionStep(rec: Float64Array, o: number, L: Layout, r: number, lnHp: number, orderFactor: number): number {
  const inst = o + L.installed[r];
  const cost = o + L.lnCost[r];
  const wear = rec[o + WEAR];
  const retire = rec[o + RETIRE];
  let running = 0;
  let installed = 0;
  for (let k = 0; k < L.classes; k++) {
    const x = rec[inst + k];
    const share = runningShare(rec, o, cost + k, lnHp);
    running += x * share;
    installed += x;
    const keep = 1 - wear - retire * (1 - share);
    rec[inst + k] = keep > 0 ? x * keep : 0;
  }
  // Erlang stages: each passes 1 − e^(−3Δ/L) of its content on; the last delivers new machines
  const pipe = o + L.pipeline[r];
  const pass = 1 - rec[o + STAGE_KEEP];
  let inflow = orderFactor * installed;
  for (let s = 0; s < STAGES; s++) {
    const out = rec[pipe + s] * pass;
    rec[pipe + s] += inflow - out;
    inflow = out;
  }
  rec[inst + L.classes - 1] += inflow;
  return running;
}

/** Scratch lists of paths whose chain step needs the slow case (a retarget, or an epoch's first block) and their block counts. */
let slowList = new Int32Array(0);
let slowBlocks = new Float64Array(0);
function slowPaths(n: number): Int32Array {
  if (slowList.length < n) {
    slowList = new Int32Array(n);
    slowBlocks = new Float64Array(n);
  }
  return slowList;
}

/**
 * The Bitcoin network: hashrate by region from a merit order of fleet efficiencies and power
 * prices, lagged entry of new machines and exit of idle ones; Poisson blocks; difficulty
 * retargets every 2016 blocks exactly as Bitcoin Core does; halvings; fees; hashprice and the
 * security budget. Equations: README.md (same symbols).
 */
export const network = defineModel({
  name: 'network',
  title: 'Bitcoin network: merit-order hashrate by region, Poisson blocks, exact retargets, halvings, hashprice',
  readme: 'src/models/network/README.md',
  params: networkParams,
  io: (settings) => ({
    writes: [
      'network.hashrateEh',
      'network.usHashrateEh',
      'network.usShare',
      'network.difficulty',
      'network.hashpriceUsdPerPhDay',
      'network.securityBudgetUsdPerDay',
      'network.blocksPerDay',
      'network.blocksSinceStart',
      'network.retargetChange',
    ],
    reads: [{ name: 'btc.price' }, { name: 'mining.operatingHashrateEh', prev: true, optional: true }],
    shockable: ['network.hashrateEh', 'network.usHashrateEh'],
    state: { rec: layoutOf((settings.fleet ?? DEFAULT_FLEET).length).width },
    units: {
      'network.hashrateEh': 'EH/s',
      'network.usHashrateEh': 'EH/s',
      'network.usShare': 'fraction',
      'network.difficulty': '—',
      'network.hashpriceUsdPerPhDay': 'USD/(PH/s)/day',
      'network.securityBudgetUsdPerDay': 'USD/day',
      'network.blocksPerDay': 'blocks/day',
      'network.blocksSinceStart': 'blocks',
      'network.retargetChange': 'fraction',
    },
  }),

  init(ctx) {
    const { p } = ctx;
    const L = layoutFor(ctx);
    const rec = ctx.state.rec;
    setConstants(ctx, L);
    const m = classShares(p.fleet);
    const price = ctx.signal('btc.price');
    const out = {
      hashrate: ctx.signal('network.hashrateEh'),
      usHashrate: ctx.signal('network.usHashrateEh'),
      usShare: ctx.signal('network.usShare'),
      difficulty: ctx.signal('network.difficulty'),
      hashprice: ctx.signal('network.hashpriceUsdPerPhDay'),
      budget: ctx.signal('network.securityBudgetUsdPerDay'),
      blocksPerDay: ctx.signal('network.blocksPerDay'),
      blocksSinceStart: ctx.signal('network.blocksSinceStart'),
      retargetChange: ctx.signal('network.retargetChange'),
    };
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
      const D = difficultyFromCompact(lastBits);
      rec[o + TIP] = tip;
      rec[o + START_TIP] = tip;
      rec[o + NBITS] = lastBits;
      rec[o + DIFF] = D;
      // at a tip that just closed an epoch, the next block opens the new one: its time is pending
      rec[o + T_FIRST] = tip % RETARGET_INTERVAL === RETARGET_INTERVAL - 1 ? NaN : -p.daysSinceRetarget[i] * SECONDS_PER_DAY;
      const reward = subsidyBtc(tip + 1) + p.feesBtcPerBlock[i];
      const hp = (reward * price[i] * HP_FACTOR) / D;
      const lnHp = Math.log(hp);
      rec[o + LN_HP_AVG] = lnHp;
      rec[o + LN_HP_OP] = lnHp;
      // installed capacity: the class mix, scaled so that each region runs its share of H₀ at HP₀
      const usTarget = p.hashrateEh[i] * p.usShare[i];
      installFleet(rec, o, L, US, m, lnHp, usTarget);
      installFleet(rec, o, L, ROW, m, lnHp, p.hashrateEh[i] * (1 - p.usShare[i]));
      rec[o + US0] = usTarget;
      rec[o + M_REF] = 0;
      rec[o + LAST_CHANGE] = 0;
      const blocksPerDay = ((p.hashrateEh[i] * BLOCKS_PER_S_FACTOR) / D) * SECONDS_PER_DAY;
      out.hashrate[i] = p.hashrateEh[i];
      out.usHashrate[i] = usTarget;
      out.usShare[i] = p.usShare[i];
      out.difficulty[i] = D;
      out.hashprice[i] = hp;
      out.budget[i] = blocksPerDay * reward * price[i];
      out.blocksPerDay[i] = blocksPerDay;
      out.blocksSinceStart[i] = 0;
      out.retargetChange[i] = 0;
    }
  },

  paramsChanged(ctx) {
    setConstants(ctx, layoutFor(ctx));
  },

  step(ctx) {
    const { p, rng } = ctx;
    const L = layoutFor(ctx);
    const W = L.width;
    const rec = ctx.state.rec;
    const n = ctx.paths;
    applyShocks(ctx, L);
    const price = ctx.signal('btc.price');
    const hashrate = ctx.signal('network.hashrateEh');
    const usHashrate = ctx.signal('network.usHashrateEh');
    const usShare = ctx.signal('network.usShare');
    const blocksPerDay = ctx.signal('network.blocksPerDay');
    const budget = ctx.signal('network.securityBudgetUsdPerDay');
    const fees = p.feesBtcPerBlock;
    const availability = p.usAvailability;
    const usOrders = p.usOrderMultiplier;
    const coupled = ctx.has('mining.operatingHashrateEh');
    const mining = coupled ? ctx.prev('mining.operatingHashrateEh') : null;
    const coupling = p.miningCoupling;
    const seconds = ctx.stepDays * SECONDS_PER_DAY;
    const slow = slowPaths(n);
    let slowCount = 0;
    for (let i = 0; i < n; i++) {
      const o = i * W;
      const tip = rec[o + TIP];
      const D = rec[o + DIFF];
      // hashprice at today's price and the difficulty in force: HP = (S + F)·P·86400·10¹⁵/(D·2³²)
      const subsidy = subsidyBtc(tip + 1);
      const reward = subsidy + fees[i];
      const P = price[i];
      const lnHp = Math.log((reward * P * HP_FACTOR) / D);
      // operators act on the hashprice smoothed over their response time τ_op
      const lnHpOp = rec[o + LN_HP_OP] + rec[o + OP_GAIN] * (lnHp - rec[o + LN_HP_OP]);
      rec[o + LN_HP_OP] = lnHpOp;
      // the merit order (each class runs where its power cost is below that hashprice), then
      // entry and exit; orders scale with the smoothed hashprice: d₀·(H̄P/HP_ref)^η
      const orderFactor = rec[o + ORDER_BASE] * exp(rec[o + ETA] * (rec[o + LN_HP_AVG] - rec[o + LN_HP_REF]));
      let hUs = regionStep(rec, o, L, US, lnHpOp, orderFactor * usOrders[i]) * availability[i];
      const hRow = regionStep(rec, o, L, ROW, lnHpOp, orderFactor);
      if (mining !== null) {
        const mNow = mining[i];
        if (rec[o + M_REF] === 0 && mNow > 0) rec[o + M_REF] = mNow;
        const mRef = rec[o + M_REF];
        if (mRef > 0) hUs = (1 - coupling[i]) * hUs + (coupling[i] * rec[o + US0] * mNow) / mRef;
      }
      const h = hUs + hRow;
      hashrate[i] = h;
      usHashrate[i] = hUs;
      usShare[i] = h > 0 ? hUs / h : 0;
      rec[o + LN_HP_AVG] += rec[o + HP_GAIN] * (lnHp - rec[o + LN_HP_AVG]);
      // blocks: Poisson with mean H·10¹⁸/(D·2³²)·Δ
      rng.load(i);
      const k = rng.poisson(((h * BLOCKS_PER_S_FACTOR) / D) * seconds);
      rng.store(i);
      // heights are below 2³¹, so | 0 gives int32 arithmetic (a double % is a slow call)
      const pos = (tip | 0) % RETARGET_INTERVAL;
      if (k < RETARGET_INTERVAL - 1 - pos && rec[o + T_FIRST] === rec[o + T_FIRST]) {
        rec[o + TIP] = tip + k;
        const subsidies = subsidyBtc(tip + k) === subsidy ? k * subsidy : subsidySumBtc(tip, tip + k);
        blocksPerDay[i] = k / ctx.stepDays;
        budget[i] = ((subsidies + k * fees[i]) * P) / ctx.stepDays;
      } else {
        // the first block of an epoch, or a retarget, within the step: the slow case below
        slowBlocks[slowCount] = k;
        slow[slowCount++] = i;
      }
    }
    for (let s = 0; s < slowCount; s++) advanceChainSlow(ctx, L, slow[s], slowBlocks[s], seconds);
    writeChainSignals(ctx, L);
  },
});

/**
 * A step of path i whose k0 blocks close an epoch or open one. Given k blocks in the step, the
 * j-th comes on average at j/(k + 1) of it; a retarget at the epoch's last block uses Core's
 * arithmetic on whole seconds, and the rest of the step is redrawn at the new difficulty
 * (several retargets are possible in a long step).
 */
function advanceChainSlow(ctx: Ctx, L: Layout, i: number, k0: number, seconds: number): void {
  const rec = ctx.state.rec;
  const o = i * L.width;
  const P = ctx.signal('btc.price')[i];
  const F = ctx.p.feesBtcPerBlock[i];
  const h = ctx.signal('network.hashrateEh')[i];
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
  ctx.signal('network.blocksPerDay')[i] = blocks / ctx.stepDays;
  ctx.signal('network.securityBudgetUsdPerDay')[i] = ((subsidySumBtc(start, tip) + blocks * F) * P) / ctx.stepDays;
}

/** Blocks since the start, difficulty and the hashprice at the end of the step (today's price, the difficulty now in force). */
function writeChainSignals(ctx: Ctx, L: Layout): void {
  const rec = ctx.state.rec;
  const price = ctx.signal('btc.price');
  const fees = ctx.p.feesBtcPerBlock;
  const mined = ctx.signal('network.blocksSinceStart');
  const difficulty = ctx.signal('network.difficulty');
  const hashprice = ctx.signal('network.hashpriceUsdPerPhDay');
  const change = ctx.signal('network.retargetChange');
  for (let i = 0; i < ctx.paths; i++) {
    const o = i * L.width;
    const tip = rec[o + TIP];
    mined[i] = tip - rec[o + START_TIP];
    difficulty[i] = rec[o + DIFF];
    hashprice[i] = ((subsidyBtc(tip + 1) + fees[i]) * price[i] * HP_FACTOR) / rec[o + DIFF];
    change[i] = rec[o + LAST_CHANGE];
  }
}

/**
 * Scheduled shocks to `network.hashrateEh` (both regions) or `network.usHashrateEh` (the US):
 * installed capacity is scaled by m + a/H, H the region's operating hashrate of the previous
 * step, so the operating hashrate moves by ×m + a at unchanged hashprice, and the capacity
 * stays lost (or gained) afterwards.
 */
function applyShocks(ctx: Ctx, L: Layout): void {
  const total = ctx.shock('network.hashrateEh');
  const us = ctx.shock('network.usHashrateEh');
  if (total === null && us === null) return;
  const rec = ctx.state.rec;
  const hAll = ctx.signal('network.hashrateEh');
  const hUs = ctx.signal('network.usHashrateEh');
  for (let i = 0; i < ctx.paths; i++) {
    const o = i * L.width;
    let fUs = 1;
    let fRow = 1;
    if (total !== null) {
      const f = hAll[i] > 0 ? total.multiply[i] + total.add[i] / hAll[i] : total.multiply[i];
      fUs *= f;
      fRow *= f;
    }
    if (us !== null) fUs *= hUs[i] > 0 ? us.multiply[i] + us.add[i] / hUs[i] : us.multiply[i];
    for (let k = 0; k < L.classes; k++) {
      rec[o + L.installed[US] + k] *= Math.max(0, fUs);
      rec[o + L.installed[ROW] + k] *= Math.max(0, fRow);
    }
  }
}
