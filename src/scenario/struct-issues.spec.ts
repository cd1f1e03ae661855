import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { registry } from '../models/index.js';
import { ScenarioError, type ScenarioIssue } from './issues.js';
import { loadScenario } from './plan.js';

const SCENARIOS = path.join(import.meta.dirname, '..', '..', 'scenarios');

function issuesOf(text: string): ScenarioIssue[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-struct-'));
  const file = path.join(dir, 'bad.yaml');
  fs.writeFileSync(file, text);
  try {
    loadScenario(file, registry, {});
  } catch (err) {
    if (err instanceof ScenarioError) return err.issues;
    throw err;
  }
  return [];
}

describe('problems inside struct parameters', () => {
  const flagship = path.join(SCENARIOS, 'flagship.yaml');

  it('point at the field’s own line and column, with expected/found and did-you-mean', () => {
    const issues = issuesOf(`extends: ${flagship}\nname: bad\nmodels:\n  lender:\n    lenders:\n      blockfills:\n        depositsUsd: -5\n        cashShre: 0.2\n`);
    const byPath = Object.fromEntries(issues.map((i) => [i.path, i]));
    const deposits = byPath['models.lender.lenders.blockfills.depositsUsd'];
    expect([deposits.line, deposits.col]).toEqual([7, 22]);
    expect(deposits.message).toMatch(/^expected a number > 0 \(USD\), found -5$/);
    const typo = byPath['models.lender.lenders.blockfills.cashShre'];
    expect([typo.line, typo.col]).toEqual([8, 9]);
    expect(typo.message).toMatch(/did you mean cashShare\?$/);
    // nothing is reported at the parent with the parameter's description
    expect(issues.map((i) => i.path)).not.toContain('models.lender.lenders');
  });
});
