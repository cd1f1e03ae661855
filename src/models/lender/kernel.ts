import { drawColumns } from '../../engine/draw-number.js';
import type { ModelContext, ShockLanes } from '../../engine/model.js';
import * as pathRng from '../../engine/rng/path-rng.js';
import * as difficulty from '../../finance/constant-difficulty-hashprice.js';
import * as runShare from '../../finance/global-games-run-share.js';
import * as lcrRatio from '../../finance/liquidity-coverage-ratio.js';
import * as impact from '../../finance/square-root-impact.js';
import * as coverage from '../../finance/stayer-coverage.js';
import * as binomial from './binomial.js';
import * as layout from './layout.js';
import type { Layout, LenderLayout } from './layout.js';
import type { lenderParams } from './params.js';

/*
 * Imports bound once to module constants: the step loop then reads plain bindings, not
 * properties of module namespaces (which some loaders, e.g. the test runner's, turn into
 * getter calls in every iteration).
 */
const wordToUniform = pathRng.wordToUniform;
const globalGamesRunShare = runShare.globalGamesRunShare;
const hashpriceAtConstantDifficulty = difficulty.hashpriceAtConstantDifficulty;
const liquidityCoverageRatio = lcrRatio.liquidityCoverageRatio;
const sqrtImpactLogReturn = impact.sqrtImpactLogReturn;
const stayerCoverage = coverage.stayerCoverage;
const binomialFromUniform = binomial.binomialFromUniform;
const LENDER_OUTPUTS = layout.LENDER_OUTPUTS;
const LV = layout.LV;
const SG = layout.SG;
const BK = layout.BK;

type Ctx = ModelContext<typeof lenderParams>;

const DAYS_PER_YEAR = 365;
const MINER = 1;
/** Coverage ratios are written capped, so that a lender with no claims left stays finite. */
const COVERAGE_CAP = 100;
/** Claims below this (USD) count as paid: floating-point dust must not keep a gate shut. */
const DUST_USD = 1e-6;
/** Average execution cost of a sale as a share of its final square-root impact (∫₀¹ √s ds = 2/3). */
const EXECUTION_SHARE = 2 / 3;

/** Per-path globals: start price, start drawdown, price at the end of the previous step. */
const G = { P0: 0, DD0: 1, LAST_PRICE: 2, WIDTH: 3 } as const;

const O = Object.fromEntries(LENDER_OUTPUTS.map((k, j) => [k, j])) as Record<(typeof LENDER_OUTPUTS)[number], number>;

/**
 * The lender model's arithmetic over one block of paths: balance sheets, credit events,
 * withdrawals and runs, the gate, and the coverage measures. Equations: README.md, in the
 * order of the methods here. One kernel per layout; `bind` points it at a block's buffers.
 */
export class LenderKernel {
  private g!: Float64Array;
  private lv!: Float64Array;
  private sg!: Float64Array;
  private bk!: Float64Array;
  private u!: Float64Array;
  private readonly W: number;
  private readonly nL: number;
  private readonly out: Float64Array[][] = [];
  /** Per lender, the haltedWithin<d>d buffers. */
  private readonly within: Float64Array[][] = [];
  private price!: Float64Array;
  private drawdown!: Float64Array;
  private vol: Float64Array | null = null;
  private hashprice: Float64Array | null = null;
  private flow!: Float64Array;
  private haltedCount!: Float64Array;
  private readonly lossShock: (ShockLanes | null)[];
  private readonly extraShock: (ShockLanes | null)[];
  private ctx!: Ctx;
  // per path-step working values, set before a lender's step (fields, not closures: no allocation)
  private day = 0;
  private days = 1;
  private P = 0;
  private fall = 0;
  private hazardMult = 1;
  private minerMult = 1;
  private stepVol = 0;
  /** USD of BTC this lender sold in the current step (collateral and own), for impact and output. */
  private soldUsd = 0;
  private paidUsd = 0;
  private requestedUsd = 0;
  private extraUsd = 0;

  constructor(readonly layout: Layout) {
    this.W = layout.columns.length;
    this.nL = layout.lenders.length;
    this.lossShock = layout.lenders.map(() => null);
    this.extraShock = layout.lenders.map(() => null);
  }

  /** Points the kernel at a block's state and signal buffers (called by init, once per block). */
  bind(ctx: Ctx): void {
    this.ctx = ctx;
    this.g = ctx.state.g;
    this.lv = ctx.state.lv;
    this.sg = ctx.state.sg;
    this.bk = ctx.state.bk;
    this.u = ctx.state.u;
    this.price = ctx.signal('btc.price');
    this.drawdown = ctx.signal('btc.drawdown');
    this.vol = ctx.has('btc.vol') ? ctx.signal('btc.vol') : null;
    this.hashprice = ctx.has('network.hashpriceUsdPerPhDay') ? ctx.signal('network.hashpriceUsdPerPhDay') : null;
    this.flow = ctx.signal('market.forcedSellingUsd');
    this.haltedCount = ctx.signal('lender.haltedCount');
    this.out.length = 0;
    this.within.length = 0;
    for (const L of this.layout.lenders) {
      this.out.push(LENDER_OUTPUTS.map((k) => ctx.signal(L.signals[k])));
      this.within.push(L.haltWithin.map((name) => ctx.signal(name)));
    }
  }

