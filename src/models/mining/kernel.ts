import { drawColumns } from '../../engine/draw-number.js';
import type { ModelContext } from '../../engine/model.js';
import * as pathRng from '../../engine/rng/path-rng.js';
import * as aa from '../../finance/anchoring-adjustment.js';
import * as difficulty from '../../finance/constant-difficulty-hashprice.js';
import * as erlang from '../../finance/erlang-stages.js';
import * as L from './layout.js';
import type { GroupLayout, Layout, PartChannelLayout } from './layout.js';
import { COMPONENTS, SITE_COMPONENTS, type miningParams } from './params.js';

/*
 * Imports bound once to module constants: the step loop then reads plain bindings, not
 * properties of module namespaces (which some loaders turn into getter calls per iteration).
 */
const wordToUniform = pathRng.wordToUniform;
const advanceStages = erlang.advanceStages;
const stagePassShare = erlang.stagePassShare;
const stagesContent = erlang.stagesContent;
const anchoringAdjustmentOrder = aa.anchoringAdjustmentOrder;
const smoothingGain = aa.smoothingGain;
const hashpriceAtConstantDifficulty = difficulty.hashpriceAtConstantDifficulty;
const S = L.S;
const GC = L.GC;
const PC = L.PC;
const RC = L.RC;
const OC = L.OC;
const LC = L.LC;
const GL = L.GL;
const CF = L.CF;
const K = L.K;
const FALLBACK_STAGES = L.FALLBACK_STAGES;
const NCF = L.COMPONENT_KEYS.length;
/** Index of each output in MiningKernel.out: the aggregate signals, then the loan signals. */
const OUT_KEYS = [...Object.keys(L.OUT), ...Object.keys(L.LOAN_OUT)];
const X = Object.fromEntries(OUT_KEYS.map((k, j) => [k, j])) as Record<keyof typeof L.OUT | keyof typeof L.LOAN_OUT, number>;

type Ctx = ModelContext<typeof miningParams>;

const DAYS_PER_YEAR = 365;
/** USD per (PH/s)/day of power per J/TH per USD/kWh: 1 PH/s at ε J/TH draws ε kW, 24ε kWh a day. */
const POWER_PER_PH_DAY = 24;
const TH_PER_PH = 1000;
const TH_PER_EH = 1e6;
const HASH_BOARD = COMPONENTS.indexOf('hashBoard');
const N_SITE = SITE_COMPONENTS.length;

interface PartBuffers {
  ordered: Float64Array | null;
  delivered: Float64Array | null;
  greyDelivered: Float64Array | null;
  leadTime: Float64Array | null;
  priceIndex: Float64Array | null;
}

/**
 * The mining model's arithmetic over one block of paths (README.md, "Each step", in the order
 * of the methods here). One kernel per layout and block workspace; `bind` points it at buffers.
 */
export class MiningKernel {
  private rec!: Float64Array;
  private ctx!: Ctx;
  private readonly W: number;
  private price: Float64Array | null = null;
  private hashprice: Float64Array | null = null;
  private openShare: Float64Array | null = null;
  private customsDays: Float64Array | null = null;
  private greyDefect: Float64Array | null = null;
  private supplied = false;
  private parts: PartBuffers[] = [];
  private rigs: PartBuffers[] = [];
  private forced!: Float64Array;
  /** Output buffers by index (X below): an array, not a map keyed by signal names, for speed. */
  private out: Float64Array[] = [];
  private spares: Float64Array[] = [];
  // per path-step working values (fields, not closures: no allocation)
  private P = 0;
  private hp = 0;
  private dt = 1;
  private partsCost = 0;
  private capex = 0;
  private revenue = 0;
  /** Scratch (init): expected use per component over all makers, and per part channel. */
  private readonly totalUse = new Float64Array(COMPONENTS.length);
  private readonly partUse: Float64Array;
  private power = 0;
  private margin = 0;

  constructor(readonly layout: Layout) {
    this.W = layout.width;
    this.partUse = new Float64Array(layout.parts.length);
  }

