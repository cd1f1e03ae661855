/*
 * The leverage model's step in C (src/models/leverage/kernel.ts `step`, with cascade.ts, book.ts,
 * rebuild.ts and grid.ts as it calls them, and finance/brownian-bridge-extremes.ts,
 * square-root-impact.ts, square-root-impact-average.ts and transient-impact.ts), as the
 * yardstick of the engine's: bench/leverage-c.mjs (node bench/run.mjs --kernel leverage-c) runs
 * the flagship on one block in the engine, captures what the leverage step reads at every step
 * (the market's price, return, peak, volume and σ_d as the models before it left them, the
 * shocks of its low and high), its per-path parameters, and its record, classes and generators
 * at the start, writes them to files and the record layout, venues and class weights to a
 * header this file is compiled with (-include), so both replay the same steps.
 *
 * Each step, per path: the day's low and high (a Brownian bridge from two words of the path's
 * generator), the two cascades over every venue's book, the close moved by the cascades'
 * transient impact, then deleveraging, turnover, rebuild and new positions, venue by venue, and
 * the model's outputs. The functions and their names follow the TypeScript, line for line; the
 * arithmetic is the engine's operation for operation (its table-driven exp, V8's log: both in
 * kernel-common.h; Math.round as JavaScript rounds), so that a build without fused multiply-adds
 * (-ffp-contract=off) reproduces its record and outputs bit for bit (the bench checks it); the
 * timed build allows them. The layout constants (K, V, the offsets, the classes in force J and
 * their weights) are compile-time here, as a native port would have them (the harness replays
 * no scheduled set of a leverage parameter, which could change J and the weights).
 *
 * Read-ahead: the TypeScript step loads the cache lines of the next paths first (kernel.ts,
 * warmScalars and warmRows) because JavaScript has no prefetch. Here the same lines are asked
 * for with __builtin_prefetch when READ_AHEAD is 1 (the default; -DREAD_AHEAD=0 drops it; the
 * bench README says what each measured); it changes no result.
 *
 * Usage: leverage-kernel RECORDS CLASSES RNG PARAMS INPUTS SHOCKS BLOCK STEPS PATHS [FINAL]
 *   FINAL: after STEPS steps of one repeat of the block, its records, price, return, drawdown,
 *   peak, the model's outputs and its generator states (the order of bench/leverage-c.mjs).
 * Prints one JSON line: {"paths", "steps", "seconds", "pathStepsPerSecond", "value"}.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kernel-common.h"

#ifndef READ_AHEAD
#define READ_AHEAD 1
#endif

static const double FUND_DRAW[V] = FUND_DRAW_INIT;
static const double W_LONG[V * CAPACITY] = W_LONG_INIT;
static const double W_SHORT[V * CAPACITY] = W_SHORT_INIT;
static const double W_FLUSH[CAPACITY] = W_FLUSH_INIT;

/* JavaScript's Math.round: the nearest integer, halves up (not C's round, halves away from 0). */
static inline double js_round(double x) {
  const double f = floor(x);
  return x - f >= 0.5 ? f + 1 : f;
}
/* Math.min and Math.max of two numbers, NaN propagating as in JavaScript (signed zeros aside). */
static inline double js_min(double a, double b) { return a != a || b != b ? a + b : a < b ? a : b; }
static inline double js_max(double a, double b) { return a != a || b != b ? a + b : a > b ? a : b; }

/* ---- finance/ ---- */

/* brownian-bridge-extremes.ts: the bridge's maximum and minimum for the uniform u. */
static inline double bridge_max_from_uniform(double a, double b, double s, double u) {
  const double d = b - a;
  return 0.5 * (a + b + sqrt(d * d - 2 * s * s * js_log(u)));
}
static inline double bridge_min_from_uniform(double a, double b, double s, double u) {
  const double d = b - a;
  return 0.5 * (a + b - sqrt(d * d - 2 * s * s * js_log(u)));
}

/* square-root-impact.ts: the log-price move of a signed flow (sells > 0). */
static inline double sqrt_impact_log_return(double flow_usd, double daily_volume_usd, double daily_vol, double y) {
  if (flow_usd == 0) return 0;
  const double size = sqrt(fabs(flow_usd) / daily_volume_usd);
  return flow_usd > 0 ? -y * daily_vol * size : y * daily_vol * size;
}

/* square-root-impact-average.ts: the average impact over the slice q0 … q1 of a flow. */
static inline double sqrt_impact_slice_average(double q0, double i0, double q1, double i1) {
  const double dq = q1 - q0;
  /* a slice too thin to resolve: its average is the marginal level, I(q1) */
  if (!(fabs(dq) > 1e-12 * fabs(q1))) return i1;
  return ((2.0 / 3) * (q1 * i1 - q0 * i0)) / dq;
}

