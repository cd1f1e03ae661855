import * as balance from './balance-sheet.js';
import type { LenderBlock } from './block.js';
import * as credit from './credit-events.js';
import * as layout from './layout.js';
import type { LenderLayout } from './layout.js';

/*
 * Payment and the gate (README.md, step 6): requests paid from cash above the floor, raising
 * cash by selling and calling loans; what cannot be paid is queued and the lender gates; while
 * gated it pays the queue as loans mature, reopens when the queue is paid, or winds down.
 * Imports bound once (see balance-sheet.ts).
 */
const executionCost = credit.executionCost;
const loanClaims = balance.loanClaims;
const LV = layout.LV;
const SG = layout.SG;
const BK = layout.BK;

/** Claims below this (USD) count as paid: floating-point dust must not keep a gate shut. */
const DUST_USD = 1e-6;

/**
 * Pays this step's requests from cash above the floor, raising what is short; what is still
 * unpaid is queued and the lender gates. A gated lender queues every request.
 */
export function payOrQueue(blk: LenderBlock, i: number, L: LenderLayout, o: number, requests: number, gated: boolean): void {
  const lv = blk.lv;
  if (gated) {
    lv[o + LV.queue] += requests;
    return;
  }
  const floor = lv[o + LV.floor];
  if (lv[o + LV.cash] - floor < requests) raiseCash(blk, i, L, o, requests - (lv[o + LV.cash] - floor));
  const paid = Math.min(requests, Math.max(0, lv[o + LV.cash] - floor));
  lv[o + LV.cash] -= paid;
  blk.paidUsd += paid;
  if (requests - paid > DUST_USD) {
    lv[o + LV.queue] += requests - paid;
    halt(blk, o);
  }
}

/** The lender halts withdrawals (and deposits); the first halt's day is kept. */
export function halt(blk: LenderBlock, o: number): void {
  const lv = blk.lv;
  if (lv[o + LV.everHalted] === 0) lv[o + LV.firstHaltDay] = blk.day;
  lv[o + LV.halted] = 1;
  lv[o + LV.everHalted] = 1;
}

/**
 * Raises `need` of cash: sells liquid securities (haircut h_L), then own BTC (h_B and
 * square-root impact, sold into the market), then other assets (h_O < 1); calls callable
 * loans: same-day calls (lag 0) for what is still needed, otherwise all of them, due after
 * the lag.
 */
function raiseCash(blk: LenderBlock, i: number, L: LenderLayout, o: number, need: number): void {
  const lv = blk.lv;
  const u = blk.u;
  const ub = i * blk.uStride;
  const P = blk.P;
  need = sell(blk, o, LV.liquid, u[ub + L.col.liquidHaircut], need);
  if (need > 0 && lv[o + LV.ownBtc] > 0 && P > 0) {
    const holding = lv[o + LV.ownBtc] * P;
    const cost0 = u[ub + L.col.ownBtcHaircut];
    // size the sale with the cost of selling the whole holding (an upper bound), then price it
    const bound = Math.min(1, cost0 + executionCost(blk, i, blk.soldUsd + holding));
    const usd = bound < 1 ? Math.min(holding, need / (1 - bound)) : holding;
    const cost = Math.min(1, cost0 + executionCost(blk, i, blk.soldUsd + usd));
    lv[o + LV.ownBtc] -= usd / P;
    lv[o + LV.cash] += usd * (1 - cost);
    lv[o + LV.equity] -= usd * cost;
    blk.soldUsd += usd;
    need -= usd * (1 - cost);
  }
  if (need > 0) need = sell(blk, o, LV.other, u[ub + L.col.otherAssetsHaircut], need);
  if (need > 0) {
    if (L.callLagDays === 0) callNow(blk, i, L, o, need);
    else callWithNotice(blk, i, L, o);
  }
}

/** Sells enough of a book-valued asset (LV field) to raise `need` at haircut h; returns what is still needed. */
function sell(blk: LenderBlock, o: number, field: number, h: number, need: number): number {
  const lv = blk.lv;
  const held = lv[o + field];
  if (!(need > 0) || !(held > 0) || h >= 1) return need;
  const sold = Math.min(held, need / (1 - h));
  lv[o + field] -= sold;
  lv[o + LV.cash] += sold * (1 - h);
  lv[o + LV.equity] -= sold * h;
  return need - sold * (1 - h);
}

