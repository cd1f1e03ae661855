/*
 * The lender model's loan-book valuation in C (src/models/lender/coverage.ts, valueLoans), as the
 * yardstick of the engine's: bench/run.mjs (--kernel lender) runs the flagship's init on one
 * block in the engine, writes the block's loan buckets (bk), drawn fields (u) and per-path inputs
 * to files and the layout of lenders, books and buckets to a header this file is compiled with
 * (-include), so both value the same books.
 *
 * Per path, lender and loan bucket: τ days to maturity, the value at maturity M = C + L·r·τ/365,
 * the default probability 1 − e^{−pd·τ/365}, the shortfall beyond the collateral after the
 * sale cost and the unsecured recovery, the discount (1 − g)·e^{−ρτ/365}, or for a callable
 * bucket its call value if higher; summed per lender: book, value, discounted value and the
 * inflows within 30 days. The arithmetic is the engine's operation for operation (its
 * table-driven exp), so a build without fused multiply-adds (-ffp-contract=off) reproduces its
 * results bit for bit (the bench checks it); the timed build allows them.
 *
 * Usage: lender-kernel BK U LANES BLOCK STEPS PATHS [FINAL]
 * (FINAL: per path and lender the four sums after the last step of one repeat of the block.)
 * Prints one JSON line: {"paths", "steps", "seconds", "pathStepsPerSecond", "value"}.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kernel-common.h"

#define DAYS_PER_YEAR 365.0
#define LCR_DAYS 30

static const int LENDER_CALL_HAIRCUT[N_LENDERS] = LENDER_CALL_HAIRCUT_INIT;
static const double LENDER_CALL_LAG[N_LENDERS] = LENDER_CALL_LAG_INIT;
static const int BOOK_LENDER[N_BOOKS] = BOOK_LENDER_INIT, BOOK_PD[N_BOOKS] = BOOK_PD_INIT, BOOK_RATE[N_BOOKS] = BOOK_RATE_INIT;
static const int BOOK_MINER[N_BOOKS] = BOOK_MINER_INIT, BOOK_CALLABLE[N_BOOKS] = BOOK_CALLABLE_INIT;
static const int BOOK_BUCKETS[N_BOOKS] = BOOK_BUCKETS_INIT, BOOK_AT[N_BOOKS] = BOOK_AT_INIT;
static const double BOOK_INFLOW[N_BOOKS] = BOOK_INFLOW_INIT;

/* Per path: P, ρ, keep = 1 − g, sale cost, recovery, hazard and miner multipliers. */
enum { L_P, L_RHO, L_KEEP, L_SALE, L_RECOVERY, L_HAZARD, L_MINER };

/* The books of every lender of the block's n paths at day `day`, into out (4 sums per path and lender). */
static void step(const double *restrict bk, const double *restrict u, const double *restrict lanes, double *restrict out, int n, double day) {
  for (int i = 0; i < n; i++) {
    const double *l = lanes + (size_t)i * N_LANES;
    const double *ub = u + (size_t)i * U_W;
    const double *kb = bk + (size_t)i * BK_W;
    const double P = l[L_P], rho = l[L_RHO], keep = l[L_KEEP];
    const double sale_cost = l[L_SALE], recovery = l[L_RECOVERY];
    const double rho_per_day = rho / DAYS_PER_YEAR;
    int book = 0;
    for (int len = 0; len < N_LENDERS; len++) {
      const double call_h = ub[LENDER_CALL_HAIRCUT[len]];
      const double call_discount = fast_exp((-rho * LENDER_CALL_LAG[len]) / DAYS_PER_YEAR);
      double loan_book = 0, value = 0, value_discounted = 0, inflows = 0;
      for (; book < N_BOOKS && BOOK_LENDER[book] == len; book++) {
        const double pd = ub[BOOK_PD[book]] * l[L_HAZARD] * (BOOK_MINER[book] ? l[L_MINER] : 1);
        const double pd_per_day = pd / DAYS_PER_YEAR;
        const double r = ub[BOOK_RATE[book]];
        for (int j = 0; j < BOOK_BUCKETS[book]; j++) {
          const double *k = kb + BOOK_AT[book] + j * BK_width;
          const double principal = k[BK_principal];
          const double claim = principal + k[BK_accrued];
          if (!(claim > 0)) continue;
          loan_book += claim;
          const double left = k[BK_maturityDay] - day;
          const double tau = left > 0 ? left : 0;
          const double at_maturity = claim + (principal * r * tau) / DAYS_PER_YEAR;
          const double p_default = 1 - fast_exp(-pd_per_day * tau);
          const double secured = k[BK_collateralBtc] * P * (1 - sale_cost);
          const double gap = at_maturity - secured;
          const double shortfall = (gap > 0 ? gap : 0) * (1 - recovery);
          double v = at_maturity - p_default * shortfall;
          double d = keep * fast_exp(-rho_per_day * tau);
          if (BOOK_CALLABLE[book] && claim * (1 - call_h) * call_discount > v * d) {
            v = claim * (1 - call_h);
            d = call_discount;
          }
          value += v;
          value_discounted += v * d;
          if (tau <= LCR_DAYS) inflows += at_maturity * BOOK_INFLOW[book];
        }
      }
      double *o = out + 4 * ((size_t)i * N_LENDERS + len);
      o[0] = loan_book, o[1] = value, o[2] = value_discounted, o[3] = inflows;
    }
  }
}

int main(int argc, char **argv) {
  if (argc < 7) {
    fprintf(stderr, "usage: lender-kernel BK U LANES BLOCK STEPS PATHS [FINAL]\n");
    return 2;
  }
  const int block = atoi(argv[4]), steps = atoi(argv[5]);
  const long paths = atol(argv[6]);
  build_exp_table();
  const double *bk = read_file(argv[1], sizeof(double) * (size_t)block * BK_W);
  const double *u = read_file(argv[2], sizeof(double) * (size_t)block * U_W);
  const double *lanes = read_file(argv[3], sizeof(double) * (size_t)block * N_LANES);
  double *out = malloc(sizeof(double) * 4 * N_LENDERS * (size_t)block);
  double value = 0;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (long first = 0; first < paths; first += block) {
    const int n = paths - first < block ? (int)(paths - first) : block;
    for (int t = 1; t <= steps; t++) step(bk, u, lanes, out, n, t * STEP_DAYS);
    value += out[1];
    if (first == 0 && argc > 7) {
      FILE *f = fopen(argv[7], "wb");
      if (!f || fwrite(out, sizeof(double), 4 * N_LENDERS * (size_t)n, f) != 4 * N_LENDERS * (size_t)n) return 3;
      fclose(f);
    }
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  const double seconds = seconds_between(t0, t1);
  printf("{\"paths\": %ld, \"steps\": %d, \"seconds\": %.6f, \"pathStepsPerSecond\": %.1f, \"value\": %.6g}\n", paths, steps, seconds, paths * (double)steps / seconds, value);
  return 0;
}
