import type { ModelContext, PrepareEnv } from '../../engine/model.js';
import type { ParamSettings } from '../../engine/params.js';
import { recordLayout, type RecordLayout } from '../../engine/record-layout.js';
import { read, written } from '../../engine/signals.js';
import { DEFAULT_FLEET, type FleetClass, type NetworkParams } from './params.js';
import type { RelocationLanes } from './relocation.js';
import { dayOfYear } from './season.js';

/*
 * The network model's signals, declared once (the declarations are the step code's handles),
 * and its per-path record.
 */

/** P: the BTC price (the market, or a replayed series in the backtests). */
export const PRICE = read('btc.price');
/** M: the mining model's operating hashrate, read at the previous step; the US fleet follows it when present. */
export const MINING_HASHRATE = read('mining.operatingHashrateEh', { prev: true, optional: true });
/** H = Σ_r H_r over the four regions; a shock scales every region's installed capacity. */
export const HASHRATE = written('network.hashrateEh', 'EH/s', { shockable: true, headline: true });
/** H_US; a shock scales the US installed capacity. */
export const US_HASHRATE = written('network.usHashrateEh', 'EH/s', { shockable: true });
/** H_CN: China and East Asia; a shock scales its installed capacity (lost, not relocated: a ban is chinaAvailability). */
export const CHINA_HASHRATE = written('network.chinaHashrateEh', 'EH/s', { shockable: true });
/** R: machines relocating between regions (in transit or waiting for a site), EH/s when running. */
export const RELOCATING = written('network.relocatingEh', 'EH/s');
/** H_US / H. */
export const US_SHARE = written('network.usShare', 'fraction');
/** D in force at the end of the step (Core's GetDifficulty of the epoch's nBits). */
export const DIFFICULTY = written('network.difficulty', '—', { headline: true });
/** HP at the step's price and the difficulty in force (the next block's subsidy). */
export const HASHPRICE = written('network.hashpriceUsdPerPhDay', 'USD/(PH/s)/day', { headline: true });
/** B = (subsidies + k·F)·P / Δ over the step's k blocks. */
export const SECURITY_BUDGET = written('network.securityBudgetUsdPerDay', 'USD/day', { headline: true });
/** k / Δ. */
export const BLOCKS_PER_DAY = written('network.blocksPerDay', 'blocks/day');
/** Tip height − h₀. */
export const BLOCKS_SINCE_START = written('network.blocksSinceStart', 'blocks');
/** D_new/D_old − 1 of the latest retarget (0 before any). */
export const RETARGET_CHANGE = written('network.retargetChange', 'fraction');

/** Every signal of the model (none depends on the settings). */
export const SIGNALS = [
  HASHRATE,
  US_HASHRATE,
  US_SHARE,
  CHINA_HASHRATE,
  RELOCATING,
  DIFFICULTY,
  HASHPRICE,
  SECURITY_BUDGET,
  BLOCKS_PER_DAY,
  BLOCKS_SINCE_START,
  RETARGET_CHANGE,
  PRICE,
  MINING_HASHRATE,
] as const;

/** Erlang stages of the order pipeline. */
export const STAGES = 3;
/** Region indices, the order of the record's region blocks: US, China/East Asia, Russia/Central Asia, rest of world. */
export const US = 0;
export const CN = 1;
export const RU = 2;
export const ROW = 3;
/** Number of regions. */
export const REGIONS = 4;

/**
 * The scalars at the head of a path's record: the chain, the smoothed hashprices, and the
 * per-path constants derived from the parameters (paramsChanged).
 */
export const S = recordLayout({
  /** h: height of the chain tip. */
  tip: 1,
  /** Compact target of the current epoch (an integer below 2³²). */
  nBits: 1,
  /** D: difficulty of the current epoch (Core's GetDifficulty of nBits). */
  difficulty: 1,
  /** Time of the current epoch's first block, s since the start; NaN until that block is mined. */
  tFirst: 1,
  /** ln H̄P: exponentially smoothed log hashprice, behind orders. */
  lnHpAvg: 1,
  /** M_ref: the mining model's first operating hashrate (0 until seen). */
  mRef: 1,
  /** H_US,0: US operating hashrate at the start. */
  us0: 1,
  /** β = 1/s, steepness of the merit order. */
  beta: 1,
  /** ω·Δ/365: wear-out share per step. */
  wear: 1,
  /** ρ·Δ/365: retirement share per step of machines that are off. */
  retire: 1,
  /** e^(−3Δ/L): share of a pipeline stage that stays for another step. */
  stageKeep: 1,
  /** 1 − e^(−Δ/τ): gain of the hashprice smoothing behind orders. */
  hpGain: 1,
  /** d₀·Δ/365: orders per step per installed capacity at HP_ref. */
  orderBase: 1,
  /** ln HP_ref. */
  lnHpRef: 1,
  /** η. */
  eta: 1,
  /** D_new/D_old − 1 of the latest retarget (0 before any). */
  lastChange: 1,
  /** h₀: the tip height at the start. */
  startTip: 1,
  /** ln H̃P: log hashprice smoothed over the operators' response time, behind the merit order. */
  lnHpOp: 1,
  /** 1 − e^(−Δ/τ_op): gain of that smoothing. */
  opGain: 1,
  /** R: relocating machines (transit stages and queue), EH/s when running; 0 skips the relocation step. */
  relocating: 1,
});


