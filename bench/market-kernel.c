/*
 * The market kernel of Cascade in C, as the engine's upper yardstick (bench/run.mjs compiles it
 * with `gcc -O3 -march=native` into a temporary folder and runs it; nothing binary is kept).
 *
 * The same step as src/models/market/kernel.ts with its default parameters, and the same
 * algorithms: per path a xoshiro128** generator giving three 32-bit words a step (regime switch,
 * diffusion, jump count); the regime switch; the 128-layer ziggurat's one-word fast path for the
 * diffusion's normal (its slow path, ~2.8% of draws, from the path's own stream); the diffusion
 * (mu - lambda mu_J) dt + x + sigma sqrt(h dt) Z with the trend x and the GARCH ratio h moving on;
 * a jump only above e^(-lambda dt), its count by Poisson inversion and its size N(k mu_J, k
 * sigma_J^2); then ln P, P by the table-driven exp of src/engine/exp.ts, the running peak, the
 * drawdown and the EWMA volatility. The outputs are written to one array per signal, as the
 * engine's signal buffers are.
 *
 * Written as C is meant to be written for speed: paths in blocks (as the engine runs them,
 * default 1024) with every per-path quantity in its own array (structure of arrays), each step
 * as two branch-free loops over the block that gcc vectorises (AVX2 on this machine: eight
 * generators at a time, the ziggurat's and exp's tables read by gathers), the rare cases (slow
 * normals, jumps) flagged in the first loop and finished in a scalar loop between them. The
 * regime's constants come from a two-entry table (the same on every path, as defaults are).
 *
 * Prints one JSON line: {"paths", "steps", "block", "seconds", "pathStepsPerSecond", "meanDrawdown"}.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kernel-common.h"

#define DAYS_PER_YEAR 365.0

/* default parameters of src/models/market/params.ts */
static const double PRICE = 73300.0, PEAK = 126080.0;
static const double DRIFT[2] = {0.2, 0.2}, VOL[2] = {0.48, 1.15}, LEAVE[2] = {0.0036, 0.02};
static const double GARCH_ALPHA = 0.015, GARCH_BETA = 0.983, TREND_GAIN = 0.006, TREND_HALF_LIFE_DAYS = 90.0;
static const double JUMPS[2] = {2.0, 12.0}, JUMP_MEAN = -0.02, JUMP_SD = 0.14, EWMA_LAMBDA = 0.94;

/* ---- the ziggurat (src/engine/rng/ziggurat.ts) ---- */
#define ZIG_LAYERS 128
static const double ZIG_R = 3.442619855899, ZIG_V = 9.91256303526217e-3, SCALE = 16777216.0;
static double ZIG_K[ZIG_LAYERS], ZIG_W[ZIG_LAYERS], ZIG_SIGNED_W[2 * ZIG_LAYERS], ZIG_F[ZIG_LAYERS];

static void build_ziggurat(void) {
  double dn = ZIG_R, tn = dn, q = ZIG_V / exp(-0.5 * dn * dn);
  ZIG_K[0] = (dn / q) * SCALE;
  ZIG_K[1] = 0;
  ZIG_W[0] = q / SCALE;
  ZIG_W[ZIG_LAYERS - 1] = dn / SCALE;
  ZIG_F[0] = 1;
  ZIG_F[ZIG_LAYERS - 1] = exp(-0.5 * dn * dn);
  for (int i = ZIG_LAYERS - 2; i >= 1; i--) {
    dn = sqrt(-2 * log(ZIG_V / dn + exp(-0.5 * dn * dn)));
    ZIG_K[i + 1] = (dn / tn) * SCALE;
    tn = dn;
    ZIG_F[i] = exp(-0.5 * dn * dn);
    ZIG_W[i] = dn / SCALE;
  }
  for (int i = 0; i < ZIG_LAYERS; i++) {
    ZIG_SIGNED_W[i] = ZIG_W[i];
    ZIG_SIGNED_W[i + ZIG_LAYERS] = -ZIG_W[i];
  }
}

/* ---- xoshiro128** per path, state as four arrays ---- */

