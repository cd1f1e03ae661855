/**
 * The in-step liquidation cascade (book.cascadeLeg): it reaches the fixed point of the cascade
 * map, the same one as the cascade's rounds, within a proven bound on iterations; and the
 * insurance fund and auto-deleveraging conserve contracts and money. Exact checks (1e-12
 * relative: only the order of floating-point sums differs) on seeded random books. Then a
 * path-step's two legs (cascade.ts): their order and the bookkeeping after each.
 */
import { describe, expect, it } from 'vitest';
import { PathRng } from '../../engine/rng/path-rng.js';
import { sqrtImpactLogReturn } from '../../finance/square-root-impact.js';
import { addPositions, cascadeLeg, LegResult, shiftBook } from './book.js';
import { cascadeDay, liquidateSide } from './cascade.js';
import { longBaseFor, shortBaseFor } from './grid.js';
import { LeverageRun, SCALARS as S, VENUE } from './layout.js';

const legResult = new LegResult();

const K = 64;
const H = 0.0125;
const LN_P = Math.log(100_000);
const BASE = Math.ceil(LN_P / H) + 3 - (K - 1);

interface Bin {
  level: number;
  contracts: number;
}

/** A long book: per bin a level inside the bin and some contracts (lognormal), `fill` of the bins non-empty. */
function randomLongBook(rng: PathRng, fill: number, totalUsd: number): Bin[] {
  const bins: Bin[] = [];
  for (let j = 0; j < K; j++) {
    const centre = (BASE + j) * H;
    if (centre > LN_P || rng.uniform() > fill) bins.push({ level: 0, contracts: 0 });
    else bins.push({ level: Math.min(LN_P - 1e-4, centre + (rng.uniform() - 0.5) * H), contracts: Math.exp(rng.normal()) });
  }
  const usd = bins.reduce((s, b) => s + b.contracts * Math.exp(b.level), 0);
  for (const b of bins) b.contracts *= totalUsd / usd;
  return bins;
}

/** One venue's side as book.ts lays it out (per bin its contracts, then their moment), then the venue's scalars (scale 1). */
function record(bins: Bin[]): Float64Array {
  const rec = new Float64Array(2 * K + VENUE.width);
  rec[2 * K + VENUE.scaleLong] = 1;
  bins.forEach((b, j) => {
    rec[2 * j] = b.contracts;
    rec[2 * j + 1] = b.contracts * b.level;
  });
  return rec;
}

/** Where a one-venue record keeps the venue's scale, fund and floor. */
const ONE_VENUE = { venues: 2 * K, stride: VENUE.width, scale: VENUE.scaleLong, fund: VENUE.fund, floor: VENUE.fundFloor };

/** book.cascadeLeg on a one-venue record with this fund (floor 0: the fund pays until empty); the fund after it. */
function leg(rec: Float64Array, start: number, base: number, sg: number, ext: number, v: number, sigma: number, y: number, bankrupt: number, fund: number, rem: number, gap: number): number {
  rec[2 * K + VENUE.fund] = fund;
  rec[2 * K + VENUE.fundFloor] = 0;
  cascadeLeg(legResult, rec, 0, K, 1, start, base, H, ONE_VENUE, sg, ext, v, sigma, y, bankrupt, rem, gap);
  return rec[2 * K + VENUE.fund];
}

/**
 * The cascade as rounds (domain.md §1, "cascade tick"): liquidate every position the price has
 * reached, move the price by the impact of everything liquidated so far, repeat until a round
 * reaches nothing new. Returns the final price, the liquidated set and the number of rounds.
 */
function rounds(bins: Bin[], ext: number, v: number, sigma: number) {
  let x = ext;
  let done = new Set<number>();
  const path = [x];
  for (let round = 1; ; round++) {
    const reached = new Set<number>();
    bins.forEach((b, j) => {
      if (b.contracts > 0 && b.level >= x) reached.add(j);
    });
    if (reached.size === done.size) return { x, set: done, rounds: round, path };
    done = reached;
    let q = 0;
    for (const j of done) q += bins[j].contracts * Math.exp(bins[j].level);
    x = ext + sqrtImpactLogReturn(q, v, sigma, 1);
    path.push(x);
  }
}

