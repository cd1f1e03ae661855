/*
 * What the C kernels of bench/ share with the engine, operation for operation, so that their
 * results can be checked bit for bit against it: the paths' xoshiro128** generators
 * (src/engine/rng/path-rng.ts), a word's uniform, the table-driven exp of src/engine/exp.ts and
 * Poisson by sequential-search inversion (path-rng.ts, poissonInversion), and the natural log
 * of V8's Math.log (fdlibm's method: the C library's log differs from it in the last bit on ~1%
 * of arguments).
 */
#ifndef CASCADE_KERNEL_COMMON_H
#define CASCADE_KERNEL_COMMON_H
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- timing ---- */
static inline double seconds_between(struct timespec a, struct timespec b) { return (b.tv_sec - a.tv_sec) + 1e-9 * (b.tv_nsec - a.tv_nsec); }

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

/* ---- log (V8's Math.log: fdlibm's method, within 1 ulp) ----
 *
 * Written from the method's description, not from its code: x = 2^k·(1 + f) with 1 + f in
 * [√2/2, √2); s = f/(2 + f), so that ln(1 + f) = ln(1 + s) − ln(1 − s) = 2s + s·R(s²), R a
 * degree-7 polynomial in z = s² (Lg1 … Lg7, a Remez fit on [0, 0.1716], error below 2^−58.45),
 * evaluated as its even and odd halves in w = z²; then ln x = k·ln2_hi + (ln(1 + f) + k·ln2_lo),
 * ln2_hi with trailing zero bits so that k·ln2_hi is exact. ln(1 + f) is f − s·(f − R), except
 * for the mantissas between 0x6147a and 0x6b851 (high 20 bits), where the form with
 * hfsq = f²/2, f − (hfsq − s·(hfsq + R)), is the more accurate, and for |f| < 2^−20, where
 * f − f²·(1/2 − f/3) is. The same operations in the same order give the same bits: the bench
 * checks it against Math.log before it times a kernel that uses it.
 */
static inline uint64_t bits_of(double x) {
  uint64_t u;
  memcpy(&u, &x, sizeof u);
  return u;
}
static inline double double_of(uint64_t u) {
  double x;
  memcpy(&x, &u, sizeof x);
  return x;
}
static double js_log(double x) {
  static const double ln2_hi = 0x1.62e42feep-1, ln2_lo = 0x1.a39ef35793c76p-33;
  static const double Lg1 = 0x1.5555555555593p-1, Lg2 = 0x1.999999997fa04p-2, Lg3 = 0x1.2492494229359p-2, Lg4 = 0x1.c71c51d8e78afp-3;
  static const double Lg5 = 0x1.7466496cb03dep-3, Lg6 = 0x1.39a09d078c69fp-3, Lg7 = 0x1.2f112df3e5244p-3;
  uint64_t u = bits_of(x);
  int32_t high = (int32_t)(u >> 32);
  int k = 0;
  if (high < 0x00100000) {
    /* zero, negative, NaN or subnormal */
    if (x == 0) return -1.0 / 0.0;
    if (high < 0 || x != x) return (x - x) / 0.0;
    x *= 0x1p54;
    k -= 54;
    u = bits_of(x);
    high = (int32_t)(u >> 32);
  }
  if (high >= 0x7ff00000) return x + x; /* +∞ or NaN */
  k += (high >> 20) - 1023;
  const int32_t mantissa = high & 0x000fffff;
  /* 1 + f into about [√2/2, √2): mantissas from 0x6a09c (√2's is 0x6a09e…; + 0x95f64 carries) take exponent −1 */
  const int32_t above = (mantissa + 0x95f64) & 0x100000;
  x = double_of(((uint64_t)(uint32_t)(mantissa | (above ^ 0x3ff00000)) << 32) | (u & 0xffffffffu));
  k += above >> 20;
  const double f = x - 1.0;
  const double dk = k;
  if ((0x000fffff & (2 + mantissa)) < 3) {
    /* |f| < 2^−20 */
    if (f == 0) return k == 0 ? 0 : dk * ln2_hi + dk * ln2_lo;
    const double R = f * f * (0.5 - 0.33333333333333333 * f);
    return k == 0 ? f - R : dk * ln2_hi - ((R - dk * ln2_lo) - f);
  }
  const double s = f / (2.0 + f), z = s * s, w = z * z;
  const double even = w * (Lg2 + w * (Lg4 + w * Lg6));
  const double odd = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
  const double R = odd + even;
  if (((mantissa - 0x6147a) | (0x6b851 - mantissa)) > 0) {
    const double hfsq = 0.5 * f * f;
    return k == 0 ? f - (hfsq - s * (hfsq + R)) : dk * ln2_hi - ((hfsq - (s * (hfsq + R) + dk * ln2_lo)) - f);
  }
  return k == 0 ? f - s * (f - R) : dk * ln2_hi - ((s * (f - R) - dk * ln2_lo) - f);
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