/* transient-impact.ts: one step of the metaorder state at rec[o …]; returns the change of ln P. */
static double transient_impact_step(double *rec, size_t o, double flow_usd, double daily_volume_usd, double daily_vol, double y, double permanent_share, double keep) {
  const double before = rec[o + TI_TRANSIENT_LOG] + rec[o + TI_PERMANENT_LOG];
  if (flow_usd != 0) {
    const double m = rec[o + TI_METAORDER_USD];
    const double next = m + flow_usd;
    const double scale = y * daily_vol;
    const double a_before = m >= 0 ? scale * sqrt(m / daily_volume_usd) : -scale * sqrt(-m / daily_volume_usd);
    const double a_after = next >= 0 ? scale * sqrt(next / daily_volume_usd) : -scale * sqrt(-next / daily_volume_usd);
    const double marginal = a_after - a_before;
    rec[o + TI_METAORDER_USD] = next;
    rec[o + TI_PERMANENT_LOG] += permanent_share * marginal;
    rec[o + TI_TRANSIENT_LOG] += (1 - permanent_share) * marginal;
  } else {
    rec[o + TI_METAORDER_USD] *= keep;
    rec[o + TI_TRANSIENT_LOG] *= keep;
  }
  /* displacement of ln P: selling (positive A) lowers the price */
  return before - (rec[o + TI_TRANSIENT_LOG] + rec[o + TI_PERMANENT_LOG]);
}

/* ---- layout.ts: the reused results of a leg and of a path-step's cascades ---- */

typedef struct {
  double x, impact, contracts, usd, adl_contracts, adl_usd;
  int bins, next;
  double venue_contracts[V], venue_usd[V], venue_adl_contracts[V], venue_adl_usd[V];
} LegResult;

typedef struct {
  double impact_long, impact_short, removed, long_usd, short_usd, adl_usd;
  double venue_removed[V], venue_long_usd[V], venue_short_usd[V], venue_adl_usd[V];
} DayResult;

/* Where a leg finds each venue's scale, fund and floor (book.ts VenueScalars; stride VENUE_width). */
typedef struct {
  size_t venues;
  int scale, fund, floor;
} VenueScalars;

/* The per-path parameter lanes the step reads (the order of PARAMS in bench/leverage-c.mjs). */
typedef struct {
  const double *p[N_PARAMS];
} Params;

/* The block's output buffers (outputs.ts): the totals, then per venue its five roles. */
typedef struct {
  double *long_usd, *short_usd, *total_usd, *adl_usd, *oi_usd, *fund, *low, *high, *cascade, *oi_btc, *removed, *net_new;
  double *venue[V][N_VOUT];
} Outputs;

/* What prepare builds once (LeverageRun): results and scratch, nothing allocated in the step. */
typedef struct {
  LegResult leg;
  DayResult day;
  double oi_before[V], opened[V];
  double open_ln_long[CAPACITY], open_ln_short[CAPACITY];
  int open_bin_long[CAPACITY], open_bin_short[CAPACITY];
  uint32_t *words;
} Run;

/* ---- book.ts ---- */

/* The bin of a liquidation log price on a side whose bin 0 is grid index `base`, clipped into the grid. */
static inline int bin_of(double ln_liq, double base) {
  const double j = js_round(ln_liq / H) - base;
  return j < 0 ? 0 : j >= K ? K - 1 : (int)j;
}

/*
 * One side's cascade of every venue's positions, meeting in one price: the fixed point of the
 * square-root law from the extreme `ext`, bin by bin from `start`, venues in order within a
 * bin, the fund paying losses past bankruptcy down to its floor and ADL closing the rest
 * (book.ts cascadeLeg has the whole story). The side's bins are at rec[s …].
 */
static void cascade_leg(LegResult *out, double *rec, size_t s, int start, double base, const VenueScalars *vs, double sg, double ext, double v, double sigma, double y, double bankrupt_factor, double remaining_to_fund, double gap) {
  double *v_contracts = out->venue_contracts, *v_usd = out->venue_usd, *v_adl_contracts = out->venue_adl_contracts, *v_adl_usd = out->venue_adl_usd;
  for (int u = 0; u < V; u++) {
    v_contracts[u] = 0;
    v_usd[u] = 0;
    v_adl_contracts[u] = 0;
    v_adl_usd[u] = 0;
  }
  const size_t venues = vs->venues;
  const int scale_at = vs->scale, fund_at = vs->fund, floor_at = vs->floor;
  double x = ext, q = 0, i0 = 0, contracts = 0, usd = 0, adl_contracts = 0, adl_usd = 0;
  int bins = 0;
  const int dj = sg > 0 ? -1 : 1; /* j −= sg */
  int j = start;
  for (; j >= 0 && j < K; j += dj) {
    const size_t row = s + 2 * (size_t)j * V;
    int pending = 0;
    int filled = 0;
    for (int pass = 0; pass < V; pass++) {
      int progressed = 0;
      pending = 0;
      for (int u = 0; u < V; u++) {
        const double stored = rec[row + 2 * u];
        if (stored == 0) continue;
        filled = 1;
        const double c = rec[row + 2 * u + 1] / stored; /* the bin's level: mean liquidation log price */
        if (sg * (c - x) < 0) {
          pending++;
          continue;
        }
        rec[row + 2 * u] = 0;
        rec[row + 2 * u + 1] = 0;
        bins++;
        progressed = 1;
        const size_t sc = venues + (size_t)u * VENUE_width;
        const double n = stored * rec[sc + scale_at];
        const double p_liq = fast_exp(c);
        const double value = n * p_liq;
        double q1 = q + value;
        double i1 = sqrt_impact_log_return(sg * q1, v, sigma, y);
        /* the trigger price: the bin's level when the market's move crossed it (a share γ of the
         * way to the extreme in a fast move), else the cascade's price when the queue reached it,
         * if that is already past the level */
        const int crossed_by_market = sg * (c - ext) >= 0;
        const double reached = ext + i0;
        const double trigger = crossed_by_market ? c + gap * (ext - c) : sg > 0 ? (reached < c ? reached : c) : reached > c ? reached : c;
        const double fill = trigger + sqrt_impact_slice_average(sg * q, i0, sg * q1, i1) - i0;
        const double p_bankrupt = p_liq * bankrupt_factor;
        /* the position's loss beyond its margin (> 0), or the margin left at the fill (< 0) */
        const double loss = sg * (p_bankrupt - fast_exp(fill)) * n;
        double fund = rec[sc + fund_at];
        const double floor_ = rec[sc + floor_at];
        double executed = 1;
        if (loss <= 0) fund -= loss * remaining_to_fund;
        else if (fund - floor_ >= loss) fund -= loss;
        else {
          /* the venue's ADL rule: the fund pays down to its floor, the rest is deleveraged */
          const double available = fund > floor_ ? fund - floor_ : 0;
          executed = available / loss;
          fund -= available;
          q1 = q + executed * value;
          i1 = sqrt_impact_log_return(sg * q1, v, sigma, y);
          const double adl = (1 - executed) * n;
          adl_contracts += adl;
          adl_usd += adl * p_bankrupt;
          v_adl_contracts[u] += adl;
          v_adl_usd[u] += adl * p_bankrupt;
        }
        rec[sc + fund_at] = fund;
        contracts += executed * n;
        usd += executed * value;
        v_contracts[u] += executed * n;
        v_usd[u] += executed * value;
        q = q1;
        i0 = i1;
        x = ext + i1;
      }
      if (pending == 0 || !progressed) break;
    }
    if (pending > 0) break; /* a venue's positions here not reached: none beyond them is */
    /* an empty grid bin whose near edge the price has not reached: nothing beyond it is reached */
    if (!filled && sg * ((base + j + 0.5 * sg) * H - x) < 0) break;
  }
  out->x = x;
  out->impact = i0;
  out->contracts = contracts;
  out->usd = usd;
  out->adl_contracts = adl_contracts;
  out->adl_usd = adl_usd;
  out->bins = bins;
  out->next = j;
}