/** Calls with lag 0: the share of callable loans needed, paid now at (1 − h_call); their collateral goes back to the borrowers. */
function callNow(blk: LenderBlock, i: number, L: LenderLayout, o: number, need: number): void {
  const lv = blk.lv;
  const bk = blk.bk;
  const kb = i * blk.bkW;
  const h = blk.u[i * blk.uStride + L.col.callHaircut];
  let available = 0;
  for (const b of L.books) {
    if (!b.callable) continue;
    for (let j = 0; j < b.buckets; j++) {
      const k = kb + b.at + j * BK.width;
      available += (bk[k + BK.principal] + bk[k + BK.accrued]) * (1 - h);
    }
  }
  if (!(available > 0) || h >= 1) return;
  const f = Math.min(1, need / available);
  for (const b of L.books) {
    if (!b.callable) continue;
    for (let j = 0; j < b.buckets; j++) {
      const k = kb + b.at + j * BK.width;
      const claim = (bk[k + BK.principal] + bk[k + BK.accrued]) * f;
      lv[o + LV.cash] += claim * (1 - h);
      lv[o + LV.equity] -= claim * h;
      bk[k + BK.principal] *= 1 - f;
      bk[k + BK.accrued] *= 1 - f;
      bk[k + BK.collateralBtc] *= 1 - f; // collateral released to the borrower
    }
  }
}

/** Calls with notice (lag > 0), once: every callable loan maturing later becomes due after the lag, less the call haircut. */
function callWithNotice(blk: LenderBlock, i: number, L: LenderLayout, o: number): void {
  const lv = blk.lv;
  const bk = blk.bk;
  if (lv[o + LV.called] === 1) return;
  lv[o + LV.called] = 1;
  const kb = i * blk.bkW;
  const h = blk.u[i * blk.uStride + L.col.callHaircut];
  const due = blk.day + L.callLagDays;
  for (const b of L.books) {
    if (!b.callable) continue;
    for (let j = 0; j < b.buckets; j++) {
      const k = kb + b.at + j * BK.width;
      if (bk[k + BK.maturityDay] > due) {
        // the borrower pays the claim less the haircut at the call date: book the haircut now
        const claim = bk[k + BK.principal] + bk[k + BK.accrued];
        bk[k + BK.maturityDay] = due;
        if (h > 0 && claim > 0) {
          bk[k + BK.principal] *= 1 - h;
          bk[k + BK.accrued] *= 1 - h;
          lv[o + LV.equity] -= claim * h;
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
export function whileGated(blk: LenderBlock, i: number, L: LenderLayout, o: number): void {
  const lv = blk.lv;
  const floor = lv[o + LV.floor];
  const queue = lv[o + LV.queue];
  if (lv[o + LV.cash] - floor < queue) raiseCash(blk, i, L, o, queue - (lv[o + LV.cash] - floor));
  const available = Math.max(0, lv[o + LV.cash] - floor);
  if (available >= queue - DUST_USD) {
    const paid = Math.min(queue, lv[o + LV.cash]);
    lv[o + LV.cash] -= paid;
    blk.paidUsd += paid;
    lv[o + LV.queue] = 0;
    lv[o + LV.halted] = 0;
    lv[o + LV.called] = 0;
    return;
  }
  const paid = available * blk.u[i * blk.uStride + L.col.gatedPayoutShare];
  lv[o + LV.cash] -= paid;
  lv[o + LV.queue] -= paid;
  blk.paidUsd += paid;
  if (loanClaims(blk, i, L) > 0 || lv[o + LV.liquid] > 0 || lv[o + LV.ownBtc] > 0 || lv[o + LV.other] > 0) return;
  windDown(blk, i, L, o);
}

/** Final distribution: senior claims first, then clients pro rata; unpaid claims written off. */
function windDown(blk: LenderBlock, i: number, L: LenderLayout, o: number): void {
  const lv = blk.lv;
  const sg = blk.sg;
  const ks = i * blk.sgW;
  let cash = lv[o + LV.cash];
  const senior = lv[o + LV.otherLiab];
  const toSenior = Math.min(senior, cash);
  cash -= toSenior;
  let clientClaims = lv[o + LV.queue];
  for (const s of L.segments) clientClaims += sg[ks + s.at + SG.dep];
  const toClients = Math.min(clientClaims, cash);
  cash -= toClients;
  blk.paidUsd += toClients;
  const unpaid = clientClaims - toClients;
  lv[o + LV.writtenOff] += unpaid;
  // liabilities extinguished (unpaid clients and senior); what cash is left goes to the owners
  lv[o + LV.equity] += unpaid + (senior - toSenior) - cash;
  lv[o + LV.cash] = 0;
  lv[o + LV.otherLiab] = 0;
  lv[o + LV.queue] = 0;
  for (const s of L.segments) {
    sg[ks + s.at + SG.dep] = 0;
    sg[ks + s.at + SG.pending] = 0;
  }
  lv[o + LV.closed] = 1;
}
