/**
 * Mechanics of the leverage model (equations in README.md), on the real engine (the harness)
 * with a driven market standing in for the market model (a chosen or seeded price path): the
 * test steps the model and reads its books. Accounting checks are exact up to rounding (1e-9
 * relative over hundreds of steps of sums); formula checks are exact to 1e-12.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { modelHarness, type ModelHarness } from '../../engine/harness.test-helper.js';
import type { ModelContext } from '../../engine/model.js';
import { PathRng } from '../../engine/rng/path-rng.js';
import { loadScenario } from '../../scenario/plan.js';
import { registry } from '../index.js';
import { cleanUp, writeScenario } from '../lender/run-scenario.test-helper.js';
import { leverage } from './index.js';
import { closeImpact, warmRows, warmScalars } from './kernel.js';
import { TRANSIENT_IMPACT_WIDTH } from '../../finance/transient-impact.js';
import { inspectPath } from './inspect.js';
import { SCALARS, type LeverageRun } from './layout.js';
import { drivenMarket, type DrivenMarket } from './market-stand-in.test-helper.js';
import { DEFAULT_VENUES, type LeverageParams } from './params.js';

afterAll(cleanUp);

interface Block {
  h: ModelHarness;
  market: DrivenMarket;
  ctx: ModelContext<LeverageParams, LeverageRun>;
  signal(name: string): Float64Array;
}

/** One venue holding the whole book: the mechanics below are a venue's (venues.spec.ts has several). */
export const ONE_VENUE = { all: { title: 'one venue', openInterestShare: 1, insuranceFundShare: 1, fundDrawPerStep: 1 } };

/** A block on P₀ with the market's signals filled for step 0, after init (one venue unless the settings give venues). */
function block(paths: number, settings: Record<string, unknown>, p0 = 100_000, sigma = 0.05): Block {
  const market = drivenMarket({ p0, sigmaDaily: sigma });
  const h = modelHarness({ models: [market.model, leverage], paths, settings: { leverage: { venues: ONE_VENUE, ...settings } } }).init();
  return { h, market, ctx: h.context<LeverageParams, LeverageRun>('leverage'), signal: (name) => h.signal(name) };
}

/** One market step: the pre-cascade price is the last (revised) price times e^{x_i}. */
function marketStep(b: Block, x: (i: number) => number): void {
  b.market.drive.x = x;
  b.h.step();
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));

