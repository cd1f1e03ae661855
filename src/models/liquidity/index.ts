import { defineModel } from '../../engine/model.js';
import { initLiquidity, liquidityParamsChanged, stepLiquidity } from './kernel.js';
import { DRY_POWDER, PATH, liquiditySignals, prepareLiquidity, shapeOf } from './layout.js';
import { liquidityParams } from './params.js';

/**
 * The liquidity "bathtub" and forced selling (seed 001, DESIGN.md §1 S3–S4): dry powder, a
 * liquidity level fed by central-bank pipes and drained by AI funding, the cost of capital
 * from money demand against supply, the asset classes repriced by duration, convexity and a
 * liquidity beta, and holders (strategic funds, hedge funds, leveraged traders) who meet cash
 * and margin needs by selling their lowest-conviction holdings first, with the sales moving
 * each class through its own depth, iterated within the step. BTC sales go to the market as
 * forced selling. Equations: README.md (same symbols).
 */
export const liquidity = defineModel({
  name: 'liquidity',
  title: 'Liquidity: dry powder, central-bank pipes, AI capex, cost of capital, duration repricing, conviction-ordered forced selling',
  readme: 'src/models/liquidity/README.md',
  params: liquidityParams,
  io: (settings) => ({
    signals: liquiditySignals(shapeOf(settings)),
    state: { path: PATH.width },
    events: [{ name: 'liquidity.dryPowderGone', signal: DRY_POWDER.name, op: '<=', value: 0, description: 'dry powder exhausted: AI funding now sells assets' }],
  }),
  prepare: prepareLiquidity,
  init: initLiquidity,
  paramsChanged: liquidityParamsChanged,
  step: stepLiquidity,
});
