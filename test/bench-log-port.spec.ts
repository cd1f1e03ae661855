import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * bench/kernel-common.h's js_log, the C port of V8's Math.log that lets the leverage kernel in C
 * (bench/leverage-kernel.c) reproduce the engine bit for bit: the values it is checked on, and
 * the check itself (compiled with gcc; skipped where there is none).
 */

// a computed specifier: the bench's plain JavaScript, loaded as the bench loads it
const checkModule = new URL('../bench/js-log-check.mjs', import.meta.url).href;
const { checkLogPort, logCheckValues } = await import(checkModule);
const hasGcc = spawnSync('gcc', ['--version']).status === 0;

describe('the values js_log is checked on', () => {
  const values: Float64Array = logCheckValues(60_000);

  it('are the same for the same seed, and others for another', () => {
    expect(logCheckValues(600)).toEqual(logCheckValues(600));
    expect(logCheckValues(600, 7)).not.toEqual(logCheckValues(600));
  });

  it('are positive and finite, and reach every branch of the method', () => {
    expect(values.every((x) => x > 0 && Number.isFinite(x))).toBe(true);
    const some = (test: (x: number) => boolean) => values.some(test);
    // subnormals (rescaled by 2^54), |x − 1| < 2^−20 (the short form), x above and below √2's threshold
    expect(some((x) => x < 2.2250738585072014e-308)).toBe(true);
    expect(some((x) => x !== 1 && Math.abs(x - 1) < 2 ** -20)).toBe(true);
    expect(some((x) => x > 1e300) && some((x) => x < 1e-300)).toBe(true);
    const mantissas = values.map((x) => x / 2 ** Math.floor(Math.log2(x)));
    expect(mantissas.some((m) => m > 1.38 && m < 1.42)).toBe(true);
    expect(mantissas.some((m) => m > Math.SQRT2 && m < Math.SQRT2 + 1e-5) && mantissas.some((m) => m < Math.SQRT2 && m > Math.SQRT2 - 1e-5)).toBe(true);
  });
});

describe.skipIf(!hasGcc)('js_log (gcc)', () => {
  it('equals Math.log bit for bit where the C library log does not', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cascade-log-'));
    try {
      const r = checkLogPort({ cc: 'gcc', dir, values: logCheckValues(300_000) });
      expect(r.count).toBe(300_000);
      expect(r.jsLogDiffer).toBe(0);
      // the comparison can fail: glibc's log (within 1 ulp too) differs on some of the same values
      expect(r.libmDiffer).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
