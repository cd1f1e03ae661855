/**
 * Several venues in one price (book.cascadeLeg with V > 1): the venues' books meet in one
 * cascade — with funds that pay everything, V venues liquidate exactly what one venue holding
 * their merged book does — and each venue's insurance fund and ADL rule act on its own
 * losses: ADL takes the share of a venue's shortfall beyond its fund's floor for the step, on
 * that venue only. Exact checks (1e-12 relative, or 1e-9 where sums run in another order).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { PathRng } from '../../engine/rng/path-rng.js';
import { sqrtImpactLogReturn } from '../../finance/square-root-impact.js';
import { cascadeLeg, LegResult } from './book.js';
import { VENUE } from './layout.js';
import { loadScenario } from '../../scenario/plan.js';
import { registry } from '../index.js';
import { cleanUp, writeScenario } from '../lender/run-scenario.test-helper.js';

afterAll(cleanUp);

const K = 64;
const H = 0.0125;
const LN_P = Math.log(100_000);
const BASE = Math.ceil(LN_P / H) + 3 - (K - 1);
const MMR = 0.004;

/** A side of V venues: per grid bin each venue's contracts and moment, then the venues' scalars (scale 1). */
function book(V: number): Float64Array {
  const rec = new Float64Array(2 * K * V + V * VENUE.width);
  for (let u = 0; u < V; u++) rec[2 * K * V + u * VENUE.width + VENUE.scaleLong] = 1;
  return rec;
}
const scalarsOf = (V: number) => ({ venues: 2 * K * V, stride: VENUE.width, scale: VENUE.scaleLong, fund: VENUE.fund, floor: VENUE.fundFloor });

/** Random long positions below LN_P for each of V venues: `positions` at random levels, lognormal sizes, ~`usd` in all. */
function randomBooks(rng: PathRng, V: number, usd: number): { rec: Float64Array; merged: Float64Array } {
  const rec = book(V);
  const merged = book(1);
  for (let k = 0; k < 40 * V; k++) {
    const level = LN_P - 1e-4 - 0.4 * rng.uniform() ** 2;
    const n = (usd / (40 * V)) * Math.exp(rng.normal()) / Math.exp(level);
    const u = Math.floor(rng.uniform() * V);
    const j = Math.max(0, Math.min(K - 1, Math.round(level / H) - BASE));
    rec[2 * (j * V + u)] += n;
    rec[2 * (j * V + u) + 1] += n * level;
    merged[2 * j] += n;
    merged[2 * j + 1] += n * level;
  }
  return { rec, merged };
}

function setFunds(rec: Float64Array, V: number, funds: number[], floors: number[]): void {
  for (let u = 0; u < V; u++) {
    rec[2 * K * V + u * VENUE.width + VENUE.fund] = funds[u];
    rec[2 * K * V + u * VENUE.width + VENUE.fundFloor] = floors[u];
  }
}