/* Shifts the K values at rec[o], rec[o + stride], … by s bins, all merging into one end bin (|s| ≥ K). */
static void shift_row(double *rec, size_t o, size_t stride, int s) {
  if (s > 0) {
    double merged = 0;
    for (int j = 0; j < s && j < K; j++) merged += rec[o + stride * j];
    for (int j = 0; j + s < K; j++) rec[o + stride * j] = rec[o + stride * (j + s)];
    for (int j = K - s > 0 ? K - s : 0; j < K; j++) rec[o + stride * j] = 0;
    rec[o] += merged;
  } else if (s < 0) {
    const int t = -s;
    double merged = 0;
    for (int j = K - t > 0 ? K - t : 0; j < K; j++) merged += rec[o + stride * j];
    for (int j = K - 1; j - t >= 0; j--) rec[o + stride * j] = rec[o + stride * (j - t)];
    for (int j = 0; j < t && j < K; j++) rec[o + stride * j] = 0;
    rec[o + stride * (K - 1)] += merged;
  }
}

/*
 * Moves a side's grid by `shift` bins (bin j takes what bin j + shift held), every venue's
 * contracts and moments; what would fall off an end merges into the end bin. A bin's 2V doubles
 * are contiguous and so are the bins: one memmove (the TypeScript's copyWithin) of those that stay.
 */
static void shift_book(double *rec, size_t s, int shift) {
  const int R = 2 * V;
  if (shift >= K || shift <= -K) {
    for (int f = 0; f < R; f++) shift_row(rec, s + f, R, shift);
    return;
  }
  if (shift > 0) {
    /* bins 0 … shift − 1 fall off the low end into what becomes bin 0 (now bin shift) */
    for (int f = 0; f < R; f++) {
      double merged = 0;
      for (int j = 0; j < shift; j++) merged += rec[s + f + R * j];
      rec[s + f + R * shift] += merged;
    }
    memmove(rec + s, rec + s + R * shift, sizeof(double) * R * (K - shift));
    memset(rec + s + R * (K - shift), 0, sizeof(double) * R * shift);
  } else if (shift < 0) {
    const int t = -shift;
    /* bins K − t … K − 1 fall off the high end into what becomes bin K − 1 (now bin K − 1 − t) */
    for (int f = 0; f < R; f++) {
      double merged = 0;
      for (int j = K - t; j < K; j++) merged += rec[s + f + R * j];
      rec[s + f + R * (K - 1 - t)] += merged;
    }
    memmove(rec + s + R * t, rec + s, sizeof(double) * R * (K - t));
    memset(rec + s, 0, sizeof(double) * R * t);
  }
}

/* ---- cascade.ts ---- */

/*
 * One side's cascade (sg = +1 longs from the low `ext`, −1 shorts from the high; totals in
 * run->leg), then on each venue the counterparties of every closed contract leave its other side
 * pro rata and its open interest falls by the contracts closed. Returns those contracts.
 */
