import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { codeFingerprint, fingerprintOf, isResultCode } from './code-fingerprint.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-fingerprint-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A tree laid out as src/ or dist/: result code, and files that are not. */
function tree(name: string, files: Record<string, string>): string {
  const root = path.join(tmp, name);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

const NOT_RESULT_CODE = [
  'engine/harness.test-helper.ts',
  'engine/harness.test-helper.js',
  'models/stand-in.test-helper.ts',
  'models/stand-in.test-helper.js',
  'engine/run.spec.ts',
  'engine/run.spec.js',
  'engine/run.d.ts',
  'engine/run.js.map',
  'engine/run.d.ts.map',
  'models/README.md',
];

describe('the code fingerprint of --reuse', () => {
  it('takes modules in source and built form, and leaves out specs, test helpers, declarations and maps', () => {
    for (const f of ['engine/run.ts', 'engine/run.js', 'engine/worker-shim.mjs', 'run-scenario.js']) expect(isResultCode(f), f).toBe(true);
    for (const f of NOT_RESULT_CODE) expect(isResultCode(f), f).toBe(false);
  });

  it('does not change when a spec or test helper does (src and dist layouts), and changes with the code', () => {
    for (const [layout, ext] of [['src', 'ts'], ['dist', 'js']] as const) {
      const code = { [`engine/run.${ext}`]: 'run', [`models/market/index.${ext}`]: 'market', [`run-scenario.${ext}`]: 'scenario' };
      const base = fingerprintOf(tree(`${layout}-a`, code));
      const withTests = fingerprintOf(tree(`${layout}-b`, { ...code, ...Object.fromEntries(NOT_RESULT_CODE.map((f) => [f, 'test'])) }));
      expect(withTests, layout).toBe(base);
      expect(fingerprintOf(tree(`${layout}-c`, { ...code, [`engine/run.${ext}`]: 'run, changed' })), layout).not.toBe(base);
      expect(fingerprintOf(tree(`${layout}-d`, { ...code, 'report/html.ts': 'a report' })), layout).toBe(base); // the report is not result code
    }
  });

  it('of this working copy: 16 hex digits, the same each time', () => {
    expect(codeFingerprint()).toMatch(/^[0-9a-f]{16}$/);
    expect(codeFingerprint()).toBe(fingerprintOf(path.join(import.meta.dirname, '..')));
  });
});
