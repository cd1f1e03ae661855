import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../engine/calendar.js';
import { tempDir } from '../../../test/helpers.js';
import { ScenarioError } from '../../scenario/issues.js';
import { loadScenario } from '../../scenario/plan.js';
import { registry } from '../index.js';
import { EH, HASHES_PER_DIFFICULTY, SECONDS_PER_DAY } from './chain.js';
import { networkParams } from './params.js';
import { RETARGET_INTERVAL } from './pow.js';
import { chainData, chainStateAt, chainStateProblem, networkStateAt, fillDailyGaps } from './start-from.js';

const dir = tempDir('cascade-start-from-');

function load(name: string, text: string) {
  const file = path.join(dir, `${name}.yaml`);
  fs.writeFileSync(file, text);
  return loadScenario(file, registry);
}

function issues(name: string, text: string): { line: number; path: string; message: string }[] {
  try {
    load(name, text);
  } catch (err) {
    if (err instanceof ScenarioError) return err.issues;
    throw err;
  }
  throw new Error(`${name} loaded`);
}

const HEAD = 'name: s\nstart: 2021-05-01\nhorizonDays: 10\npaths: 10\nmodels:\n  market: {}\n';

describe('network.startFrom: the starting state from data before the date', () => {
  it('builds height, difficulty, retarget clock, H₀ and the order rule; the height agrees with the next real retarget', () => {
    const { points } = load('ok', `${HEAD}  network:\n    startFrom: 2021-05-01\n`);
    const s = points[0].plan.models.find((m) => m.name === 'network')!.settings;
    expect(s).toMatchObject(networkStateAt('2021-05-01', 0.1, 0.036));
    // epoch 337 (first block 679,392, 2021-04-15 19:41 UTC) is under way; epoch 338's first block
    // 681,408 came at 2021-05-01 20:27 UTC, nearer than 679,392: the tip is counted back from it
    // with that day's block count pro rata
    const { hashrateEh, difficulty } = chainData();
    const perDay = Math.round((hashrateEh.get('2021-05-01')! * EH * SECONDS_PER_DAY) / (difficulty.get('2021-05-01')! * HASHES_PER_DIFFICULTY));
    expect(s.startHeight).toBe(681_407 - Math.round((perDay * (20 * 3600 + 27 * 60 + 2)) / SECONDS_PER_DAY));
    expect(s.difficulty).toBeCloseTo(23_581_981_443_663.85, 0);
    expect(s.daysSinceRetarget).toBeCloseTo((Date.UTC(2021, 4, 1) / 1000 - 1_618_515_703) / SECONDS_PER_DAY, 9);
    // H₀ the 7-day mean before the start (data only before it)
    let mean = 0;
    for (let k = 1; k <= 7; k++) mean += hashrateEh.get(addDays('2021-05-01', -k))! / 7;
    expect(s.hashrateEh).toBeCloseTo(mean, 9);
  });

  it('the tip always lies inside the epoch under way, and agrees with its retarget clock (the first of every month 2013–2026)', () => {
    for (let y = 2013; y <= 2026; y++) {
      for (let m = 1; m <= 12; m++) {
        const date = `${y}-${String(m).padStart(2, '0')}-01`;
        if (date < '2013-02-01' || date > '2026-02-01') continue;
        const c = chainStateAt(date);
        const epoch = chainData().epochs.find((e) => e.difficulty === c.difficulty && e.startHeight <= c.startHeight && c.startHeight < e.startHeight + RETARGET_INTERVAL);
        expect(epoch, date).toBeDefined();
        expect(chainStateProblem(c.startHeight, c.daysSinceRetarget, networkStateAt(date, 0.1, 0.036).hashrateEh, c.difficulty), date).toBeNull();
      }
    }
  });

  it('the defaults (2026-02-05) are a consistent chain state', () => {
    const d = (k: keyof typeof networkParams) => networkParams[k].default as number;
    expect(chainStateProblem(d('startHeight'), d('daysSinceRetarget'), d('hashrateEh'), d('difficulty'))).toBeNull();
  });

  it('validate refuses a retarget clock that does not match the height, at its line', () => {
    const [i] = issues('clock', `${HEAD.replace('2021-05-01', '2026-02-05')}  network:\n    daysSinceRetarget: 0\n`);
    expect(i.line).toBe(8);
    expect(i.path).toBe('models.network.daysSinceRetarget');
    expect(i.message).toContain('expected startHeight and daysSinceRetarget to agree: height 935,052 is 1,644 blocks after the epoch\'s first block 933,408');
    expect(i.message).toContain('(the next retarget would be off by +300%, the clamp)');
    // a height moved to the epoch's first block with the clock at 0 is fine
    expect(() => load('clock-ok', `${HEAD.replace('2021-05-01', '2026-02-05')}  network:\n    startHeight: 933408\n    daysSinceRetarget: 0\n`)).not.toThrow();
  });

  it('validate refuses regional shares above 1, at the line of the one set', () => {
    const [i] = issues('shares', `${HEAD}  network:\n    startFrom: 2021-05-01\n    chinaShare: 0.7\n`);
    expect(i).toMatchObject({ line: 9, path: 'models.network.chinaShare' });
    expect(i.message).toContain('expected usShare + chinaShare + russiaShare ≤ 1');
  });

  it('validate refuses startFrom with a hand-set chain state, or on another date than the start', () => {
    const both = issues('both', `${HEAD}  network:\n    startFrom: 2021-05-01\n    startHeight: 681000\n`);
    expect(both[0]).toMatchObject({ line: 9, path: 'models.network.startHeight' });
    expect(both[0].message).toContain('expected no startHeight with startFrom');
    const other = issues('other', `${HEAD}  network:\n    startFrom: 2021-06-01\n`);
    expect(other[0]).toMatchObject({ line: 8, path: 'models.network.startFrom' });
    expect(other[0].message).toContain("expected the scenario's start 2021-05-01");
    const late = issues('late', `${HEAD.replace('2021-05-01', '2030-01-01')}  network:\n    startFrom: 2030-01-01\n`);
    expect(late[0].message).toMatch(/expected a date the shipped data cover with a year before it \(2013-01-30 … 2026-02-13\)/);
  });
});

