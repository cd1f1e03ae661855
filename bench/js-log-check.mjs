// The check of kernel-common.h's js_log (V8's Math.log, fdlibm's method) against Math.log: a
// small C driver computes js_log, and the C library's log beside it, of the values given; both
// are compared with Math.log bit for bit. bench/leverage-c.mjs runs it before it times the
// leverage kernel (whose bridge and shocks take logs); test/bench-log-port.spec.ts runs it too.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH = fileURLToPath(new URL('.', import.meta.url));

/** The driver: N doubles in, js_log of each then log of each out. */
const DRIVER = `#include "kernel-common.h"
int main(int argc, char **argv) {
  const long n = atol(argv[3]);
  const double *x = read_file(argv[1], sizeof(double) * (size_t)n);
  double *y = malloc(sizeof(double) * 2 * (size_t)n);
  for (long k = 0; k < n; k++) y[k] = js_log(x[k]), y[n + k] = log(x[k]);
  FILE *f = fopen(argv[2], "wb");
  if (!f || fwrite(y, sizeof(double), 2 * (size_t)n, f) != 2 * (size_t)n) return 3;
  fclose(f);
  return 0;
}
`;

/**
 * `n` positive doubles from a seeded generator (xorshift32), in turn from each of the ranges
 * where the method takes a different branch or a kernel takes its logs: any exponent (2^−1074 …
 * 2^1023, subnormals included), within 2^−20 and 2^−50 of 1, uniforms of a 32-bit word as the
 * engine makes them, prices ($1 … $10⁷), and mantissas near the two thresholds of the
 * reduction (√2) and of the accurate form (1.38, 1.42).
 * @param {number} n
 * @param {number} [seed]
 */
export function logCheckValues(n, seed = 0x9e3779b9) {
  let s = seed >>> 0 || 1;
  const word = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>>= 0);
  };
  const unit = () => (word() + 0.5) / 4294967296;
  const bits = new Uint32Array(2);
  const asDouble = new Float64Array(bits.buffer);
  const ranges = [
    () => {
      // any positive finite double: random bits below the sign
      bits[0] = word();
      bits[1] = word() % 0x7ff00000;
      return asDouble[0];
    },
    () => 1 + (unit() - 0.5) * Math.pow(2, -20 - 30 * unit()),
    () => unit(),
    () => Math.pow(10, 7 * unit()),
    () => Math.pow(2, Math.floor(unit() * 200) - 100) * (Math.SQRT2 + (unit() - 0.5) * 1e-5),
    () => Math.pow(2, Math.floor(unit() * 200) - 100) * (unit() < 0.5 ? 1.38 : 1.42) * (1 + (unit() - 0.5) * 1e-4),
  ];
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const x = ranges[k % ranges.length]();
    out[k] = x > 0 ? x : Number.MIN_VALUE;
  }
  return out;
}

/**
 * Compiles the driver with `cc` (no fused multiply-adds, as the checked kernels) in `dir`, runs
 * it on `values` and counts the values whose js_log, and whose C library log, differ from
 * Math.log in any bit.
 * @param {{ cc: string, dir: string, values: Float64Array }} o
 * @returns {{ count: number, jsLogDiffer: number, libmDiffer: number }}
 */
export function checkLogPort({ cc, dir, values }) {
  const src = join(dir, 'log-check.c');
  const exe = join(dir, 'log-check');
  writeFileSync(src, DRIVER);
  const built = spawnSync(cc, ['-O2', '-ffp-contract=off', '-I', BENCH, '-o', exe, src, '-lm'], { encoding: 'utf8' });
  if (built.error || built.status !== 0) throw new Error(`the log check did not compile: ${built.error?.message ?? built.stderr.trim()}`);
  const n = values.length;
  writeFileSync(join(dir, 'log-in'), new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  const r = spawnSync(exe, [join(dir, 'log-in'), join(dir, 'log-out'), String(n)], { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`the log check failed: ${r.error?.message ?? r.stderr.trim()}`);
  const y = new Float64Array(new Uint8Array(readFileSync(join(dir, 'log-out'))).buffer);
  let jsLogDiffer = 0;
  let libmDiffer = 0;
  for (let k = 0; k < n; k++) {
    const want = Math.log(values[k]);
    if (!Object.is(y[k], want)) jsLogDiffer++;
    if (!Object.is(y[n + k], want)) libmDiffer++;
  }
  return { count: n, jsLogDiffer, libmDiffer };
}
