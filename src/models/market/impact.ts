import { transientImpactStep } from '../../finance/transient-impact.js';
import { coefBase, FORCED_SELLING, PATH, REGIME_COEFS, RETURN, SIGMA_DAILY, STRESS, VOLUME_USD, type MarketContext } from './layout.js';

/*
 * The square-root impact law where the market meets other models' flows: the depth V and
 * volatility σ_d of this step, published for models that move the price within the step (the
 * leverage cascade), and the move of the previous step's net forced selling Q, priced as one
 * metaorder with transient impact (finance/transient-impact.ts): Q sold over many days moves
 * the price by the square-root impact of its total, and relaxes to φ of it once selling stops.
 */

const RECORD = PATH.width;
const STATE_REGIME = PATH.regime;
const DIFFUSION = REGIME_COEFS.diffusion;
const VAR_RATIO = PATH.varRatio;
const IMPACT = PATH.impact;
const IMPACT_KEEP = PATH.impactKeep;

/**
 * Publishes the inputs of the square-root law for this step, V = V_d·Δ (times f_stress in
 * stress) and σ_d = σ_r√(h·Δt) (the step's conditional volatility), so that a model that moves the price by its
 * own flows within the step (the leverage cascade) uses the same depth as the market.
 */
export function writeImpactInputs(ctx: MarketContext): void {
  const { dailyVolumeUsd, stressVolumeFactor } = ctx.p;
  const rec = ctx.state.path;
  const volume = ctx.signal(VOLUME_USD);
  const sigma = ctx.signal(SIGMA_DAILY);
  for (let i = 0; i < ctx.paths; i++) {
    const r = rec[i * RECORD + STATE_REGIME];
    volume[i] = dailyVolumeUsd[i] * (r === STRESS ? stressVolumeFactor[i] : 1) * ctx.stepDays;
    sigma[i] = rec[coefBase(i, r) + DIFFUSION] * Math.sqrt(rec[i * RECORD + VAR_RATIO]);
  }
}

/**
 * Adds the move of the previous step's forced selling Q: the change of the metaorder's impact
 * displacement (finance/transient-impact.ts) with this step's V and σ_d. A step without flow
 * still moves the price as the transient part of earlier selling relaxes.
 */
export function addImpact(ctx: MarketContext): void {
  const { p } = ctx;
  const rec = ctx.state.path;
  const ret = ctx.signal(RETURN);
  const flow = ctx.prev(FORCED_SELLING);
  const days = ctx.stepDays;
  const { dailyVolumeUsd, stressVolumeFactor, impactY, impactPermanentShare } = p;
  for (let i = 0; i < ctx.paths; i++) {
    const o = i * RECORD;
    const r = rec[o + STATE_REGIME];
    const v = dailyVolumeUsd[i] * (r === STRESS ? stressVolumeFactor[i] : 1) * days;
    const sigma = rec[coefBase(i, r) + DIFFUSION] * Math.sqrt(rec[o + VAR_RATIO]);
    ret[i] += transientImpactStep(rec, o + IMPACT, flow[i], v, sigma, impactY[i], impactPermanentShare[i], rec[o + IMPACT_KEEP]);
  }
}
