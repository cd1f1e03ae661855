/**
 * The reverse stress test on the engine, on a case with a known answer: a market that does
 * not move (no volatility, drift, jumps or trend) from a starting price S, hit on day 1 by a
 * shock drawn per path uniform on [0.8, 1.0]. BTC ends below $60k when the draw is below
 * 60000/S, so P = (60000/S − 0.8)/0.2, which is 0.5 at S = 60000/0.9 = 66,666.67. With 400
 * paths, the probability's sd is 0.025 and its slope 6.75e-5 per USD there: the answer's sd
 * is ≈ 370 USD, so it must land within 3 sd (1,100 USD) and its interval must contain the truth.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { registry } from '../../models/index.js';
import { loadScenario } from '../../scenario/plan.js';
import { jointText, reverseText } from './format.js';
import { ReverseInputError, reverseJointStressTest, reverseStressTest } from './reverse.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-reverse-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const FILE = path.join(dir, 'still.yaml');
fs.writeFileSync(
  FILE,
  `name: still-market
start: 2026-02-05
horizonDays: 2
paths: 400
seed: 5
models:
  market:
    priceUsd: 70000
    initialRegime: calm
    driftCalmPerYear: 0
    driftStressPerYear: 0
    volCalmPerSqrtYear: 0
    volStressPerSqrtYear: 0
    initialVolPerSqrtYear: 0
    jumpsCalmPerYear: 0
    jumpsStressPerYear: 0
    garchAlpha: 0
    trendGain: 0
record: [btc.price]
output: { samplePaths: 0 }
schedule:
  - at: 2026-02-06
    shock:
      - signal: btc.price
        multiply: { dist: uniform, min: 0.8, max: 1.0 }
events:
  - name: below60k
    when: btc.price < 60000
`,
);

describe('reverse stress test', () => {
  it('finds the starting price at which P(BTC < $60k) is 50%: 66,667 (known), inside its interval', async () => {
    const loaded = loadScenario(FILE, registry);
    const a = await reverseStressTest(loaded, { vary: 'market.priceUsd', event: 'below60k', target: 0.5, range: [61000, 80000], threads: 1 });
    const truth = 60000 / 0.9;
    expect(a.increasing).toBe(false);
    expect(Math.abs(a.x! - truth)).toBeLessThan(1100);
    expect(a.interval!.lo).toBeLessThan(truth);
    expect(a.interval!.hi).toBeGreaterThan(truth);
    expect(a.curve.length).toBeLessThanOrEqual(12);
    // the ends of the range: S = 61,000 gives P = (0.9836 − 0.8)/0.2 = 0.92; S = 80,000 gives 0
    expect(a.curve[0].p).toBeGreaterThan(0.85);
    expect(a.curve[a.curve.length - 1].p).toBe(0);
    const text = reverseText(a);
    expect(text).toContain('threshold: market.priceUsd = ');
    expect(text).toContain('seed 5 for every trial');
  }, 120_000);

  it('finds the smallest joint move of the start price and a shock’s add (known: 0.372 along 48°, 0.3722 on the 45° ray)', async () => {
    // S = 75,000 − 15,000·s₁ and add a = −15,000·s₂: P(S·m + a < 60,000) = 0.5 where
    // (60,000 − a)/S = 0.9, i.e. 13,500·s₁ + 15,000·s₂ = 7,500: nearest to the origin at
    // 7,500/20,180 = 0.3717 (48°); the 45° ray crosses it at 7,500/(0.7071·28,500) = 0.3722.
    const loaded = loadScenario(FILE, registry);
    const a = await reverseJointStressTest(loaded, {
      inputs: [
        { vary: 'market.priceUsd', from: 75000, to: 60000 },
        { vary: 'shock.btc.price.add', from: 0, to: -15000 },
      ],
      event: 'below60k',
      target: 0.5,
      threads: 1,
    });
    expect(a.rays).toHaveLength(7);
    expect(a.best!.direction[0]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(Math.abs(a.best!.crossing.x! - 0.3722)).toBeLessThan(0.02); // ≈ 2 sd at 400 paths
    expect(a.values!['market.priceUsd']).toBeLessThan(75000);
    expect(a.values!['shock.btc.price.add']).toBeLessThan(0);
    expect(jointText(a)).toContain('smallest joint move: ‖s‖₂ = ');
  }, 120_000);

  it('refuses an unknown event or path, and a range the file would refuse', async () => {
    const loaded = loadScenario(FILE, registry);
    await expect(reverseStressTest(loaded, { vary: 'market.priceUsd', event: 'below6k', target: 0.5 })).rejects.toThrow(ReverseInputError);
    await expect(reverseStressTest(loaded, { vary: 'market.prizeUsd', event: 'below60k', target: 0.5 })).rejects.toThrow('did you mean priceUsd?');
    await expect(reverseStressTest(loaded, { vary: 'market.priceUsd', event: 'below60k', target: 0.5, range: [-5, 10] })).rejects.toThrow('expected a number > 0');
  });
});
