import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../src/run-scenario.js';

/**
 * Golden results: every shipped scenario at a few hundred paths, one thread, hashed over its
 * numbers (signals with units and owners, events, terminal values, samples, sensitivity). A
 * refactor that must not change results (model contract v2, folder moves, shared helpers)
 * keeps every hash; a change that moves numbers on purpose updates the file with
 * `CASCADE_GOLDEN=update npx vitest run test/golden.spec.ts` and names the change in its commit.
 */
const GOLDEN_FILE = path.join(import.meta.dirname, 'golden', 'scenario-hashes.json');
const SCENARIO_DIR = path.join(import.meta.dirname, '..', 'scenarios');
const GOLDEN_PATHS = 300;

function numbersHash(points: { signals: unknown; events: unknown; terminal: unknown; samples: unknown; sensitivity?: unknown }[]): string {
  const h = createHash('sha256');
  for (const p of points) h.update(JSON.stringify([p.signals, p.events, p.terminal, p.samples, p.sensitivity ?? null]));
  return h.digest('hex');
}

const scenarios = fs
  .readdirSync(SCENARIO_DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

describe('golden results of the shipped scenarios', () => {
  const update = process.env.CASCADE_GOLDEN === 'update';
  const golden: Record<string, string> = fs.existsSync(GOLDEN_FILE) ? JSON.parse(fs.readFileSync(GOLDEN_FILE, 'utf8')) : {};
  const seen: Record<string, string> = {};

  for (const file of scenarios) {
    it(`${file} at ${GOLDEN_PATHS} paths is bit-identical to its golden hash`, async () => {
      const result = await runScenario(path.join(SCENARIO_DIR, file), { paths: GOLDEN_PATHS, threads: 1 });
      const hash = numbersHash(result.points);
      seen[file] = hash;
      if (update) return;
      expect(golden[file], `no golden hash for ${file}: run with CASCADE_GOLDEN=update`).toBeDefined();
      expect(hash).toBe(golden[file]);
    });
  }

  it.runIf(update)('writes the golden file', () => {
    fs.writeFileSync(GOLDEN_FILE, JSON.stringify(seen, null, 2) + '\n');
  });
});
