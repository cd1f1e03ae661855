import { z } from 'zod';
import { isoDateSchema } from '../../engine/iso-date.js';
import { num, struct, type NumberParam } from '../../engine/params.js';

/** One efficiency class of mining machines: its power use and share of installed capacity. */
export interface FleetClass {
  name: string;
  /** ε_k: power per hashrate, J/TH (= W per TH/s). */
  jPerTh: number;
  /** m_k: share of installed capacity at the start (normalised over the classes). */
  share: number;
}

/**
 * The number fields of a fleet class. Both are required in every entry (plain numbers, the same
 * on every path: the class's breakeven enters the per-path constants); the defaults listed are
 * the default fleet's capacity-weighted mean efficiency and an equal share.
 */
export const FLEET_FIELDS = {
  jPerTh: num({
    unit: 'J/TH',
    default: 19.65,
    min: 0,
    exclusiveMin: true,
    description: 'ε_k: efficiency of the class, J/TH.',
    source: 'domain.md §4: S21 XP 13.5, S21 Pro 15, S21 17.5, M66S+ 17, S19 XP 21.5 J/TH [65–69]; S19j Pro 29.5 and S19 34 J/TH are the makers’ published specs',
  }),
  share: num({
    unit: 'fraction',
    default: 1,
    min: 0,
    description: 'm_k: share of installed capacity at the start (normalised over the list).',
    source: 'assumption: no public census of the fleet by model (README)',
  }),
} satisfies Record<keyof Omit<FleetClass, 'name'>, NumberParam>;

/** Zod schema of a plain number field (no distribution) in its declared range. */
function plainNumber(decl: NumberParam) {
  let s = z.number();
  if (decl.min !== undefined) s = decl.exclusiveMin ? s.gt(decl.min) : s.min(decl.min);
  if (decl.max !== undefined) s = decl.exclusiveMax ? s.lt(decl.max) : s.max(decl.max);
  return s.meta({ description: decl.description });
}

const fleetSchema = z
  .array(
    z.object({
      name: z.string().min(1).meta({ description: 'A label, e.g. "S21 class".' }),
      jPerTh: plainNumber(FLEET_FIELDS.jPerTh),
      share: plainNumber(FLEET_FIELDS.share),
    }),
  )
  .min(1)
  .max(12)
  .refine((list) => list.some((c) => c.share > 0), { message: 'expected at least one class with share > 0' });

/**
 * The installed fleet of early 2026 by efficiency class. Specs of the current models are in
 * domain.md §4; the shares are an assumption (no public census of the fleet by model).
 */
export const DEFAULT_FLEET: FleetClass[] = [
  { name: 'S21 XP / S21 Pro class', jPerTh: 14, share: 0.25 },
  { name: 'S21 / M66S+ class', jPerTh: 17.5, share: 0.35 },
  { name: 'S19 XP class', jPerTh: 21.5, share: 0.25 },
  { name: 'S19j Pro class', jPerTh: 29.5, share: 0.1 },
  { name: 'S19 and older', jPerTh: 34, share: 0.05 },
];

/**
 * κ_m, the share of US capacity curtailed in each month (January … December): the summer dip of
 * the world hashrate below its spring–autumn trend in 2023 and 2025, measured month by month
 * from data/ (season.spec.ts derives it again), divided by the US share 0.36.
 */
export const US_SEASONAL_CURTAILMENT: number[] = [0, 0, 0, 0, 0, 0.107, 0.132, 0.143, 0.061, 0, 0, 0];

/**
 * Network parameters. The chain state defaults are the real state at 2026-02-05 00:00 UTC (the
 * flagship's start), from data/btc_hashrate_difficulty_daily.csv and data/btc_difficulty_epochs.csv;
 * numbers in brackets are references in ../shared/reference/domain.md.
 */
