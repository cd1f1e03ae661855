import { fileURLToPath } from 'node:url';
import { BacktestInputError, indexOf, priceOrigin, readDailySeries, type DailySeries, type PriceOrigin } from '../../backtest/history.js';
import type { ResolveEnv, SettingIssue } from '../../engine/model.js';
import type { ParamSettings } from '../../engine/params.js';
import type { marketParams } from './params.js';

/*
 * The market's starting state at a date from the daily price before it: one function for the
 * scenario's `market.startFrom` and for the rolling-origin backtest (src/backtest/run-backtest.ts).
 */

/** The parameters a starting date sets. */
export const FROM_PRICES = ['priceUsd', 'peakUsd', 'initialRegime', 'initialVolPerSqrtYear'] as const;

/** A number setting's typical value: the number, or a distribution's median (mean, mode), else `fallback`. */
export function typicalValue(v: unknown, fallback: number): number {
  if (typeof v === 'number') return v;
  const d = v as { median?: number; mean?: number; mode?: number } | undefined;
  return Number(d?.median ?? d?.mean ?? d?.mode ?? fallback);
}

/**
 * The market at an origin: price P₀ and running peak from the data on or before it, σ₀ the
 * RiskMetrics EWMA volatility of the returns up to it, and the regime: stress when σ₀ is above
 * the geometric mean of σ_calm and σ_stress (their typical values).
 */
export function marketStateAt(origin: PriceOrigin, volCalm: number, volStress: number): { priceUsd: number; peakUsd: number; initialRegime: 'calm' | 'stress'; initialVolPerSqrtYear: number } {
  return {
    priceUsd: origin.priceUsd,
    peakUsd: origin.peakUsd,
    initialRegime: origin.ewmaVolPerSqrtYear > Math.sqrt(volCalm * volStress) ? 'stress' : 'calm',
    initialVolPerSqrtYear: origin.ewmaVolPerSqrtYear,
  };
}

/** The shipped daily price (data/, NOTICE.md). */
const PRICE_FILE = fileURLToPath(new URL('../../../data/btc_price_daily_usd_bitstamp.csv', import.meta.url));
let prices: DailySeries | null = null;

/** The market's `resolveSettings`: with `startFrom`, the state of {@link marketStateAt} from the shipped price. */
export function resolveMarketSettings(settings: ParamSettings<typeof marketParams>, env: ResolveEnv): { settings: ParamSettings<typeof marketParams>; issues: SettingIssue[] } {
  const from = settings.startFrom;
  if (!from) return { settings, issues: [] };
  const issues: SettingIssue[] = [];
  if (from !== env.startDate) issues.push({ param: 'startFrom', message: `expected the scenario's start ${env.startDate}, found ${from}` });
  for (const k of FROM_PRICES) if (env.given.has(k)) issues.push({ param: k, message: `expected no ${k} with startFrom (it builds ${k} from the price before the start), found both; remove one` });
  if (issues.length) return { settings, issues };
  prices ??= readDailySeries(PRICE_FILE);
  let origin: PriceOrigin;
  try {
    origin = priceOrigin(prices, indexOf(prices, from));
  } catch (err) {
    if (!(err instanceof BacktestInputError)) throw err;
    return { settings, issues: [{ param: 'startFrom', message: `${err.message} (data/btc_price_daily_usd_bitstamp.csv)` }] };
  }
  const state = marketStateAt(origin, typicalValue(settings.volCalmPerSqrtYear, NaN), typicalValue(settings.volStressPerSqrtYear, NaN));
  return { settings: { ...settings, ...state }, issues };
}
