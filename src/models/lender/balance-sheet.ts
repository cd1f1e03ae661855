import * as calendar from '../../engine/calendar.js';
import type { LenderBlock } from './block.js';
import * as layout from './layout.js';
import type { LenderLayout } from './layout.js';

/*
 * The balance sheet and the loan book (README.md, "Start" and steps 1, 2, 4 and 7): the opening
 * balance sheet, marks and interest, revealed losses, loans maturing and rolled over.
 *
 * Imports bound once to module constants: the step loop then reads plain bindings, not
 * properties of module namespaces (which some loaders, e.g. the test runner's, turn into
 * getter calls in every iteration). The same in every mechanism file.
 */
const DAYS_PER_YEAR = calendar.DAYS_PER_YEAR;
const LV = layout.LV;
const SG = layout.SG;
const BK = layout.BK;
const BS = layout.BS;
const G = layout.G;

/**
 * The opening balance sheet of lender l on path i (README.md, "Start"), from its drawn fields;
 * the path's records are all zeros before.
 */
export function openBalanceSheet(blk: LenderBlock, i: number, l: number): void {
  const L = blk.lenders[l];
  const lv = blk.lv;
  const u = blk.u;
  const ub = i * blk.uW;
  const o = i * blk.lvW + L.at;
  const P = blk.P;
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
  openLoans(blk, i, L, loans, bookShares);
  openClaims(blk, i, L, d0);
  lv[o + LV.cash] = cash;
  lv[o + LV.liquid] = assets * liquidS;
  lv[o + LV.ownBtc] = P > 0 ? (assets * ownS) / P : 0;
  lv[o + LV.other] = assets * otherS;
  lv[o + LV.otherLiab] = senior;
  lv[o + LV.equity] = assets - d0 - senior;
  lv[o + LV.floor] = u[ub + L.col.cashFloorShare] * d0;
  lv[o + LV.targetCash] = d0 > 0 ? cash / d0 : 0;
  lv[o + LV.d0] = d0;
  const clients = Math.round(u[ub + L.col.clients]);
  const top = u[ub + L.col.largestTenShare];
  // effective number of equal clients, 1/HHI, with the ten largest equal and the rest equal
  const hhi = clients <= 10 ? 1 / Math.max(1, clients) : (top * top) / 10 + ((1 - top) * (1 - top)) / (clients - 10);
  lv[o + LV.neff] = clients > 0 ? 1 / hhi : 0;
}

/** Loans split over books by share, and within a book evenly over its buckets maturing on days ⌈T(j+1)/buckets⌉. */
function openLoans(blk: LenderBlock, i: number, L: LenderLayout, loans: number, bookShares: number): void {
  const bk = blk.bk;
  const u = blk.u;
  const ub = i * blk.uW;
  const kb = i * blk.bkW;
  const P = blk.P;
  for (const b of L.books) {
    const perBucket = bookShares > 0 ? (loans * u[ub + b.col.share]) / bookShares / b.buckets : 0;
    const collateral = u[ub + b.col.collateralRatio];
    for (let j = 0; j < b.buckets; j++) {
      const k = kb + b.at + j * BK.width;
      bk[k + BK.principal] = perBucket;
      bk[k + BK.collateralBtc] = P > 0 ? (collateral * perBucket) / P : 0;
      bk[k + BK.borrowers] = perBucket > 0 ? b.borrowers : 0;
      bk[k + BK.maturityDay] = Math.ceil((b.tenorDays * (j + 1)) / b.buckets);
    }
  }
}

/** Client claims D₀ split over segments by share (evenly when the shares are all 0). */
function openClaims(blk: LenderBlock, i: number, L: LenderLayout, d0: number): void {
  const u = blk.u;
  const ub = i * blk.uW;
  const ks = i * blk.sgW;
  let segShares = 0;
  for (const s of L.segments) segShares += u[ub + s.col.share];
  for (const s of L.segments) blk.sg[ks + s.at + SG.dep] = segShares > 0 ? (d0 * u[ub + s.col.share]) / segShares : d0 / L.segments.length;
}

/** Own BTC marked to market; interest accrued on loans and credited on client claims. */
export function markAndAccrue(blk: LenderBlock, i: number, L: LenderLayout, o: number): void {
  const lv = blk.lv;
  const bk = blk.bk;
  const u = blk.u;
  const ub = i * blk.uStride;
  const last = blk.g[i * G.width + G.lastPrice];
  lv[o + LV.equity] += lv[o + LV.ownBtc] * (blk.P - last);
  // other assets not sold before are realised at book value on their day
  if (lv[o + LV.other] > 0 && blk.day >= u[ub + L.col.otherAssetsDays]) {
    lv[o + LV.cash] += lv[o + LV.other];
    lv[o + LV.other] = 0;
  }
  const dt = blk.days / DAYS_PER_YEAR;
  const kb = i * blk.bkW;
  // equity summed in a local, in the same order: V8 cannot tell that lv and bk never alias, so
  // `lv[…] +=` in the loop was a load and a store per bucket on the add's dependency chain
  let equity = lv[o + LV.equity];
  for (const b of L.books) {
    const r = u[ub + b.col.rateApr] * dt;
    for (let j = 0; j < b.buckets; j++) {
      const k = kb + b.at + j * BK.width;
      const interest = bk[k + BK.principal] * r;
      bk[k + BK.accrued] += interest;
      equity += interest;
    }
  }
  const rd = u[ub + L.col.depositRateApr] * dt;
  if (rd !== 0) {
    const sg = blk.sg;
    const ks = i * blk.sgW;
    for (const s of L.segments) {
      const k = ks + s.at;
      const dep = sg[k + SG.dep];
      const credit = dep * rd;
      sg[k + SG.dep] = dep + credit;
      equity -= credit;
    }
  }
  lv[o + LV.equity] = equity;
}