export const networkParams = {
  startFrom: struct<string | null>({
    schema: isoDateSchema.nullable(),
    default: null,
    unit: 'date',
    summary: 'none (the chain state below)',
    shapesState: 'the starting state is built from data once, before the run',
    description:
      'Build the starting state at 00:00 UTC of this date (the scenario’s start) from data/ before it: startHeight, difficulty, daysSinceRetarget, hashrateEh (7-day mean), and unless set deliveriesPerYear and orderRefHashpriceUsdPerPhDay by the backtests’ rules (README “Start from a date”).',
    source: 'data/btc_hashrate_difficulty_daily.csv, data/btc_difficulty_epochs.csv, data/btc_price_daily_usd_bitstamp.csv (data/NOTICE.md)',
  }),
  startHeight: num({
    unit: 'blocks',
    default: 935_052,
    min: 0,
    max: 13_440_000,
    integer: true,
    description: 'h₀: height of the chain tip at the start.',
    source:
      'data/: the retarget block 933,408 was mined 2026-01-22 with 35 of that day’s 161 blocks after it; daily block counts (hashrate·86400/(D·2³²), whole numbers) to 2026-02-04 add 1,610: tip 935,052 at 2026-02-05 00:00 UTC (±2)',
  }),
  difficulty: num({
    unit: '—',
    default: 141_668_107_417_558.25,
    min: 1,
    description:
      'D₀: difficulty of the epoch under way at the start; mapped to the nearest compact nBits (8+ significant digits give the chain’s own nBits exactly).',
    source: 'data/btc_difficulty_epochs.csv, epoch 463 (heights 933,408–935,423, nBits 0x1701fca1); it retargeted on 2026-02-07 by −11.16% to 125.86T [58]',
  }),
  daysSinceRetarget: num({
    unit: 'days',
    default: 13.22,
    min: 0,
    max: 100,
    description: 'Time from the first block of the current epoch to the start (the retarget clock).',
    source: 'data/: block 933,408 at ≈2026-01-22 18:45 UTC (35 of 161 daily blocks after it), to 2026-02-05 00:00 UTC; ±1 h',
  }),
  hashrateEh: num({
    unit: 'EH/s',
    default: 1000,
    min: 0,
    exclusiveMin: true,
    description: 'H₀: operating network hashrate at the start; the installed fleet is scaled so that it runs this much at the starting hashprice.',
    source:
      'data/: blocks on 2026-02-04..06 at 141.67T imply 1,000/894/1,021 EH/s, on 02-08..12 at 125.86T 1,013 EH/s; domain.md §4: ~1.1 ZH/s peak in Oct 2025 [56], −14% over 90 days [6]',
  }),
  usShare: num({
    unit: 'fraction',
    default: 0.36,
    min: 0,
    max: 1,
    description: 's_US: US share of the operating hashrate at the start.',
    source: 'domain.md §4: US share ~36% (Cambridge’s survey says 75.4% but is US-biased) [62]',
  }),
  chinaShare: num({
    unit: 'fraction',
    default: 0.14,
    min: 0,
    max: 1,
    description: 's_CN: share of the operating hashrate in China and East Asia at the start (the rest of the world is 1 − s_US − s_CN − s_RU).',
    source:
      'assumption informed by public reporting: Cambridge CBECI mining map 46% (Apr 2021), 0% (Jul–Aug 2021), ~21% (Jan 2022, covert mining); press estimates of ~14% in late 2025 (unverified, not in domain.md)',
  }),
  russiaShare: num({
    unit: 'fraction',
    default: 0.15,
    min: 0,
    max: 1,
    description: 's_RU: share of the operating hashrate in Russia and Central Asia at the start.',
    source:
      'assumption informed by public reporting: Cambridge CBECI mining map, Kazakhstan 8.2% + Russia 6.8% (Apr 2021), 18.1% + 11.2% (Aug 2021), 13.2% + 4.7% (Jan 2022); Russia’s own share has grown since (press estimates 10–16%, unverified)',
  }),
  feesBtcPerBlock: num({
    unit: 'BTC/block',
    default: 0.036,
    min: 0,
    description: 'F: transaction fees per block (a distribution gives each path its own level).',
    source: 'domain.md §4: 2025 average 0.036 BTC/block [53]; fees <1% of revenue [52]',
  }),
  fleet: struct<FleetClass[]>({
    schema: fleetSchema,
    default: DEFAULT_FLEET,
    unit: 'J/TH, share',
    summary: '14 J/TH 25%, 17.5 35%, 21.5 25%, 29.5 10%, 34 5% (mean 19.65 J/TH)',
    shapesState: 'the number of classes shapes the state; set newJPerTh or the power prices instead',
    fields: { entry: '[i]', fields: FLEET_FIELDS },
    description: 'The installed fleet by efficiency class (same mix in both regions); new machines form a class of their own (newJPerTh).',
    source:
      'efficiencies: domain.md §4 — S21 XP 13.5, S21 Pro 15, S21 17.5, M66S+ 17, S19 XP 21.5 J/TH [65–69]; S19j Pro 29.5 and S19 34 J/TH are the makers’ published specs (not in domain.md); shares: assumption (no public census of the fleet), chosen so that the fleet ran through Feb–Mar 2026 at $29–31/PH/day as the real difficulty shows (README)',
  }),
  newJPerTh: num({
    unit: 'J/TH',
    default: 15,
    min: 1,
    max: 200,
    description: 'ε_new: efficiency of machines delivered during the run.',
    source: 'domain.md §4: S21 Pro 15 J/TH [66], between the S21 XP (13.5) and S21 (17.5) [65][67]',
  }),
  usPowerUsdPerKwh: num({
    unit: 'USD/kWh',
    default: 0.04,
    min: 0,
    exclusiveMin: true,
    description: 'p̃_US: median power price of US machines (the merit order spreads prices around it).',
    source:
      'domain.md §4: public miners’ cash costs $26–30/PH/day [54][55] are $0.055–0.064/kWh at a 19.65 J/TH fleet, power being most but not all of it; 0.035–0.045 fit the 2022 and 2024 backtests equally (README)',
  }),
  chinaPowerUsdPerKwh: num({
    unit: 'USD/kWh',
    default: 0.04,
    min: 0,
    exclusiveMin: true,
    description: 'p̃_CN: median power price of machines in China and East Asia.',
    source: 'assumption: as the US; no regional cost survey in domain.md; the backtests see only the world total',
  }),
  russiaPowerUsdPerKwh: num({
    unit: 'USD/kWh',
    default: 0.04,
    min: 0,
    exclusiveMin: true,
    description: 'p̃_RU: median power price of machines in Russia and Central Asia.',
    source: 'assumption: as the US; no regional cost survey in domain.md; the backtests see only the world total',
  }),
  rowPowerUsdPerKwh: num({
    unit: 'USD/kWh',
    default: 0.04,
    min: 0,
    exclusiveMin: true,
    description: 'p̃_RoW: median power price of machines in the rest of the world (outside the US, China/East Asia, Russia/Central Asia).',
    source: 'assumption: as the US; no regional cost survey in domain.md; the backtests see only the world total',
  }),
  powerPriceSpread: num({
    unit: '—',
    default: 0.2,
    min: 0.01,
    max: 3,
    description:
      's: log-logistic scale of power prices around the median; a class runs a share 1/(1 + (24·ε·p̃/HP)^(1/s)) of its machines (s = 0.2: the middle half pays p̃/1.25 … p̃·1.25).',
    source: 'assumption: 0.15–0.25 fit the 2022 and 2024 backtests about equally (README); larger values give too deep a dip after the 2024 halving',
  }),
  responseDays: num({
    unit: 'days',
    default: 14,
    min: 0,
    max: 365,
    description: 'τ_op: operators switch machines on and off on the hashprice smoothed over this time (0: the same day).',
    source: 'assumption: hedges, contracts and waiting out a retarget; fitted by hand to the gradual hashrate fall after the 2024 halving (README)',
  }),
  leadTimeDays: num({
    unit: 'days',
    default: 120,
    min: 1,
    max: 1000,
    description: 'L: mean time from ordering a machine to hashing (Erlang, 3 stages).',
    source: 'assumption: ~6 weeks’ delivery in normal times (seed S6: 6 weeks, 3+ months under stress; unverified, domain.md §5) plus site build-out',
  }),
  deliveriesPerYear: num({
    unit: '1/year',
    default: 0.24,
    min: 0,
    max: 5,
    description: 'd₀: machines arriving from the pipeline at the start, as a share of installed capacity per year (the pipeline is full at this rate).',
    source:
      'data/, by the backtests’ rule (README): the mean of the 6- and 12-month log growth per year of the 30-day mean hashrate before 2026-02-05 (+0.08, +0.20) plus wear-out ω = 0.1',
  }),
  orderRefHashpriceUsdPerPhDay: num({
    unit: 'USD/(PH/s)/day',
    default: 45,
    min: 0,
    exclusiveMin: true,
    description: 'HP_ref: the smoothed hashprice at which new orders run at the rate d₀.',
    source: 'data/: mean hashprice over the 180 days before 2026-02-05 (F = 0.036), $45.2/PH/day',
  }),
  orderElasticity: num({
    unit: '—',
    default: 0.5,
    min: 0,
    max: 10,
    description: 'η: orders per installed capacity scale as (H̄P/HP_ref)^η.',
    source: 'assumption: machine deliveries are set by production more than by hashprice (2022: +35% with hashprice −75%); the backtests are insensitive to 0 … 1 (README)',
  }),
  hashpriceSmoothingDays: num({
    unit: 'days',
    default: 30,
    min: 0,
    max: 1000,
    description: 'τ: time constant of the smoothed (geometric-mean) hashprice H̄P behind orders.',
    source: 'assumption: ordering decisions look at about a month of revenue',
  }),
  wearOutPerYear: num({
    unit: '1/year',
    default: 0.1,
    min: 0,
    max: 5,
    description: 'ω: share of installed machines retired per year whatever the hashprice (failures, age).',
    source: 'assumption: a ~10-year mean life of hash boards in service; failures are not public (domain.md §4: ~10% of S19 XP fleets failed [70])',
  }),
  retireCurtailedPerYear: num({
    unit: '1/year',
    default: 1,
    min: 0,
    max: 50,
    description: 'ρ: rate at which machines that are switched off leave the fleet (sold for parts, scrapped), per year off.',
    source: 'assumption: an unprofitable machine is kept about a year in the hope of recovery; the backtests are insensitive to 0.5 … 2 (README)',
  }),
  usAvailability: num({
    unit: 'fraction',
    default: 1,
    min: 0,
    max: 1,
    description: 'a_US: share of US capacity able to run (a scheduled set models a storm curtailment or a grid event).',
    source: 'no effect by default; e.g. the Jan 2026 winter storm took Foundry from 328 to 139 EH/s (domain.md §4 [59])',
  }),
  usSeasonalCurtailment: struct<number[]>({
    schema: z
      .array(z.number().min(0).max(1))
      .length(12)
      .meta({ description: 'κ_m: 12 shares of US capacity curtailed, January … December.' }),
    default: US_SEASONAL_CURTAILMENT,
    unit: 'fraction by month',
    summary: 'Jun 0.107, Jul 0.132, Aug 0.143, Sep 0.061, else 0',
    description:
      'κ_m: share of US capacity that does not run in month m (January … December) whatever the hashprice: summer curtailment in the afternoon peaks (ERCOT 4CP charges June–September, demand response, heat waves). 12 values in [0, 1], each constant within its month (twelfths of the year); the US runs a_US·(1 − κ(d)) of its merit order on day d; no relocation, no retirement (the machines come back). All zeros: no season.',
    source:
      'data/btc_hashrate_difficulty_daily.csv: in 2023 and 2025 (no halving, no summer price crash) the monthly mean hashrate of June–September sat 3.9, 4.8, 5.1, 2.2% below the log-linear line from the March–April to the October–November means (2022 and 2024, the backtest years, not used), ÷ the US share 0.36 (domain.md §4); attribution to the US an assumption informed by reporting: Riot, August 2023, 333 BTC (−19% on July) and $31.6M of ERCOT power and demand-response credits; Riot, August 2024, average operating hashrate −7% from heat and curtailment (press reports of the companies’ monthly updates)',
  }),
  chinaAvailability: num({
    unit: 'fraction',
    default: 1,
    min: 0,
    max: 1,
    description: 'a_CN: share of China/East Asia capacity able to run (a scheduled set models a ban: its idle machines relocate, see relocation*).',
    source: 'no effect by default; the 2021 ban: scenarios/china-ban-2021.yaml',
  }),
  russiaAvailability: num({
    unit: 'fraction',
    default: 1,
    min: 0,
    max: 1,
    description: 'a_RU: share of Russia/Central Asia capacity able to run (e.g. Kazakhstan’s January 2022 shutdown, Russia’s regional bans).',
    source: 'no effect by default',
  }),
  rowAvailability: num({
    unit: 'fraction',
    default: 1,
    min: 0,
    max: 1,
    description: 'a_RoW: share of rest-of-world capacity able to run.',
    source: 'no effect by default',
  }),
  relocationWaitDays: num({
    unit: 'days',
    default: 14,
    min: 0,
    max: 365,
    description: 'W: a region’s machines start to relocate only once it has been below full availability this long (a storm or a grid event passes; a ban does not).',
    source: 'assumption: China’s provincial shutdown orders came 2–4 weeks after the State Council statement of 2021-05-21 and miners were loading trucks within days of them (press reports, June 2021)',
  }),
  relocationDecisionDays: num({
    unit: 'days',
    default: 20,
    min: 1,
    max: 1000,
    description: 'τ_dec: after the wait, idle machines of an unavailable region leave at the rate 1/τ_dec (dismantling, sale, booking freight).',
    source: 'assumption: China’s hashrate went from ~46% to ~0% of the world in about 6 weeks of June–July 2021 (CBECI mining map)',
  }),
  relocationShare: num({
    unit: 'fraction',
    default: 0.85,
    min: 0,
    max: 1,
    description: 'μ: share of the leaving machines that are moved abroad if they would run there after paying the move; the rest are sold for parts, scrapped or wait.',
    source:
      'assumption, fitted to the 2021 recovery (backtest: the date of 95% of the pre-ban level); reporting of 2021: most large Chinese farms shipped their machines to the US, Kazakhstan and Russia, older S9-class machines were sold off',
  }),
  relocationLeadTimeDays: num({
    unit: 'days',
    default: 90,
    min: 1,
    max: 1000,
    description: 'L_m: mean time from leaving a region to hashing elsewhere (Erlang, 3 stages): freight, customs, site build-out, energisation.',
    source: 'assumption informed by reporting of 2021: freight from China 4–8 weeks with customs, hosting sites full and new ones 3–6 months away; the real hashrate took ~4 months from its July 2021 trough to recover',
  }),
  relocationCostUsdPerTh: num({
    unit: 'USD/TH',
    default: 3,
    min: 0,
    max: 1000,
    description: 'C_m: cost of moving a machine (freight, duties, set-up), per TH/s; a machine is moved only if it runs at the hashprice after paying it back over 180 days (κ = 1000·C_m/180 USD per PH/s per day added to its breakeven).',
    source: 'assumption: freight and set-up of ~$300 for a ~100 TH/s machine in 2021 (press reports, unverified); payback time an assumption',
  }),
  hostingGrowthPerYear: num({
    unit: '1/year',
    default: 1.5,
    min: 0,
    max: 50,
    description: 'χ: the relocated machines a receiving region can energise per year, as a share of its own installed capacity (limited sites, transformers, power contracts); the rest queue.',
    source: 'CBECI mining map × hashrate: the US went from ~17% of ~160 EH/s (Apr 2021, ~27 EH/s) to ~35% of ~110 EH/s (Aug 2021, ~39 EH/s), about +1.3/yr of its size besides new deliveries; assumption beyond that',
  }),
  usOrderMultiplier: num({
    unit: 'fraction',
    default: 1,
    min: 0,
    max: 10,
    description: 'o_US: multiplies US orders of new machines (below 1: a sales ban or tariffs; with the mining model, its own deliveries rule the US).',
    source: 'no effect by default',
  }),
  miningCoupling: num({
    unit: 'fraction',
    default: 1,
    min: 0,
    max: 1,
    description:
      'c: when the mining model writes mining.operatingHashrateEh, the US hashrate is (1 − c)·(own merit order) + c·H_US,0·M_{t−1}/M_ref, M_ref its first value.',
    source: 'assumption: the mining model’s fleet stands for the US fleet; without that model this does nothing',
  }),
};

export type NetworkParams = typeof networkParams;
