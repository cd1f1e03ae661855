import { DAYS_PER_YEAR } from '../../engine/calendar.js';
import { drawColumns, type Column } from '../../engine/draw-number.js';
import type { ModelContext } from '../../engine/model.js';
import type { SignalDecl } from '../../engine/signals.js';
import * as aa from '../../finance/anchoring-adjustment.js';
import * as erlang from '../../finance/erlang-stages.js';
import { account, setMarket } from './curtailment.js';
import { failPath, repairCentre, repairOnSite } from './failures.js';
import { fleetPass } from './fleet.js';
import * as L from './layout.js';
import type { ChannelSignals, Layout } from './layout.js';
import { coverCash, settleLoans } from './loans.js';
import { COMPONENTS, SITE_COMPONENTS, type miningParams } from './params.js';
import { orderRigs, receiveRigs } from './rig-orders.js';
import { orderParts, receiveParts, setUpParts } from './spares.js';

/*
 * Imports bound once to module constants: the step loop then reads plain bindings, not
 * properties of module namespaces (which some loaders turn into getter calls per iteration).
 */
const stagePassShare = erlang.stagePassShare;
const smoothingGain = aa.smoothingGain;
const S = L.S;
const GR = L.GR;
const PC = L.PC;
const FB = L.FB;
const OC = L.OC;
const LC = L.LC;
const K = L.K;
const GL = L.GL;
const OUT = L.OUT;
const LOAN_OUT = L.LOAN_OUT;
/** Index of each output in MiningKernel.out: the aggregate signals, then the loan signals. */
const OUT_KEYS = [...Object.keys(OUT), ...Object.keys(LOAN_OUT)] as (keyof typeof OUT | keyof typeof LOAN_OUT)[];
const X = Object.fromEntries(OUT_KEYS.map((k, j) => [k, j])) as Record<keyof typeof OUT | keyof typeof LOAN_OUT, number>;

export type Ctx = ModelContext<typeof miningParams, MiningKernel>;

const TH_PER_EH = 1e6;
const N_SITE = SITE_COMPONENTS.length;

/** Buffers of a supply channel's signals (null when no model provides them, or no supply model runs). */
export interface ChannelBuffers {
  ordered: Float64Array | null;
  delivered: Float64Array | null;
  greyDelivered: Float64Array | null;
  leadTime: Float64Array | null;
  priceIndex: Float64Array | null;
}

/**
 * The mining model's arithmetic over one block of paths (README.md, "Equations", in the order
 * of `step`): what `prepare` builds once per block workspace from the fleet, orders, components
 * and loans; `init` binds it to the context's buffers. The mechanisms are in failures.ts
 * (failures and repairs), spares.ts and rig-orders.ts (orders and deliveries through supply),
 * curtailment.ts (hashprice, curtailment, accounts) and loans.ts.
 */
export class MiningKernel {
  rec!: Float64Array;
  ctx!: Ctx;
  /** Doubles per path in the record. */
  readonly width: number;
  /** The numbers drawn per path at init. */
  private readonly columns: Column[];
  price: Float64Array | null = null;
  hashprice: Float64Array | null = null;
  openShare: Float64Array | null = null;
  customsDays: Float64Array | null = null;
  greyDefect: Float64Array | null = null;
  parts: ChannelBuffers[] = [];
  rigs: ChannelBuffers[] = [];
  private forced!: Float64Array;
  /** Output buffers by index (X above): an array, not a map keyed by signal names, for speed. */
  out: Float64Array[] = [];
  /** Index of each output in `out`. */
  readonly X = X;
  private spares: Float64Array[] = [];
  // per path-step working values (fields, not closures: no allocation)
  /** BTC price and hashprice of the path now. */
  P = 0;
  hp = 0;
  dt = 1;
  /** The step's parts bought and unfinanced rigs paid (USD), and its accounts (curtailment.ts). */
  partsCost = 0;
  capex = 0;
  revenue = 0;
  power = 0;
  margin = 0;
  /** Share of the on-site queue the technicians fix this step (−1: no rig queues) and of the rigs in centre repair done (failures.ts). */
  siteShare = 0;
  centreShare = 0;
  /** The fleet's running and installed PH/s and the power its running rigs draw (kW), summed in fleet.ts for `account`. */
  runningPh = 0;
  installedPh = 0;
  powerKw = 0;
  /** Grey units delivered on the channel last read by spares.ts `arrivals`. */
  greyArrived = 0;
  /** Scratch (init): expected use per component over all makers, and per part channel. */
  readonly totalUse = new Float64Array(COMPONENTS.length);
  readonly partUse: Float64Array;
  /** Per part channel: rigs waiting for its parts, summed by fleet.ts for the orders and phase 2. */
  readonly waiting: Float64Array;
  /** Scratch of failures.ts `issue`, per part channel: rigs waiting, good parts issued. */
  readonly issueWaiting: Float64Array;
  readonly issueGood: Float64Array;
  /** Per group and component (group-major): the record slot of the part channel's failure count (failures.ts). */
  readonly failureSlots: Int32Array;