describe('cascadeLeg: the fixed point of the liquidation cascade', () => {
  it('ends where the rounds of the cascade end, after visiting each liquidated bin once; rounds ≤ liquidated bins + 1 ≤ K + 1', () => {
    const rng = new PathRng(42, 0, 1, 'cascade-test');
    rng.load(0);
    let maxRounds = 0;
    let deep = 0;
    for (let trial = 0; trial < 1000; trial++) {
      const bins = randomLongBook(rng, 0.3 + 0.7 * rng.uniform(), 1e9 * Math.exp(6 * rng.uniform()));
      const ext = LN_P - 0.15 * rng.uniform();
      const v = 1e9 * Math.exp(3 * rng.uniform());
      const sigma = 0.01 + 0.07 * rng.uniform();
      const ref = rounds(bins, ext, v, sigma);
      const rec = record(bins);
      leg(rec, K - 1, BASE, 1, ext, v, sigma, 1, 1 - 0.004, Infinity, 1, 0);
      expect(legResult.x).toBeCloseTo(ref.x, 12);
      expect(legResult.bins).toBe(ref.set.size);
      // the bins left are exactly those the rounds did not reach
      bins.forEach((b, j) => expect(rec[2 * j] > 0).toBe(b.contracts > 0 && !ref.set.has(j)));
      // a fixed point: x = ext + I(Q(liquidated)), and no position left at or above x
      expect(legResult.x).toBeCloseTo(ext + sqrtImpactLogReturn(legResult.usd, v, sigma, 1), 12);
      bins.forEach((b, j) => {
        if (!ref.set.has(j) && b.contracts > 0) expect(b.level).toBeLessThan(legResult.x);
      });
      // the rounds are a monotone sequence (each reaches further down), bounded by the book
      for (let k = 1; k < ref.path.length; k++) expect(ref.path[k]).toBeLessThanOrEqual(ref.path[k - 1]);
      expect(ref.rounds).toBeLessThanOrEqual(ref.set.size + 1);
      maxRounds = Math.max(maxRounds, ref.rounds);
      if (ref.set.size > 20) deep++;
    }
    // the trials include deep cascades, where the bound is what keeps the count finite
    expect(deep).toBeGreaterThan(40);
    expect(maxRounds).toBeGreaterThan(5);
    expect(maxRounds).toBeLessThanOrEqual(K + 1);
  });

  it('a critical book is consumed bin by bin: one bin a round, K rounds, and the scan still visits each bin once', () => {
    // each bin's notional is just what moves the price past the next bin: the slowest cascade
    // the rounds can have, one new bin per round
    const v = 20e9;
    const sigma = 0.06;
    const bins: Bin[] = [];
    let cum = 0;
    const top = K - 4;
    for (let j = 0; j < K; j++) bins.push({ level: 0, contracts: 0 });
    for (let j = top; j >= 0; j--) {
      const level = (BASE + j) * H;
      const next = (BASE + j - 1) * H;
      // Q such that ext + I(Q) falls just below the next bin's level
      const ext = (BASE + top) * H;
      const need = v * ((ext - next + 1e-9) / sigma) ** 2;
      bins[j] = { level, contracts: (need - cum) / Math.exp(level) };
      cum = need;
    }
    const ext = (BASE + top) * H;
    const ref = rounds(bins, ext, v, sigma);
    const rec = record(bins);
    leg(rec, K - 1, BASE, 1, ext, v, sigma, 1, 1 - 0.004, Infinity, 1, 0);
    expect(ref.set.size).toBe(top + 1);
    expect(ref.rounds).toBe(top + 2);
    expect(legResult.bins).toBe(top + 1);
    expect(legResult.x).toBeCloseTo(ref.x, 12);
  });

  it('shorts mirror longs: a book reflected through the price gives the reflected cascade', () => {
    const rng = new PathRng(7, 0, 1, 'cascade-mirror');
    rng.load(0);
    for (let trial = 0; trial < 200; trial++) {
      const longs = randomLongBook(rng, 0.8, 3e9);
      const ext = LN_P - 0.1 * rng.uniform();
      const recL = record(longs);
      leg(recL, K - 1, BASE, 1, ext, 10e9, 0.05, 1, 1, Infinity, 1, 0);
      const longX = legResult.x - ext;
      const longCount = legResult.bins;
      // reflect levels through ext: level' = 2·ext − level, bin order reversed; with prices
      // e^{level'} the notional differs, so give each bin the same USD value as its mirror
      const mirrored: Bin[] = longs
        .map((b) => ({ level: 2 * ext - b.level, contracts: b.contracts > 0 ? (b.contracts * Math.exp(b.level)) / Math.exp(2 * ext - b.level) : 0 }))
        .reverse();
      const baseS = Math.round((2 * ext) / H) - (BASE + K - 1);
      const recS = record(mirrored);
      leg(recS, 0, baseS, -1, ext, 10e9, 0.05, 1, 1, Infinity, 1, 0);
      expect(legResult.x - ext).toBeCloseTo(-longX, 12);
      expect(legResult.bins).toBe(longCount);
    }
  });
});