  init(ctx: Ctx): void {
    this.bind(ctx);
    const { rng } = ctx;
    const cols = this.layout.columns;
    this.day = 0;
    this.days = ctx.stepDays;
    for (let i = 0; i < ctx.paths; i++) {
      drawColumns(cols, this.u, i * this.W, rng, i);
      const P = this.price[i];
      const gi = i * G.WIDTH;
      this.g[gi + G.P0] = P;
      this.g[gi + G.DD0] = this.drawdown[i];
      this.g[gi + G.LAST_PRICE] = P;
      this.setPathMarket(i);
      for (let l = 0; l < this.nL; l++) this.setUp(i, l);
      for (let l = 0; l < this.nL; l++) {
        this.measure(i, l);
        this.selectClients(i, l);
      }
      this.haltedCount[i] = 0;
    }
  }

  /**
   * Clients whose signal of the starting stayer coverage θ₀ is below their threshold are not
   * clients at the start (they would have left): the share Φ((θ* − θ₀)/σ) counts as decided.
   */
  private selectClients(i: number, l: number): void {
    const L = this.layout.lenders[l];
    const ub = i * this.W;
    const theta = this.lv[i * this.nL * LV.WIDTH + L.slot + LV.THETA];
    for (const s of L.segments) {
      const k = (i * this.layout.segmentSlots + s.slot) * SG.WIDTH;
      const share = globalGamesRunShare(theta, this.u[ub + s.col.runThreshold], this.u[ub + s.col.signalNoise]);
      this.sg[k + SG.DECIDED] = share;
      this.sg[k + SG.START_SHARE] = share;
    }
  }

  /** The opening balance sheet of lender l on path i (README.md, "Start"). */
  private setUp(i: number, l: number): void {
    const L = this.layout.lenders[l];
    const u = this.u;
    const ub = i * this.W;
    const lv = this.lv;
    const o = i * this.nL * LV.WIDTH + L.slot;
    const P = this.P;
    const d0 = u[ub + L.col.depositsUsd];
    const equity = u[ub + L.col.equityShare] * d0;
    const senior = u[ub + L.col.otherLiabilitiesShare] * d0;
    const assets = Math.max(0, d0 + equity + senior);
    let cashS = u[ub + L.col.cashShare];
    let liquidS = u[ub + L.col.liquidShare];
    let ownS = u[ub + L.col.ownBtcShare];
    let otherS = u[ub + L.col.otherAssetsShare];
    const sum = cashS + liquidS + ownS + otherS;
    if (sum > 1) {
      cashS /= sum;
      liquidS /= sum;
      ownS /= sum;
      otherS /= sum;
    }
    let loans = assets * Math.max(0, 1 - cashS - liquidS - ownS - otherS);
    let bookShares = 0;
    for (const b of L.books) bookShares += u[ub + b.col.share];
    let cash = assets * cashS;
    if (!(bookShares > 0)) {
      cash += loans; // no loan book: the money stays in cash
      loans = 0;
    }
    for (const b of L.books) {
      const perBucket = bookShares > 0 ? (loans * u[ub + b.col.share]) / bookShares / b.buckets : 0;
      const collateral = u[ub + b.col.collateralRatio];
      for (let j = 0; j < b.buckets; j++) {
        const k = (i * this.layout.bucketSlots + b.firstBucket + j) * BK.WIDTH;
        this.bk[k + BK.PRINCIPAL] = perBucket;
        this.bk[k + BK.ACCRUED] = 0;
        this.bk[k + BK.COLLATERAL_BTC] = P > 0 ? (collateral * perBucket) / P : 0;
        this.bk[k + BK.BORROWERS] = perBucket > 0 ? b.borrowers : 0;
        this.bk[k + BK.MATURITY_DAY] = Math.ceil((b.tenorDays * (j + 1)) / b.buckets);
        this.bk[k + BK.ROLL] = 0;
      }
    }
    let segShares = 0;
    for (const s of L.segments) segShares += u[ub + s.col.share];
    for (const s of L.segments) {
      const k = (i * this.layout.segmentSlots + s.slot) * SG.WIDTH;
      this.sg[k + SG.DEP] = segShares > 0 ? (d0 * u[ub + s.col.share]) / segShares : d0 / L.segments.length;
      this.sg[k + SG.PENDING] = 0;
    }
    lv[o + LV.CASH] = cash;
    lv[o + LV.LIQUID] = assets * liquidS;
    lv[o + LV.OWN_BTC] = P > 0 ? (assets * ownS) / P : 0;
    lv[o + LV.OTHER] = assets * otherS;
    lv[o + LV.OTHER_LIAB] = senior;
    lv[o + LV.EQUITY] = assets - d0 - senior;
    lv[o + LV.FLOOR] = u[ub + L.col.cashFloorShare] * d0;
    lv[o + LV.TARGET_CASH] = d0 > 0 ? cash / d0 : 0;
    lv[o + LV.D0] = d0;
    const clients = Math.round(u[ub + L.col.clients]);
    const top = u[ub + L.col.largestTenShare];
    // effective number of equal clients, 1/HHI, with the ten largest equal and the rest equal
    const hhi = clients <= 10 ? 1 / Math.max(1, clients) : (top * top) / 10 + ((1 - top) * (1 - top)) / (clients - 10);
    lv[o + LV.NEFF] = clients > 0 ? 1 / hhi : 0;
    for (const f of [LV.QUEUE, LV.WRITTEN_OFF, LV.LENDING_LOSS, LV.HALTED, LV.EVER_HALTED, LV.CLOSED, LV.REVEALED, LV.HALTED_PREV, LV.CALLED, LV.RUN_SEEN, LV.FIRST_HALT_DAY]) lv[o + f] = 0;
  }