  bind(ctx: Ctx): void {
    this.ctx = ctx;
    this.rec = ctx.state.rec;
    const opt = (name: string) => (ctx.has(name) ? ctx.signal(name) : null);
    this.price = opt('btc.price');
    this.hashprice = opt('network.hashpriceUsdPerPhDay');
    this.openShare = opt('supply.openShare');
    this.customsDays = opt('supply.customsDays');
    this.greyDefect = opt('supply.greyDefectShare');
    this.supplied = ctx.has('supply.policyIndex');
    const channel = (s: PartChannelLayout['signals'], what: string): PartBuffers => {
      if (this.supplied && !ctx.has(s.delivered)) {
        throw new Error(`mining: the fleet needs ${what}, but the supply model has no such channel (${s.delivered}); add the source to supply.items`);
      }
      return {
        ordered: this.supplied ? ctx.signal(s.ordered) : null,
        delivered: opt(s.delivered),
        greyDelivered: opt(s.greyDelivered),
        leadTime: opt(s.leadTime),
        priceIndex: opt(s.priceIndex),
      };
    };
    this.parts = this.layout.parts.map((pc) => channel(pc.signals, `${pc.component} parts from ${pc.supplier}`));
    this.rigs = this.layout.rigs.map((rc) => channel(rc.signals, `new rigs from ${rc.supplier}`));
    this.forced = ctx.signal('market.forcedSellingUsd');
    const none = new Float64Array(0);
    this.out = OUT_KEYS.map((k) => (k in L.OUT ? ctx.signal(L.OUT[k as keyof typeof L.OUT]) : this.layout.loans.length ? ctx.signal(L.LOAN_OUT[k as keyof typeof L.LOAN_OUT]) : none));
    this.spares = COMPONENTS.map((c) => ctx.signal(L.sparesSignal(c)));
  }

  init(ctx: Ctx): void {
    this.bind(ctx);
    const rec = this.rec;
    const { p, rng } = ctx;
    this.dt = ctx.stepDays;
    for (let i = 0; i < ctx.paths; i++) {
      const o = i * this.W;
      drawColumns(this.layout.columns, rec, o, rng, i);
      this.setMarket(i, o, true);
      let h0 = 0;
      for (const g of this.layout.groups) {
        const go = o + g.off;
        for (let s = 0; s < S.WIDTH; s++) rec[go + s] = 0;
        rec[go + S.OPERATING] = g.units;
        rec[go + GC.LIVE] = g.units > 0 ? 1 : 0;
        h0 += g.units * g.thPerUnit;
      }
      rec[o + GL.H0] = h0;
      rec[o + GL.CASH] = p.cashUsd[i];
      rec[o + GL.TREASURY] = p.treasuryBtc[i];
      rec[o + GL.LOAN_DEFAULT] = 0;
      rec[o + GL.MARGIN_CALLS] = 0;
      rec[o + GL.DELIVERED] = 0;
      rec[o + GL.SOLD] = 0;
      rec[o + GL.COLLATERAL_SOLD] = 0;
      this.setUpParts(i, o);
      for (const rc of this.layout.rigs) for (let s = 0; s < RC.WIDTH; s++) rec[o + rc.off + s] = 0;
      for (const ord of this.layout.orders) rec[o + ord.off + OC.REMAINING] = rec[o + ord.off + OC.PLACED] = 0;
      for (const l of this.layout.loans) {
        rec[o + l.off + LC.PRINCIPAL] = rec[o + l.off + LC.PRINCIPAL0];
        rec[o + l.off + LC.COLLATERAL] = rec[o + l.off + LC.COLLATERAL0];
        rec[o + l.off + LC.OPEN] = rec[o + l.off + LC.PRINCIPAL0] > 0 ? 1 : 0;
      }
      this.curtail(i, o);
      this.partsCost = this.capex = this.revenue = this.power = this.margin = 0;
      this.writeOutputs(i, o);
    }
  }

  /**
   * Spares at the start: initialSparesUnits split over makers by expected use, or
   * initialSparesDays of the expected use; lead times as quoted at the start.
   */
  private setUpParts(i: number, o: number): void {
    const rec = this.rec;
    const parts = this.layout.parts;
    const groups = this.layout.groups;
    const partUse = this.partUse;
    const totalUse = this.totalUse.fill(0);
    for (let n = 0; n < parts.length; n++) {
      const pc = parts[n];
      const rate = rec[o + GL.COMPONENTS + pc.componentIndex * NCF + CF.failuresPerYear];
      let u = 0;
      for (const gi of pc.groups) u += (rec[o + groups[gi].off + S.OPERATING] * rate * this.ageFactor(i, o, groups[gi], 0)) / DAYS_PER_YEAR;
      partUse[n] = u;
      totalUse[pc.componentIndex] += u;
    }
    for (let n = 0; n < parts.length; n++) {
      const pc = parts[n];
      const c = o + pc.off;
      const col = o + GL.COMPONENTS + pc.componentIndex * NCF;
      const u = partUse[n];
      for (let s = 0; s < PC.WIDTH; s++) rec[c + s] = 0;
      rec[c + PC.EXPECTED] = u;
      const count = rec[col + CF.initialSparesUnits];
      const total = totalUse[pc.componentIndex];
      rec[c + PC.STOCK] = count >= 0 ? (total > 0 ? (count * u) / total : count / this.layout.suppliers.length) : rec[col + CF.initialSparesDays] * u;
      const lead = this.leadOf(i, o, n);
      rec[c + PC.LEAD0] = lead;
      rec[c + PC.LEAD] = lead;
    }
  }