/* The ziggurat's slow path from word u, drawing further words from the path's stream. */
static double normal_slow(Rng *s, uint32_t u) {
  for (;;) {
    const int layer = u & 127;
    const double j = (double)(u >> 8);
    const int negative = (u & 128) != 0;
    if (j < ZIG_K[layer]) return negative ? -j * ZIG_W[layer] : j * ZIG_W[layer];
    if (layer == 0) {
      double x, y;
      do {
        x = -log(uniform(s)) / ZIG_R;
        y = -log(uniform(s));
      } while (y + y < x * x);
      return negative ? -(ZIG_R + x) : ZIG_R + x;
    }
    const double x = j * ZIG_W[layer];
    if (ZIG_F[layer] + uniform(s) * (ZIG_F[layer - 1] - ZIG_F[layer]) < fast_exp(-0.5 * x * x)) return negative ? -x : x;
    u = next_u32(s);
  }
}

static double normal(Rng *s) { return normal_slow(s, next_u32(s)); }


/* The step's constants per regime (a two-entry table: the same on every path, as defaults are). */
typedef struct {
  double leave[2], drift_dt[2], diffusion[2], jump_rate[2], no_jump[2];
  double trend_keep, garch_const, ewma_gain;
} Coefs;

/* The step's loops are functions of their own, not inlined into main, with restrict pointers:
 * that is what tells gcc the block's arrays (cut from one allocation) do not overlap.
 *
 * The three words of every path: integer lanes only (one loop mixing them with the doubles was
 * not vectorised). */
__attribute__((noinline)) static void words_step(long n, uint32_t *restrict sa, uint32_t *restrict sb, uint32_t *restrict sc, uint32_t *restrict sd, uint32_t *restrict w_switch,
                       uint32_t *restrict w_diff, uint32_t *restrict w_jump) {
  for (long i = 0; i < n; i++) {
    uint32_t a = sa[i], b = sb[i], c = sc[i], d = sd[i];
    w_switch[i] = STARSTAR(b);
    ADVANCE(a, b, c, d);
    w_diff[i] = STARSTAR(b);
    ADVANCE(a, b, c, d);
    w_jump[i] = STARSTAR(b);
    ADVANCE(a, b, c, d);
    sa[i] = a, sb[i] = b, sc[i] = c, sd[i] = d;
  }
}

/* Regime switch, the ziggurat's fast path, the diffusion with the trend and h moving on, the
 * jump test; branch-free. A path whose draw needs the slow path (rare bit 1) keeps h and the
 * trend for rare_step, which redoes its diffusion; a jump to draw sets rare bit 2. */
__attribute__((noinline)) static void diffusion_step(long n, const Coefs *restrict k, const uint32_t *restrict w_switch, const uint32_t *restrict w_diff, const uint32_t *restrict w_jump,
                           double *restrict regime, double *restrict h, double *restrict trend, double *restrict slow_h, double *restrict ret,
                           double *restrict jump_u, uint32_t *restrict rare, const double *restrict zig_k, const double *restrict zig_signed_w) {
  /* the ziggurat's tables come in as restrict pointers: read from the globals, gcc 12 did not
     vectorise the gathers */
  const double leave0 = k->leave[0], leave1 = k->leave[1], diff0 = k->diffusion[0], diff1 = k->diffusion[1];
  const double drift0 = k->drift_dt[0], drift1 = k->drift_dt[1], nj0 = k->no_jump[0], nj1 = k->no_jump[1];
  const double trend_keep = k->trend_keep, garch_const = k->garch_const;
  for (long i = 0; i < n; i++) {
    const double r0 = regime[i];
    const double r = to_uniform(w_switch[i]) < (r0 != 0 ? leave1 : leave0) ? 1 - r0 : r0;
    regime[i] = r;
    const uint32_t wd = w_diff[i];
    const double j = (double)(wd >> 8);
    const int fast = j < zig_k[wd & 127];
    const double z = fast ? j * zig_signed_w[wd & 255] : 0.0;
    const double hh = h[i];
    const double shock = (r != 0 ? diff1 : diff0) * sqrt(hh) * z;
    const double x = trend[i];
    slow_h[i] = hh;
    trend[i] = fast ? x * trend_keep + TREND_GAIN * shock : x;
    h[i] = fast ? garch_const + (GARCH_ALPHA * z * z + GARCH_BETA) * hh : hh;
    ret[i] = (r != 0 ? drift1 : drift0) + x + shock;
    const double uj = to_uniform(w_jump[i]);
    jump_u[i] = uj;
    rare[i] = (uint32_t)((fast ^ 1) | ((uj > (r != 0 ? nj1 : nj0)) << 1));
  }
}