  /** Market inputs of path i for this step: price, fall, hazard multipliers, volatility. */
  private setPathMarket(i: number): void {
    const p = this.ctx.p;
    const gi = i * G.WIDTH;
    const P = this.price[i];
    const last = this.g[gi + G.LAST_PRICE];
    this.P = P;
    // the part of the step's log fall beyond an ordinary day's (crash withdrawals)
    this.fall = P < last && P > 0 ? Math.max(0, Math.log(last / P) - p.crashThresholdLogFall[i]) : 0;
    const dd0 = this.g[gi + G.DD0];
    const x = dd0 < 1 ? Math.max(0, (this.drawdown[i] - dd0) / (1 - dd0)) : 0;
    this.hazardMult = Math.exp(p.pdDrawdownBeta[i] * x);
    const hp = this.hashprice ? this.hashprice[i] : hashpriceAtConstantDifficulty(p.hashpriceUsdPerPhDay[i], P, this.g[gi + G.P0]);
    this.minerMult = hp > 0 ? Math.min(1e3, Math.pow(p.hashpriceRefUsdPerPhDay[i] / hp, p.minerHashpriceBeta[i])) : 1e3;
    const sigma = this.vol ? this.vol[i] : p.fallbackVolPerSqrtYear[i];
    this.stepVol = sigma * Math.sqrt(this.days / DAYS_PER_YEAR);
  }

  step(ctx: Ctx): void {
    this.ctx = ctx;
    this.day = ctx.day;
    this.days = ctx.stepDays;
    for (let l = 0; l < this.nL; l++) {
      const sig = this.layout.lenders[l].signals;
      this.lossShock[l] = ctx.shock(sig.revealedLossUsd);
      this.extraShock[l] = ctx.shock(sig.extraWithdrawalsUsd);
    }
    const wps = this.layout.wordsPerStep;
    const words = wps > 0 ? ctx.rng.drawWords(ctx.paths, wps) : null;
    const stride = this.nL * LV.WIDTH;
    for (let i = 0; i < ctx.paths; i++) {
      this.setPathMarket(i);
      let w = i * wps;
      for (let l = 0; l < this.nL; l++) w = this.stepLender(i, l, words, w);
      let halted = 0;
      for (let l = 0; l < this.nL; l++) {
        const o = i * stride + this.layout.lenders[l].slot;
        this.lv[o + LV.HALTED_PREV] = this.lv[o + LV.HALTED];
        halted += this.lv[o + LV.HALTED];
      }
      this.haltedCount[i] = halted;
      this.g[i * G.WIDTH + G.LAST_PRICE] = this.P;
    }
  }

  /** One step of lender l on path i; returns the offset of the next unused random word. */
  private stepLender(i: number, l: number, words: Uint32Array | null, w: number): number {
    const L = this.layout.lenders[l];
    const lv = this.lv;
    const o = i * this.nL * LV.WIDTH + L.slot;
    const out = this.out[l];
    this.soldUsd = 0;
    this.paidUsd = 0;
    this.requestedUsd = 0;
    this.extraUsd = 0;
    // random words: two per segment (withdrawals), then two per bucket (credit events)
    if (lv[o + LV.CLOSED] === 0) {
      this.markAndAccrue(i, L, o);
      this.revealLosses(i, l, L, o);
      this.creditEvents(i, L, o, words, w + 2 * L.segments.length);
      this.collectMaturities(i, L, o);
      this.withdrawals(i, l, L, o, words, w);
      if (lv[o + LV.HALTED] === 1) this.whileGated(i, L, o);
      this.rollOver(i, L, o);
      this.flow[i] += this.soldUsd;
    }
    out[O.withdrawalRequestsUsd][i] = this.requestedUsd;
    out[O.withdrawalsPaidUsd][i] = this.paidUsd;
    out[O.btcSoldUsd][i] = this.soldUsd;
    out[O.extraWithdrawalsUsd][i] = this.extraUsd;
    this.measure(i, l);
    return w + 2 * (L.segments.length + L.bucketCount);
  }

  /** Own BTC marked to market; interest accrued on loans and credited on client claims. */
  private markAndAccrue(i: number, L: LenderLayout, o: number): void {
    const lv = this.lv;
    const bk = this.bk;
    const u = this.u;
    const ub = i * this.W;
    const last = this.g[i * G.WIDTH + G.LAST_PRICE];
    lv[o + LV.EQUITY] += lv[o + LV.OWN_BTC] * (this.P - last);
    // other assets not sold before are realised at book value on their day
    if (lv[o + LV.OTHER] > 0 && this.day >= u[ub + L.col.otherAssetsDays]) {
      lv[o + LV.CASH] += lv[o + LV.OTHER];
      lv[o + LV.OTHER] = 0;
    }
    const dt = this.days / DAYS_PER_YEAR;
    for (const b of L.books) {
      const r = u[ub + b.col.rateApr] * dt;
      for (let j = 0; j < b.buckets; j++) {
        const k = (i * this.layout.bucketSlots + b.firstBucket + j) * BK.WIDTH;
        const interest = bk[k + BK.PRINCIPAL] * r;
        bk[k + BK.ACCRUED] += interest;
        lv[o + LV.EQUITY] += interest;
      }
    }
    const rd = u[ub + L.col.depositRateApr] * dt;
    if (rd !== 0) {
      for (const s of L.segments) {
        const k = (i * this.layout.segmentSlots + s.slot) * SG.WIDTH;
        const credit = this.sg[k + SG.DEP] * rd;
        this.sg[k + SG.DEP] += credit;
        lv[o + LV.EQUITY] -= credit;
      }
    }
  }