  /**
   * m_g·(1 + κ·age)·(grey multiplier): what multiplies every component's λ_c for a rig of
   * group g, `days` after the start.
   */
  private ageFactor(i: number, o: number, g: GroupLayout, days: number): number {
    const p = this.ctx.p;
    const age = this.rec[o + g.off + GC.AGE] + days / DAYS_PER_YEAR;
    return this.rec[o + g.off + GC.FAIL_MULT] * (1 + p.agingPerYear[i] * age) * (g.grey ? p.greyRigFailureMultiplier[i] : 1);
  }

  /** The lead time of part channel n now: the supply model's quote, or the fallback. */
  private leadOf(i: number, o: number, n: number): number {
    const buf = this.parts[n].leadTime;
    return buf ? buf[i] : this.rec[o + GL.COMPONENTS + this.layout.parts[n].componentIndex * NCF + CF.fallbackLeadTimeDays];
  }

  /** BTC price and hashprice of path i (from the market and network models, or the fallbacks). */
  private setMarket(i: number, o: number, start: boolean): void {
    const p = this.ctx.p;
    this.P = this.price ? this.price[i] : p.btcPriceUsd[i];
    if (start) this.rec[o + GL.P0] = this.P;
    this.hp = this.hashprice ? this.hashprice[i] : hashpriceAtConstantDifficulty(p.hashpriceUsdPerPhDay[i], this.P, this.rec[o + GL.P0]);
  }

  step(ctx: Ctx): void {
    this.ctx = ctx;
    this.dt = ctx.stepDays;
    const G = this.layout.groups.length;
    const words = ctx.rng.drawWords(ctx.paths, G * COMPONENTS.length);
    for (let i = 0; i < ctx.paths; i++) {
      const o = i * this.W;
      this.setMarket(i, o, false);
      this.partsCost = 0;
      this.capex = 0;
      this.rec[o + GL.SOLD] = 0;
      this.fail(i, o, words, i * G * COMPONENTS.length);
      this.receiveParts(i, o);
      this.receiveRigs(i, o);
      this.repairOnSite(i, o);
      this.repairCentre(i, o);
      this.curtail(i, o);
      this.account(i, o);
      this.loans(o);
      this.cover(o);
      this.orderParts(i, o);
      this.orderRigs(i, o);
      this.forced[i] += this.rec[o + GL.SOLD];
      this.writeOutputs(i, o);
    }
  }

  /**
   * Failures among operating rigs (curtailed ones rest): per group and component a Poisson count
   * with mean N_op·λ·Δ/365, at most the rigs still running. Fans, PSUs and control boards wait
   * for a spare on site; hash boards ship to a repair centre (overseas for a share, while the
   * maker may serve US buyers).
   */
  private fail(i: number, o: number, words: Uint32Array, w: number): void {
    const rec = this.rec;
    const p = this.ctx.p;
    const dt = this.dt;
    const day = this.ctx.day;
    const rng = this.ctx.rng;
    const abroad = p.overseasRepairShare[i] * (this.openShare ? this.openShare[i] : 1);
    const groups = this.layout.groups;
    for (let gi = 0; gi < groups.length; gi++, w += COMPONENTS.length) {
      const g = groups[gi];
      const go = o + g.off;
      let up = rec[go + S.OPERATING];
      if (!(up > 0)) continue; // an empty cohort (an order not yet delivered): nothing fails
      // λ_c·m_g·(1 + κ·age)·(grey) per rig-day, the age at the start of the step
      const perDay = (this.ageFactor(i, o, g, day - dt) * dt) / DAYS_PER_YEAR;
      let toCentre = 0;
      let toAbroad = 0;
      for (let c = 0; c < COMPONENTS.length; c++) {
        const mean = up * rec[o + GL.COMPONENTS + c * NCF + CF.failuresPerYear] * perDay;
        let n = mean > 0 ? rng.poissonFromUniform(mean, wordToUniform(words[w + c]), i) : 0;
        if (n > up) n = up;
        up -= n;
        rec[o + this.layout.parts[g.parts[c]].off + PC.FAILURES] += n;
        if (c === HASH_BOARD) {
          toAbroad += n * abroad;
          toCentre += n * (1 - abroad);
        } else rec[go + S.WAIT + c] += n;
      }
      rec[go + S.OPERATING] = up;
      // into the first stage of each trip; the stages advance in repairCentre
      rec[go + S.TO_CENTRE] += toCentre;
      rec[go + S.ABROAD] += toAbroad;
    }
  }

  /** Grey units delivered on the channel last read by {@link arrivals}. */
  private greyArrived = 0;

