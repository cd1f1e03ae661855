import { sqrtImpactLogReturn } from '../../finance/square-root-impact.js';
import { coefBase, FORCED_SELLING, PATH, REGIME_COEFS, RETURN, SIGMA_DAILY, STRESS, VOLUME_USD, type MarketContext } from './layout.js';

/*
 * The square-root impact law where the market meets other models' flows: the depth V and
 * volatility σ_d of this step, published for models that move the price within the step (the
 * leverage cascade), and the move of the previous step's net forced selling Q.
 */

const RECORD = PATH.width;
const STATE_REGIME = PATH.regime;
const DIFFUSION = REGIME_COEFS.diffusion;

/**
 * Publishes the inputs of the square-root law for this step, V = V_d·Δ (times f_stress in
 * stress) and σ_d (the regime's step volatility), so that a model that moves the price by its
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
    sigma[i] = rec[coefBase(i, r) + DIFFUSION];
  }
}

/** Adds the price impact of the previous step's forced selling Q: x += −Y·σ_d·sign(Q)·√(|Q|/V). */
export function addImpact(ctx: MarketContext): void {
  const { p } = ctx;
  const rec = ctx.state.path;
  const ret = ctx.signal(RETURN);
  const flow = ctx.prev(FORCED_SELLING);
  const days = ctx.stepDays;
  const { dailyVolumeUsd, stressVolumeFactor, impactY } = p;
  for (let i = 0; i < ctx.paths; i++) {
    const q = flow[i];
    if (q === 0) continue;
    const r = rec[i * RECORD + STATE_REGIME];
    const v = dailyVolumeUsd[i] * (r === STRESS ? stressVolumeFactor[i] : 1) * days;
    ret[i] += sqrtImpactLogReturn(q, v, rec[coefBase(i, r) + DIFFUSION], impactY[i]);
  }
}
