/**
 * The scenario fuzzer in the suite: a few hundred generated files (fixed seed, the generator in
 * test/fuzz/generate.ts) through `validate` and `run` in this process, and a sample through the
 * built CLI in child processes. Every call exits 0 or 1, every 1 names FILE:LINE:COL, no exit-0
 * JSON has a silent null statistic, nothing hangs. `npm run fuzz` runs ≥ 10,000 files the same way
 * (README, "Hostile input").
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkInProcess, checkSpawned, type CaseOutcome } from './fuzz/check.js';
import { generateCase, KINDS, writeCase, writeFixtures, type FuzzCase } from './fuzz/generate.js';
import { tempDir } from './helpers.js';

const SEED = 15;
const FILES = 300;
/** Longest a call may take in this suite (tiny scenarios: a hang or a runaway shows as more). */
const CALL_MS = 30_000;

let dir: string;
const cases: FuzzCase[] = [];
beforeAll(() => {
  dir = path.join(tempDir('cascade-fuzz-'), 'cases');
  fs.mkdirSync(dir, { recursive: true });
  writeFixtures(dir);
  for (let i = 0; i < FILES; i++) cases.push(generateCase(SEED, i));
});

describe(`fuzz: ${FILES} generated scenario files (seed ${SEED})`, () => {
  it('cover most kinds', () => {
    expect(new Set(cases.map((c) => c.kind)).size).toBeGreaterThanOrEqual(KINDS.length - 3);
  });

  it('validate and run in-process: exit 0 or 1, FILE:LINE:COL for every 1, no silent null, no runaway', async () => {
    const outcomes: CaseOutcome[] = [];
    for (const c of cases) outcomes.push(await checkInProcess(c, writeCase(dir, c)));
    const broken = outcomes.flatMap((o) => o.calls.flatMap((call) => call.violations.map((v) => `case ${o.index} (${o.kind}) ${call.command}: ${v}`)));
    expect(broken).toEqual([]);
    const slow = outcomes.flatMap((o) => o.calls.filter((call) => call.ms > CALL_MS).map((call) => `case ${o.index} (${o.kind}) ${call.command}: ${call.ms} ms`));
    expect(slow).toEqual([]);
    const exits = outcomes.flatMap((o) => o.calls.map((call) => call.exit));
    // both outcomes occur: the generator makes valid files too, and they run
    expect(exits.filter((e) => e === 0).length).toBeGreaterThan(FILES / 10);
    expect(exits.filter((e) => e === 1).length).toBeGreaterThan(FILES / 2);
  }, 900_000);

  it('a sample through the built CLI: the process exits 0 or 1, within a timeout', () => {
    const sample = cases.filter((c) => c.index % 60 === 0 || c.kind === 'extends').slice(0, 8);
    const broken = sample.flatMap((c) => checkSpawned(c, path.join(dir, c.main), 120_000).flatMap((call) => call.violations.map((v) => `case ${c.index} (${c.kind}) ${call.command}: ${v}`)));
    expect(broken).toEqual([]);
  }, 900_000);
});