  /**
   * What a channel delivers this step: the supply model's official deliveries (and grey ones,
   * left in greyArrived), or without a supply model the orders of the previous step (at
   * `pending`) coming out of a fallback Erlang pipeline (at `pipe`) with the given lead time.
   */
  private arrivals(i: number, buf: PartBuffers, pending: number, pipe: number, leadDays: number): number {
    if (buf.delivered) {
      this.greyArrived = buf.greyDelivered ? buf.greyDelivered[i] : 0;
      return buf.delivered[i];
    }
    const rec = this.rec;
    this.greyArrived = 0;
    const out = advanceStages(rec, pipe, FALLBACK_STAGES, stagePassShare(leadDays, FALLBACK_STAGES, this.dt), rec[pending]);
    rec[pending] = 0;
    return out;
  }

  /**
   * Parts delivered this step (official and grey; the grey ones carry the supply model's defect
   * share) go to the spares stock and off the supply line; without a supply model, orders
   * placed last step come out of the fallback pipeline.
   */
  private receiveParts(i: number, o: number): void {
    const rec = this.rec;
    const defect = this.greyDefect ? this.greyDefect[i] : 0;
    for (let n = 0; n < this.layout.parts.length; n++) {
      const pc = this.layout.parts[n];
      const c = o + pc.off;
      const buf = this.parts[n];
      const official = this.arrivals(i, buf, c + PC.PENDING, c + PC.FALLBACK, rec[o + GL.COMPONENTS + pc.componentIndex * NCF + CF.fallbackLeadTimeDays]);
      const grey = this.greyArrived;
      const got = official + grey;
      if (!(got > 0)) continue;
      rec[c + PC.STOCK] += got;
      rec[c + PC.DEFECT] += grey * defect;
      const left = rec[c + PC.ON_ORDER] - got;
      rec[c + PC.ON_ORDER] = left > 0 ? left : 0;
      const index = buf.priceIndex ? buf.priceIndex[i] : 1;
      this.partsCost += got * rec[o + GL.COMPONENTS + pc.componentIndex * NCF + CF.partUsd] * index;
    }
  }

  /**
   * New rigs delivered this step fill the maker's orders first come, first served: official
   * ones join the order's cohort, grey ones its grey cohort (defective ones go straight to the
   * repair centre). Unfinanced rigs are paid in cash at delivery.
   */
  private receiveRigs(i: number, o: number): void {
    const rec = this.rec;
    const defect = this.greyDefect ? this.greyDefect[i] : 0;
    let total = 0;
    for (let n = 0; n < this.layout.rigs.length; n++) {
      const rc = this.layout.rigs[n];
      const buf = this.rigs[n];
      const official = this.arrivals(i, buf, o + rc.off + RC.PENDING, o + rc.off + RC.FALLBACK, this.ctx.p.fallbackRigLeadDays[i]);
      const grey = this.greyArrived;
      if (!(official + grey > 0)) continue;
      total += official + grey;
      const index = buf.priceIndex ? buf.priceIndex[i] : 1;
      for (let pass = 0; pass < 2; pass++) {
        let left = pass === 0 ? official : grey;
        for (let j = 0; j < rc.orders.length && left > 0; j++) {
          const ord = this.layout.orders[rc.orders[j]];
          const oo = o + ord.off;
          const last = j === rc.orders.length - 1;
          const take = last ? left : Math.min(left, rec[oo + OC.REMAINING]);
          if (!(take > 0)) continue;
          left -= take;
          const remaining = rec[oo + OC.REMAINING] - take;
          rec[oo + OC.REMAINING] = remaining > 0 ? remaining : 0;
          const go = o + this.layout.groups[pass === 0 ? ord.group : ord.greyGroup].off;
          rec[go + GC.LIVE] = 1;
          if (pass === 0) rec[go + S.OPERATING] += take;
          else {
            rec[go + S.OPERATING] += take * (1 - defect);
            rec[go + S.TO_CENTRE] += take * defect;
          }
          if (!ord.spec.financed) this.capex += take * ord.priceUsd * index;
        }
      }
    }
    rec[o + GL.DELIVERED] += total;
  }

  /**
   * Issues spares of channel pc to the rigs waiting for them (state `from` of its maker's
   * groups), pro rata over groups, as far as the stock goes: a good part moves its rig to
   * state `to`; a defective one (the stock's defective share) is used up and the rig waits on.
   */
  private issue(o: number, pc: PartChannelLayout, from: number, to: number): void {
    const rec = this.rec;
    const groups = this.layout.groups;
    const c = o + pc.off;
    let waiting = 0;
    for (const gi of pc.groups) waiting += rec[o + groups[gi].off + from];
    const stock = rec[c + PC.STOCK];
    const issued = stock < waiting ? stock : waiting;
    if (!(issued > 0)) return;
    const badShare = rec[c + PC.DEFECT] / stock;
    const good = issued * (1 - badShare);
    for (const gi of pc.groups) {
      const go = o + groups[gi].off;
      const moved = (good * rec[go + from]) / waiting;
      rec[go + from] -= moved;
      rec[go + to] += moved;
    }
    rec[c + PC.STOCK] = stock - issued;
    rec[c + PC.DEFECT] -= issued * badShare;
  }