  /**
   * A scheduled shock to `lender.<id>.revealedLossUsd` (cumulative) books the increase as a
   * loss: other assets first, then the loans pro rata, then liquid securities and cash.
   */
  private revealLosses(i: number, l: number, L: LenderLayout, o: number): void {
    const shock = this.lossShock[l];
    if (shock === null) return;
    const lv = this.lv;
    const before = lv[o + LV.REVEALED];
    let loss = before * shock.multiply[i] + shock.add[i] - before;
    if (!(loss > 0)) return;
    let booked = 0;
    const fromOther = Math.min(lv[o + LV.OTHER], loss);
    lv[o + LV.OTHER] -= fromOther;
    booked += fromOther;
    loss -= fromOther;
    if (loss > 0) {
      const total = this.loanClaims(i, L);
      const fromLoans = Math.min(total, loss);
      if (fromLoans > 0) {
        const keep = 1 - fromLoans / total;
        for (const b of L.books) {
          for (let j = 0; j < b.buckets; j++) {
            const k = (i * this.layout.bucketSlots + b.firstBucket + j) * BK.WIDTH;
            this.bk[k + BK.PRINCIPAL] *= keep;
            this.bk[k + BK.ACCRUED] *= keep;
          }
        }
        lv[o + LV.LENDING_LOSS] += fromLoans;
        booked += fromLoans;
        loss -= fromLoans;
      }
    }
    const fromLiquid = Math.min(lv[o + LV.LIQUID], loss);
    lv[o + LV.LIQUID] -= fromLiquid;
    loss -= fromLiquid;
    const fromCash = Math.min(lv[o + LV.CASH], loss);
    lv[o + LV.CASH] -= fromCash;
    booked += fromLiquid + fromCash;
    lv[o + LV.EQUITY] -= booked;
    lv[o + LV.REVEALED] = before + booked;
  }

  /** Σ (principal + accrued) over the lender's buckets. */
  private loanClaims(i: number, L: LenderLayout): number {
    let total = 0;
    for (const b of L.books) {
      for (let j = 0; j < b.buckets; j++) {
        const k = (i * this.layout.bucketSlots + b.firstBucket + j) * BK.WIDTH;
        total += this.bk[k + BK.PRINCIPAL] + this.bk[k + BK.ACCRUED];
      }
    }
    return total;
  }

  /**
   * Margin calls and defaults, borrower by borrower (README.md, "Credit events"); the
   * collateral of closed-out borrowers is sold into the market, the lender keeps at most its
   * claim, and the shortfall is a lending loss (less the unsecured recovery).
   */
  private creditEvents(i: number, L: LenderLayout, o: number, words: Uint32Array | null, w: number): void {
    const bk = this.bk;
    const u = this.u;
    const ub = i * this.W;
    const P = this.P;
    const dt = this.days / DAYS_PER_YEAR;
    let closingBtc = 0;
    for (const b of L.books) {
      const pd = u[ub + b.col.pdPerYear] * this.hazardMult * (b.borrower === MINER ? this.minerMult : 1);
      const pDefault = 1 - Math.exp(-pd * dt);
      const ratio = u[ub + b.col.collateralRatio];
      const mc = u[ub + b.col.marginCallLtv];
      const liq = u[ub + b.col.liquidationLtv];
      const meet = u[ub + b.col.marginCallMeetProb];
      for (let j = 0; j < b.buckets; j++, w += 2) {
        const k = (i * this.layout.bucketSlots + b.firstBucket + j) * BK.WIDTH;
        bk[k + BK.CLOSE_SHARE] = 0;
        bk[k + BK.CLOSE_BTC] = 0;
        const n = bk[k + BK.BORROWERS];
        const claim = bk[k + BK.PRINCIPAL] + bk[k + BK.ACCRUED];
        if (!(n > 0) || !(claim > 0)) continue;
        const coll = bk[k + BK.COLLATERAL_BTC];
        let closed = 0;
        let toppedUp = false;
        if (coll > 0 && P > 0) {
          const ltv = claim / (coll * P);
          if (ltv >= liq) closed = n;
          else if (ltv >= mc) {
            closed = binomialFromUniform(n, 1 - meet, wordToUniform(words![w]));
            toppedUp = true;
          }
        }
        closed += binomialFromUniform(n - closed, pDefault, wordToUniform(words![w + 1]));
        if (closed === 0 && !toppedUp) continue;
        const share = closed / n;
        const btc = coll * share;
        bk[k + BK.CLOSE_SHARE] = share;
        bk[k + BK.CLOSE_BTC] = btc;
        closingBtc += btc;
        bk[k + BK.BORROWERS] = n - closed;
        // borrowers who met the call post collateral back to LTV₀ = 1/ratio
        bk[k + BK.COLLATERAL_BTC] = toppedUp && ratio > 0 ? (claim * (1 - share) * ratio) / P : coll - btc;
      }
    }
    const p = this.ctx.p;
    let cost = 0;
    if (closingBtc > 0) {
      const usd = closingBtc * P;
      cost = Math.min(1, p.collateralSaleCost[i] + this.executionCost(i, usd));
      this.soldUsd += usd;
    }
    const lv = this.lv;
    const recovery = p.unsecuredRecovery[i];
    for (const b of L.books) {
      for (let j = 0; j < b.buckets; j++) {
        const k = (i * this.layout.bucketSlots + b.firstBucket + j) * BK.WIDTH;
        const share = bk[k + BK.CLOSE_SHARE];
        if (share === 0) continue;
        const claim = (bk[k + BK.PRINCIPAL] + bk[k + BK.ACCRUED]) * share;
        const proceeds = bk[k + BK.CLOSE_BTC] * P * (1 - cost);
        const secured = Math.min(claim, proceeds);
        const recovered = secured + recovery * (claim - secured);
        lv[o + LV.CASH] += recovered;
        lv[o + LV.EQUITY] -= claim - recovered;
        lv[o + LV.LENDING_LOSS] += claim - recovered;
        bk[k + BK.PRINCIPAL] *= 1 - share;
        bk[k + BK.ACCRUED] *= 1 - share;
      }
    }
  }

