import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { README_BLOCKS, refreshReadme } from '../src/cli/models-table.js';
import { registry } from '../src/models/index.js';
import { ROOT } from './helpers.js';

/**
 * Each model README carries its parameter table and signal table between generated-block
 * markers, and they equal what params.ts and io() say now. When this fails, run
 * `npx cascade models --write-readmes` (after `npm run build`) and commit the READMEs.
 */
describe('model README tables', () => {
  it.each(registry.models.map((m) => [m.name, m] as const))('%s: the parameter and signal tables match the code', (_name, m) => {
    const text = fs.readFileSync(path.join(ROOT, m.readme), 'utf8');
    for (const [begin, end] of Object.values(README_BLOCKS)) {
      expect(text, `${m.readme} lacks the block ${begin}`).toContain(begin);
      expect(text).toContain(end);
    }
    expect(refreshReadme(text, m), `${m.readme} is out of date: run npx cascade models --write-readmes`).toBe(text);
  });
});