  /**
   * On site: each spare issued goes to a waiting rig of its maker (pro rata over groups); a
   * defective spare is used up and the rig keeps waiting. Rigs with a part in hand are fixed by
   * the technicians (capacity technicians × swaps per day), pro rata, and run again.
   */
  private repairOnSite(i: number, o: number): void {
    const rec = this.rec;
    const groups = this.layout.groups;
    for (let n = 0; n < this.layout.parts.length; n++) {
      const pc = this.layout.parts[n];
      if (pc.site) this.issue(o, pc, S.WAIT + pc.componentIndex, S.ON_SITE_REPAIR);
    }
    let queue = 0;
    for (const g of groups) queue += rec[o + g.off + S.ON_SITE_REPAIR];
    if (!(queue > 0)) return;
    const capacity = this.ctx.p.technicians[i] * this.ctx.p.siteSwapsPerTechDay[i] * this.dt;
    const share = capacity >= queue ? 1 : capacity / queue;
    for (const g of groups) {
      const go = o + g.off;
      if (rec[go + GC.LIVE] === 0) continue;
      const fixed = rec[go + S.ON_SITE_REPAIR] * share;
      rec[go + S.ON_SITE_REPAIR] -= fixed;
      rec[go + S.OPERATING] += fixed;
    }
  }

  /**
   * The repair centre: rigs ship in (Erlang), wait for a hash board (the centre's stock, ordered
   * through supply), are repaired by the centre's technicians (each model at its own rate;
   * a share is scrapped) and ship back. Overseas repairs come back through US customs.
   */
  private repairCentre(i: number, o: number): void {
    const rec = this.rec;
    const p = this.ctx.p;
    const dt = this.dt;
    const groups = this.layout.groups;
    const pShip = stagePassShare(p.shipToCentreDays[i], K, dt);
    const pAbroad = stagePassShare(p.overseasRepairDays[i], K, dt);
    const pCustoms = stagePassShare(this.customsDays ? this.customsDays[i] : p.fallbackCustomsDays[i], K, dt);
    const scrap = p.scrapShare[i];
    for (const g of groups) {
      const go = o + g.off;
      if (rec[go + GC.LIVE] === 0) continue;
      // the first stages already hold this step's new entries (fail, receiveRigs): inflow 0
      rec[go + S.CENTRE_WAIT] += advanceStages(rec, go + S.TO_CENTRE, K, pShip, 0);
      const back = advanceStages(rec, go + S.ABROAD, K, pAbroad, 0);
      rec[go + S.RETIRED] += back * scrap;
      rec[go + S.OPERATING] += advanceStages(rec, go + S.CUSTOMS, K, pCustoms, back * (1 - scrap));
    }
    for (let n = 0; n < this.layout.parts.length; n++) {
      const pc = this.layout.parts[n];
      if (!pc.site) this.issue(o, pc, S.CENTRE_WAIT, S.CENTRE_REPAIR);
    }
    let techDays = 0;
    for (const g of groups) techDays += rec[o + g.off + S.CENTRE_REPAIR] / g.centreRepairsPerTechDay;
    const capacity = p.centreTechnicians[i] * dt;
    const share = techDays > 0 ? (capacity >= techDays ? 1 : capacity / techDays) : 0;
    for (const g of groups) {
      const go = o + g.off;
      if (rec[go + GC.LIVE] === 0) continue;
      const done = rec[go + S.CENTRE_REPAIR] * share;
      rec[go + S.CENTRE_REPAIR] -= done;
      rec[go + S.RETIRED] += done * scrap;
      rec[go + S.OPERATING] += advanceStages(rec, go + S.FROM_CENTRE, K, pShip, done * (1 - scrap));
    }
  }

  /** Healthy rigs of a group run while hashprice net of the pool fee covers their power: HP·(1 − f) ≥ 24·ε·p·(1 + overhead). */
  private curtail(i: number, o: number): void {
    const rec = this.rec;
    const p = this.ctx.p;
    const net = this.hp * (1 - p.poolFeeShare[i]);
    const price = p.powerUsdPerKwh[i] * (1 + p.powerOverheadShare[i]);
    for (const g of this.layout.groups) {
      const go = o + g.off;
      if (rec[go + GC.LIVE] === 0) continue;
      const healthy = rec[go + S.OPERATING] + rec[go + S.CURTAILED];
      const runs = net >= POWER_PER_PH_DAY * g.jPerTh * price;
      rec[go + S.OPERATING] = runs ? healthy : 0;
      rec[go + S.CURTAILED] = runs ? 0 : healthy;
    }
  }