describe('leverage: accounting', () => {
  it('per path per step, on the default venues: OI before − liquidated − ADL + new = OI after; longs = shorts = OI on every venue; funds ≥ 0; the venues add up to the totals', () => {
    const paths = 32;
    const b = block(paths, { venues: DEFAULT_VENUES, openInterestUsd: 80e9, insuranceFundUsd: 3e8, deleverageRatio: 0.5, targetOpenInterestShare: 1.3, diagnosticSignals: 'on' });
    const ids = Object.keys(DEFAULT_VENUES);
    const total = (role: string, i: number) => ids.reduce((sum, id) => sum + b.signal(`leverage.${id}.${role}`)[i], 0);
    const rng = new PathRng(3, 0, 1, 'accounting-path');
    rng.load(0);
    const oi = b.signal('leverage.openInterestBtc')!;
    const removed = b.signal('leverage.removedBtc')!;
    const netNew = b.signal('leverage.netNewBtc')!;
    let adlSteps = 0;
    let flushes = 0;
    let worst = 0;
    let minFund = Infinity;
    let minBin = Infinity;
    for (let t = 1; t <= 150; t++) {
      const before = Float64Array.from(oi);
      // a rough market: 5% daily moves and, now and then, a crash or a squeeze of ±10–30%
      const shocks = Array.from({ length: paths }, () => (rng.uniform() < 0.03 ? (rng.uniform() < 0.7 ? -1 : 1) * (0.1 + 0.2 * rng.uniform()) : 0));
      marketStep(b, (i) => 0.05 * rng.normal() + shocks[i]);
      for (let i = 0; i < paths; i++) {
        const s = inspectPath(b.ctx, i);
        worst = Math.max(worst, rel(before[i] - removed[i] + netNew[i], oi[i]), rel(s.openInterest, oi[i]), rel(s.longContracts, s.openInterest), rel(s.shortContracts, s.openInterest));
        for (const v of s.venues) {
          worst = Math.max(worst, rel(v.longContracts, v.openInterest), rel(v.shortContracts, v.openInterest));
          minFund = Math.min(minFund, v.fund);
        }
        const usd = (name: string) => b.signal(name)[i];
        worst = Math.max(
          worst,
          rel(total('liquidatedUsd', i), usd('leverage.liquidatedUsd')),
          rel(total('liquidatedLongUsd', i), usd('leverage.liquidatedLongUsd')),
          rel(total('adlUsd', i), usd('leverage.adlUsd')),
          rel(total('insuranceFundUsd', i), usd('leverage.insuranceFundUsd')),
          rel(total('openInterestUsd', i), usd('leverage.openInterestUsd')),
        );
        // the cascade starts at the nearest bin that may hold positions: none lies beyond it
        for (const bin of s.longBins) if (bin.index > s.nearLong) worst = Infinity;
        for (const bin of s.shortBins) if (bin.index < s.nearShort) worst = Infinity;
        for (const bin of s.longBins) minBin = Math.min(minBin, bin.contracts);
        for (const bin of s.shortBins) minBin = Math.min(minBin, bin.contracts);
        if (b.signal('leverage.adlUsd')![i] > 0) adlSteps++;
        if (removed[i] > 0.05 * before[i]) flushes++;
      }
    }
    console.log(`accounting: worst relative error ${worst.toExponential(1)}, ${flushes} path-steps removing over 5% of open interest, ${adlSteps} with ADL, min fund ${minFund.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-9);
    expect(minFund).toBeGreaterThanOrEqual(0);
    expect(minBin).toBeGreaterThan(0);
    // the path reaches the branches being checked
    expect(adlSteps).toBeGreaterThan(5);
    expect(flushes).toBeGreaterThan(50);
  });
});

describe('leverage: venues', () => {
  it('a venue with no open interest and no fund stays empty and finite while the others trade', () => {
    const venues = { ...DEFAULT_VENUES, idle: { title: 'an idle venue', openInterestShare: 0, insuranceFundShare: 0, fundDrawPerStep: 1 } };
    const b = block(8, { venues, openInterestUsd: 80e9 });
    const rng = new PathRng(5, 0, 1, 'idle-venue');
    rng.load(0);
    for (let t = 0; t < 30; t++) {
      marketStep(b, () => 0.06 * rng.normal());
      for (let i = 0; i < 8; i++) {
        for (const role of ['liquidatedUsd', 'adlUsd', 'insuranceFundUsd', 'openInterestUsd']) expect(b.signal(`leverage.idle.${role}`)[i]).toBe(0);
        expect(Number.isFinite(b.signal('btc.price')[i])).toBe(true);
        expect(Number.isFinite(b.signal('leverage.openInterestUsd')[i])).toBe(true);
      }
    }
    expect(b.signal('leverage.liquidatedUsd').some((x) => x > 0)).toBe(true);
  });
});

describe('leverage: scheduled sets', () => {
  it('refuses at load a scheduled set of what shapes the books (bins, bin width, diagnostic signals), with the line and why', () => {
    for (const [key, value, why] of [
      ['buckets', 128, 'K sizes every path’s record'],
      ['bucketWidthLog', 0.05, 'h gives every stored bin its price'],
      ['diagnosticSignals', 'on', 'it decides which signals the model writes'],
    ] as const) {
      const name = `set-${key}`;
      const file = writeScenario(name, `name: ${name}\nstart: 2026-02-05\nhorizonDays: 5\npaths: 8\nmodels:\n  market: {}\n  leverage: {}\nschedule:\n  - at: 2026-02-07\n    set: { leverage.${key}: ${JSON.stringify(value)} }\n`);
      expect(() => loadScenario(file, registry)).toThrow(`${name}.yaml:10:`);
      expect(() => loadScenario(file, registry)).toThrow(new RegExp(`leverage\\.${key}, which shapes the run and is fixed at the start: ${why}`));
    }
  });

  it('a scheduled mix takes effect at its step: the same leverages reweighted, or new ones', () => {
    // one bin per class (entries at P₀ only, no intraday excursion, negligible size), a flat
    // price: each step turnover closes a share ρ = 1 − e^{−1/τ} of every position and reopens
    // it with the mix in force
    const settings = {
      longLeverageMix: [
        { leverage: 10, share: 0.5 },
        { leverage: 25, share: 0.5 },
      ],
      leveragedShare: 1,
      lookbackDays: 1,
      intradayRangeScale: 0,
      openInterestUsd: 1,
    };
    const p0 = 100_000;
    const b = block(1, settings, p0);
    const o0 = 1 / p0;
    const rho = 1 - Math.exp(-1 / 7);
    const contractsAt = (leverage: number) => {
      const level = Math.log(p0) + Math.log((1 - 1 / leverage) / (1 - 0.004));
      return inspectPath(b.ctx, 0).longBins.filter((x) => Math.abs(x.level - level) < 1e-9).reduce((sum, x) => sum + x.contracts, 0);
    };
    expect(contractsAt(25)).toBeCloseTo(0.5 * o0, 18);
    // the same leverages, reweighted: the reopened share follows the new weights
    b.h.setNext('leverage', 'longLeverageMix', [
      { leverage: 10, share: 0.2 },
      { leverage: 25, share: 0.8 },
    ]);
    marketStep(b, () => 0);
    const c25 = 0.5 * (1 - rho) + 0.8 * rho;
    expect(contractsAt(25) / o0).toBeCloseTo(c25, 12);
    // a leverage the scenario did not start with: its class is added
    b.h.setNext('leverage', 'longLeverageMix', [
      { leverage: 10, share: 0.5 },
      { leverage: 50, share: 0.5 },
    ]);
    marketStep(b, () => 0);
    expect(contractsAt(25) / o0).toBeCloseTo(c25 * (1 - rho), 12);
    expect(contractsAt(50) / o0).toBeCloseTo(0.5 * rho, 12);
    expect(inspectPath(b.ctx, 0).longContracts / o0).toBeCloseTo(1, 12);
  });
});

describe('leverage: liquidation prices', () => {
  // one class, entries at P₀ only, no intraday excursion, negligible size (no impact)
  const single = {
    longLeverageMix: [{ leverage: 10, share: 1 }],
    shortLeverageMix: [{ leverage: 10, share: 1 }],
    postFlushLeverageMix: [{ leverage: 10, share: 1 }],
    leveragedShare: 1,
    lookbackDays: 1,
    intradayRangeScale: 0,
    openInterestUsd: 1,
  };

  it('a 10× long is liquidated when the price reaches p_e(1 − 1/ℓ)/(1 − mmr) and not before; a short at p_e(1 + 1/ℓ)/(1 + mmr)', () => {
    const p0 = 100_000;
    const liqLong = (p0 * 0.9) / (1 - 0.004);
    const liqShort = (p0 * 1.1) / (1 + 0.004);
    for (const [target, side] of [
      [liqLong * 1.000001, 'none'],
      [liqLong * 0.999999, 'long'],
      [liqShort * 0.999999, 'none'],
      [liqShort * 1.000001, 'short'],
    ] as const) {
      const b = block(1, single, p0);
      const level = side === 'short' || target > p0 ? inspectPath(b.ctx, 0).shortBins[0].level : inspectPath(b.ctx, 0).longBins[0].level;
      expect(level).toBeCloseTo(Math.log(target > p0 ? liqShort : liqLong), 12);
      marketStep(b, () => Math.log(target / p0));
      const longUsd = b.signal('leverage.liquidatedLongUsd')![0];
      const shortUsd = b.signal('leverage.liquidatedShortUsd')![0];
      // every contract at that level is liquidated at once (10× is the only class)
      expect(longUsd > 0).toBe(side === 'long');
      expect(shortUsd > 0).toBe(side === 'short');
      if (side === 'long') expect(longUsd).toBeCloseTo((1 / p0) * liqLong, 9);
    }
  });

  it('positions a later price of the look-back window already liquidated are not in the starting book', () => {
    // entries at 100k (two days ago), 80k (yesterday) and 100k (today): the 10× longs of two
    // days ago (liquidation 90.4k) died at 80k; those of yesterday (72.3k) and today live
    const b = block(1, { ...single, lookbackDays: 3, entryHistoryUsd: [100_000, 80_000], holdingDays: 1e9 });
    const levels = inspectPath(b.ctx, 0).longBins.map((x) => Math.exp(x.level));
    expect(levels.length).toBe(2);
    expect(levels[0]).toBeCloseTo((80_000 * 0.9) / 0.996, 3);
    expect(levels[1]).toBeCloseTo((100_000 * 0.9) / 0.996, 3);
    // with equal weights (τ → ∞), the survivors carry all of the open interest, half each
    const s = inspectPath(b.ctx, 0);
    expect(s.longBins[0].contracts).toBeCloseTo(s.longBins[1].contracts, 12);
    expect(s.longContracts).toBeCloseTo(1 / 100_000, 18);
  });
});

describe('leverage: the price every model sees', () => {
  it('revises the market price by ψ·(I_L + I_S), keeping return, peak and drawdown consistent', () => {
    const b = block(32, { impactPersistence: 0.6, openInterestUsd: 150e9 });
    const price = b.signal('btc.price')!;
    const ret = b.signal('btc.return')!;
    const rng = new PathRng(11, 0, 1, 'revision');
    rng.load(0);
    for (let t = 0; t < 20; t++) {
      const last = Float64Array.from(price);
      const x = Array.from({ length: 32 }, () => -0.02 + 0.06 * rng.normal());
      marketStep(b, (i) => x[i]);
      const cascade = b.signal('leverage.cascadeReturn')!;
      const low = b.signal('leverage.lowUsd')!;
      const high = b.signal('leverage.highUsd')!;
      for (let i = 0; i < 32; i++) {
        expect(ret[i]).toBeCloseTo(x[i] + cascade[i], 12);
        expect(Math.log(price[i] / last[i])).toBeCloseTo(ret[i], 12);
        expect(low[i]).toBeLessThanOrEqual(price[i] * (1 + 1e-12));
        expect(high[i]).toBeGreaterThanOrEqual(price[i] * (1 - 1e-12));
        const peak = b.signal('btc.peakUsd')![i];
        expect(peak).toBeGreaterThanOrEqual(price[i]);
        expect(b.signal('btc.drawdown')![i]).toBeCloseTo(1 - price[i] / peak, 12);
      }
    }
  });
});

describe('leverage: the cascades’ impact relaxes (finance/transient-impact.ts)', () => {
  it('one day’s cascades move the close by ψ·(I_L + I_S) as before, from an empty metaorder state, whatever V_c, σ_d and Y', () => {
    for (const [e, v, sigma, y] of [
      [-0.04, 20e9, 0.06, 1],
      [-0.004, 3e9, 0.02, 1.3],
      [0.03, 50e9, 0.05, 0.7],
    ]) {
      const state = new Float64Array(TRANSIENT_IMPACT_WIDTH);
      expect(closeImpact(state, 0, e, v, sigma, y, 0.5, Math.pow(2, -1 / 10))).toBeCloseTo(e, 14);
    }
  });

  it('after the flush the close relaxes toward the permanent share φ of that day’s impact, the transient part halving every h_I days', () => {
    const phi = 0.4;
    const hI = 8;
    const settings = {
      openInterestUsd: 100e9,
      intradayRangeScale: 0,
      longLeverageMix: [{ leverage: 50, share: 1 }],
      // shorts and the positions opened after the flush far from the price: the rebound the
      // relaxation brings squeezes no one (it would, with shorts near the price)
      shortLeverageMix: [{ leverage: 2, share: 1 }],
      postFlushLeverageMix: [{ leverage: 2, share: 1 }],
      leveragedShare: 1,
      lookbackDays: 1,
      impactPermanentShare: phi,
      impactHalfLifeDays: hI,
    };
    const b = block(1, settings);
    marketStep(b, () => -0.05); // every 50× long (2% away) is liquidated
    const e = b.signal('leverage.cascadeReturn')[0];
    expect(e).toBeLessThan(-0.01);
    const lnP1 = Math.log(b.signal('btc.price')[0]);
    for (let t = 2; t <= 40; t++) {
      marketStep(b, () => 0); // a flat market: no further liquidations (no intraday range, shorts far)
      expect(b.signal('leverage.liquidatedUsd')[0]).toBe(0);
      // D_t = φe + (1 − φ)e·2^{−(t−1)/h}: the price recovers the transient part only
      const expected = (1 - phi) * e * (Math.pow(2, -(t - 1) / hI) - 1);
      expect(Math.log(b.signal('btc.price')[0]) - lnP1).toBeCloseTo(expected, 12);
    }
    // after 40 days the displacement is within 3% of φ·e of where it ended the flush day
    const left = Math.log(b.signal('btc.price')[0]) - lnP1 + e;
    expect(left / (phi * e)).toBeGreaterThan(1);
    expect(left / (phi * e)).toBeLessThan(1.1);
  });

  it('a cascade soon after another is priced along the same square-root curve: it moves the close less than the first did', () => {
    const keep = Math.pow(2, -1 / 10);
    const state = new Float64Array(TRANSIENT_IMPACT_WIDTH);
    const first = closeImpact(state, 0, -0.03, 20e9, 0.05, 1, 0.5, keep);
    const second = closeImpact(state, 0, -0.03, 20e9, 0.05, 1, 0.5, keep);
    expect(first).toBeCloseTo(-0.03, 14);
    // the second adds A(M·keep + q) − A(M·keep) < A(q), less the first's relaxation
    expect(second).toBeGreaterThan(first);
    expect(second).toBeLessThan(0);
  });
});

describe('leverage: after a flush', () => {
  it('open interest moves toward its target with the stated half-life', () => {
    const h = 10;
    const b = block(1, { targetOpenInterestShare: 2, rebuildHalfLifeDays: h, intradayRangeScale: 0, diagnosticSignals: 'on' });
    const o0 = b.signal('leverage.openInterestBtc')![0];
    for (let t = 1; t <= 30; t++) {
      marketStep(b, () => 0);
      // no liquidations on a flat price: O_t = O* − (O* − O₀)·2^{−t/h}
      expect(b.signal('leverage.openInterestBtc')![0] / o0).toBeCloseTo(2 - Math.pow(2, -t / h), 10);
    }
  });

  it('a flush removing a share φ raises the flush memory by g·φ, which decays with its half-life, and new positions take the post-flush mix', () => {
    const g = 3;
    const hm = 20;
    const settings = {
      openInterestUsd: 100e9,
      mixShiftPerFlushShare: g,
      mixShiftHalfLifeDays: hm,
      intradayRangeScale: 0,
      longLeverageMix: [{ leverage: 50, share: 1 }],
      shortLeverageMix: [{ leverage: 50, share: 1 }],
      postFlushLeverageMix: [{ leverage: 2, share: 1 }],
      leveragedShare: 1,
      lookbackDays: 1,
    };
    const b = block(1, { ...settings, diagnosticSignals: 'on' });
    const o0 = b.signal('leverage.openInterestBtc')![0];
    marketStep(b, () => -0.05); // every 50× long (2% away) is liquidated
    const removed = b.signal('leverage.removedBtc')![0];
    expect(removed / o0).toBeGreaterThan(0.5);
    const m1 = inspectPath(b.ctx, 0).flushMemory;
    expect(m1).toBeCloseTo(Math.min(1, (g * removed) / o0), 12);
    marketStep(b, () => 0);
    const m2 = inspectPath(b.ctx, 0).flushMemory;
    expect(m2).toBeCloseTo(m1 * Math.pow(2, -1 / hm), 12);
    // the positions opened on that step: the share m of 2× longs (liquidation at ~½ price)
    const bins = inspectPath(b.ctx, 0).longBins;
    const far = bins.filter((x) => Math.exp(x.level) < 0.6 * b.signal('btc.price')![0]).reduce((s, x) => s + x.contracts, 0);
    expect(far).toBeGreaterThan(0);
  });

  it('turnover moves liquidation prices with the market: after a rally the longs’ nearest liquidation is near the price', () => {
    const b = block(1, { intradayRangeScale: 0 });
    for (let t = 0; t < 60; t++) marketStep(b, () => 0.01); // +82% in 60 days
    const s = inspectPath(b.ctx, 0);
    const p = b.signal('btc.price')![0];
    const nearest = Math.max(...s.longBins.map((x) => x.level));
    // the 100× longs opened yesterday sit 0.6% below yesterday's price (1% below today's)
    expect(Math.log(p) - nearest).toBeLessThan(0.02);
    expect(Math.log(p) - nearest).toBeGreaterThan(0);
  });
});

describe('leverage: each path’s classes', () => {
  // entries from a given history and no intraday excursion: a path's run depends on its own parameters only
  const settings = { entryHistoryUsd: [98_000, 101_000, 97_000, 103_000, 99_000], intradayRangeScale: 0, openInterestUsd: 60e9 };
  const drive = (t: number) => 0.03 * Math.sin(t / 3) - 0.004 * t;
  const run = (b: Block, steps: number, paths: number) => {
    const liquidated = new Float64Array(paths);
    for (let t = 1; t <= steps; t++) {
      marketStep(b, () => drive(t));
      for (let i = 0; i < paths; i++) liquidated[i] += b.signal('leverage.liquidatedUsd')[i];
    }
    return { liquidated, oi: Float64Array.from(b.signal('leverage.openInterestUsd').subarray(0, paths)) };
  };

  it('paths with their own leverage multiplier open at their own liquidation prices; paths that share the classes read one copy', () => {
    const paths = 4;
    const mixed = block(paths, { ...settings, leverageMultiplier: { dist: 'uniform', min: 0.5, max: 1.5 } });
    expect(mixed.ctx.prepared.classesStride).toBe(mixed.ctx.prepared.classesWidth);
    const k = Array.from(mixed.ctx.p.leverageMultiplier.subarray(0, paths));
    expect(new Set(k).size).toBe(paths);
    const all = run(mixed, 40, paths);
    expect(Math.max(...all.liquidated)).toBeGreaterThan(0);
    for (let i = 0; i < paths; i++) {
      // the same path alone in a block (its multiplier for every path: one copy of the classes)
      const alone = block(1, { ...settings, leverageMultiplier: k[i] });
      expect(alone.ctx.prepared.classesStride).toBe(0);
      const one = run(alone, 40, 1);
      expect(one.liquidated[0]).toBe(all.liquidated[i]);
      expect(one.oi[0]).toBe(all.oi[i]);
    }
  });
});

describe('leverage: the step’s read-ahead', () => {
  it('reads only inside the path’s record and classes, whatever the scans’ start bins and the price, and changes nothing', () => {
    const paths = 3;
    const b = block(paths, { venues: DEFAULT_VENUES });
    const run = b.ctx.prepared;
    const rec = b.ctx.state.path;
    const cls = b.ctx.state.classes;
    const g = (i: number) => i * run.W + run.record.scalars;
    const { K } = run;
    // a read past either end of a typed array is undefined: the sum would be NaN
    for (const [nearLong, nearShort] of [[-1, K], [0, K - 1], [1, K - 2], [K - 1, 0], [2, 1]]) {
      for (let i = 0; i < paths; i++) {
        rec[g(i) + SCALARS.nearLong] = nearLong;
        rec[g(i) + SCALARS.nearShort] = nearShort;
      }
      const before = Float64Array.from(rec);
      for (const lnP of [Math.log(100_000), Math.log(100_000) + 5, Math.log(100_000) - 5]) {
        for (let i = 0; i < paths; i++) {
          expect(Number.isFinite(warmScalars(rec, i * run.W, cls, i * run.classesStride, run))).toBe(true);
          expect(Number.isFinite(warmRows(rec, i * run.W, cls, i * run.classesStride, run, lnP))).toBe(true);
        }
      }
      expect(rec).toEqual(before);
    }
  });
});