describe('cascadeLeg: insurance fund and auto-deleveraging', () => {
  it('pays losses from the fund until it is empty, then auto-deleverages at the bankruptcy price with no market impact', () => {
    const rng = new PathRng(5, 0, 1, 'cascade-adl');
    rng.load(0);
    let sawAdl = 0;
    for (let trial = 0; trial < 500; trial++) {
      const bins = randomLongBook(rng, 0.9, 30e9);
      const ext = LN_P - 0.05 - 0.05 * rng.uniform();
      const fund0 = 1e9 * rng.uniform();
      const v = 5e9;
      const sigma = 0.06;
      const rec = record(bins);
      const before = bins.reduce((s, b) => s + b.contracts, 0);
      const fundAfter = leg(rec, K - 1, BASE, 1, ext, v, sigma, 1, 1 - 0.004, fund0, 1, 0);
      const r = { ...legResult, fund: fundAfter };
      let left = 0;
      for (let j = 0; j < K; j++) left += rec[2 * j];
      // contracts: what left the book was liquidated or auto-deleveraged
      expect(r.contracts + r.adlContracts + left).toBeCloseTo(before, 6);
      expect(r.fund).toBeGreaterThanOrEqual(0);
      // the price moved only by what was executed in the market
      expect(r.impact).toBeCloseTo(sqrtImpactLogReturn(r.usd, v, sigma, 1), 12);
      if (r.adlContracts > 0) {
        sawAdl++;
        // ADL is valued at bankruptcy prices, below the liquidation levels of what it closed
        expect(r.adlUsd / r.adlContracts).toBeLessThan(Math.exp(LN_P));
        // with a fund that can pay everything, nothing is auto-deleveraged, all of it goes to
        // the market and the cascade reaches at least as deep
        const rich = record(bins);
        leg(rich, K - 1, BASE, 1, ext, v, sigma, 1, 1 - 0.004, 1e15, 1, 0);
        expect(legResult.adlContracts).toBe(0);
        expect(legResult.impact).toBeLessThan(r.impact);
        expect(legResult.contracts).toBeGreaterThanOrEqual(r.contracts + r.adlContracts - 1e-6);
      }
    }
    expect(sawAdl).toBeGreaterThan(50);
  });

  it('a position that fills above its bankruptcy price pays its remaining margin into the fund', () => {
    // one small 10× long: liquidation at p_e·0.9/0.996; a tiny order fills at its trigger
    const mmr = 0.004;
    const pe = 100_000;
    const level = Math.log((pe * 0.9) / (1 - mmr));
    const j = Math.round(level / H) - BASE;
    const rec = record([]);
    rec[2 * j] = 1; // one contract (1 BTC)
    rec[2 * j + 1] = level;
    const fund = leg(rec, K - 1, BASE, 1, level - 0.001, 1e15, 0.03, 1, 1 - mmr, 0, 1, 0);
    // crossed by the market's move: fills at its liquidation price plus a negligible impact;
    // the margin left is (p_liq − p_bankrupt) per contract = mmr·p_liq
    expect(legResult.contracts).toBe(1);
    expect(fund).toBeCloseTo(mmr * Math.exp(level), 0);
    expect(legResult.adlContracts).toBe(0);
  });
});