  /**
   * The step's accounts: revenue, power, other opex, parts, interest; mined BTC kept; cash pays
   * for unfinanced rigs (USD this step, in this.revenue, this.power, this.margin).
   */
  private account(i: number, o: number): void {
    const rec = this.rec;
    const p = this.ctx.p;
    const dt = this.dt;
    let runningPh = 0;
    let powerKw = 0;
    let installedPh = 0;
    for (const g of this.layout.groups) {
      const go = o + g.off;
      if (rec[go + GC.LIVE] === 0) continue;
      const ph = g.thPerUnit / TH_PER_PH;
      runningPh += rec[go + S.OPERATING] * ph;
      powerKw += rec[go + S.OPERATING] * ph * g.jPerTh;
      let alive = 0;
      for (let s = 0; s < S.RETIRED; s++) alive += rec[go + s];
      installedPh += alive * ph;
    }
    const revenue = runningPh * this.hp * (1 - p.poolFeeShare[i]) * dt;
    const power = powerKw * POWER_PER_PH_DAY * p.powerUsdPerKwh[i] * (1 + p.powerOverheadShare[i]) * dt;
    let interest = 0;
    for (const l of this.layout.loans) if (rec[o + l.off + LC.OPEN] === 1) interest += (rec[o + l.off + LC.PRINCIPAL] * rec[o + l.off + LC.RATE] * dt) / DAYS_PER_YEAR;
    const margin = revenue - power - p.otherOpexUsdPerPhDay[i] * installedPh * dt - this.partsCost - interest;
    const kept = revenue * p.holdMinedShare[i];
    rec[o + GL.TREASURY] += this.P > 0 ? kept / this.P : 0;
    rec[o + GL.CASH] += margin - kept - this.capex;
    this.revenue = revenue;
    this.power = power;
    this.margin = margin;
  }

  /**
   * Equipment loans. At maturity L is repaid from cash (the collateral comes back). Otherwise,
   * at LTV = L/(Q·P) ≥ the liquidation LTV the lender sells the collateral; at the margin-call
   * LTV the miner tops up with treasury BTC, then pays L down with cash, to the reset LTV; if it
   * cannot, the lender sells. Sales go to the market; a shortfall is a default.
   */
  private loans(o: number): void {
    const rec = this.rec;
    const P = this.P;
    const day = this.ctx.day;
    for (const l of this.layout.loans) {
      const lo = o + l.off;
      if (rec[lo + LC.OPEN] !== 1) continue;
      const L0 = rec[lo + LC.PRINCIPAL];
      if (l.spec.tenorDays > 0 && day >= l.spec.tenorDays) {
        rec[o + GL.CASH] += this.sellTreasury(o, L0 - Math.max(0, rec[o + GL.CASH]));
        const paid = Math.min(L0, Math.max(0, rec[o + GL.CASH]));
        rec[o + GL.CASH] -= paid;
        rec[lo + LC.PRINCIPAL] = L0 - paid;
        if (L0 - paid <= 0) {
          rec[o + GL.TREASURY] += rec[lo + LC.COLLATERAL];
          this.close(lo);
        } else this.liquidate(o, lo);
        continue;
      }
      const value = rec[lo + LC.COLLATERAL] * P;
      const ltv = value > 0 ? L0 / value : Infinity;
      if (ltv >= rec[lo + LC.LIQUIDATION]) {
        this.liquidate(o, lo);
      } else if (ltv >= rec[lo + LC.MARGIN_CALL]) {
        rec[o + GL.MARGIN_CALLS] += 1;
        const reset = rec[lo + LC.RESET];
        const needBtc = L0 / (reset * P) - rec[lo + LC.COLLATERAL];
        const top = Math.min(rec[o + GL.TREASURY], needBtc);
        rec[o + GL.TREASURY] -= top;
        rec[lo + LC.COLLATERAL] += top;
        const payDown = L0 - reset * rec[lo + LC.COLLATERAL] * P;
        if (payDown > 0) {
          const pay = Math.min(Math.max(0, rec[o + GL.CASH]), payDown);
          rec[o + GL.CASH] -= pay;
          rec[lo + LC.PRINCIPAL] = L0 - pay;
          if (pay < payDown * (1 - 1e-12)) this.liquidate(o, lo);
        }
      }
    }
  }