  constructor(
    readonly layout: Layout,
    components: unknown,
  ) {
    this.width = layout.width;
    this.failureSlots = new Int32Array(layout.groups.length * COMPONENTS.length);
    layout.groups.forEach((g, gi) => {
      for (let c = 0; c < COMPONENTS.length; c++) this.failureSlots[gi * COMPONENTS.length + c] = layout.parts[g.parts[c]].off + PC.failures;
    });
    this.columns = L.columnsOf(layout, components);
    this.partUse = new Float64Array(layout.parts.length);
    this.waiting = new Float64Array(layout.parts.length);
    this.issueWaiting = new Float64Array(layout.parts.length);
    this.issueGood = new Float64Array(layout.parts.length);
  }

  private bind(ctx: Ctx): void {
    this.ctx = ctx;
    this.rec = ctx.state.rec;
    const opt = (s: SignalDecl) => (ctx.has(s) ? ctx.signal(s) : null);
    this.price = opt(L.BTC_PRICE);
    this.hashprice = opt(L.HASHPRICE);
    this.openShare = opt(L.SUPPLY_OPEN_SHARE);
    this.customsDays = opt(L.SUPPLY_CUSTOMS_DAYS);
    this.greyDefect = opt(L.SUPPLY_GREY_DEFECT);
    const supplied = ctx.has(L.SUPPLY_POLICY);
    const channel = (s: ChannelSignals, what: string): ChannelBuffers => {
      if (supplied && !ctx.has(s.delivered)) {
        throw new Error(`mining: the fleet needs ${what}, but the supply model has no such channel (${s.delivered.name}); add the source to supply.items`);
      }
      return { ordered: supplied ? ctx.signal(s.ordered) : null, delivered: opt(s.delivered), greyDelivered: opt(s.greyDelivered), leadTime: opt(s.leadTime), priceIndex: opt(s.priceIndex) };
    };
    this.parts = this.layout.parts.map((pc) => channel(pc.signals, `${pc.component} parts from ${pc.supplier}`));
    this.rigs = this.layout.rigs.map((rc) => channel(rc.signals, `new rigs from ${rc.supplier}`));
    this.forced = ctx.signal(L.FORCED_SELLING);
    const none = new Float64Array(0);
    this.out = OUT_KEYS.map((k) => (k in OUT ? ctx.signal(OUT[k as keyof typeof OUT]) : this.layout.loans.length ? ctx.signal(LOAN_OUT[k as keyof typeof LOAN_OUT]) : none));
    this.spares = L.SPARES.map((s) => ctx.signal(s));
  }

  /** Draws the columns and sets every path at the start: the fleet operating, spares, accounts and loans; writes step 0. */
  init(ctx: Ctx): void {
    this.bind(ctx);
    const rec = this.rec;
    const { p, rng } = ctx;
    this.dt = ctx.stepDays;
    for (let i = 0; i < ctx.paths; i++) {
      const o = i * this.width;
      drawColumns(this.columns, rec, o, rng, i);
      setMarket(this, i, o, true);
      let h0 = 0;
      for (const g of this.layout.groups) {
        const go = o + g.off;
        for (let s = 0; s < S.width; s++) rec[go + s] = 0;
        rec[go + S.operating] = g.units;
        rec[go + GR.live] = g.units > 0 ? 1 : 0;
        h0 += g.units * g.thPerUnit;
      }
      rec[o + GL.h0] = h0;
      rec[o + GL.cash] = p.cashUsd[i];
      rec[o + GL.treasury] = p.treasuryBtc[i];
      rec[o + GL.loanDefault] = 0;
      rec[o + GL.marginCalls] = 0;
      rec[o + GL.delivered] = 0;
      rec[o + GL.sold] = 0;
      rec[o + GL.collateralSold] = 0;
      setUpParts(this, i, o);
      for (const rc of this.layout.rigs) for (let s = 0; s < FB.width; s++) rec[o + rc.off + s] = 0;
      for (const ord of this.layout.orders) rec[o + ord.off + OC.remaining] = rec[o + ord.off + OC.placed] = 0;
      for (const l of this.layout.loans) {
        rec[o + l.off + LC.principal] = rec[o + l.off + LC.principal0];
        rec[o + l.off + LC.collateral] = rec[o + l.off + LC.collateral0];
        rec[o + l.off + LC.open] = rec[o + l.off + LC.principal0] > 0 ? 1 : 0;
      }
      this.derive(i, o);
      fleetPass(this, i, o, false);
      this.partsCost = this.capex = this.revenue = this.power = this.margin = 0;
      this.writeOutputs(i, o);
    }
  }

  /**
   * After init and after a scheduled set: the per-path constants of the step derived from the
   * parameters (GL.gainDemand … GL.powerPrice; the customs pass share is derived again at the
   * next step). The same functions of the same numbers the step computed before, so the same
   * values.
   */
  paramsChanged(ctx: Ctx): void {
    this.ctx = ctx;
    this.rec = ctx.state.rec;
    for (let i = 0; i < ctx.paths; i++) this.derive(i, i * this.width);
  }