describe('venues meeting in one price', () => {
  it('the venues’ positions meet in one cascade: it ends at the fixed point of the rounds over every venue’s positions, with the same positions liquidated', () => {
    const rng = new PathRng(13, 0, 1, 'venues-rounds');
    rng.load(0);
    let deep = 0;
    for (let trial = 0; trial < 300; trial++) {
      const V = 2 + Math.floor(3 * rng.uniform());
      const { rec } = randomBooks(rng, V, 1e9 * Math.exp(5 * rng.uniform()));
      setFunds(rec, V, new Array(V).fill(1e18), new Array(V).fill(0));
      const positions: { level: number; n: number; at: number }[] = [];
      for (let j = 0; j < K; j++) for (let u = 0; u < V; u++) if (rec[2 * (j * V + u)] > 0) positions.push({ level: rec[2 * (j * V + u) + 1] / rec[2 * (j * V + u)], n: rec[2 * (j * V + u)], at: 2 * (j * V + u) });
      const ext = LN_P - 0.12 * rng.uniform();
      const v = 1e9 * Math.exp(3 * rng.uniform());
      const sigma = 0.01 + 0.07 * rng.uniform();
      // the rounds: liquidate every venue's position the price reached, move the price, repeat
      let x = ext;
      let reached = 0;
      for (;;) {
        const now = positions.filter((p) => p.level >= x);
        if (now.length === reached) break;
        reached = now.length;
        x = ext + sqrtImpactLogReturn(now.reduce((q, p) => q + p.n * Math.exp(p.level), 0), v, sigma, 1);
      }
      const r = new LegResult(V);
      cascadeLeg(r, rec, 0, K, V, K - 1, BASE, H, scalarsOf(V), 1, ext, v, sigma, 1, 1 - MMR, 1, 0);
      expect(r.x).toBeCloseTo(x, 12);
      expect(r.bins).toBe(reached);
      for (const p of positions) expect(rec[p.at] === 0).toBe(p.level >= x);
      // with funds that pay everything nothing is deleveraged; the venues add up to the leg
      expect(r.adlContracts).toBe(0);
      if (r.contracts > 0) {
        expect(r.venueContracts.reduce((a, b) => a + b, 0) / r.contracts).toBeCloseTo(1, 12);
        expect(r.venueUsd.reduce((a, b) => a + b, 0) / r.usd).toBeCloseTo(1, 12);
      }
      if (reached > 15) deep++;
    }
    expect(deep).toBeGreaterThan(20);
  });

  it('ADL falls on each venue in proportion to its own shortfall: a fund that can pay sees none, a fund at its floor hands the rest of each loss to ADL', () => {
    const rng = new PathRng(17, 0, 1, 'venues-adl');
    rng.load(0);
    let partial = 0;
    for (let trial = 0; trial < 300; trial++) {
      const V = 3;
      const { rec } = randomBooks(rng, V, 30e9);
      const funds = [1e15, 2e8 * rng.uniform(), 2e8 * rng.uniform()];
      // venue 1 pays until empty; venue 2 may pay only part of its fund this step (its floor)
      const floors = [0, 0, funds[2] * (0.2 + 0.6 * rng.uniform())];
      setFunds(rec, V, funds, floors);
      const before = Array.from({ length: V }, (_, u) => Array.from({ length: K }, (_, j) => rec[2 * (j * V + u)]).reduce((a, b) => a + b, 0));
      const r = new LegResult(V);
      // a fast move (γ = 0.5): fills far below liquidation prices, losses beyond the margin
      cascadeLeg(r, rec, 0, K, V, K - 1, BASE, H, scalarsOf(V), 1, LN_P - 0.08, 5e9, 0.06, 1, 1 - MMR, 1, 0.5);
      expect(r.venueAdlContracts[0]).toBe(0);
      for (let u = 0; u < V; u++) {
        const fund = rec[2 * K * V + u * VENUE.width + VENUE.fund];
        let left = 0;
        for (let j = 0; j < K; j++) left += rec[2 * (j * V + u)];
        // contracts: liquidated + ADL + left = before, venue by venue
        expect((r.venueContracts[u] + r.venueAdlContracts[u] + left) / before[u]).toBeCloseTo(1, 9);
        // the fund never goes below its floor (later fills above bankruptcy may refill it)
        expect(fund).toBeGreaterThanOrEqual(floors[u] * (1 - 1e-12));
        if (r.venueAdlContracts[u] > 0 && r.venueContracts[u] > 0) partial++;
      }
      expect(r.adlUsd / r.venueAdlUsd.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
    // venues with ADL still sell part of their liquidations in the market
    expect(partial).toBeGreaterThan(100);
  });

  it('one loss, two venues: the rich venue pays it, the thin one pays down to its floor and deleverages exactly the rest, share (loss − paid)/loss', () => {
    const V = 2;
    const rec = book(V);
    // one 20× long of 10 BTC on each venue, entered at 100k: liquidation at p_e(1 − 1/20)/(1 − mmr)
    const level = Math.log((100_000 * 0.95) / (1 - MMR));
    const j = Math.round(level / H) - BASE;
    for (let u = 0; u < V; u++) {
      rec[2 * (j * V + u)] = 10;
      rec[2 * (j * V + u) + 1] = 10 * level;
    }
    const fund = 5_000;
    const floor = 2_000;
    setFunds(rec, V, [1e12, fund], [0, floor]);
    const r = new LegResult(V);
    // a gap to 5% below the level (γ = 1: every order fills at the extreme) and no impact (Y = 0)
    cascadeLeg(r, rec, 0, K, V, K - 1, BASE, H, scalarsOf(V), 1, level - 0.05, 5e9, 0.03, 0, 1 - MMR, 1, 1);
    expect(r.x).toBe(level - 0.05);
    // the loss per contract: the bankruptcy price minus the fill at the extreme
    const pBk = Math.exp(level) * (1 - MMR);
    const lossPerContract = pBk - Math.exp(r.x);
    expect(lossPerContract).toBeGreaterThan(0);
    expect(r.venueAdlContracts[0]).toBe(0);
    expect(r.venueContracts[0]).toBe(10);
    // venue 1 pays fund − floor and deleverages the rest in proportion
    const loss1 = 10 * lossPerContract;
    expect(r.venueContracts[1]).toBeCloseTo((10 * (fund - floor)) / loss1, 6);
    expect(r.venueAdlContracts[1]).toBeCloseTo(10 * (1 - (fund - floor) / loss1), 6);
    expect(rec[2 * K * V + VENUE.width + VENUE.fund]).toBe(floor);
    expect(r.venueAdlUsd[1]).toBeCloseTo(r.venueAdlContracts[1] * pBk, 6);
  });
});

describe('venues in a scenario', () => {
  it('refuses a bad venue with the file, the line and what was expected', () => {
    for (const [name, venue, why] of [
      ['venue-share', '{ openInterestShare: 2 }', /openInterestShare/],
      ['venue-field', '{ openInterestShar: 0.5 }', /openInterestShar/],
      ['venue-draw', '{ fundDrawPerStep: 0 }', /fundDrawPerStep/],
    ] as const) {
      const file = writeScenario(name, `name: ${name}\nstart: 2026-02-05\nhorizonDays: 5\npaths: 8\nmodels:\n  market: {}\n  leverage:\n    venues:\n      cex: {}\n      dex: ${venue}\n`);
      expect(() => loadScenario(file, registry)).toThrow(new RegExp(`${name}\\.yaml:(9|10):`));
      expect(() => loadScenario(file, registry)).toThrow(why);
    }
  });
});