  /** The lender sells the collateral: L is repaid from the proceeds, the rest returns to cash; a shortfall is a default. */
  private liquidate(o: number, lo: number): void {
    const rec = this.rec;
    const proceeds = rec[lo + LC.COLLATERAL] * this.P;
    const owed = rec[lo + LC.PRINCIPAL];
    rec[o + GL.SOLD] += proceeds;
    rec[o + GL.COLLATERAL_SOLD] += rec[lo + LC.COLLATERAL];
    if (proceeds >= owed) rec[o + GL.CASH] += proceeds - owed;
    else rec[o + GL.LOAN_DEFAULT] += owed - proceeds;
    this.close(lo);
  }

  private close(lo: number): void {
    this.rec[lo + LC.OPEN] = 0;
    this.rec[lo + LC.PRINCIPAL] = 0;
    this.rec[lo + LC.COLLATERAL] = 0;
  }

  /** Sells up to `usd` of treasury BTC into the market; returns the USD raised. */
  private sellTreasury(o: number, usd: number): number {
    const rec = this.rec;
    if (!(usd > 0) || !(this.P > 0)) return 0;
    const btc = Math.min(rec[o + GL.TREASURY], usd / this.P);
    rec[o + GL.TREASURY] -= btc;
    rec[o + GL.SOLD] += btc * this.P;
    return btc * this.P;
  }

  /** Cash below zero: treasury BTC is sold to cover it (what is left short is an unpaid bill). */
  private cover(o: number): void {
    const cash = this.rec[o + GL.CASH];
    if (cash < 0) this.rec[o + GL.CASH] = cash + this.sellTreasury(o, -cash);
  }

  /**
   * Spares reorder by anchoring and adjustment (src/finance/anchoring-adjustment.ts): expected
   * use Û (smoothed failures), net stock = spares − rigs waiting for them, supply line = on order;
   * S* = c_S·Û, SL* = Û·min(λ, maxPlanningLeadDays). Orders go to supply (read there next step).
   */
  private orderParts(i: number, o: number): void {
    const rec = this.rec;
    const p = this.ctx.p;
    const dt = this.dt;
    const groups = this.layout.groups;
    const gain = smoothingGain(p.demandSmoothingDays[i], dt);
    const alpha = 1 / p.stockAdjustDays[i];
    const beta = p.supplyLineWeight[i];
    const maxPlan = p.maxPlanningLeadDays[i];
    for (let n = 0; n < this.layout.parts.length; n++) {
      const pc = this.layout.parts[n];
      const c = o + pc.off;
      const use = rec[c + PC.EXPECTED] + gain * (rec[c + PC.FAILURES] / dt - rec[c + PC.EXPECTED]);
      rec[c + PC.EXPECTED] = use;
      rec[c + PC.FAILURES] = 0;
      let waiting = 0;
      for (const gi of pc.groups) {
        const go = o + groups[gi].off;
        waiting += pc.site ? rec[go + S.WAIT + pc.componentIndex] : stagesContent(rec, go + S.TO_CENTRE, K) + rec[go + S.CENTRE_WAIT];
      }
      const lead = this.leadOf(i, o, n);
      rec[c + PC.LEAD] = lead;
      const cover = rec[o + GL.COMPONENTS + pc.componentIndex * NCF + CF.sparesCoverDays];
      const order = dt * anchoringAdjustmentOrder(use, cover * use - (rec[c + PC.STOCK] - waiting), use * Math.min(lead, maxPlan) - rec[c + PC.ON_ORDER], alpha, beta);
      if (!(order > 0)) continue;
      rec[c + PC.ON_ORDER] += order;
      const buf = this.parts[n];
      if (buf.ordered) buf.ordered[i] += order;
      else rec[c + PC.PENDING] += order;
    }
  }

  /** Orders of new rigs, placed evenly over (startDay, startDay + overDays]. */
  private orderRigs(i: number, o: number): void {
    const rec = this.rec;
    const day = this.ctx.day;
    const dt = this.dt;
    for (const ord of this.layout.orders) {
      const { units, startDay, overDays } = ord.spec;
      const from = Math.max(day - dt, startDay);
      const to = Math.min(day, startDay + overDays);
      if (!(to > from)) continue;
      const oo = o + ord.off;
      const placed = day >= startDay + overDays ? units - rec[oo + OC.PLACED] : (units * (to - from)) / overDays;
      if (!(placed > 0)) continue;
      rec[oo + OC.PLACED] += placed;
      rec[oo + OC.REMAINING] += placed;
      const buf = this.rigs[ord.rigChannel];
      if (buf.ordered) buf.ordered[i] += placed;
      else rec[o + this.layout.rigs[ord.rigChannel].off + RC.PENDING] += placed;
    }
  }

