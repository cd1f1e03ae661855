import * as dc from '../../finance/duration-convexity.js';
import { N, PATH, type LiquidityContext } from './layout.js';

// offsets in the path record, bound once: constants in the path loops (layout.ts)
const atDlnL = PATH.dlnL;
const atDr = PATH.dr;
const atLnPrice = PATH.lnPrice;
const atRet = PATH.ret;
const atVariance = PATH.variance;

// bound once: the path loop then reads a plain binding
const durationConvexityLogReturn = dc.durationConvexityLogReturn;

/**
 * The duration repricing of the classes but crypto (README, "Repricing"), every path:
 * ΔlnP_j = ln(1 − D_jΔr + ½C_jΔr²) + β_j·Δln(L/M_d) + σ_j√dt·Z − ½σ_j²dt, into the class's log
 * price and its return so far this step, and the EWMA variance of its returns (its margins):
 * v ← λ·v + (1 − λ)·x²/Δ.
 */
export function repriceClasses(ctx: LiquidityContext): void {
  const { rng } = ctx;
  const rec = ctx.state.path;
  const n = ctx.paths;
  const W = PATH.width;
  const days = ctx.stepDays;
  const lambda = ctx.p.ewmaLambda;
  const { duration, convexity, beta } = ctx.prepared.tables;
  const { noiseSd, halfVariance } = ctx.prepared.scratch;
  // N − 1 words a path: the news of the classes but crypto
  const words = rng.drawWords(n, N - 1);
  for (let i = 0; i < n; i++) {
    const o = i * W;
    const dr = rec[o + atDr];
    const dlnL = rec[o + atDlnL];
    const keep = lambda[i];
    const fresh = 1 - keep;
    const w0 = (N - 1) * i - 1;
    // per-path and per-step factors hoisted (½σ²dt in the step's scratch): same operands, same order
    for (let j = 1; j < N; j++) {
      const z = rng.normalFromWord(words[w0 + j], i);
      const x = durationConvexityLogReturn(duration[j], convexity[j], dr) + beta[j] * dlnL + noiseSd[j] * z - halfVariance[j];
      rec[o + atLnPrice + j] += x;
      rec[o + atRet + j] = x;
      rec[o + atVariance + j] = keep * rec[o + atVariance + j] + (fresh * x * x) / days;
    }
  }
}
