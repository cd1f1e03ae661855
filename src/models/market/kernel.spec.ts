/**
 * The market's step on the real engine (modelHarness), where it meets other models: the
 * impact inputs it publishes (only when a model uses them), and a price revised by another
 * model within the step (a liquidation cascade), which the market's next step starts from.
 * Exact (toBe) where the test recomputes the model's own expression from the same numbers;
 * 1e-12 relative where e^x is taken by another route.
 */
import { describe, expect, it } from 'vitest';
import { DAYS_PER_YEAR } from '../../engine/calendar.js';
import { modelHarness } from '../../engine/harness.test-helper.js';
import { defineModel } from '../../engine/model.js';
import { num } from '../../engine/params.js';
import { read, updated } from '../../engine/signals.js';
import { market } from './index.js';
import { PATH, PEAK_USD, PRICE, REGIME, RETURN, SIGMA_DAILY, STRESS, VOL, VOLUME_USD } from './layout.js';

/** Reads the impact inputs, so that the market writes them. */
const impactReader = defineModel({
  name: 'impactreader',
  title: 'Test only: reads market.volumeUsd and market.sigmaDaily',
  readme: 'src/models/market/README.md',
  params: {},
  io: () => ({ signals: [read(VOLUME_USD.name), read(SIGMA_DAILY.name)], state: {} }),
  init() {},
  step() {},
});

/** Revises btc.price (and its return) within one step, as the leverage cascade does. */
const REVISED_PRICE = updated(PRICE.name);
const REVISED_RETURN = updated(RETURN.name);
const reviser = defineModel({
  name: 'reviser',
  title: 'Test only: multiplies btc.price by a factor on one step',
  readme: 'src/models/market/README.md',
  params: {
    factor: num({ unit: '—', default: 2, min: 0, exclusiveMin: true, description: 'Factor on the price.', source: 'test input' }),
    atStep: num({ unit: 'step', default: 2, min: 1, integer: true, description: 'The step revised.', source: 'test input' }),
  },
  io: () => ({ signals: [REVISED_PRICE, REVISED_RETURN], state: {} }),
  init() {},
  step(ctx) {
    const price = ctx.signal(REVISED_PRICE);
    const ret = ctx.signal(REVISED_RETURN);
    const { factor, atStep } = ctx.p;
    for (let i = 0; i < ctx.paths; i++) {
      if (atStep[i] !== ctx.step) continue;
      price[i] *= factor[i];
      ret[i] += Math.log(factor[i]);
    }
  },
});

describe('market step with other models', () => {
  it('publishes V = V_d·Δ (× f_stress in stress) and σ_d = σ_r·√(h·dt) (h = 1 here) when a model reads them, and leaves them 0 when none does', () => {
    // GARCH off (h = 1): σ_d is the regime's σ·√dt exactly
    const settings = { market: { calmToStressPerDay: 0.3, stressToCalmPerDay: 0.3, dailyVolumeUsd: 20e9, stressVolumeFactor: 0.4, volCalmPerSqrtYear: 0.5, volStressPerSqrtYear: 1.2, garchAlpha: 0, garchBeta: 0 } };
    const stepDays = 7;
    const h = modelHarness({ models: [market, impactReader], settings, stepDays, paths: 64 }).init();
    const dt = stepDays / DAYS_PER_YEAR;
    const seen = new Set<number>();
    for (let t = 1; t <= 4; t++) {
      h.step();
      const regime = h.signal(REGIME);
      for (let i = 0; i < h.paths; i++) {
        const stress = regime[i] === STRESS;
        seen.add(regime[i]);
        expect(h.signal(VOLUME_USD)[i]).toBe(20e9 * (stress ? 0.4 : 1) * stepDays);
        expect(h.signal(SIGMA_DAILY)[i]).toBe((stress ? 1.2 : 0.5) * Math.sqrt(dt));
      }
    }
    expect([...seen].sort()).toEqual([0, 1]);
    const alone = modelHarness({ models: [market], settings, stepDays, paths: 64 }).init().step(2);
    expect(alone.signal(VOLUME_USD).every((v) => v === 0)).toBe(true);
    expect(alone.signal(SIGMA_DAILY).every((v) => v === 0)).toBe(true);
  });

  it('starts its next step from a revised price: ln P, peak and the EWMA variance with the revised return', () => {
    const h = modelHarness({ models: [market, reviser], paths: 32, settings: { reviser: { factor: 2, atStep: 2 } } }).init();
    const rec = h.state('market', 'path');
    const at = (i: number, field: number) => rec[i * PATH.width + field];
    h.step();
    const v1 = Array.from({ length: h.paths }, (_, i) => at(i, PATH.ewmaVar));
    h.step();
    const revisedPrice = Float64Array.from(h.signal(PRICE));
    const revisedReturn = Float64Array.from(h.signal(RETURN));
    const ownPeak = Array.from({ length: h.paths }, (_, i) => at(i, PATH.peak));
    for (let i = 0; i < h.paths; i++) {
      // the record and btc.vol still hold the market's own step (return x − ln 2)
      const own = revisedReturn[i] - Math.log(2);
      expect(Math.abs(Math.exp(at(i, PATH.lnPrice)) * 2 - revisedPrice[i]) / revisedPrice[i]).toBeLessThan(1e-12);
      expect(at(i, PATH.ewmaVar)).toBeCloseTo(at(i, PATH.ewmaKeep) * v1[i] + at(i, PATH.ewmaGain) * own * own, 15);
      expect(h.signal(VOL)[i]).toBe(Math.sqrt(at(i, PATH.ewmaVar) * DAYS_PER_YEAR));
    }
    expect(revisedPrice.some((p, i) => p > ownPeak[i])).toBe(true);
    h.step();
    for (let i = 0; i < h.paths; i++) {
      const x = h.signal(RETURN)[i];
      const price = h.signal(PRICE)[i];
      expect(Math.abs(price / revisedPrice[i] / Math.exp(x) - 1)).toBeLessThan(1e-12);
      // the variance before this step's return is the one recomputed with the revised return
      expect(at(i, PATH.ewmaVarBefore)).toBe(at(i, PATH.ewmaKeep) * v1[i] + at(i, PATH.ewmaGain) * revisedReturn[i] * revisedReturn[i]);
      // the peak takes the revised price (2 × ~73,300 is above the default peak of 126,080)
      expect(at(i, PATH.peak)).toBe(Math.max(ownPeak[i], revisedPrice[i], price));
      expect(h.signal(PEAK_USD)[i]).toBe(at(i, PATH.peak));
    }
  });
});