  private writeOutputs(i: number, o: number): void {
    const rec = this.rec;
    const out = this.out;
    const p = this.ctx.p;
    let opTh = 0;
    let healthyTh = 0;
    let op = 0;
    let cur = 0;
    let wait = 0;
    let fix = 0;
    let centre = 0;
    let customs = 0;
    let retired = 0;
    for (const g of this.layout.groups) {
      if (rec[o + g.off + GC.LIVE] === 0) continue;
      const go = o + g.off;
      op += rec[go + S.OPERATING];
      cur += rec[go + S.CURTAILED];
      for (let c = 0; c < N_SITE; c++) wait += rec[go + S.WAIT + c];
      fix += rec[go + S.ON_SITE_REPAIR];
      centre += stagesContent(rec, go + S.TO_CENTRE, K) + rec[go + S.CENTRE_WAIT] + rec[go + S.CENTRE_REPAIR] + stagesContent(rec, go + S.FROM_CENTRE, K) + stagesContent(rec, go + S.ABROAD, K);
      customs += stagesContent(rec, go + S.CUSTOMS, K);
      retired += rec[go + S.RETIRED];
      opTh += rec[go + S.OPERATING] * g.thPerUnit;
      healthyTh += (rec[go + S.OPERATING] + rec[go + S.CURTAILED]) * g.thPerUnit;
    }
    const h0 = rec[o + GL.H0];
    const share = h0 > 0 ? healthyTh / h0 : 1;
    out[X.operatingHashrateEh][i] = opTh / TH_PER_EH;
    out[X.hashrateShareOfStart][i] = share;
    out[X.operatingRigs][i] = op;
    out[X.curtailedRigs][i] = cur;
    out[X.awaitingPartRigs][i] = wait;
    out[X.onSiteRepairRigs][i] = fix;
    out[X.atRepairCentreRigs][i] = centre;
    out[X.inCustomsRigs][i] = customs;
    out[X.retiredRigs][i] = retired;
    out[X.brokenRigs][i] = wait + fix + centre + customs;
    out[X.rigsDelivered][i] = rec[o + GL.DELIVERED];
    let onOrder = 0;
    for (const ord of this.layout.orders) onOrder += rec[o + ord.off + OC.REMAINING];
    out[X.rigsOnOrder][i] = onOrder;
    let maxLead = 0;
    let leadAlert = 0;
    let stockout = 0;
    const ratio = p.leadTimeAlertRatio[i];
    for (let c = 0; c < COMPONENTS.length; c++) this.spares[c][i] = 0;
    for (let n = 0; n < this.layout.parts.length; n++) {
      const pc = this.layout.parts[n];
      const c = o + pc.off;
      const lead = rec[c + PC.LEAD];
      if (lead > maxLead) maxLead = lead;
      const base = rec[c + PC.LEAD0] > this.dt ? rec[c + PC.LEAD0] : this.dt;
      if (lead > ratio * base) leadAlert = 1;
      this.spares[pc.componentIndex][i] += rec[c + PC.STOCK];
      if (pc.site && rec[c + PC.STOCK] - rec[c + PC.DEFECT] < 1) {
        let waiting = 0;
        for (const gi of pc.groups) waiting += rec[o + this.layout.groups[gi].off + S.WAIT + pc.componentIndex];
        if (waiting >= 1) stockout = 1;
      }
    }
    out[X.partsLeadTimeDays][i] = maxLead;
    out[X.revenueUsd][i] = this.revenue;
    out[X.powerCostUsd][i] = this.power;
    out[X.partsCostUsd][i] = this.partsCost;
    out[X.marginUsd][i] = this.margin;
    out[X.cashUsd][i] = rec[o + GL.CASH];
    out[X.treasuryBtc][i] = rec[o + GL.TREASURY];
    out[X.btcSoldUsd][i] = rec[o + GL.SOLD];
    out[X.leadTimeAboveNormal][i] = leadAlert;
    out[X.sparesExhausted][i] = stockout;
    out[X.hashrateBelowThreshold][i] = share < p.hashrateThreshold[i] ? 1 : 0;
    if (this.layout.loans.length) {
      let loan = 0;
      let coll = 0;
      for (const l of this.layout.loans) {
        loan += rec[o + l.off + LC.PRINCIPAL];
        coll += rec[o + l.off + LC.COLLATERAL];
      }
      out[X.loanUsd][i] = loan;
      out[X.collateralBtc][i] = coll;
      // 0 once no loan is open (repaid, or its collateral sold)
      out[X.collateralRatio][i] = loan > 0 ? (coll * this.P) / loan : 0;
      out[X.marginCalls][i] = rec[o + GL.MARGIN_CALLS];
      out[X.loanDefaultUsd][i] = rec[o + GL.LOAN_DEFAULT];
      out[X.collateralSoldBtc][i] = rec[o + GL.COLLATERAL_SOLD];
    }
  }
}