describe('shiftBook', () => {
  it('moves bins and merges what falls off into the end bins, conserving contracts and moments', () => {
    const rng = new PathRng(9, 0, 1, 'shift');
    rng.load(0);
    for (const s of [-70, -13, -1, 0, 1, 5, 63, 64, 100]) {
      const rec = new Float64Array(2 * K);
      for (let j = 0; j < 2 * K; j++) rec[j] = rng.uniform();
      const copy = Float64Array.from(rec);
      shiftBook(rec, 0, K, 1, s);
      // field f of bin j is at 2j + f
      const sum = (a: Float64Array, f: number) => Array.from({ length: K }, (_, j) => a[2 * j + f]).reduce((x, y) => x + y, 0);
      expect(sum(rec, 0)).toBeCloseTo(sum(copy, 0), 12);
      expect(sum(rec, 1)).toBeCloseTo(sum(copy, 1), 12);
      for (let j = 1; j < K - 1; j++) {
        if (j + s > 0 && j + s < K - 1) {
          expect(rec[2 * j]).toBe(copy[2 * (j + s)]);
          expect(rec[2 * j + 1]).toBe(copy[2 * (j + s) + 1]);
        }
      }
    }
  });

  it("moves every venue's bins as shifting one field at a time would, bit for bit (3 venues)", () => {
    // the reference: each of the 2V fields shifted on its own (the form before the fused move)
    const perField = (rec: Float64Array, V: number, shift: number) => {
      const R = 2 * V;
      for (let f = 0; f < R; f++) {
        const at = (j: number) => f + R * j;
        const old = Array.from({ length: K }, (_, j) => rec[at(j)]);
        let merged = 0;
        if (shift > 0) for (let j = 0; j < Math.min(shift, K); j++) merged += old[j];
        if (shift < 0) for (let j = Math.max(K + shift, 0); j < K; j++) merged += old[j];
        for (let j = 0; j < K; j++) rec[at(j)] = j + shift >= 0 && j + shift < K ? old[j + shift] : 0;
        if (shift > 0) rec[at(0)] += merged;
        if (shift < 0) rec[at(K - 1)] += merged;
      }
    };
    const rng = new PathRng(11, 0, 1, 'shift3');
    rng.load(0);
    const V = 3;
    for (const s of [-70, -64, -63, -13, -1, 0, 1, 2, 8, 63, 64, 100]) {
      const rec = new Float64Array(2 * V * K + 7);
      for (let j = 0; j < rec.length; j++) rec[j] = rng.uniform() < 0.3 ? 0 : rng.uniform() * 1e3;
      const want = Float64Array.from(rec);
      shiftBook(rec, 3, K, V, s);
      perField(want.subarray(3), V, s);
      expect(Array.from(rec)).toEqual(Array.from(want));
    }
  });
});

