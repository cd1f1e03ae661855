import { sqrtImpactLogReturn } from '../../finance/square-root-impact.js';
import { defineModel } from '../../engine/model.js';
import { wordToUniform } from '../../engine/rng/path-rng.js';
import { marketParams } from './params.js';

const DAYS_PER_YEAR = 365;
const CALM = 0;
const STRESS = 1;

/**
 * BTC price: a regime-switching (calm/stress) log price with Merton jumps, moved also by net
 * forced selling through the square-root impact law. Equations: README.md (same symbols).
 */
export const market = defineModel({
  name: 'market',
  title: 'BTC price: regime-switching diffusion, Merton jumps, square-root impact of forced flows',
  readme: 'src/models/market/README.md',
  params: marketParams,
  io: () => ({
    writes: ['btc.price', 'btc.return', 'btc.drawdown', 'btc.vol', 'market.regime'],
    reads: [{ name: 'market.forcedSellingUsd', prev: true, optional: true }],
    shockable: ['btc.price'],
    state: { lnPrice: 1, peak: 1, regime: 1, ewmaVar: 1 },
    units: {
      'btc.price': 'USD',
      'btc.return': 'log return',
      'btc.drawdown': 'fraction',
      'btc.vol': '1/√year',
      'market.regime': '0 calm, 1 stress',
    },
    events: [
      { name: 'market.stress', signal: 'market.regime', op: '>=', value: 1, description: 'first day in the stress regime' },
    ],
  }),

  init(ctx) {
    const { p, state, rng } = ctx;
    const price = ctx.signal('btc.price');
    const ret = ctx.signal('btc.return');
    const dd = ctx.signal('btc.drawdown');
    const vol = ctx.signal('btc.vol');
    const regimeOut = ctx.signal('market.regime');
    for (let i = 0; i < ctx.paths; i++) {
      rng.load(i);
      let regime = CALM;
      if (p.initialRegime === 'stress') regime = STRESS;
      else if (p.initialRegime === 'stationary') {
        const share = p.calmToStressPerDay[i] / (p.calmToStressPerDay[i] + p.stressToCalmPerDay[i]);
        regime = rng.uniform() < share ? STRESS : CALM;
      }
      rng.store(i);
      const sigma = regime === STRESS ? p.volStressPerSqrtYear[i] : p.volCalmPerSqrtYear[i];
      state.regime[i] = regime;
      state.lnPrice[i] = Math.log(p.priceUsd[i]);
      state.peak[i] = Math.max(p.peakUsd[i], p.priceUsd[i]);
      state.ewmaVar[i] = (sigma * sigma) / DAYS_PER_YEAR;
      price[i] = p.priceUsd[i];
      ret[i] = 0;
      dd[i] = 1 - p.priceUsd[i] / state.peak[i];
      vol[i] = sigma;
      regimeOut[i] = regime;
    }
  },

  step(ctx) {
    const { p, state, rng } = ctx;
    const { lnPrice, peak, regime, ewmaVar } = state;
    const price = ctx.signal('btc.price');
    const ret = ctx.signal('btc.return');
    const dd = ctx.signal('btc.drawdown');
    const vol = ctx.signal('btc.vol');
    const regimeOut = ctx.signal('market.regime');
    const flow = ctx.prev('market.forcedSellingUsd');
    const shock = ctx.shock('btc.price');
    const days = ctx.stepDays;
    const dt = days / DAYS_PER_YEAR;
    const sqrtDt = Math.sqrt(dt);
    // lanes bound to locals: property lookups stay out of the path loop
    const pCalmToStress = p.calmToStressPerDay;
    const pStressToCalm = p.stressToCalmPerDay;
    const volCalm = p.volCalmPerSqrtYear;
    const volStress = p.volStressPerSqrtYear;
    const driftCalm = p.driftCalmPerYear;
    const driftStress = p.driftStressPerYear;
    const jumpsCalm = p.jumpsCalmPerYear;
    const jumpsStress = p.jumpsStressPerYear;
    const jumpMean = p.jumpMeanLog;
    const jumpSd = p.jumpSdLog;
    const volume = p.dailyVolumeUsd;
    const stressVolume = p.stressVolumeFactor;
    const impactY = p.impactY;
    const ewmaLambda = p.ewmaLambda;
    const n = ctx.paths;
    // four words per path: regime switch, diffusion, jump count, jump size
    const words = rng.drawWords(n, 4);
    for (let i = 0; i < n; i++) {
      const w = i << 2;
      // regime switch, with the daily probability compounded over the step
      let r = regime[i];
      const stressBefore = r === STRESS;
      const pSwitch = stressBefore ? pStressToCalm[i] : pCalmToStress[i];
      const pStep = days === 1 ? pSwitch : 1 - Math.pow(1 - pSwitch, days);
      if (wordToUniform(words[w]) < pStep) r = 1 - r;
      regime[i] = r;
      const stress = r === STRESS;
      const sigma = stress ? volStress[i] : volCalm[i];
      const mu = stress ? driftStress[i] : driftCalm[i];
      const lambda = stress ? jumpsStress[i] : jumpsCalm[i];
      // diffusion: (μ − σ²/2)dt + σ√dt·Z
      let x = (mu - 0.5 * sigma * sigma) * dt + sigma * sqrtDt * rng.normalFromWord(words[w + 1], i);
      // Merton jumps: k ~ Poisson(λ dt), sum of k normal jumps
      const k = rng.poissonFromUniform(lambda * dt, wordToUniform(words[w + 2]), i);
      if (k > 0) x += k * jumpMean[i] + Math.sqrt(k) * jumpSd[i] * rng.normalFromWord(words[w + 3], i);
      // forced selling of the previous step, through the square-root law
      const q = flow[i];
      if (q !== 0) {
        const v = volume[i] * (stress ? stressVolume[i] : 1) * days;
        x += sqrtImpactLogReturn(q, v, sigma * sqrtDt, impactY[i]);
      }
      if (shock !== null) x += Math.log(shock.multiply[i] + shock.add[i] / Math.exp(lnPrice[i]));
      const ln = lnPrice[i] + x;
      lnPrice[i] = ln;
      const px = Math.exp(ln);
      const pk = px > peak[i] ? px : peak[i];
      peak[i] = pk;
      const lam = ewmaLambda[i];
      const variance = lam * ewmaVar[i] + ((1 - lam) * x * x) / days;
      ewmaVar[i] = variance;
      price[i] = px;
      ret[i] = x;
      dd[i] = 1 - px / pk;
      vol[i] = Math.sqrt(variance * DAYS_PER_YEAR);
      regimeOut[i] = r;
    }
  },
});
