/**
 * The chain's slow case (blocks.ts) on the real engine: a step that opens an epoch, and a step
 * that closes one with a retarget, one path at a time with the harness.
 */
import { describe, expect, it } from 'vitest';
import { modelHarness } from '../../engine/harness.test-helper.js';
import { startChain } from './blocks.js';
import { subsidySumBtc } from './chain.js';
import { network } from './index.js';
import { BLOCKS_PER_DAY, BLOCKS_SINCE_START, DIFFICULTY, RETARGET_CHANGE, S, SECURITY_BUDGET, networkLayout } from './layout.js';
import { DEFAULT_FLEET } from './params.js';
import { RETARGET_INTERVAL, compactFromDifficulty, difficultyFromCompact, nextWorkRequired } from './pow.js';
import { priceReplay } from './price-replay.test-helper.js';

const D0 = 141_668_107_417_558.25;
const BITS = compactFromDifficulty(D0);
/** The first block of epoch 463. */
const EPOCH_START = 933_408;
const PRICE = 70_000;
const FEES = 0.036;

/** Eight paths of the network at a constant price, from the given chain state. */
function harness(settings: Record<string, unknown>) {
  return modelHarness({
    models: [priceReplay, network],
    paths: 8,
    settings: { pricereplay: { pricesUsd: [PRICE] }, network: { difficulty: D0, feesBtcPerBlock: FEES, ...settings } },
  }).init();
}

describe('the chain at the start', () => {
  it('the retarget clock runs from the epoch’s first block; at a tip that closed an epoch it waits for the next block', () => {
    const rec = new Float64Array(S.width);
    expect(startChain(rec, 0, EPOCH_START + 100, BITS, 2.5)).toBe(difficultyFromCompact(BITS));
    expect(rec[S.tFirst]).toBe(-2.5 * 86_400);
    expect(rec[S.tip]).toBe(EPOCH_START + 100);
    expect(rec[S.startTip]).toBe(EPOCH_START + 100);
    startChain(rec, 0, EPOCH_START - 1, BITS, 2.5);
    expect(rec[S.tFirst]).toBeNaN();
  });
});

describe('a step that opens an epoch', () => {
  it('its first block comes at 1/(k + 1) of the step: the epoch’s clock starts there', () => {
    const h = harness({ startHeight: EPOCH_START - 1 }).step();
    const rec = h.state('network', 'rec');
    const W = networkLayout(DEFAULT_FLEET.length).width;
    for (let i = 0; i < h.paths; i++) {
      const k = h.signal(BLOCKS_SINCE_START)[i];
      expect(k).toBeGreaterThan(50);
      expect(rec[i * W + S.tip]).toBe(EPOCH_START - 1 + k);
      expect(rec[i * W + S.tFirst]).toBe(86_400 / (k + 1));
      expect(h.signal(BLOCKS_PER_DAY)[i]).toBe(k);
      expect(h.signal(RETARGET_CHANGE)[i]).toBe(0);
      expect(h.signal(SECURITY_BUDGET)[i]).toBeCloseTo((subsidySumBtc(EPOCH_START - 1, EPOCH_START - 1 + k) + k * FEES) * PRICE, 6);
    }
  });
});

describe('a step that closes an epoch', () => {
  it.each([
    ['1 day', 1, nextWorkRequired(BITS, 0, 1000)],
    ['60 days', 60, nextWorkRequired(BITS, 0, 100 * 86_400)],
  ])('an epoch of %s retargets by Core’s clamped arithmetic at its last block, then mines on at the new difficulty', (_label, days, bits) => {
    // 10 blocks to the epoch's last block; ~140 blocks a day at 1,000 EH/s
    const start = EPOCH_START + RETARGET_INTERVAL - 11;
    const h = harness({ startHeight: start, daysSinceRetarget: days }).step();
    const D = difficultyFromCompact(bits);
    const rec = h.state('network', 'rec');
    const W = networkLayout(DEFAULT_FLEET.length).width;
    for (let i = 0; i < h.paths; i++) {
      const k = h.signal(BLOCKS_SINCE_START)[i];
      expect(k).toBeGreaterThan(10);
      expect(h.signal(DIFFICULTY)[i]).toBe(D);
      expect(h.signal(RETARGET_CHANGE)[i]).toBe(D / difficultyFromCompact(BITS) - 1);
      expect(rec[i * W + S.nBits]).toBe(bits);
      expect(h.signal(SECURITY_BUDGET)[i]).toBeCloseTo((subsidySumBtc(start, start + k) + k * FEES) * PRICE, 6);
    }
  });
});