  /** Execution cost (share of proceeds) of selling `usd` of BTC this step: ⅔ of the square-root impact. */
  private executionCost(i: number, usd: number): number {
    const p = this.ctx.p;
    const impact = -sqrtImpactLogReturn(usd, p.saleDailyVolumeUsd[i] * this.days, this.stepVol, p.impactY[i]);
    return 1 - Math.exp(-EXECUTION_SHARE * impact);
  }

  /** Loans due this step repay principal and interest; the principal may be re-lent later in the step. */
  private collectMaturities(i: number, L: LenderLayout, o: number): void {
    const bk = this.bk;
    for (const b of L.books) {
      for (let j = 0; j < b.buckets; j++) {
        const k = (i * this.layout.bucketSlots + b.firstBucket + j) * BK.WIDTH;
        bk[k + BK.ROLL] = 0;
        if (bk[k + BK.MATURITY_DAY] > this.day) continue;
        const principal = bk[k + BK.PRINCIPAL];
        if (principal + bk[k + BK.ACCRUED] > 0) {
          this.lv[o + LV.CASH] += principal + bk[k + BK.ACCRUED];
          bk[k + BK.ROLL] = principal;
        }
        bk[k + BK.PRINCIPAL] = 0;
        bk[k + BK.ACCRUED] = 0;
        bk[k + BK.COLLATERAL_BTC] = 0;
        bk[k + BK.BORROWERS] = 0;
        bk[k + BK.MATURITY_DAY] = Infinity;
      }
    }
  }

  /**
   * Withdrawal requests by segment (README.md, "Withdrawals and runs"), then payment: from
   * cash above the floor, then by selling and calling; what cannot be paid is queued and the
   * lender gates. While gated every request is queued.
   */
  private withdrawals(i: number, l: number, L: LenderLayout, o: number, words: Uint32Array | null, w: number): void {
    const lv = this.lv;
    const sg = this.sg;
    const u = this.u;
    const ub = i * this.W;
    const p = this.ctx.p;
    const days = this.days;
    const gated = lv[o + LV.HALTED] === 1;
    // peers halted at the end of the previous step
    let peers = 0;
    for (let m = 0; m < this.nL; m++) if (m !== l) peers += lv[i * this.nL * LV.WIDTH + this.layout.lenders[m].slot + LV.HALTED_PREV];
    const theta = lv[o + LV.THETA] - p.peerHaltShift[i] * peers - p.runVisibility[i] * lv[o + LV.RUN_SEEN];
    const d0 = lv[o + LV.D0];
    const neff = lv[o + LV.NEFF];
    // an extra withdrawal scheduled on this step (shock on lender.<id>.extraWithdrawalsUsd)
    const shock = this.extraShock[l];
    let extra = shock === null ? 0 : Math.max(0, shock.add[i]);
    let undecidedTotal = 0;
    for (const s of L.segments) {
      const k = (i * this.layout.segmentSlots + s.slot) * SG.WIDTH;
      undecidedTotal += sg[k + SG.DEP] - sg[k + SG.PENDING];
    }
    if (!(undecidedTotal > 0)) extra = 0;
    this.extraUsd = extra;
    let requests = 0;
    let visible = 0;
    let claimsBefore = lv[o + LV.QUEUE];
    for (const s of L.segments) {
      const k = (i * this.layout.segmentSlots + s.slot) * SG.WIDTH;
      let dep = sg[k + SG.DEP];
      let pending = sg[k + SG.PENDING];
      const undecidedBefore = dep - pending;
      claimsBefore += dep;
      const decided = sg[k + SG.DECIDED];
      // clients whose (persistent) private signal is now below the threshold decide to run;
      // those below it at the start were never clients (SG.START_SHARE), so runs follow a fall
      const share = globalGamesRunShare(theta, u[ub + s.col.runThreshold], u[ub + s.col.signalNoise]);
      const startShare = sg[k + SG.START_SHARE];
      const stay = startShare < 1 ? Math.min(1, Math.max(0, (1 - share) / (1 - startShare))) : 0;
      if (share > decided && decided < 1) {
        const fresh = (share - decided) / (1 - decided);
        const undecided = dep - pending;
        const z = words ? this.ctx.rng.normalFromWord(words[w], i) : 0;
        pending += Math.min(undecided, undecided * fresh * this.lumpiness(fresh, (neff * undecided) / d0, z));
        sg[k + SG.DECIDED] = share;
      }
      const kappa = u[ub + s.col.runSpeedPerDay];
      const run = pending * (days === 1 ? kappa : 1 - Math.pow(1 - kappa, days));
      pending -= run;
      const undecided = dep - run - pending;
      const w0 = u[ub + s.col.baseWithdrawalPerDay];
      const base = days === 1 ? w0 : 1 - Math.pow(1 - w0, days);
      const crash = u[ub + s.col.crashWithdrawalPerLogFall] * this.fall;
      const rate = Math.min(1, base + crash);
      const z = words ? this.ctx.rng.normalFromWord(words[w + 1], i) : 0;
      const lump = this.lumpiness(rate, (neff * undecided) / d0, z);
      let ordinary = Math.min(undecided, undecided * rate * lump);
      if (extra > 0) ordinary = Math.min(undecided, ordinary + (extra * undecidedBefore) / undecidedTotal);
      // what clients see of the run: runners, crash withdrawals and shocks, not ordinary days
      visible += run + Math.max(0, ordinary - undecided * base * lump);
      dep -= run + ordinary;
      // new deposits replace ordinary withdrawals, from clients who do not doubt the lender
      if (!gated) {
        const inflow = (undecided - ordinary) * base * stay;
        dep += inflow;
        lv[o + LV.CASH] += inflow;
      }
      sg[k + SG.DEP] = dep;
      sg[k + SG.PENDING] = pending;
      requests += run + ordinary;
      w += 2;
    }
    this.requestedUsd = requests;
    lv[o + LV.RUN_SEEN] = claimsBefore > 0 ? visible / claimsBefore : 0;
    if (gated) {
      lv[o + LV.QUEUE] += requests;
      return;
    }
    const floor = lv[o + LV.FLOOR];
    if (lv[o + LV.CASH] - floor < requests) this.raiseCash(i, L, o, requests - (lv[o + LV.CASH] - floor));
    const paid = Math.min(requests, Math.max(0, lv[o + LV.CASH] - floor));
    lv[o + LV.CASH] -= paid;
    this.paidUsd += paid;
    if (requests - paid > DUST_USD) {
      lv[o + LV.QUEUE] += requests - paid;
      this.gate(o);
    }
  }