  /** The per-path constants of path i (paramsChanged; init derives them too, for its curtailment). */
  private derive(i: number, o: number): void {
    const rec = this.rec;
    const p = this.ctx.p;
    const dt = this.ctx.stepDays;
    rec[o + GL.gainDemand] = smoothingGain(p.demandSmoothingDays[i], dt);
    rec[o + GL.stockAdjust] = 1 / p.stockAdjustDays[i];
    rec[o + GL.pShip] = stagePassShare(p.shipToCentreDays[i], K, dt);
    rec[o + GL.pAbroad] = stagePassShare(p.overseasRepairDays[i], K, dt);
    rec[o + GL.siteCapacity] = p.technicians[i] * p.siteSwapsPerTechDay[i] * dt;
    rec[o + GL.centreCapacity] = p.centreTechnicians[i] * dt;
    rec[o + GL.powerPrice] = p.powerUsdPerKwh[i] * (1 + p.powerOverheadShare[i]);
    rec[o + GL.customsDaysSeen] = NaN;
  }

  /** One step of every path, in the order of README.md's equations. */
  step(ctx: Ctx): void {
    this.ctx = ctx;
    this.dt = ctx.stepDays;
    const perPath = this.layout.groups.length * COMPONENTS.length;
    const words = ctx.rng.drawWords(ctx.paths, perPath);
    const ageNow = (ctx.day - this.dt) / DAYS_PER_YEAR;
    for (let i = 0; i < ctx.paths; i++) {
      const o = i * this.width;
      failPath(this, i, o, words, i * perPath, ageNow);
      setMarket(this, i, o, false);
      this.partsCost = 0;
      this.capex = 0;
      this.rec[o + GL.sold] = 0;
      receiveParts(this, i, o);
      receiveRigs(this, i, o);
      repairOnSite(this, i, o);
      repairCentre(this, i, o);
      fleetPass(this, i, o, true);
      account(this, i, o);
      settleLoans(this, o);
      coverCash(this, o);
      orderParts(this, i, o);
      orderRigs(this, i, o);
      this.forced[i] += this.rec[o + GL.sold];
      this.writeOutputs(i, o);
    }
  }

  /** The outputs of path i not written by fleet.ts. */
  private writeOutputs(i: number, o: number): void {
    this.writeParts(i, o);
    const rec = this.rec;
    const out = this.out;
    out[X.revenueUsd][i] = this.revenue;
    out[X.powerCostUsd][i] = this.power;
    out[X.partsCostUsd][i] = this.partsCost;
    out[X.marginUsd][i] = this.margin;
    out[X.cashUsd][i] = rec[o + GL.cash];
    out[X.treasuryBtc][i] = rec[o + GL.treasury];
    out[X.btcSoldUsd][i] = rec[o + GL.sold];
    out[X.rigsDelivered][i] = rec[o + GL.delivered];
    let onOrder = 0;
    for (const ord of this.layout.orders) onOrder += rec[o + ord.off + OC.remaining];
    out[X.rigsOnOrder][i] = onOrder;
    if (this.layout.loans.length) this.writeLoans(i, o);
  }

  /** Spares per component, the longest parts lead time, and phases 1 and 2 of path i. */
  private writeParts(i: number, o: number): void {
    const rec = this.rec;
    const out = this.out;
    let maxLead = 0;
    let leadAlert = 0;
    let stockout = 0;
    const ratio = this.ctx.p.leadTimeAlertRatio[i];
    for (let c = 0; c < COMPONENTS.length; c++) this.spares[c][i] = 0;
    for (let n = 0; n < this.layout.parts.length; n++) {
      const pc = this.layout.parts[n];
      const c = o + pc.off;
      const lead = rec[c + PC.lead];
      if (lead > maxLead) maxLead = lead;
      const base = rec[c + PC.lead0] > this.dt ? rec[c + PC.lead0] : this.dt;
      if (lead > ratio * base) leadAlert = 1;
      this.spares[pc.componentIndex][i] += rec[c + PC.stock];
      if (pc.site && rec[c + PC.stock] - rec[c + PC.defect] < 1 && this.waiting[n] >= 1) stockout = 1;
    }
    out[X.partsLeadTimeDays][i] = maxLead;
    out[X.leadTimeAboveNormal][i] = leadAlert;
    out[X.sparesExhausted][i] = stockout;
  }

  /** The loan signals of path i (with loans only). */
  private writeLoans(i: number, o: number): void {
    const rec = this.rec;
    const out = this.out;
    let loan = 0;
    let coll = 0;
    for (const l of this.layout.loans) {
      loan += rec[o + l.off + LC.principal];
      coll += rec[o + l.off + LC.collateral];
    }
    out[X.loanUsd][i] = loan;
    out[X.collateralBtc][i] = coll;
    // 0 once no loan is open (repaid, or its collateral sold)
    out[X.collateralRatio][i] = loan > 0 ? (coll * this.P) / loan : 0;
    out[X.marginCalls][i] = rec[o + GL.marginCalls];
    out[X.loanDefaultUsd][i] = rec[o + GL.loanDefault];
    out[X.collateralSoldBtc][i] = rec[o + GL.collateralSold];
  }
}