static double liquidate_side(double *rec, size_t o, Run *run, double sg, double ext, double v, double sigma, double y, double remaining, double gap) {
  const size_t g = o + REC_scalars;
  const size_t mine = sg > 0 ? o + REC_longBins : o + REC_shortBins;
  const int near = sg > 0 ? S_nearLong : S_nearShort;
  LegResult *r = &run->leg;
  const VenueScalars vs = {o + REC_venues, sg > 0 ? VENUE_scaleLong : VENUE_scaleShort, VENUE_fund, VENUE_fundFloor};
  cascade_leg(r, rec, mine, (int)rec[g + near], rec[g + (sg > 0 ? S_baseLong : S_baseShort)], &vs, sg, ext, v, sigma, y, rec[g + (sg > 0 ? S_bankruptLong : S_bankruptShort)], remaining, gap);
  rec[g + near] = r->next;
  const int other = sg > 0 ? VENUE_scaleShort : VENUE_scaleLong;
  for (int u = 0; u < V; u++) {
    const double removed = r->venue_contracts[u] + r->venue_adl_contracts[u];
    const size_t at = vs.venues + (size_t)u * VENUE_width;
    const double oi = rec[at + VENUE_openInterest];
    if (removed > 0 && oi > 0) {
      const double keep = removed < oi ? (oi - removed) / oi : 0;
      rec[at + other] *= keep;
      rec[at + VENUE_openInterest] = oi - removed > 0 ? oi - removed : 0;
    }
  }
  return r->contracts + r->adl_contracts;
}

/*
 * The path's two cascades from the previous close lnA to the pre-cascade price lnB, the leg
 * against the step's net move first, after each venue's fund floor for the step; fills run->day.
 */
static void cascade_day(double *rec, size_t o, Run *run, double lnA, double lnB, double lo, double hi, double v, double sigma, double y, double rem, double gap) {
  DayResult *day = &run->day;
  const LegResult *r = &run->leg;
  const size_t vs0 = o + REC_venues;
  for (int u = 0; u < V; u++) rec[vs0 + u * VENUE_width + VENUE_fundFloor] = rec[vs0 + u * VENUE_width + VENUE_fund] * (1 - FUND_DRAW[u]);
  double impact_l = 0, impact_s = 0, removed = 0, long_usd = 0, short_usd = 0, adl_usd = 0;
  for (int u = 0; u < V; u++) {
    day->venue_removed[u] = 0;
    day->venue_adl_usd[u] = 0;
  }
  /* the leg against the step's net move first: a down step's high comes before its low */
  for (int k = 0; k < 2; k++) {
    const double sg = (k == 0) == (lnB < lnA) ? -1 : 1;
    removed += liquidate_side(rec, o, run, sg, sg > 0 ? lo : hi, v, sigma, y, rem, gap);
    double *side_usd = sg > 0 ? day->venue_long_usd : day->venue_short_usd;
    if (sg > 0) {
      impact_l = r->impact;
      long_usd = r->usd;
    } else {
      impact_s = r->impact;
      short_usd = r->usd;
    }
    adl_usd += r->adl_usd;
    for (int u = 0; u < V; u++) {
      side_usd[u] = r->venue_usd[u];
      day->venue_removed[u] += r->venue_contracts[u] + r->venue_adl_contracts[u];
      day->venue_adl_usd[u] += r->venue_adl_usd[u];
    }
  }
  day->impact_long = impact_l;
  day->impact_short = impact_s;
  day->removed = removed;
  day->long_usd = long_usd;
  day->short_usd = short_usd;
  day->adl_usd = adl_usd;
}

/* ---- grid.ts ---- */

#define TOP_GAP 5
#define SLACK 8
#define RENORMALISE_BELOW 1e-100

static inline double long_base_for(double lnP) { return ceil(lnP / H) + TOP_GAP - (K - 1); }
static inline double short_base_for(double lnP) { return floor(lnP / H) - TOP_GAP; }

/* Moves one side's grid so that bin 0 is grid index `want`, with its contents and its near bound. */
static void move_grid(double *rec, size_t side, size_t g, double sg, int base_at, int near_at, double want) {
  const double shift = want - rec[g + base_at];
  shift_book(rec, side, (int)shift);
  rec[g + base_at] = want;
  /* what was merged into an end bin is still there: the bound moves with the grid, clipped */
  const double near = rec[g + near_at];
  const int none = sg > 0 ? near < 0 : near >= K;
  rec[g + near_at] = none ? near : js_min(K - 1, js_max(0, near - shift));
}

/* Moves the path's grids so that lnP sits inside them (grid.ts recentre has the rule). */
static void recentre(double *rec, size_t o, double lnP) {
  const size_t g = o + REC_scalars;
  const double base_l = rec[g + S_baseLong];
  const double want_l = long_base_for(lnP);
  if (base_l + K - 1 < ceil(lnP / H) + 1 || base_l >= want_l + SLACK) move_grid(rec, o + REC_longBins, g, 1, S_baseLong, S_nearLong, want_l);
  const double base_s = rec[g + S_baseShort];
  const double want_s = short_base_for(lnP);
  if (base_s > floor(lnP / H) - 1 || base_s <= want_s - SLACK) move_grid(rec, o + REC_shortBins, g, -1, S_baseShort, S_nearShort, want_s);
}

/* Folds venue u's scale of a side back into its bins and pool when it has become tiny. */
static void renormalise(double *rec, size_t side, int u, size_t at, int scale_at, int pool_at) {
  const double s = rec[at + scale_at];
  if (s > RENORMALISE_BELOW) return;
  for (int j = 0; j < K; j++) {
    rec[side + 2 * (j * V + u)] *= s;
    rec[side + 2 * (j * V + u) + 1] *= s;
  }
  rec[at + pool_at] *= s;
  rec[at + scale_at] = 1;
}

static void renormalise_all(double *rec, size_t o) {
  for (int u = 0; u < V; u++) {
    const size_t at = o + REC_venues + u * VENUE_width;
    renormalise(rec, o + REC_longBins, u, at, VENUE_scaleLong, VENUE_poolLong);
    renormalise(rec, o + REC_shortBins, u, at, VENUE_scaleShort, VENUE_poolShort);
  }
}