/* The rare cases, in the engine's order per path: the slow normal, then the jump count and size,
 * further words from the path's own generator. */
__attribute__((noinline)) static void rare_step(long n, const Coefs *restrict k, uint32_t *restrict sa, uint32_t *restrict sb, uint32_t *restrict sc, uint32_t *restrict sd,
                      const uint32_t *restrict w_diff, const double *restrict regime, double *restrict h, double *restrict trend,
                      const double *restrict slow_h, double *restrict ret, const double *restrict jump_u, const uint32_t *restrict rare) {
  for (long i = 0; i < n; i++) {
    if (!rare[i]) continue;
    Rng s = {sa[i], sb[i], sc[i], sd[i]};
    const int r = regime[i] != 0;
    if (rare[i] & 1) {
      const double z = normal_slow(&s, w_diff[i]);
      const double hh = slow_h[i], x = trend[i];
      const double shock = k->diffusion[r] * sqrt(hh) * z;
      trend[i] = x * k->trend_keep + TREND_GAIN * shock;
      h[i] = k->garch_const + (GARCH_ALPHA * z * z + GARCH_BETA) * hh;
      ret[i] = k->drift_dt[r] + x + shock;
    }
    if (rare[i] & 2) {
      const int count = poisson_inversion(k->jump_rate[r], jump_u[i]);
      if (count > 0) ret[i] += count * JUMP_MEAN + sqrt((double)count) * JUMP_SD * normal(&s);
    }
    sa[i] = s.a, sb[i] = s.b, sc[i] = s.c, sd[i] = s.d;
  }
}

/* The price path: ln P, P, the running peak, the drawdown and the EWMA volatility. */
__attribute__((noinline)) static void price_step(long n, const Coefs *restrict k, const double *restrict ret, double *restrict ln_price, double *restrict peak, double *restrict ewma,
                       double *restrict price, double *restrict peak_out, double *restrict dd, double *restrict vol) {
  const double gain = k->ewma_gain;
  for (long i = 0; i < n; i++) {
    const double x = ret[i];
    const double ln = ln_price[i] + x;
    ln_price[i] = ln;
    const double px = fast_exp(ln);
    const double pk = px > peak[i] ? px : peak[i];
    peak[i] = pk;
    const double v = EWMA_LAMBDA * ewma[i] + gain * x * x;
    ewma[i] = v;
    price[i] = px;
    peak_out[i] = pk;
    dd[i] = 1 - px / pk;
    vol[i] = sqrt(v * DAYS_PER_YEAR);
  }
}

