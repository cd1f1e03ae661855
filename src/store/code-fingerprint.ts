import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Folders (beside this one) whose code decides a run's numbers. The report, the store and the
 * CLI are left out: changing how results look must not make stored results unusable.
 */
const RESULT_CODE = ['engine', 'models', 'scenario', 'results', 'finance', 'physics', 'run-scenario'];

/**
 * Whether a file of those folders is code that computes results: a module in source (`.ts`) or
 * built (`.js`, `.mjs`) form, but not a spec, a test helper (stand-ins, harness), a type
 * declaration or a source map — tests change without changing any result.
 */
export function isResultCode(file: string): boolean {
  return /\.(ts|js|mjs)$/.test(file) && !/\.(spec|test-helper)\.(ts|js|mjs)$|\.d\.ts$/.test(file);
}

let cached: string | undefined;

/**
 * SHA-256 (first 16 hex digits) of the code that computes results. `--reuse` requires it to
 * match as well as the version, so that a model changed without a version bump (every
 * working copy between releases) is never answered with numbers the old code made.
 */
export function codeFingerprint(): string {
  cached ??= fingerprintOf(fileURLToPath(new URL('..', import.meta.url)));
  return cached;
}

/** The fingerprint of the result code under `root` (src/ or dist/). */
export function fingerprintOf(root: string): string {
  const files: string[] = [];
  const walk = (p: string) => {
    const st = fs.statSync(p, { throwIfNoEntry: false });
    if (!st) return;
    if (st.isDirectory()) for (const e of fs.readdirSync(p).sort()) walk(path.join(p, e));
    else if (isResultCode(p)) files.push(p);
  };
  for (const entry of RESULT_CODE) {
    walk(path.join(root, entry));
    for (const ext of ['.js', '.ts']) walk(path.join(root, entry + ext));
  }
  const h = createHash('sha256');
  for (const f of files) h.update(path.relative(root, f)).update('\0').update(fs.readFileSync(f)).update('\0');
  return h.digest('hex').slice(0, 16);
}