  /**
   * Lumpiness of a withdrawal share q among n effective clients: a mean-one lognormal factor
   * with the coefficient of variation of a Binomial(n, q) share, √((1 − q)/(q·n)); 1 when
   * clients are infinitely many (n = 0 means "not modelled").
   */
  private lumpiness(q: number, n: number, z: number): number {
    if (!(n > 0) || !(q > 0) || q >= 1) return 1;
    const s2 = Math.log(1 + (1 - q) / (q * n));
    return Math.exp(Math.sqrt(s2) * z - 0.5 * s2);
  }

  /** The lender halts withdrawals (and deposits); the first halt's day is kept. */
  private gate(o: number): void {
    const lv = this.lv;
    if (lv[o + LV.EVER_HALTED] === 0) lv[o + LV.FIRST_HALT_DAY] = this.day;
    lv[o + LV.HALTED] = 1;
    lv[o + LV.EVER_HALTED] = 1;
  }

  /**
   * Raises `need` of cash: sells liquid securities (haircut h_L), then own BTC (h_B and
   * square-root impact, sold into the market), then other assets (h_O < 1); calls callable
   * loans: same-day calls (lag 0) for what is still needed, otherwise all of them, due after
   * the lag.
   */
  private raiseCash(i: number, L: LenderLayout, o: number, need: number): void {
    const lv = this.lv;
    const u = this.u;
    const ub = i * this.W;
    const P = this.P;
    need = this.sell(o, LV.LIQUID, u[ub + L.col.liquidHaircut], need);
    if (need > 0 && lv[o + LV.OWN_BTC] > 0 && P > 0) {
      const holding = lv[o + LV.OWN_BTC] * P;
      const cost0 = u[ub + L.col.ownBtcHaircut];
      // size the sale with the cost of selling the whole holding (an upper bound), then price it
      const bound = Math.min(1, cost0 + this.executionCost(i, this.soldUsd + holding));
      const usd = bound < 1 ? Math.min(holding, need / (1 - bound)) : holding;
      const cost = Math.min(1, cost0 + this.executionCost(i, this.soldUsd + usd));
      lv[o + LV.OWN_BTC] -= usd / P;
      lv[o + LV.CASH] += usd * (1 - cost);
      lv[o + LV.EQUITY] -= usd * cost;
      this.soldUsd += usd;
      need -= usd * (1 - cost);
    }
    if (need > 0) need = this.sell(o, LV.OTHER, u[ub + L.col.otherAssetsHaircut], need);
    if (need > 0) this.callLoans(i, L, o, need);
  }

  /** Sells enough of a book-valued asset to raise `need` at haircut h; returns what is still needed. */
  private sell(o: number, field: number, h: number, need: number): number {
    const lv = this.lv;
    const held = lv[o + field];
    if (!(need > 0) || !(held > 0) || h >= 1) return need;
    const sold = Math.min(held, need / (1 - h));
    lv[o + field] -= sold;
    lv[o + LV.CASH] += sold * (1 - h);
    lv[o + LV.EQUITY] -= sold * h;
    return need - sold * (1 - h);
  }

  /** Calls callable loans: with lag 0 the share needed, paid now at (1 − h_call); else all, due after the lag. */
  private callLoans(i: number, L: LenderLayout, o: number, need: number): void {
    const bk = this.bk;
    const lv = this.lv;
    const h = this.u[i * this.W + L.col.callHaircut];
    if (L.callLagDays === 0) {
      let available = 0;
      for (const b of L.books) {
        if (!b.callable) continue;
        for (let j = 0; j < b.buckets; j++) {
          const k = (i * this.layout.bucketSlots + b.firstBucket + j) * BK.WIDTH;
          available += (bk[k + BK.PRINCIPAL] + bk[k + BK.ACCRUED]) * (1 - h);
        }
      }
      if (!(available > 0) || h >= 1) return;
      const f = Math.min(1, need / available);
      for (const b of L.books) {
        if (!b.callable) continue;
        for (let j = 0; j < b.buckets; j++) {
          const k = (i * this.layout.bucketSlots + b.firstBucket + j) * BK.WIDTH;
          const claim = (bk[k + BK.PRINCIPAL] + bk[k + BK.ACCRUED]) * f;
          lv[o + LV.CASH] += claim * (1 - h);
          lv[o + LV.EQUITY] -= claim * h;
          bk[k + BK.PRINCIPAL] *= 1 - f;
          bk[k + BK.ACCRUED] *= 1 - f;
          bk[k + BK.COLLATERAL_BTC] *= 1 - f; // collateral released to the borrower
        }
      }
      return;
    }
    if (lv[o + LV.CALLED] === 1) return;
    lv[o + LV.CALLED] = 1;
    const due = this.day + L.callLagDays;
    for (const b of L.books) {
      if (!b.callable) continue;
      for (let j = 0; j < b.buckets; j++) {
        const k = (i * this.layout.bucketSlots + b.firstBucket + j) * BK.WIDTH;
        if (bk[k + BK.MATURITY_DAY] > due) {
          // the borrower pays the claim less the haircut at the call date: book the haircut now
          const claim = bk[k + BK.PRINCIPAL] + bk[k + BK.ACCRUED];
          bk[k + BK.MATURITY_DAY] = due;
          if (h > 0 && claim > 0) {
            bk[k + BK.PRINCIPAL] *= 1 - h;
            bk[k + BK.ACCRUED] *= 1 - h;
            lv[o + LV.EQUITY] -= claim * h;
          }
        }
      }
    }
  }

