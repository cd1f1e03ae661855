/*
 * What the C kernels of bench/ share with the engine, operation for operation, so that their
 * results can be checked bit for bit against it: the paths' xoshiro128** generators
 * (src/engine/rng/path-rng.ts), a word's uniform, the table-driven exp of src/engine/exp.ts and
 * Poisson by sequential-search inversion (path-rng.ts, poissonInversion).
 */
#ifndef CASCADE_KERNEL_COMMON_H
#define CASCADE_KERNEL_COMMON_H
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* ---- xoshiro128** ---- */
static inline uint32_t rotl(uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }
#define STARSTAR(b) (rotl((b) * 5u, 7) * 9u)
#define ADVANCE(a, b, c, d)     \
  do {                          \
    const uint32_t t_ = b << 9; \
    c ^= a;                     \
    d ^= b;                     \
    b ^= c;                     \
    a ^= d;                     \
    c ^= t_;                    \
    d = rotl(d, 11);            \
  } while (0)

static inline double to_uniform(uint32_t w) { return ((double)w + 0.5) * (1.0 / 4294967296.0); }

/* One path's generator (scalar). */
typedef struct { uint32_t a, b, c, d; } Rng;
static inline uint32_t next_u32(Rng *s) {
  const uint32_t out = STARSTAR(s->b);
  ADVANCE(s->a, s->b, s->c, s->d);
  return out;
}
static inline double uniform(Rng *s) { return to_uniform(next_u32(s)); }

/* ---- exp (src/engine/exp.ts: Tang's table-driven method, within 2 ulp) ---- */
static const double LN2_HI = 6.9314718036912381649e-1, LN2_LO = 1.90821492927058770002e-10;
static double FRACTION[64];

/*
 * FRACTION[j] = 2^(j/64); call once before fast_exp. A kernel checked bit for bit against the
 * engine is compiled with the engine's own table (EXP_FRACTION_INIT, from V8's Math.pow, which
 * differs from the C library's pow in the last bit for some j).
 */
static void build_exp_table(void) {
#ifdef EXP_FRACTION_INIT
  static const double engine[64] = EXP_FRACTION_INIT;
  for (int j = 0; j < 64; j++) FRACTION[j] = engine[j];
#else
  for (int j = 0; j < 64; j++) FRACTION[j] = pow(2.0, j / 64.0);
#endif
}

/* e^x for x in (-708, 709), where the engine's exp needs no fallback (the kernels stay inside). */
static inline double fast_exp(double x) {
  const double kf = (x * (64 / M_LN2) + 6755399441055744.0) - 6755399441055744.0;
  const int k = (int)kf;
  const double r = x - kf * (LN2_HI / 64) - kf * (LN2_LO / 64);
  const double r2 = r * r;
  const double em1 = r + r2 * (0.5 + r * (1.0 / 6)) + r2 * r2 * (1.0 / 24 + r * (1.0 / 120) + r2 * (1.0 / 720));
  const double t = FRACTION[k & 63];
  /* 2^m built from its bits (m = k >> 6, a normal exponent here) instead of a table */
  union { uint64_t u; double d; } pow2 = {.u = (uint64_t)((k >> 6) + 1023) << 52};
  return pow2.d * (t + t * em1);
}

/* Poisson(lambda) by inverting the uniform u (lambda below 12, where the engine inverts). */
static inline int poisson_inversion(double lambda, double u) {
  double p = fast_exp(-lambda), cdf = p;
  int k = 0;
  while (u > cdf && k < 1000) {
    k++;
    p *= lambda / k;
    cdf += p;
  }
  return k;
}

/* The whole of a file of `bytes` bytes (a block's records, written by bench/run.mjs), or exit 2. */
static void *read_file(const char *name, size_t bytes) {
  FILE *f = fopen(name, "rb");
  void *p = malloc(bytes);
  if (!f || !p || fread(p, 1, bytes, f) != bytes) {
    fprintf(stderr, "cannot read %zu bytes of %s\n", bytes, name);
    exit(2);
  }
  fclose(f);
  return p;
}
#endif