/* ---- rebuild.ts ---- */

/* A share f of every position of a venue closes: both sides' scales and its open interest × (1 − f). */
static inline void close_share(double *rec, size_t at, double f) {
  const double keep = f < 1 ? 1 - f : 0;
  rec[at + VENUE_scaleLong] *= keep;
  rec[at + VENUE_scaleShort] *= keep;
  rec[at + VENUE_openInterest] *= keep;
}

/*
 * Opens contracts[u] new contracts (both sides) on each venue at log price lnP with the venue's
 * current mix: a share 1 − λ to the pools, the rest by class at its liquidation price; the bins
 * found once for every venue (rebuild.ts open).
 */
static void open_positions(double *rec, size_t o, const double *cls, Run *run, double lnP, const double *contracts, double leveraged) {
  const size_t g = o + REC_scalars, vs = o + REC_venues, longs = o + REC_longBins, shorts = o + REC_shortBins;
  const double base_l = rec[g + S_baseLong], base_s = rec[g + S_baseShort];
  double near_l = rec[g + S_nearLong], near_s = rec[g + S_nearShort];
  for (int j = 0; j < J; j++) {
    const double dl = cls[j * CLASS_width + CLASS_long];
    const double ln_l = lnP + dl;
    const double ln_s = lnP + cls[j * CLASS_width + CLASS_short];
    run->open_ln_long[j] = ln_l;
    run->open_ln_short[j] = ln_s;
    /* a 1× long is never liquidated: −1 sends it to the pool */
    run->open_bin_long[j] = dl == -INFINITY ? -1 : bin_of(ln_l, base_l);
    run->open_bin_short[j] = bin_of(ln_s, base_s);
  }
  for (int u = 0; u < V; u++) {
    const double n = contracts[u];
    if (!(n > 0)) continue;
    const size_t at = vs + u * VENUE_width;
    const double in_l = 1 / rec[at + VENUE_scaleLong];
    const double in_s = 1 / rec[at + VENUE_scaleShort];
    const double m = rec[at + VENUE_flushMemory];
    const double keep = 1 - m;
    const double lots = leveraged * n;
    double pool_l = rec[at + VENUE_poolLong] + (1 - leveraged) * n * in_l;
    rec[at + VENUE_poolShort] += (1 - leveraged) * n * in_s;
    const int w0 = u * CAPACITY;
    for (int j = 0; j < J; j++) {
      const double flush = W_FLUSH[j];
      const double nl = lots * (keep * W_LONG[w0 + j] + m * flush);
      const double ns = lots * (keep * W_SHORT[w0 + j] + m * flush);
      if (nl > 0) {
        const int bl = run->open_bin_long[j];
        if (bl < 0) pool_l += nl * in_l;
        else {
          const size_t x = longs + 2 * (bl * V + u);
          const double stored = nl * in_l;
          rec[x] += stored;
          rec[x + 1] += stored * run->open_ln_long[j];
          if (bl > near_l) near_l = bl;
        }
      }
      if (ns > 0) {
        const int bs = run->open_bin_short[j];
        const size_t x = shorts + 2 * (bs * V + u);
        const double stored = ns * in_s;
        rec[x] += stored;
        rec[x + 1] += stored * run->open_ln_short[j];
        if (bs < near_s) near_s = bs;
      }
    }
    rec[at + VENUE_poolLong] = pool_l;
  }
  rec[g + S_nearLong] = near_l;
  rec[g + S_nearShort] = near_s;
}

/*
 * After the cascades, venue by venue: deleveraging in proportion to its flush, turnover, the
 * rebuild toward its target open interest, its flush memory; the grids moved; the new positions
 * opened at the close lnC. Returns the net new contracts, all venues (rebuild.ts afterFlush).
 */
static double after_flush(double *rec, const double *cls, size_t o, Run *run, double lnC, const double *oi_before, double deleverage_ratio, double target_share, double leveraged, double mix_shift) {
  const size_t g = o + REC_scalars;
  const double *removed_by = run->day.venue_removed;
  double *opened = run->opened;
  double net = 0;
  for (int u = 0; u < V; u++) {
    const size_t at = o + REC_venues + u * VENUE_width;
    const double removed = removed_by[u];
    /* each a share of every position closing, both sides; then new positions at the close */
    double closed = 0;
    const double before = rec[at + VENUE_openInterest];
    if (removed > 0 && before > 0) {
      const double f = js_min(1, (deleverage_ratio * removed) / before);
      closed += f * before;
      close_share(rec, at, f);
    }
    /* the rebuild closes a share of the gap to the target; turnover closes and reopens (net 0) */
    const double gap = (target_share * rec[at + VENUE_openInterestStart] - rec[at + VENUE_openInterest]) * rec[g + S_rebuild];
    const double turnover = rec[g + S_turnover] * rec[at + VENUE_openInterest];
    closed += turnover;
    close_share(rec, at, rec[g + S_turnover]);
    if (gap < 0 && rec[at + VENUE_openInterest] > 0) {
      closed -= gap;
      close_share(rec, at, -gap / rec[at + VENUE_openInterest]);
    }
    opened[u] = turnover + (gap > 0 ? gap : 0);
    const double m = rec[at + VENUE_flushMemory] * rec[g + S_mixDecay] + (oi_before[u] > 0 ? (mix_shift * removed) / oi_before[u] : 0);
    rec[at + VENUE_flushMemory] = m < 1 ? m : 1;
    net += opened[u] - closed;
  }
  recentre(rec, o, lnC);
  renormalise_all(rec, o);
  open_positions(rec, o, cls, run, lnC, opened, leveraged);
  for (int u = 0; u < V; u++) rec[o + REC_venues + u * VENUE_width + VENUE_openInterest] += opened[u];
  return net;
}

