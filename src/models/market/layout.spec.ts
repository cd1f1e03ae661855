/**
 * The market's record layout and what its io/prepare read: the hot loop indexes the record
 * by shifts (width and sub-block widths powers of two), each regime's constants sit in an
 * aligned block, and nothing of the settings shapes the run, so every market parameter may be
 * set on a schedule. Exact checks: these are integers and names.
 */
import { describe, expect, it } from 'vitest';
import type { ParamSettings } from '../../engine/params.js';
import { defaultSettings } from '../../engine/prepare.js';
import { shapeParams } from '../../engine/shape.js';
import { signalList } from '../../engine/signals.js';
import { market } from './index.js';
import { CALM, coefBase, MarketScratch, PATH, REGIME_COEFS, SIGNALS, STRESS } from './layout.js';
import type { marketParams } from './params.js';

const defaults = defaultSettings(market) as ParamSettings<typeof marketParams>;

describe('market layout', () => {
  it('a path record is 32 doubles (shift 5); regime r’s four constants start at 8 + 4r', () => {
    expect(PATH.width).toBe(32);
    expect(PATH.shift).toBe(5);
    expect(PATH.coefs).toBe(8);
    expect(REGIME_COEFS.width).toBe(4);
    expect(REGIME_COEFS.shift).toBe(2);
    expect(PATH.coefs % REGIME_COEFS.width).toBe(0);
    expect(PATH.coefs + 2 * REGIME_COEFS.width).toBeLessThanOrEqual(PATH.width);
    for (const i of [0, 1, 7, 1023]) {
      expect(coefBase(i, CALM)).toBe(i * PATH.width + PATH.coefs);
      expect(coefBase(i, STRESS)).toBe(i * PATH.width + PATH.coefs + REGIME_COEFS.width);
    }
  });

  it('prepare makes rare-case lists for the block size, and io declares every signal handle once', () => {
    const scratch = market.prepare!(defaults, { blockSize: 300, stepDays: 1, startDate: '2026-02-05' });
    expect(scratch).toBeInstanceOf(MarketScratch);
    for (const list of [scratch.slowNormals, scratch.slowNormalWords, scratch.jumps, scratch.jumpWords]) expect(list.length).toBe(300);
    const io = market.io(defaults);
    expect('signals' in io && signalList(io.signals)).toEqual(SIGNALS);
    expect(io.state).toEqual({ path: PATH.width });
  });

  it('neither io nor prepare reads a setting: every parameter but startFrom (read once at validation) can be set on a schedule', () => {
    expect([...shapeParams(market, defaultSettings(market)).keys()]).toEqual(['startFrom']);
  });
});