  /**
   * A gated lender raises cash for the queue, pays it pro rata (gatedPayoutShare of the cash
   * above the floor), reopens when the whole queue can be paid, and winds down when nothing
   * is left to collect: then every claim is paid pro rata from all cash and the rest written
   * off (a client loss).
   */
  private whileGated(i: number, L: LenderLayout, o: number): void {
    const lv = this.lv;
    const floor = lv[o + LV.FLOOR];
    const queue = lv[o + LV.QUEUE];
    if (lv[o + LV.CASH] - floor < queue) this.raiseCash(i, L, o, queue - (lv[o + LV.CASH] - floor));
    const available = Math.max(0, lv[o + LV.CASH] - floor);
    if (available >= queue - DUST_USD) {
      const paid = Math.min(queue, lv[o + LV.CASH]);
      lv[o + LV.CASH] -= paid;
      this.paidUsd += paid;
      lv[o + LV.QUEUE] = 0;
      lv[o + LV.HALTED] = 0;
      lv[o + LV.CALLED] = 0;
      return;
    }
    const paid = available * this.u[i * this.W + L.col.gatedPayoutShare];
    lv[o + LV.CASH] -= paid;
    lv[o + LV.QUEUE] -= paid;
    this.paidUsd += paid;
    if (this.loanClaims(i, L) > 0 || lv[o + LV.LIQUID] > 0 || lv[o + LV.OWN_BTC] > 0 || lv[o + LV.OTHER] > 0) return;
    this.windDown(i, L, o);
  }

  /** Final distribution: senior claims first, then clients pro rata; unpaid claims written off. */
  private windDown(i: number, L: LenderLayout, o: number): void {
    const lv = this.lv;
    const sg = this.sg;
    let cash = lv[o + LV.CASH];
    const senior = lv[o + LV.OTHER_LIAB];
    const toSenior = Math.min(senior, cash);
    cash -= toSenior;
    let clientClaims = lv[o + LV.QUEUE];
    for (const s of L.segments) clientClaims += sg[(i * this.layout.segmentSlots + s.slot) * SG.WIDTH + SG.DEP];
    const toClients = Math.min(clientClaims, cash);
    cash -= toClients;
    this.paidUsd += toClients;
    const unpaid = clientClaims - toClients;
    lv[o + LV.WRITTEN_OFF] += unpaid;
    // liabilities extinguished (unpaid clients and senior); what cash is left goes to the owners
    lv[o + LV.EQUITY] += unpaid + (senior - toSenior) - cash;
    lv[o + LV.CASH] = 0;
    lv[o + LV.OTHER_LIAB] = 0;
    lv[o + LV.QUEUE] = 0;
    for (const s of L.segments) {
      const k = (i * this.layout.segmentSlots + s.slot) * SG.WIDTH;
      sg[k + SG.DEP] = 0;
      sg[k + SG.PENDING] = 0;
    }
    lv[o + LV.CLOSED] = 1;
  }

  /**
   * Principal collected at maturity is re-lent for another term while the lender is open and
   * holds cash above its floor plus its target cash ratio; otherwise it stays in cash.
   */
  private rollOver(i: number, L: LenderLayout, o: number): void {
    const bk = this.bk;
    const lv = this.lv;
    const P = this.P;
    const open = lv[o + LV.HALTED] === 0 && lv[o + LV.CLOSED] === 0;
    let claims = lv[o + LV.QUEUE];
    for (const s of L.segments) claims += this.sg[(i * this.layout.segmentSlots + s.slot) * SG.WIDTH + SG.DEP];
    let spare = lv[o + LV.CASH] - lv[o + LV.FLOOR] - lv[o + LV.TARGET_CASH] * claims;
    const ub = i * this.W;
    for (const b of L.books) {
      for (let j = 0; j < b.buckets; j++) {
        const k = (i * this.layout.bucketSlots + b.firstBucket + j) * BK.WIDTH;
        const roll = bk[k + BK.ROLL];
        if (roll === 0) continue;
        bk[k + BK.ROLL] = 0;
        if (!open || !b.rollOver || !(spare > 0)) continue;
        const amount = Math.min(roll, spare);
        spare -= amount;
        lv[o + LV.CASH] -= amount;
        bk[k + BK.PRINCIPAL] = amount;
        bk[k + BK.ACCRUED] = 0;
        bk[k + BK.COLLATERAL_BTC] = P > 0 ? (this.u[ub + b.col.collateralRatio] * amount) / P : 0;
        bk[k + BK.BORROWERS] = b.borrowers;
        bk[k + BK.MATURITY_DAY] = this.day + b.tenorDays;
      }
    }
  }