static uint64_t splitmix64(uint64_t *x) {
  uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

int main(int argc, char **argv) {
  long paths = 1000000, steps = 365, block = 1024;
  uint64_t seed = 1;
  for (int a = 1; a + 1 < argc; a += 2) {
    if (!strcmp(argv[a], "--paths")) paths = atol(argv[a + 1]);
    else if (!strcmp(argv[a], "--steps")) steps = atol(argv[a + 1]);
    else if (!strcmp(argv[a], "--block")) block = atol(argv[a + 1]);
    else if (!strcmp(argv[a], "--seed")) seed = strtoull(argv[a + 1], 0, 10);
    else {
      fprintf(stderr, "unknown option %s (expected --paths, --steps, --block, --seed)\n", argv[a]);
      return 2;
    }
  }
  if (paths < 1 || steps < 1 || block < 1) {
    fprintf(stderr, "--paths, --steps and --block must be positive\n");
    return 2;
  }
  build_ziggurat();
  build_exp_table();

  const double days = 1.0, dt = days / DAYS_PER_YEAR;
  Coefs c;
  for (int r = 0; r < 2; r++) {
    c.leave[r] = LEAVE[r];
    c.drift_dt[r] = (DRIFT[r] - JUMPS[r] * JUMP_MEAN) * dt;
    c.diffusion[r] = VOL[r] * sqrt(dt);
    c.jump_rate[r] = JUMPS[r] * dt;
    c.no_jump[r] = exp(-c.jump_rate[r]);
  }
  c.trend_keep = pow(2.0, -days / TREND_HALF_LIFE_DAYS);
  c.garch_const = 1.0 - GARCH_ALPHA - GARCH_BETA;
  c.ewma_gain = (1 - EWMA_LAMBDA) / days;

  /* per-path state and signal buffers of one block (structure of arrays) */
  uint32_t *sa = aligned_alloc(64, block * 4 * sizeof(uint32_t)), *sb = sa + block, *sc = sb + block, *sd = sc + block;
  double *buf = aligned_alloc(64, block * 13 * sizeof(double));
  double *ln_price = buf, *peak = buf + block, *ewma = buf + 2 * block, *h = buf + 3 * block, *trend = buf + 4 * block;
  double *ret = buf + 5 * block, *price = buf + 6 * block, *peak_out = buf + 7 * block, *dd = buf + 8 * block;
  double *vol = buf + 9 * block, *regime_out = buf + 10 * block, *jump_u = buf + 11 * block, *slow_h = buf + 12 * block;
  uint32_t *words = aligned_alloc(64, block * 3 * sizeof(uint32_t)), *w_switch = words, *w_diff = words + block, *w_jump = words + 2 * block;
  uint32_t *rare = aligned_alloc(64, block * sizeof(uint32_t));

  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  double checksum = 0;
  uint64_t sm = seed;
  for (long first = 0; first < paths; first += block) {
    const long n = paths - first < block ? paths - first : block;
    for (long i = 0; i < n; i++) {
      const uint64_t x = splitmix64(&sm), y = splitmix64(&sm);
      sa[i] = (uint32_t)x;
      sb[i] = (uint32_t)(x >> 32) | 1u; /* never the all-zero state */
      sc[i] = (uint32_t)y;
      sd[i] = (uint32_t)(y >> 32);
      /* the default initialRegime: stationary, stress with probability p_cs/(p_cs + p_sc) */
      Rng s = {sa[i], sb[i], sc[i], sd[i]};
      const int r = uniform(&s) < LEAVE[0] / (LEAVE[0] + LEAVE[1]);
      sa[i] = s.a, sb[i] = s.b, sc[i] = s.c, sd[i] = s.d;
      regime_out[i] = r;
      ln_price[i] = log(PRICE);
      peak[i] = PEAK > PRICE ? PEAK : PRICE;
      ewma[i] = VOL[r] * VOL[r] / DAYS_PER_YEAR;
      h[i] = 1;
      trend[i] = 0;
    }
    for (long t = 0; t < steps; t++) {
      words_step(n, sa, sb, sc, sd, w_switch, w_diff, w_jump);
      diffusion_step(n, &c, w_switch, w_diff, w_jump, regime_out, h, trend, slow_h, ret, jump_u, rare, ZIG_K, ZIG_SIGNED_W);
      rare_step(n, &c, sa, sb, sc, sd, w_diff, regime_out, h, trend, slow_h, ret, jump_u, rare);
      price_step(n, &c, ret, ln_price, peak, ewma, price, peak_out, dd, vol);
    }
    for (long i = 0; i < n; i++) checksum += dd[i];
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  const double seconds = seconds_between(t0, t1);
  printf("{\"paths\": %ld, \"steps\": %ld, \"block\": %ld, \"seconds\": %.6f, \"pathStepsPerSecond\": %.1f, \"meanDrawdown\": %.6f}\n", paths, steps, block,
         seconds, (double)paths * steps / seconds, checksum / paths);
  free(sa);
  free(buf);
  free(words);
  free(rare);
  return 0;
}