/**
 * A path's record for a fleet of K classes: the scalars {@link S}, then one block per region
 * (US, China/East Asia, Russia/Central Asia, rest of world) holding, for the K classes and the
 * class of new machines, installed capacity I_{r,k} and log breakeven hashprice ln c_{r,k}, then
 * the Erlang stages of its order pipeline; then the relocation block: each region's outage clock,
 * the machines in transit by stage and class, and those waiting for a site by class. Offsets
 * below are from the start of a path's record.
 */
export interface NetworkLayout {
  /** K + 1: the fleet's classes and the class of new machines (last). */
  readonly classes: number;
  /** One region's block. */
  readonly region: RecordLayout<'installed' | 'lnCost' | 'pipeline'>;
  /** The whole record: scalars, the four region blocks, the relocation block. */
  readonly record: RecordLayout<'scalars' | 'us' | 'cn' | 'ru' | 'row' | 'clock' | 'transit' | 'queue'>;
  /** Doubles per path. */
  readonly width: number;
  /** Offset of I_{r,0} by region. */
  readonly installed: readonly number[];
  /** Offset of ln c_{r,0} by region. */
  readonly lnCost: readonly number[];
  /** Offset of the first pipeline stage by region. */
  readonly pipeline: readonly number[];
  /** Offset of the outage clocks (days each region has been below full availability). */
  readonly clock: number;
  /** Offset of the relocation transit: stage s, class k at transit + s·classes + k. */
  readonly transit: number;
  /** Offset of the queue for a site, by class. */
  readonly queue: number;
}

/** The layout of a fleet of `fleetSize` classes (plus the class of new machines). */
export function networkLayout(fleetSize: number): NetworkLayout {
  const classes = fleetSize + 1;
  const region = recordLayout({ installed: classes, lnCost: classes, pipeline: STAGES });
  const record = recordLayout({ scalars: S.width, us: region.width, cn: region.width, ru: region.width, row: region.width, clock: REGIONS, transit: STAGES * classes, queue: classes });
  const blocks = [record.us, record.cn, record.ru, record.row];
  const at = (field: 'installed' | 'lnCost' | 'pipeline') => blocks.map((b) => b + region[field]);
  return {
    classes,
    region,
    record,
    width: record.width,
    installed: at('installed'),
    lnCost: at('lnCost'),
    pipeline: at('pipeline'),
    clock: record.clock,
    transit: record.transit,
    queue: record.queue,
  };
}

/** The fleet of these settings (its size and classes shape the run: `fleet` is fixed at the start). */
export function fleetOf(settings: Pick<ParamSettings<NetworkParams>, 'fleet'>): readonly FleetClass[] {
  return settings.fleet ?? DEFAULT_FLEET;
}

/** What `prepare` builds once per block workspace: the layout, the fleet's classes, scratch. */
export interface NetworkPrepared {
  readonly L: NetworkLayout;
  /** m_k: the fleet's class shares normalised over the classes (K + 1: the new class, last, starts empty). */
  readonly shares: Float64Array;
  /** ε_k of the fleet's K classes, J/TH (the new class's ε_new is a number parameter). */
  readonly jPerTh: Float64Array;
  /** Paths whose chain step takes the slow case (a retarget, or an epoch's first block)… */
  readonly slowPaths: Int32Array;
  /** …and their block counts. */
  readonly slowBlocks: Float64Array;
  /** The relocation's parameter lanes, refilled each step (relocation.ts). */
  readonly relocation: RelocationLanes;
  /** Day of the year of step 0 (0 = 1 January): where the US season (season.ts) starts. */
  readonly startDayOfYear: number;
}

const EMPTY = new Float64Array(0);

/** The per-run preparation: reads only `fleet` (declared shapesState). */
export function prepareNetwork(settings: ParamSettings<NetworkParams>, env: PrepareEnv): NetworkPrepared {
  const fleet = fleetOf(settings);
  const L = networkLayout(fleet.length);
  const shares = new Float64Array(L.classes);
  let total = 0;
  for (const c of fleet) total += c.share;
  fleet.forEach((c, k) => (shares[k] = c.share / total));
  return {
    L,
    shares,
    jPerTh: Float64Array.from(fleet, (c) => c.jPerTh),
    slowPaths: new Int32Array(env.blockSize),
    slowBlocks: new Float64Array(env.blockSize),
    relocation: { availability: [], wait: EMPTY, decision: EMPTY, share: EMPTY, lead: EMPTY, cost: EMPTY, hosting: EMPTY },
    startDayOfYear: dayOfYear(env.startDate),
  };
}

/** What the kernel and mechanism files see: the network's parameters and what `prepare` built. */
export type NetworkContext = ModelContext<NetworkParams, NetworkPrepared>;