/* ---- outputs.ts ---- */

static void write_outputs(const Outputs *out, const Run *run, const double *rec, size_t vs, int i, double long_usd, double short_usd, double adl_usd, double oi_usd, double price, double low, double high, double cascade, double oi_btc, double removed, double net_new) {
  const DayResult *day = &run->day;
  double fund = 0;
  for (int u = 0; u < V; u++) {
    const size_t at = vs + u * VENUE_width;
    double *const *bufs = out->venue[u];
    const double f = rec[at + VENUE_fund];
    fund += f;
    bufs[VOUT_liquidatedUsd][i] = day->venue_long_usd[u] + day->venue_short_usd[u];
    bufs[VOUT_liquidatedLongUsd][i] = day->venue_long_usd[u];
    bufs[VOUT_adlUsd][i] = day->venue_adl_usd[u];
    bufs[VOUT_insuranceFundUsd][i] = f;
    bufs[VOUT_openInterestUsd][i] = rec[at + VENUE_openInterest] * price;
  }
  out->long_usd[i] = long_usd;
  out->short_usd[i] = short_usd;
  out->total_usd[i] = long_usd + short_usd;
  out->adl_usd[i] = adl_usd;
  out->oi_usd[i] = oi_usd;
  out->fund[i] = fund;
  out->low[i] = low;
  out->high[i] = high;
  out->cascade[i] = cascade;
  out->oi_btc[i] = oi_btc;
  out->removed[i] = removed;
  out->net_new[i] = net_new;
}

/* ---- kernel.ts ---- */

/*
 * The close moved by the cascades through the shared transient impact (its state at rec[at …]):
 * a step of relaxation, then the end-of-day impact e = ψ(I_L + I_S) as the notional the
 * square-root law prices at e from an empty state (kernel.ts closeImpact). Returns Δln P.
 */
static double close_impact(double *rec, size_t at, double end_of_day, double v, double sigma, double y, double permanent_share, double keep) {
  double move = transient_impact_step(rec, at, 0, v, sigma, y, permanent_share, keep);
  const double unit = y * sigma;
  if (end_of_day != 0 && unit > 0) {
    /* the displacement −A(q) of ln P: a fall (e < 0) is a sale (q > 0) */
    const double r = end_of_day / unit;
    const double q = (end_of_day < 0 ? 1 : -1) * v * r * r;
    move += transient_impact_step(rec, at, q, v, sigma, y, permanent_share, keep);
  }
  return move;
}

#if READ_AHEAD
/* Bins asked for from where each side's scan starts: a usual day's cascade takes the nearest one to three. */
#define SCAN_AHEAD 3
static inline void warm_span(const double *rec, size_t from, size_t to) {
  __builtin_prefetch(rec + to - 1);
  for (size_t k = from; k < to; k += 8) __builtin_prefetch(rec + k);
}
/* The cache lines of the path's venue and shared scalars and of its classes (kernel.ts warmScalars). */
static inline void warm_scalars(const double *rec, size_t o, const double *cls, size_t c) {
  warm_span(rec, o + REC_venues, o + W);
  for (size_t k = c; k < c + J * CLASS_width; k += 8) __builtin_prefetch(cls + k);
}
/* The lines of the bins the path's step will touch: where each side's scan starts and where each class opens at lnP (kernel.ts warmRows). */
static inline void warm_rows(const double *rec, size_t o, const double *cls, size_t c, double lnP) {
  const size_t g = o + REC_scalars, longs = o + REC_longBins, shorts = o + REC_shortBins;
  const double base_l = rec[g + S_baseLong], base_s = rec[g + S_baseShort];
  const int near_l = (int)rec[g + S_nearLong], near_s = (int)rec[g + S_nearShort];
  const int R = 2 * V, last = R - 1;
  if (near_l >= 0) warm_span(rec, longs + R * (near_l >= SCAN_AHEAD - 1 ? near_l - (SCAN_AHEAD - 1) : 0), longs + R * (near_l + 1));
  if (near_s < K) warm_span(rec, shorts + R * near_s, shorts + R * (near_s + SCAN_AHEAD <= K ? near_s + SCAN_AHEAD : K));
  for (int j = 0; j < J; j++) {
    const double dl = cls[c + j * CLASS_width + CLASS_long];
    if (dl != -INFINITY) {
      const size_t x = longs + 2 * V * bin_of(lnP + dl, base_l);
      __builtin_prefetch(rec + x);
      __builtin_prefetch(rec + x + last);
    }
    const size_t x = shorts + 2 * V * bin_of(lnP + cls[c + j * CLASS_width + CLASS_short], base_s);
    __builtin_prefetch(rec + x);
    __builtin_prefetch(rec + x + last);
  }
}
#endif

/* The market's signals the step reads and updates (the engine's buffers of the block). */
typedef struct {
  double *price, *ret, *dd, *peak, *volume, *sigma_daily;
  /* shocks of the model's low and high this step: multiply and add lanes, or NULL */
  const double *low_multiply, *low_add, *high_multiply, *high_add;
} Market;