describe('market.startFrom: price, peak, volatility and regime from the price before the date', () => {
  it('sets the state the rolling-origin backtest uses at that origin', () => {
    const { points } = load('market', `${HEAD.replace('  market: {}\n', '')}  market:\n    startFrom: 2021-05-01\n`);
    const s = points[0].plan.models.find((m) => m.name === 'market')!.settings;
    expect(s.priceUsd).toBeCloseTo(57_800, -3);
    expect(s.peakUsd).toBeGreaterThan(63_000); // the April 2021 high
    expect(s.initialVolPerSqrtYear as number).toBeGreaterThan(0.4);
    expect(['calm', 'stress']).toContain(s.initialRegime);
  });
});

describe('fillDailyGaps', () => {
  it("fills the file's missing days: hashrate linear between neighbours, difficulty carried; starts across the gap work", () => {
    const { hashrateEh: h, difficulty: d, filled } = fillDailyGaps([
      { date: '2025-11-16', hashrateEh: 140, difficulty: 6 },
      { date: '2025-11-12', hashrateEh: 100, difficulty: 5 },
      { date: '2025-11-17', hashrateEh: 150, difficulty: 6 },
    ]);
    expect([...filled]).toEqual(['2025-11-13', '2025-11-14', '2025-11-15']);
    expect([...h.keys()]).toEqual(['2025-11-12', '2025-11-13', '2025-11-14', '2025-11-15', '2025-11-16', '2025-11-17']);
    expect([h.get('2025-11-13'), h.get('2025-11-14'), h.get('2025-11-15')]).toEqual([110, 120, 130]);
    expect(d.get('2025-11-15')).toBe(5);
    // the shipped file lacks 2025-11-13..15: a start in the epoch spanning them has a consistent chain state
    for (const date of ['2025-11-14', '2025-11-20', '2025-12-01']) {
      const c = chainStateAt(date);
      expect(Number.isFinite(c.startHeight), date).toBe(true);
      expect(chainStateProblem(c.startHeight, c.daysSinceRetarget, networkStateAt(date, 0.1, 0.036).hashrateEh, c.difficulty), date).toBeNull();
    }
  });
});