/**
 * A scheduled shock to `lender.<id>.revealedLossUsd` (cumulative) books the increase as a
 * loss: other assets first, then the loans pro rata, then liquid securities and cash.
 */
export function revealLosses(blk: LenderBlock, i: number, l: number, L: LenderLayout, o: number): void {
  const shock = blk.lossShock[l];
  if (shock === null) return;
  const lv = blk.lv;
  const before = lv[o + LV.revealed];
  let loss = before * shock.multiply[i] + shock.add[i] - before;
  if (!(loss > 0)) return;
  let booked = 0;
  const fromOther = Math.min(lv[o + LV.other], loss);
  lv[o + LV.other] -= fromOther;
  booked += fromOther;
  loss -= fromOther;
  if (loss > 0) {
    const total = loanClaims(blk, i, L);
    const fromLoans = Math.min(total, loss);
    if (fromLoans > 0) {
      const keep = 1 - fromLoans / total;
      const bk = blk.bk;
      const kb = i * blk.bkW;
      for (const b of L.books) {
        for (let j = 0; j < b.buckets; j++) {
          const k = kb + b.at + j * BK.width;
          bk[k + BK.principal] *= keep;
          bk[k + BK.accrued] *= keep;
        }
      }
      lv[o + LV.lendingLoss] += fromLoans;
      booked += fromLoans;
      loss -= fromLoans;
    }
  }
  const fromLiquid = Math.min(lv[o + LV.liquid], loss);
  lv[o + LV.liquid] -= fromLiquid;
  loss -= fromLiquid;
  const fromCash = Math.min(lv[o + LV.cash], loss);
  lv[o + LV.cash] -= fromCash;
  booked += fromLiquid + fromCash;
  lv[o + LV.equity] -= booked;
  lv[o + LV.revealed] = before + booked;
}

/** Σ (principal + accrued) over the lender's buckets. */
export function loanClaims(blk: LenderBlock, i: number, L: LenderLayout): number {
  const bk = blk.bk;
  const kb = i * blk.bkW;
  let total = 0;
  for (const b of L.books) {
    for (let j = 0; j < b.buckets; j++) {
      const k = kb + b.at + j * BK.width;
      total += bk[k + BK.principal] + bk[k + BK.accrued];
    }
  }
  return total;
}

/** Loans due this step repay principal and interest; the principal may be re-lent later in the step (rollOver). */
export function collectMaturities(blk: LenderBlock, i: number, L: LenderLayout, o: number): void {
  const bk = blk.bk;
  const kb = i * blk.bkW;
  const day = blk.day;
  let rolling = false;
  for (const b of L.books) {
    for (let j = 0; j < b.buckets; j++) {
      const k = kb + b.at + j * BK.width;
      // every roll (in the block's scratch bs) is 0 here: rollOver zeroes each one it finds
      // (and there is none when !blk.rolling); initBlock starts from zeros
      if (bk[k + BK.maturityDay] > day) continue;
      const principal = bk[k + BK.principal];
      if (principal + bk[k + BK.accrued] > 0) {
        blk.lv[o + LV.cash] += principal + bk[k + BK.accrued];
        blk.bs[b.scratchAt + j * BS.width + BS.roll] = principal;
        rolling = true;
      }
      bk[k + BK.principal] = 0;
      bk[k + BK.accrued] = 0;
      bk[k + BK.collateralBtc] = 0;
      bk[k + BK.borrowers] = 0;
      bk[k + BK.maturityDay] = Infinity;
    }
  }
  blk.rolling = rolling;
}

/**
 * Principal collected at maturity is re-lent for another term while the lender is open and
 * holds cash above its floor plus its target cash ratio; otherwise it stays in cash.
 */
export function rollOver(blk: LenderBlock, i: number, L: LenderLayout, o: number): void {
  // no bucket holds principal to roll (collectMaturities just zeroed every roll): nothing changes
  if (!blk.rolling) return;
  const lv = blk.lv;
  const bk = blk.bk;
  const bs = blk.bs;
  const kb = i * blk.bkW;
  const ks = i * blk.sgW;
  const ub = i * blk.uStride;
  const P = blk.P;
  const open = lv[o + LV.halted] === 0 && lv[o + LV.closed] === 0;
  let claims = lv[o + LV.queue];
  for (const s of L.segments) claims += blk.sg[ks + s.at + SG.dep];
  let spare = lv[o + LV.cash] - lv[o + LV.floor] - lv[o + LV.targetCash] * claims;
  for (const b of L.books) {
    for (let j = 0; j < b.buckets; j++) {
      const s = b.scratchAt + j * BS.width;
      const roll = bs[s + BS.roll];
      if (roll === 0) continue;
      bs[s + BS.roll] = 0;
      const k = kb + b.at + j * BK.width;
      if (!open || !b.rollOver || !(spare > 0)) continue;
      const amount = Math.min(roll, spare);
      spare -= amount;
      lv[o + LV.cash] -= amount;
      bk[k + BK.principal] = amount;
      bk[k + BK.accrued] = 0;
      bk[k + BK.collateralBtc] = P > 0 ? (blk.u[ub + b.col.collateralRatio] * amount) / P : 0;
      bk[k + BK.borrowers] = b.borrowers;
      bk[k + BK.maturityDay] = blk.day + b.tenorDays;
    }
  }
}
