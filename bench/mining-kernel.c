/*
 * The mining model's failure step in C (src/models/mining/failures.ts, failBlock, and the words
 * kernel.ts draws for it), as the yardstick of the engine's: bench/run.mjs (--kernel mining)
 * runs the flagship's init on one block in the engine, writes the block's mining records, the
 * per-path parameter lanes the step reads and the paths' generator states to files and the
 * record layout to a header this file is compiled with (-include), so both step the same paths.
 *
 * Each step, per path, one xoshiro128** word per group and component (the engine's drawWords);
 * then per group, per path, per component a Poisson count of failures among the rigs still
 * operating, with mean N_op·λ_c·m_g·(1 + κ·age)·(grey)·Δ/365 (the engine's inversion and its
 * table-driven exp), at most the rigs running; fans, PSUs and control boards wait for a spare,
 * hash boards leave for a repair centre (a share abroad). The arithmetic is the engine's
 * operation for operation, so that a build without fused multiply-adds (-ffp-contract=off)
 * reproduces its records bit for bit (the bench checks it); the timed build allows them.
 *
 * The paths are the block repeated (each repeat from the block's starting records and
 * generators): memory-bound work on a record of W doubles a path, as the engine's.
 *
 * Usage: mining-kernel RECORDS LANES RNG BLOCK STEPS PATHS [FINAL]
 * (FINAL: the block's records, then its generator states, after STEPS steps of one repeat.)
 * Prints one JSON line: {"paths", "steps", "seconds", "pathStepsPerSecond", "failures"}.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kernel-common.h"

#define DAYS_PER_YEAR 365.0

static const int GROUP_OFF[N_GROUPS] = GROUP_OFF_INIT;
static const int GROUP_GREY[N_GROUPS] = GROUP_GREY_INIT;
static const int SLOTS[N_GROUPS * NC] = SLOTS_INIT;

/* Per path, the lanes failBlock reads: overseas repair share, ageing per year, grey multiplier, open share. */
enum { L_OVERSEAS, L_AGING, L_GREY, L_OPEN, N_LANES };

/* One step of the block's n paths at day `day`; returns the failures counted. */
static double step(double *restrict rec, const double *restrict lanes, uint32_t *restrict rng, uint32_t *restrict words, int n, double day) {
  const double dt = STEP_DAYS;
  const int per_path = N_GROUPS * NC;
  for (int i = 0; i < n; i++) {
    uint32_t a = rng[4 * i], b = rng[4 * i + 1], c = rng[4 * i + 2], d = rng[4 * i + 3];
    for (int j = 0; j < per_path; j++) {
      words[i * per_path + j] = STARSTAR(b);
      ADVANCE(a, b, c, d);
    }
    rng[4 * i] = a, rng[4 * i + 1] = b, rng[4 * i + 2] = c, rng[4 * i + 3] = d;
  }
  const double age_now = (day - dt) / DAYS_PER_YEAR;
  double failures = 0;
  for (int gi = 0; gi < N_GROUPS; gi++) {
    const int w0 = gi * NC;
    for (int i = 0; i < n; i++) {
      double *restrict o = rec + (size_t)i * W;
      double *restrict go = o + GROUP_OFF[gi];
      double up = go[S_operating];
      if (!(up > 0)) continue;
      const double *l = lanes + (size_t)i * N_LANES;
      const double age = go[GR_age] + age_now;
      const double factor = go[GR_failMult] * (1 + l[L_AGING] * age) * (GROUP_GREY[gi] ? l[L_GREY] : 1);
      const double per_day = (factor * dt) / DAYS_PER_YEAR;
      const double abroad = l[L_OVERSEAS] * l[L_OPEN];
      const uint32_t *w = words + (size_t)i * per_path + w0;
      double to_centre = 0, to_abroad = 0;
      for (int c = 0; c < NC; c++) {
        const double mean = up * o[GL_components + c * CF_width + CF_failuresPerYear] * per_day;
        double k = mean > 0 ? poisson_inversion(mean, to_uniform(w[c])) : 0;
        if (k > up) k = up;
        up -= k;
        o[SLOTS[gi * NC + c]] += k;
        failures += k;
        if (c == HASH_BOARD) {
          to_abroad += k * abroad;
          to_centre += k * (1 - abroad);
        } else go[S_wait + c] += k;
      }
      go[S_operating] = up;
      go[S_toCentre] += to_centre;
      go[S_abroad] += to_abroad;
    }
  }
  return failures;
}

int main(int argc, char **argv) {
  if (argc < 7) {
    fprintf(stderr, "usage: mining-kernel RECORDS LANES RNG BLOCK STEPS PATHS [FINAL]\n");
    return 2;
  }
  const int block = atoi(argv[4]), steps = atoi(argv[5]);
  const long paths = atol(argv[6]);
  build_exp_table();
  const double *start = read_file(argv[1], sizeof(double) * (size_t)block * W);
  const double *lanes = read_file(argv[2], sizeof(double) * (size_t)block * N_LANES);
  const uint32_t *rng0 = read_file(argv[3], sizeof(uint32_t) * 4 * (size_t)block);
  double *rec = malloc(sizeof(double) * (size_t)block * W);
  uint32_t *rng = malloc(sizeof(uint32_t) * 4 * (size_t)block);
  uint32_t *words = malloc(sizeof(uint32_t) * (size_t)block * N_GROUPS * NC);
  double failures = 0;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (long first = 0; first < paths; first += block) {
    const int n = paths - first < block ? (int)(paths - first) : block;
    memcpy(rec, start, sizeof(double) * (size_t)n * W);
    memcpy(rng, rng0, sizeof(uint32_t) * 4 * (size_t)n);
    for (int t = 1; t <= steps; t++) failures += step(rec, lanes, rng, words, n, t * STEP_DAYS);
    if (first == 0 && argc > 7) {
      FILE *f = fopen(argv[7], "wb");
      if (!f || fwrite(rec, sizeof(double), (size_t)n * W, f) != (size_t)n * W || fwrite(rng, sizeof(uint32_t), 4 * (size_t)n, f) != 4 * (size_t)n) return 3;
      fclose(f);
    }
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  const double seconds = seconds_between(t0, t1);
  printf("{\"paths\": %ld, \"steps\": %d, \"seconds\": %.6f, \"pathStepsPerSecond\": %.1f, \"failures\": %.0f}\n", paths, steps, seconds, paths * (double)steps / seconds, failures);
  return 0;
}