  /**
   * Coverage measures and every output of lender l on path i (README.md, "Coverage"):
   * stayer coverage θ (what clients watch), the LCR-style coverage, and the balance sheet.
   */
  private measure(i: number, l: number): void {
    const L = this.layout.lenders[l];
    const lv = this.lv;
    const bk = this.bk;
    const u = this.u;
    const ub = i * this.W;
    const o = i * this.nL * LV.WIDTH + L.slot;
    const p = this.ctx.p;
    const P = this.P;
    const out = this.out[l];
    const rho = p.gateCostPerYear[i];
    const keep = 1 - p.gateHaircut[i];
    const saleCost = p.collateralSaleCost[i];
    const recovery = p.unsecuredRecovery[i];
    const callH = u[ub + L.col.callHaircut];
    const callDiscount = Math.exp((-rho * L.callLagDays) / DAYS_PER_YEAR);
    let loanBook = 0;
    let value = 0;
    let valueDiscounted = 0;
    let inflows = 0;
    for (const b of L.books) {
      const pd = u[ub + b.col.pdPerYear] * this.hazardMult * (b.borrower === MINER ? this.minerMult : 1);
      const r = u[ub + b.col.rateApr];
      for (let j = 0; j < b.buckets; j++) {
        const k = (i * this.layout.bucketSlots + b.firstBucket + j) * BK.WIDTH;
        const principal = bk[k + BK.PRINCIPAL];
        const claim = principal + bk[k + BK.ACCRUED];
        if (!(claim > 0)) continue;
        loanBook += claim;
        const tau = Math.max(0, bk[k + BK.MATURITY_DAY] - this.day);
        const atMaturity = claim + (principal * r * tau) / DAYS_PER_YEAR;
        const pDefault = 1 - Math.exp((-pd * tau) / DAYS_PER_YEAR);
        const secured = bk[k + BK.COLLATERAL_BTC] * P * (1 - saleCost);
        const shortfall = Math.max(0, atMaturity - secured) * (1 - recovery);
        let v = atMaturity - pDefault * shortfall;
        let d = keep * Math.exp((-rho * tau) / DAYS_PER_YEAR);
        if (b.callable && claim * (1 - callH) * callDiscount > v * d) {
          v = claim * (1 - callH);
          d = callDiscount;
        }
        value += v;
        valueDiscounted += v * d;
        if (tau <= 30) inflows += atMaturity * b.inflowRate;
      }
    }
    const liquidValue = lv[o + LV.LIQUID] * (1 - u[ub + L.col.liquidHaircut]);
    const ownValue = lv[o + LV.OWN_BTC] * P;
    let liquid = lv[o + LV.CASH] + liquidValue + ownValue * (1 - u[ub + L.col.ownBtcHaircut]);
    // other assets: sold now at (1 − h_O), or held and realised after otherAssetsDays, like a loan
    const other = lv[o + LV.OTHER];
    const otherNow = other * (1 - u[ub + L.col.otherAssetsHaircut]);
    const otherDays = Math.max(0, u[ub + L.col.otherAssetsDays] - this.day);
    const otherHeld = other * keep * Math.exp((-rho * otherDays) / DAYS_PER_YEAR);
    if (otherNow >= otherHeld) liquid += otherNow;
    else {
      value += other;
      valueDiscounted += otherHeld;
    }
    let deposits = 0;
    let outflows = lv[o + LV.QUEUE];
    for (const s of L.segments) {
      const dep = this.sg[(i * this.layout.segmentSlots + s.slot) * SG.WIDTH + SG.DEP];
      deposits += dep;
      outflows += dep * u[ub + s.col.runOff30d];
    }
    const claims = deposits + lv[o + LV.QUEUE];
    const theta = Math.min(COVERAGE_CAP, stayerCoverage(liquid, value, valueDiscounted, lv[o + LV.OTHER_LIAB], claims));
    const lcr = Math.min(COVERAGE_CAP, liquidityCoverageRatio(lv[o + LV.CASH] + liquidValue, outflows, inflows, p.inflowCap[i]));
    lv[o + LV.THETA] = theta;
    lv[o + LV.LCR] = lcr;
    const gateAt = u[ub + L.col.gateBelowCoverage];
    if (gateAt > 0 && lcr < gateAt && lv[o + LV.HALTED] === 0 && lv[o + LV.CLOSED] === 0 && this.day > 0) this.gate(o);
    const assets = lv[o + LV.CASH] + lv[o + LV.LIQUID] + ownValue + lv[o + LV.OTHER] + loanBook;
    const equity = lv[o + LV.EQUITY];
    out[O.cash][i] = lv[o + LV.CASH];
    out[O.coverage][i] = lcr;
    out[O.stayerCoverage][i] = theta;
    out[O.halted][i] = lv[o + LV.HALTED];
    out[O.everHalted][i] = lv[o + LV.EVER_HALTED];
    out[O.repaid][i] = lv[o + LV.EVER_HALTED] === 1 && lv[o + LV.HALTED] === 0 ? 1 : 0;
    out[O.queuedClaimsUsd][i] = lv[o + LV.QUEUE];
    out[O.clientLossUsd][i] = lv[o + LV.WRITTEN_OFF] + Math.min(claims, Math.max(0, -equity));
    out[O.depositsUsd][i] = deposits;
    out[O.lendingLossUsd][i] = lv[o + LV.LENDING_LOSS];
    out[O.assetsUsd][i] = assets;
    out[O.liabilitiesUsd][i] = claims + lv[o + LV.OTHER_LIAB];
    out[O.equityUsd][i] = equity;
    out[O.revealedLossUsd][i] = lv[o + LV.REVEALED];
    const within = this.within[l];
    const first = lv[o + LV.EVER_HALTED] === 1 ? lv[o + LV.FIRST_HALT_DAY] : Infinity;
    for (let h = 0; h < within.length; h++) within[h][i] = first <= this.layout.haltHorizons[h] ? 1 : 0;
  }
}
