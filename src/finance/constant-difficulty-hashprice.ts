import { num } from '../engine/params.js';

/*
 * Hashprice when no model simulates the network: HP = (S + F)·P·86400·10¹⁵/(D·2³²) (see
 * models/network/chain.ts) is proportional to the BTC price P while the reward S + F and the
 * difficulty D stand still, so a hashprice HP₀ known at the start price P₀ moves as
 *
 *   HP = HP₀·P/P₀.
 *
 * The lender and mining models both fall back on this when network.hashpriceUsdPerPhDay is
 * not written; one parameter declaration and one function serve both.
 */

/** HP₀·P/P₀: hashprice at price P, for HP₀ at the start price P₀ and constant difficulty and reward. */
export function hashpriceAtConstantDifficulty(startHashpriceUsdPerPhDay: number, priceUsd: number, startPriceUsd: number): number {
  return (startHashpriceUsdPerPhDay * priceUsd) / startPriceUsd;
}

/** HP₀, the `hashpriceUsdPerPhDay` parameter of the models that fall back on {@link hashpriceAtConstantDifficulty}. */
export const fallbackHashpriceParam = num({
  unit: 'USD/(PH/s)/day',
  default: 30,
  min: 0,
  exclusiveMin: true,
  description: 'Fallback hashprice at the start when no model writes network.hashpriceUsdPerPhDay; it then moves with the BTC price (constant difficulty).',
  source: 'domain.md §4: hashprice below $30/PH/day in February 2026 [49]',
});