/* Two words a path from its generator: the uniforms of the bridge's low and high (path-rng.ts drawWords). */
static void draw_words(uint32_t *restrict state, uint32_t *restrict out, int paths) {
  for (int i = 0, w = 0; i < paths; i++) {
    uint32_t a = state[4 * i], b = state[4 * i + 1], c = state[4 * i + 2], d = state[4 * i + 3];
    for (int j = 0; j < 2; j++) {
      out[w++] = STARSTAR(b);
      ADVANCE(a, b, c, d);
    }
    state[4 * i] = a, state[4 * i + 1] = b, state[4 * i + 2] = c, state[4 * i + 3] = d;
  }
}

/* One step of the block's n paths (kernel.ts step). */
static void step(double *rec, const double *cls, uint32_t *rng, const Params *pp, const Market *mk, const Outputs *out, Run *run, int n) {
  const double *const *p = pp->p;
  const double *gap_share = p[P_gapShare], *intraday_range_scale = p[P_intradayRangeScale], *cascade_depth_share = p[P_cascadeDepthShare];
  const double *impact_y = p[P_impactY], *impact_persistence = p[P_impactPersistence], *impact_permanent_share = p[P_impactPermanentShare];
  const double *remaining_margin_to_fund = p[P_remainingMarginToFund], *deleverage_ratio = p[P_deleverageRatio];
  const double *target_open_interest_share = p[P_targetOpenInterestShare], *leveraged_share = p[P_leveragedShare], *mix_shift_per_flush_share = p[P_mixShiftPerFlushShare];
  double *price = mk->price, *ret = mk->ret, *dd = mk->dd, *peak = mk->peak;
  const double *volume = mk->volume, *sigma_d = mk->sigma_daily;
  uint32_t *words = run->words;
  draw_words(rng, words, n);
  const size_t cs = CLASSES_STRIDE;
#if READ_AHEAD
  /* read ahead, one path apart: path i + 2's scalars, then (their base known) path i + 1's rows */
  for (int i = 0; i < 2 && i < n; i++) warm_scalars(rec, (size_t)i * W, cls, i * cs);
  double ln_next = n > 0 ? js_log(price[0]) : 0;
  if (n > 0) warm_rows(rec, 0, cls, 0, ln_next);
#endif
  for (int i = 0; i < n; i++) {
    const size_t o = (size_t)i * W;
    const size_t g = o + REC_scalars;
    const size_t vs = o + REC_venues;
#if READ_AHEAD
    const double lnB = ln_next;
    if (i + 2 < n) warm_scalars(rec, (size_t)(i + 2) * W, cls, (i + 2) * cs);
    if (i + 1 < n) {
      ln_next = js_log(price[i + 1]);
      warm_rows(rec, (size_t)(i + 1) * W, cls, (i + 1) * cs, ln_next);
    }
#else
    const double lnB = js_log(price[i]);
#endif
    const double lnA = lnB - ret[i];
    const double s = intraday_range_scale[i] * sigma_d[i];
    double lo = bridge_min_from_uniform(lnA, lnB, s, to_uniform(words[2 * i]));
    double hi = bridge_max_from_uniform(lnA, lnB, s, to_uniform(words[2 * i + 1]));
    if (mk->low_multiply) lo = js_min(lo, js_log(js_max(1e-300, fast_exp(lo) * mk->low_multiply[i] + mk->low_add[i])));
    if (mk->high_multiply) hi = js_max(hi, js_log(js_max(1e-300, fast_exp(hi) * mk->high_multiply[i] + mk->high_add[i])));
    for (int u = 0; u < V; u++) run->oi_before[u] = rec[vs + u * VENUE_width + VENUE_openInterest];
    const double vc = volume[i] * cascade_depth_share[i];
    cascade_day(rec, o, run, lnA, lnB, lo, hi, vc, sigma_d[i], impact_y[i], remaining_margin_to_fund[i], gap_share[i]);
    const double impact_l = run->day.impact_long;
    const double impact_s = run->day.impact_short;
    const double removed = run->day.removed;
    const double lnC = lnB + close_impact(rec, g + S_impact, impact_persistence[i] * (impact_l + impact_s), vc, sigma_d[i], impact_y[i], impact_permanent_share[i], rec[g + S_impactKeep]);
    const double pc = fast_exp(lnC);
    price[i] = pc;
    ret[i] += lnC - lnB;
    const double pk = pc > peak[i] ? pc : peak[i];
    peak[i] = pk;
    dd[i] = 1 - pc / pk;
    const double net_new = after_flush(rec, cls + i * cs, o, run, lnC, run->oi_before, deleverage_ratio[i], target_open_interest_share[i], leveraged_share[i], mix_shift_per_flush_share[i]);
    double oi = 0;
    for (int u = 0; u < V; u++) oi += rec[vs + u * VENUE_width + VENUE_openInterest];
    write_outputs(out, run, rec, vs, i, run->day.long_usd, run->day.short_usd, run->day.adl_usd, oi * pc, pc, fast_exp(lo + impact_l), fast_exp(hi + impact_s), lnC - lnB, oi, removed, net_new);
  }
}

/* ---- the driver ---- */

