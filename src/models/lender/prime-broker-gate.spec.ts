/**
 * scenarios/feb-2026-prime-broker-gate.yaml: the BlockFills-like lender in the February 2026
 * crash (README.md "Validation"). Its balance sheet is assumed, so there is no true answer to
 * compare P(halt) with; what is checked:
 * - consistency of the outputs: P(halt within 7) ≤ P(within 30) ≤ P(within 90) ≤ P(halt in
 *   the horizon), each equal (exactly: same paths) to the mean of its 0/1 signal, and to the
 *   mean of everHalted on that day; repaid only after a halt, with an empty queue;
 * - the one fact we have about timing: the real freeze came within a week of the 2026-02-06
 *   crash (domain.md §0: reported 02-11, begun the week before). Among paths that halt in the
 *   first 30 days, the median halt day must be ≤ 7;
 * - repayment as loans mature (seed 000): the median repaid day lies within the loan terms
 *   (30–90 days) of the halt, i.e. between day 10 and day 100;
 * - P(halt within 30 days) stays within 5–60%: a regression guard on the assumptions, not a
 *   validation (the assumptions, not the data, set this number).
 * 4,000 of the scenario's 20,000 paths: event probabilities then carry ≈0.7 pp of sampling
 * error, far inside these bands.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { cleanUp, runScenario, scenarioFile, writeScenario, type Ran } from './run-scenario.test-helper.js';
import * as shipped from '../index.js';

afterAll(cleanUp);

/** The scenario as shipped, recording only what the checks read (recording is most of the cost). */
function recorded(): string {
  const signals = ['everHalted', 'haltedWithin7d', 'haltedWithin30d', 'haltedWithin90d', 'repaid', 'queuedClaimsUsd'].map((k) => `lender.blockfills.${k}`);
  return writeScenario(
    'gate-recorded',
    [`name: gate-recorded`, `extends: ${scenarioFile('feb-2026-prime-broker-gate')}`, `record: [${signals.join(', ')}]`, 'output: { samplePaths: 400 }'].join('\n'),
  );
}

let ran: Ran;
const gate = async () => (ran ??= await runScenario(recorded(), shipped, { paths: 4000 }));

describe('feb-2026-prime-broker-gate', () => {
  it('P(halt within 7/30/90 days) are consistent with each other and with the halt signals', async () => {
    const r = await gate();
    const ev = r.summary.events;
    const p = (d: number) => ev[`lender.blockfills.haltWithin${d}d`].probability;
    expect(p(7)).toBeLessThanOrEqual(p(30));
    expect(p(30)).toBeLessThanOrEqual(p(90));
    expect(p(90)).toBeLessThanOrEqual(ev['lender.blockfills.halt'].probability);
    const everHalted = r.summary.signals['lender.blockfills.everHalted'].mean;
    for (const d of [7, 30, 90]) {
      expect(r.summary.signals[`lender.blockfills.haltedWithin${d}d`].mean[180]).toBeCloseTo(p(d), 12);
      expect(everHalted[d]).toBeCloseTo(p(d), 12);
    }
    expect(p(30)).toBeGreaterThan(0.05);
    expect(p(30)).toBeLessThan(0.6);
  });

  it('halts within a week of the crash, as the real freeze did; repays as loans mature', async () => {
    const r = await gate();
    expect(r.summary.events['lender.blockfills.haltWithin30d'].day!.p50).toBeLessThanOrEqual(7);
    const repaid = r.summary.events['lender.blockfills.repaid'];
    expect(repaid.probability).toBeGreaterThan(0);
    expect(repaid.day!.p50).toBeGreaterThanOrEqual(10);
    expect(repaid.day!.p50).toBeLessThanOrEqual(100);
  });

  it('on every sampled path: repaid only after a halt, with nothing left in the queue', async () => {
    const r = await gate();
    let checked = 0;
    for (let j = 0; j < r.record.samples.length; j++) {
      const halted = r.series('lender.blockfills.everHalted', j);
      const repaid = r.series('lender.blockfills.repaid', j);
      const queue = r.series('lender.blockfills.queuedClaimsUsd', j);
      const first = Array.from(repaid).findIndex((v) => v === 1);
      if (first < 0) continue;
      checked++;
      expect(halted[first - 1]).toBe(1);
      expect(queue[first]).toBe(0);
    }
    expect(checked).toBeGreaterThan(0);
  });
});
