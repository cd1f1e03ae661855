import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BIN = path.join(ROOT, 'bin', 'cascade.mjs');

/** A fresh temporary folder, removed when the process exits. */
export function tempDir(prefix = 'cascade-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * A fresh folder for scenario files (removed when the process exits) and a function that
 * writes NAME.yaml into it and returns its path.
 */
export function scenarioFolder(prefix = 'cascade-scenarios-'): { dir: string; write: (name: string, text: string) => string } {
  const dir = tempDir(prefix);
  return {
    dir,
    write(name, text) {
      const file = path.join(dir, `${name}.yaml`);
      fs.writeFileSync(file, text);
      return file;
    },
  };
}

/**
 * The run store this test file's commands use unless they say otherwise: a fresh folder per
 * test file (vitest runs files in parallel), so tests never touch ./.cascade nor each other.
 */
export const TEST_STORE = tempDir('cascade-store-');

/** Runs the built `cascade` command (npm test builds dist/ first). */
export function cascade(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const env = { ...process.env, CASCADE_DEBUG: '', CASCADE_STORE: TEST_STORE, ...opts.env };
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, encoding: 'utf8', env, maxBuffer: 256 * 1024 * 1024 });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

