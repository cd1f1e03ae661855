/**
 * layout.ts: the lenders struct compiled into records, drawn fields, signals and events — the
 * records of different lenders, segments and buckets never overlap, every field is drawn once
 * with its declaration, and the signals come in the order the model has always listed them
 * (results are hashed in that order: test/golden.spec.ts).
 */
import { describe, expect, it } from 'vitest';
import { resolveIO } from '../../engine/io.js';
import { defaultSettings } from '../../engine/prepare.js';
import { lender } from './index.js';
import { BK, compileLayout, LENDER_OUTPUTS, LV, OUTPUT_UNITS, SG } from './layout.js';
import { BOOK_FIELDS, LENDER_FIELDS, SEGMENT_FIELDS } from './params.js';

const LENDERS = {
  a: { depositsUsd: 2e9, segments: { hedgeFunds: {}, treasurers: { share: 0.5 } }, loans: [{ buckets: 3 }, { buckets: 2, borrower: 'miner' }] },
  b: { title: 'Bank B', segments: { miners: {} }, loans: [{ buckets: 1 }] },
};

describe('the compiled layout', () => {
  const layout = compileLayout(LENDERS, [7, 30]);
  const [a, b] = layout.lenders;

  it('gives each lender, segment and loan bucket its own record, end to end', () => {
    expect([a.at, b.at]).toEqual([0, LV.width]);
    expect([...a.segments, ...b.segments].map((s) => s.at)).toEqual([0, 1, 2].map((k) => k * SG.width));
    expect([...a.books, ...b.books].map((bk) => bk.at)).toEqual([0, 3, 5].map((k) => k * BK.width));
    expect(layout.state).toEqual({ g: 3, lv: 2 * LV.width, sg: 3 * SG.width, bk: 6 * BK.width, u: layout.columns.length });
    expect([a.bucketCount, b.bucketCount]).toEqual([5, 1]);
    expect(layout.wordsPerStep).toBe(2 * (3 + 6));
    expect(a.books.map((bk) => bk.miner)).toEqual([false, true]);
  });

  it('draws every field once, from the lender’s value, the built-in segment’s or the declared default', () => {
    const n = (t: object) => Object.keys(t).length;
    expect(layout.columns.length).toBe(2 * n(LENDER_FIELDS) + 3 * n(SEGMENT_FIELDS) + 3 * n(BOOK_FIELDS));
    expect(layout.columns.map((c) => c.slot)).toEqual(layout.columns.map((_, k) => k));
    const value = (slot: number) => layout.columns[slot].value;
    expect(layout.columns[a.col.depositsUsd].decl).toBe(LENDER_FIELDS.depositsUsd);
    expect(value(a.col.depositsUsd)).toBe(2e9);
    expect(value(b.col.depositsUsd)).toBe(LENDER_FIELDS.depositsUsd.default);
    expect(value(a.segments[0].col.share)).toBe(0.4); // hedgeFunds, built in
    expect(value(a.segments[1].col.share)).toBe(0.5); // given
    expect(value(a.segments[1].col.runOff30d)).toBe(1); // another name: as `others`
    expect(value(b.segments[0].col.runOff30d)).toBe(0.4); // miners, built in
  });

  it('lists the signals in the engine’s order: reads, the forced selling, the halted count, then each lender’s outputs and horizons', () => {
    const names = layout.signals.map((s) => s.name);
    expect(names.slice(0, 6)).toEqual(['btc.price', 'btc.drawdown', 'btc.vol', 'network.hashpriceUsdPerPhDay', 'market.forcedSellingUsd', 'lender.haltedCount']);
    const perLender = (id: string) => [...LENDER_OUTPUTS.map((k) => `lender.${id}.${k}`), `lender.${id}.haltedWithin7d`, `lender.${id}.haltedWithin30d`];
    expect(names.slice(6)).toEqual([...perLender('a'), ...perLender('b')]);
    expect(layout.signals.filter((s) => s.shockable).map((s) => s.name)).toEqual(['lender.a.revealedLossUsd', 'lender.a.extraWithdrawalsUsd', 'lender.b.revealedLossUsd', 'lender.b.extraWithdrawalsUsd']);
    expect(a.signals.btcSoldUsd.unit).toBe(OUTPUT_UNITS.btcSoldUsd);
    expect(layout.events.map((e) => e.name).filter((e) => e.startsWith('lender.b.'))).toEqual(['lender.b.haltWithin7d', 'lender.b.haltWithin30d', 'lender.b.halt', 'lender.b.repaid', 'lender.b.clientLoss']);
    expect(layout.events.find((e) => e.name === 'lender.b.halt')!.description).toContain('Bank B');
  });

  it('is what io() declares', () => {
    const io = resolveIO(lender, { ...defaultSettings(lender), lenders: LENDERS, haltHorizonsDays: [7, 30] });
    expect(io.writes).toEqual(layout.signals.filter((s) => s.kind === 'written').map((s) => s.name));
    expect(io.state).toEqual(layout.state);
    expect(io.events).toEqual(layout.events);
  });
});