describe('a path-step of cascades (cascade.ts)', () => {
  const MMR = 0.004;

  /** A path's record at log price lnP: positions a side at a few levels on either side of it, O contracts a side. */
  function pathRecord(run: LeverageRun, lnP: number): Float64Array {
    const rec = new Float64Array(run.W);
    const g = run.record.scalars;
    const a = run.record.venues;
    rec[g + S.baseLong] = longBaseFor(lnP, run);
    rec[g + S.baseShort] = shortBaseFor(lnP, run);
    rec[a + VENUE.scaleLong] = 1;
    rec[a + VENUE.scaleShort] = 1;
    rec[g + S.bankruptLong] = 1 - MMR;
    rec[g + S.bankruptShort] = 1 + MMR;
    rec[a + VENUE.fund] = 1e8;
    rec[g + S.nearLong] = -1;
    rec[g + S.nearShort] = run.K;
    let longs = 0;
    let shorts = 0;
    for (const d of [0.01, 0.03, 0.05, 0.09, 0.2]) {
      const n = 1e4 * (1 + d * 10);
      rec[g + S.nearLong] = Math.max(rec[g + S.nearLong], addPositions(rec, run.record.longBins, run.K, 1, 0, rec[g + S.baseLong], run.h, lnP - d, n));
      rec[g + S.nearShort] = Math.min(rec[g + S.nearShort], addPositions(rec, run.record.shortBins, run.K, 1, 0, rec[g + S.baseShort], run.h, lnP + d, n));
      longs += n;
      shorts += n;
    }
    rec[a + VENUE.poolLong] = 2e5 - longs;
    rec[a + VENUE.poolShort] = 2e5 - shorts;
    rec[a + VENUE.openInterest] = 2e5;
    return rec;
  }

  it('liquidateSide: the counterparties of the closed contracts leave the other side pro rata, and O falls by them', () => {
    const run = new LeverageRun(K, H, false, 1);
    const rec = pathRecord(run, LN_P);
    const g = run.record.scalars;
    const a = run.record.venues;
    const removed = liquidateSide(rec, 0, run, 1, LN_P - 0.06, 5e9, 0.05, 1, 1, 0);
    expect(removed).toBeGreaterThan(0);
    expect(removed).toBe(run.leg.contracts + run.leg.adlContracts);
    expect(rec[a + VENUE.openInterest]).toBeCloseTo(2e5 - removed, 9);
    expect(rec[a + VENUE.scaleShort]).toBeCloseTo((2e5 - removed) / 2e5, 15);
    expect(rec[a + VENUE.scaleLong]).toBe(1);
    expect(rec[g + S.nearLong]).toBe(run.leg.next);
  });

  it('cascadeDay runs the side against the net move first (a down step’s high before its low) and adds up both legs', () => {
    for (const down of [true, false]) {
      const run = new LeverageRun(K, H, false, 1);
      const rec = pathRecord(run, LN_P);
      const byHand = Float64Array.from(rec);
      const [lnA, lnB, lo, hi] = [LN_P, LN_P + (down ? -0.01 : 0.01), LN_P - 0.06, LN_P + 0.06];
      cascadeDay(rec, 0, run, lnA, lnB, lo, hi, 5e9, 0.05, 1, 1, 0);
      const day = { ...run.day };
      const first = down ? -1 : 1;
      const r1 = liquidateSide(byHand, 0, run, first, first > 0 ? lo : hi, 5e9, 0.05, 1, 1, 0);
      const leg1 = { ...run.leg };
      const r2 = liquidateSide(byHand, 0, run, -first, first > 0 ? hi : lo, 5e9, 0.05, 1, 1, 0);
      const leg2 = { ...run.leg };
      expect(rec).toEqual(byHand);
      expect(day.removed).toBe(r1 + r2);
      const [long, short] = first > 0 ? [leg1, leg2] : [leg2, leg1];
      expect([day.longUsd, day.shortUsd, day.impactLong, day.impactShort]).toEqual([long.usd, short.usd, long.impact, short.impact]);
      expect(day.adlUsd).toBe(leg1.adlUsd + leg2.adlUsd);
      // the order matters here: the first leg's counterparties shrink the second side
      const other = pathRecord(run, LN_P);
      liquidateSide(other, 0, run, -first, first > 0 ? hi : lo, 5e9, 0.05, 1, 1, 0);
      liquidateSide(other, 0, run, first, first > 0 ? lo : hi, 5e9, 0.05, 1, 1, 0);
      expect(other).not.toEqual(byHand);
    }
  });
});