int main(int argc, char **argv) {
  if (argc < 10) {
    fprintf(stderr, "usage: leverage-kernel RECORDS CLASSES RNG PARAMS INPUTS SHOCKS BLOCK STEPS PATHS [FINAL]\n");
    return 2;
  }
  const int block = atoi(argv[7]), steps = atoi(argv[8]);
  const long paths = atol(argv[9]);
  build_exp_table();
  const size_t rec_doubles = (size_t)block * W;
  const double *rec0 = read_file(argv[1], sizeof(double) * rec_doubles);
  const double *cls = read_file(argv[2], sizeof(double) * (size_t)block * CLASSES_WIDTH);
  const uint32_t *rng0 = read_file(argv[3], sizeof(uint32_t) * 4 * (size_t)block);
  const double *params = read_file(argv[4], sizeof(double) * N_PARAMS * (size_t)block);
  const double *inputs = read_file(argv[5], sizeof(double) * N_INPUTS * (size_t)block * steps);
  const int32_t *shocks = read_file(argv[6], sizeof(int32_t) * 2 * (size_t)steps);
  double *rec = aligned_alloc(64, sizeof(double) * rec_doubles);
  uint32_t *rng = malloc(sizeof(uint32_t) * 4 * (size_t)block);
  Run *run = calloc(1, sizeof(Run));
  run->words = malloc(sizeof(uint32_t) * 2 * (size_t)block);
  Params pp;
  for (int k = 0; k < N_PARAMS; k++) pp.p[k] = params + (size_t)k * block;
  /* the market's signals and the outputs: one buffer of `block` doubles each */
  enum { M_PRICE, M_RETURN, M_DRAWDOWN, M_PEAK, M_VOLUME, M_SIGMA, N_MARKET };
  const int n_outputs = 12 + V * N_VOUT;
  double *buffers = calloc((size_t)(N_MARKET + n_outputs) * block, sizeof(double));
  double *buf = buffers;
  Market mk = {0};
  double **market[N_MARKET] = {&mk.price, &mk.ret, &mk.dd, &mk.peak, &mk.volume, &mk.sigma_daily};
  for (int k = 0; k < N_MARKET; k++, buf += block) *market[k] = buf;
  Outputs out;
  double **totals[12] = {&out.long_usd, &out.short_usd, &out.total_usd, &out.adl_usd, &out.oi_usd, &out.fund, &out.low, &out.high, &out.cascade, &out.oi_btc, &out.removed, &out.net_new};
  for (int k = 0; k < 12; k++, buf += block) *totals[k] = buf;
  for (int u = 0; u < V; u++)
    for (int k = 0; k < N_VOUT; k++, buf += block) out.venue[u][k] = buf;
#if !DIAGNOSTICS
  /* without diagnostics the engine writes these three to one scratch buffer nobody records */
  out.removed = out.net_new = out.oi_btc;
#endif
  double value = 0;
  const long blocks = (paths + block - 1) / block;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (long b = 0; b < blocks; b++) {
    /* each repeat of the block from its starting records and generators */
    memcpy(rec, rec0, sizeof(double) * rec_doubles);
    memcpy(rng, rng0, sizeof(uint32_t) * 4 * (size_t)block);
    for (int t = 0; t < steps; t++) {
      /* the step's inputs as the models before it left them (price, return, peak, volume, σ_d) */
      const double *in = inputs + (size_t)t * N_INPUTS * block;
      memcpy(mk.price, in + IN_price * (size_t)block, sizeof(double) * block);
      memcpy(mk.ret, in + IN_return * (size_t)block, sizeof(double) * block);
      memcpy(mk.peak, in + IN_peak * (size_t)block, sizeof(double) * block);
      memcpy(mk.volume, in + IN_volume * (size_t)block, sizeof(double) * block);
      memcpy(mk.sigma_daily, in + IN_sigmaDaily * (size_t)block, sizeof(double) * block);
      mk.low_multiply = shocks[2 * t] ? in + IN_lowMultiply * (size_t)block : NULL;
      mk.low_add = shocks[2 * t] ? in + IN_lowAdd * (size_t)block : NULL;
      mk.high_multiply = shocks[2 * t + 1] ? in + IN_highMultiply * (size_t)block : NULL;
      mk.high_add = shocks[2 * t + 1] ? in + IN_highAdd * (size_t)block : NULL;
      step(rec, cls, rng, &pp, &mk, &out, run, block);
    }
    value += mk.price[0];
    if (b == 0 && argc > 10) {
      /* records, the market's price, return, drawdown, peak, the outputs, the generators */
      FILE *f = fopen(argv[10], "wb");
      if (!f || fwrite(rec, sizeof(double), rec_doubles, f) != rec_doubles) return 3;
      for (int k = M_PRICE; k <= M_PEAK; k++)
        if (fwrite(*market[k], sizeof(double), block, f) != (size_t)block) return 3;
      /* by the outputs' own pointers: without diagnostics three of them are one buffer */
      for (int k = 0; k < 12; k++)
        if (fwrite(*totals[k], sizeof(double), block, f) != (size_t)block) return 3;
      for (int u = 0; u < V; u++)
        for (int k = 0; k < N_VOUT; k++)
          if (fwrite(out.venue[u][k], sizeof(double), block, f) != (size_t)block) return 3;
      if (fwrite(rng, sizeof(uint32_t), 4 * (size_t)block, f) != 4 * (size_t)block) return 3;
      fclose(f);
    }
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  const double seconds = seconds_between(t0, t1);
  const double done = (double)blocks * block * steps;
  printf("{\"paths\": %ld, \"steps\": %d, \"seconds\": %.6f, \"pathStepsPerSecond\": %.1f, \"value\": %.6g}\n", blocks * block, steps, seconds, done / seconds, value);
  return 0;
}
